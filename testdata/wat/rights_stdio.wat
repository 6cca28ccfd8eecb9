;; Rebuild: wat2wasm rights_stdio.wat -o rights_stdio.wasm
;; Drops every right of stdin and stdout (fd_fdstat_set_rights to 0), then
;; reads one byte from stdin and writes "x" to stdout: both must be
;; ENOTCAPABLE (76), as for a file. Exit: 0 when both are, else 1.
(module
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights"
    (func $set_rights (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\10\00\00\00\01\00\00\00x") ;; iovec {16, 1}; "x" at 8, read into 16
  (data (i32.const 8) "x")
  (func (export "_start")
    (drop (call $set_rights (i32.const 0) (i64.const 0) (i64.const 0)))
    (drop (call $set_rights (i32.const 1) (i64.const 0) (i64.const 0)))
    (i32.store (i32.const 32) (i32.const 8))
    (i32.store (i32.const 36) (i32.const 1))
    (call $proc_exit
      (i32.or
        (i32.ne (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 48)) (i32.const 76))
        (i32.ne (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 48)) (i32.const 76))))))
