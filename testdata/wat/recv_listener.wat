;; Rebuild: cd testdata/wat && wat2wasm recv_listener.wat -o recv_listener.wasm
;; Run with one preopened listener (--listen, fd 3). Calls sock_recv on the
;; listener with zero iovecs, without flags and with RECV_WAITALL, and exits
;; with the errno both gave, or 255 when they differ: WAITALL with nothing to
;; fill must not turn a listener's error into SUCCESS.
(module
  (import "wasi_snapshot_preview1" "sock_recv"
    (func $sock_recv (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (local $plain i32)
    (local $waitall i32)
    ;; iovs at 16 (none), ro_datalen at 32, ro_flags at 40
    (local.set $plain (call $sock_recv (i32.const 3) (i32.const 16) (i32.const 0)
      (i32.const 0) (i32.const 32) (i32.const 40)))
    (local.set $waitall (call $sock_recv (i32.const 3) (i32.const 16) (i32.const 0)
      (i32.const 2) (i32.const 32) (i32.const 40)))
    (if (i32.ne (local.get $plain) (local.get $waitall))
      (then (call $proc_exit (i32.const 255))))
    (call $proc_exit (local.get $plain))))
