;; Rebuild: wat2wasm fd_exhaust.wat -o fd_exhaust.wasm
;; _start opens "." of the preopen at fd 3 until the host runs out of fds,
;; then waits 10 ms in poll_oneoff (a wait that a host may set itself up
;; for: Deno made its signal driver's fd there, and panicked without one).
;; Prints "waited after MFILE" (or NFILE) and exits 0; any other errno from
;; the opens, or from the wait, exits 1.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  ;; "." at 0; the opened fd at 8; the subscription at 64 (userdata 1, tag 0
  ;; (clock), clock id 1 (MONOTONIC) at 80, timeout 10 ms at 88, relative);
  ;; the event at 128, nevents at 192; the iovec at 200; the text at 256
  (data (i32.const 0) ".")
  (data (i32.const 256) "waited after MFILE\n")
  (data (i32.const 288) "waited after NFILE\n")
  (func (export "_start")
    (local $errno i32)
    (loop $more
      (local.set $errno
        (call $open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 1)
          (i32.const 2) (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 8)))
      (br_if $more (i32.eqz (local.get $errno))))
    ;; 33 MFILE, 41 NFILE
    (if (i32.and (i32.ne (local.get $errno) (i32.const 33)) (i32.ne (local.get $errno) (i32.const 41)))
      (then (call $exit (i32.const 1))))
    (i64.store (i32.const 64) (i64.const 1))
    (i32.store (i32.const 80) (i32.const 1))
    (i64.store (i32.const 88) (i64.const 10000000))
    (if (call $poll (i32.const 64) (i32.const 128) (i32.const 1) (i32.const 192))
      (then (call $exit (i32.const 1))))
    (i32.store (i32.const 200)
      (select (i32.const 256) (i32.const 288) (i32.eq (local.get $errno) (i32.const 33))))
    (i32.store (i32.const 204) (i32.const 19))
    (drop (call $write (i32.const 1) (i32.const 200) (i32.const 1) (i32.const 196)))))
