;; Rebuild: cd testdata/wat && wat2wasm embedder_import.wat -o embedder_import.wasm
;; A command that calls an import of the embedder's own (env.cb), then a WASI
;; function that never waits (args_sizes_get): what cb throws is the
;; embedder's, not a WASI error, and a trace callback may call _start again.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "env" "cb" (func $cb))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $cb)
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))))
