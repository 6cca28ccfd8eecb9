;; Rebuild: wat2wasm poll_idle.wat -o poll_idle.wasm
;; _start calls poll_oneoff 3,000 times, each with 200 fd_read
;; subscriptions on fd 3 (an idle --listen listener: nobody connects) and a
;; relative MONOTONIC clock of 1 ms, which is what must fire; then prints
;; "done". poll_oneoff failing exits 1; any event but the clock's, 2. Every
;; call waits on the listener's readiness: a host that left something behind
;; per wait grows with it (tests/sockets_test.ts watches the memory).
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  ;; 201 subscriptions of 48 bytes at 0; their events (32 bytes) at 10240;
  ;; nevents at 16896; the iovec at 16900; "done\n" at 16912
  (data (i32.const 16912) "done\n")
  (func (export "_start")
    (local $i i32)
    (local $at i32)
    ;; subscriptions 0..199: userdata i, tag 1 (fd_read), fd 3
    (loop $sub
      (local.set $at (i32.mul (local.get $i) (i32.const 48)))
      (i64.store (local.get $at) (i64.extend_i32_u (local.get $i)))
      (i32.store8 (i32.add (local.get $at) (i32.const 8)) (i32.const 1))
      (i32.store (i32.add (local.get $at) (i32.const 16)) (i32.const 3))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $sub (i32.lt_u (local.get $i) (i32.const 200))))
    ;; subscription 200 at 9600: userdata 1000, tag 0 (clock), id 1, 1 ms, relative
    (i64.store (i32.const 9600) (i64.const 1000))
    (i32.store (i32.const 9616) (i32.const 1))
    (i64.store (i32.const 9624) (i64.const 1000000))
    (local.set $i (i32.const 0))
    (loop $again
      (if (call $poll (i32.const 0) (i32.const 10240) (i32.const 201) (i32.const 16896))
        (then (call $exit (i32.const 1))))
      (if (i32.or (i32.ne (i32.load (i32.const 16896)) (i32.const 1))
                  (i64.ne (i64.load (i32.const 10240)) (i64.const 1000)))
        (then (call $exit (i32.const 2))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (i32.const 3000))))
    (i32.store (i32.const 16900) (i32.const 16912))
    (i32.store (i32.const 16904) (i32.const 5))
    (drop (call $write (i32.const 1) (i32.const 16900) (i32.const 1) (i32.const 16896)))))
