;; Rebuild: cd testdata/wat && wat2wasm bad_sig_arity.wat -o bad_sig_arity.wasm
;; Imports fd_write with three parameters instead of four: without the
;; link-time check it would run with a garbage nwritten pointer and exit 0.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\10\00\00\00\03\00\00\00")
  (data (i32.const 16) "hi\n")
  (func (export "_start")
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1)))))
