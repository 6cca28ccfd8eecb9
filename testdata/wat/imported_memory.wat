;; Rebuild: wat2wasm imported_memory.wat -o imported_memory.wasm
;; A reactor whose memory is imported ("env" "memory"), not exported, and
;; that has no _initialize: an embedder binds it with finalizeBindings(instance,
;; { memory }), as node:wasi's. hello() prints "hello from imported memory".
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "env" "memory" (memory 1))
  (data (i32.const 16) "hello from imported memory\n")
  (func (export "hello")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 27))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
