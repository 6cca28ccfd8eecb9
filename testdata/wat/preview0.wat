;; Rebuild: cd testdata/wat && wat2wasm preview0.wat -o preview0.wasm
;; Uses the old module name "wasi_unstable" (WASI preview0); fd_write and
;; proc_exit have the same signatures there as in wasi_snapshot_preview1.
;; Prints "hello from preview0\n" and calls proc_exit(0).
(module
  (import "wasi_unstable" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\10\00\00\00\14\00\00\00") ;; iovec {buf=16, len=20}
  (data (i32.const 16) "hello from preview0\n")
  (func (export "_start")
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $proc_exit (i32.const 0))))
