;; Rebuild: wat2wasm sock_errnos.wat -o sock_errnos.wasm
;; Run with --listen (the listener is fd 3): prints "listening", accepts one
;; connection (blocking), then prints the WASI errno, as two decimal digits,
;; of calls Linux answers so on a TCP socket (checked with gcc and Python):
;; "accept on connection: 28" (EINVAL: accept(2) on a socket that is not
;; listening), "write on listener: 64" and "send on listener: 64" (EPIPE:
;; write(2) and send(2) on a listening socket), "recv on listener: 53"
;; (ENOTCONN). wasirun answered ENOTSOCK (57) for the first and ENOTCONN for
;; the two writes.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_flags" (func $set_flags (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_accept" (func $accept (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_recv" (func $recv (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_send" (func $send (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "listening\n")
  (data (i32.const 120) "accept on connection: ")
  (data (i32.const 150) "write on listener: ")
  (data (i32.const 170) "send on listener: ")
  (data (i32.const 190) "recv on listener: ")
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 600) (local.get $ptr))
    (i32.store (i32.const 604) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 600) (i32.const 1) (i32.const 608))))
  ;; Prints `label` (of `len` bytes), `errno` as two digits and a newline.
  (func $report (param $label i32) (param $len i32) (param $errno i32)
    (call $print (local.get $label) (local.get $len))
    (i32.store8 (i32.const 700) (i32.add (i32.const 48) (i32.div_u (local.get $errno) (i32.const 10))))
    (i32.store8 (i32.const 701) (i32.add (i32.const 48) (i32.rem_u (local.get $errno) (i32.const 10))))
    (i32.store8 (i32.const 702) (i32.const 10))
    (call $print (i32.const 700) (i32.const 3)))
  (func (export "_start")
    (local $fd i32)
    (call $print (i32.const 100) (i32.const 10))
    (drop (call $set_flags (i32.const 3) (i32.const 0)))
    (if (call $accept (i32.const 3) (i32.const 0) (i32.const 520)) (then unreachable))
    (local.set $fd (i32.load (i32.const 520)))
    ;; one iovec of one byte at 1024
    (i32.store (i32.const 800) (i32.const 1024))
    (i32.store (i32.const 804) (i32.const 1))
    (call $report (i32.const 120) (i32.const 22)
      (call $accept (local.get $fd) (i32.const 0) (i32.const 524)))
    (call $report (i32.const 150) (i32.const 19)
      (call $fd_write (i32.const 3) (i32.const 800) (i32.const 1) (i32.const 528)))
    (call $report (i32.const 170) (i32.const 18)
      (call $send (i32.const 3) (i32.const 800) (i32.const 1) (i32.const 0) (i32.const 528)))
    (call $report (i32.const 190) (i32.const 18)
      (call $recv (i32.const 3) (i32.const 800) (i32.const 1) (i32.const 0) (i32.const 528) (i32.const 532)))))
