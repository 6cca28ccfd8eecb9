;; Rebuild: cd testdata/wat && wat2wasm v128_start.wat -o v128_start.wasm
;; A `_start` that writes "started\n", then returns a v128: JS cannot receive
;; one (the engine refuses the call before the function runs), so wasirun
;; refuses the module at link time, in one line, exit 1 (it was an internal
;; error, exit 70). `--invoke f` runs: `_start` is not called then (as wasmtime).
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\10\00\00\00\08\00\00\00") ;; iovec {16, 8}
  (data (i32.const 16) "started\n")
  (func (export "_start") (result v128)
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (v128.const i32x4 1 2 3 4))
  (func (export "f") (result i32) (i32.const 7)))
