;; Rebuild: cd testdata/wat && wat2wasm hello.wat -o hello.wasm
;; _start writes "hello from wat\n" to stdout with fd_write and returns.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\10\00\00\00\0f\00\00\00") ;; iovec {buf=16, len=15}
  (data (i32.const 16) "hello from wat\n")
  (func (export "_start")
    ;; fd 1, iovs at 0, 1 iovec, nwritten stored at 8
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
