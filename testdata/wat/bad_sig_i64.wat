;; Rebuild: cd testdata/wat && wat2wasm bad_sig_i64.wat -o bad_sig_i64.wasm
;; Imports fd_write with an i64 where the spec has an i32 (the fd): wasirun
;; must refuse it at link time, naming the import and both types.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i64 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $fd_write (i64.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
