;; Rebuild: wat2wasm bigwrite.wat -o bigwrite.wasm
;; One fd_write of 4 MiB to stdout, then proc_exit with its errno, or 3 when
;; it succeeded. A blocking write to a pipe whose reader leaves meanwhile
;; must not succeed: natively SIGPIPE (exit 141), else EPIPE (64). 4 MiB:
;; more than a pipe wasirun grew to 1 MiB holds (1 MiB fitted, now and then,
;; before the reader had gone).
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 65)
  (data (i32.const 0) "\00\00\01\00\00\00\40\00") ;; iovec {65536, 4 MiB}
  (func (export "_start")
    (local $errno i32)
    (local.set $errno (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $proc_exit (select (local.get $errno) (i32.const 3) (local.get $errno)))))
