;; Rebuild: wat2wasm recv_waitall_self.wat -o recv_waitall_self.wasm
;; Run with --listen (the listener is fd 3): prints "listening", accepts one
;; connection, then receives 16 bytes with RECV_WAITALL into a buffer whose
;; first 8 bytes hold the iovec that names it, and 16 more with
;; RECV_PEEK|RECV_WAITALL the same way; prints "recv: " or "peek: " and the
;; 16 bytes, or "recv failed" / "peek failed". The kernel reads the iovecs
;; once, at the call: the first bytes received overwrite them and change
;; nothing (wasirun read them again after each wait: EFAULT, bytes lost).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_flags" (func $set_flags (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_accept" (func $accept (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_recv" (func $recv (param i32 i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "listening\n")
  (data (i32.const 120) "recv: ")
  (data (i32.const 130) "peek: ")
  (data (i32.const 140) "recv failed\n")
  (data (i32.const 160) "peek failed\n")
  (data (i32.const 180) "\n")
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 600) (local.get $ptr))
    (i32.store (i32.const 604) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 600) (i32.const 1) (i32.const 608))))
  ;; One receive of 16 bytes into 1024.. with `flags`; prints `label` and them, or `failed`.
  (func $receive (param $fd i32) (param $flags i32) (param $label i32) (param $failed i32)
    (i32.store (i32.const 1024) (i32.const 1024))
    (i32.store (i32.const 1028) (i32.const 16))
    (if (i32.or
          (call $recv (local.get $fd) (i32.const 1024) (i32.const 1) (local.get $flags)
            (i32.const 512) (i32.const 516))
          (i32.ne (i32.load (i32.const 512)) (i32.const 16)))
      (then (call $print (local.get $failed) (i32.const 12)) (return)))
    (call $print (local.get $label) (i32.const 6))
    (call $print (i32.const 1024) (i32.const 16))
    (call $print (i32.const 180) (i32.const 1)))
  (func (export "_start")
    (local $fd i32)
    (call $print (i32.const 100) (i32.const 10))
    (drop (call $set_flags (i32.const 3) (i32.const 0)))
    (if (call $accept (i32.const 3) (i32.const 0) (i32.const 520)) (then unreachable))
    (local.set $fd (i32.load (i32.const 520)))
    (call $receive (local.get $fd) (i32.const 2) (i32.const 120) (i32.const 140))
    (call $receive (local.get $fd) (i32.const 3) (i32.const 130) (i32.const 160))))
