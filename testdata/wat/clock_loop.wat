;; Rebuild: cd testdata/wat && wat2wasm clock_loop.wat -o clock_loop.wasm
;; Reads the clocks in a loop, as programs that time themselves do (enough
;; reads for wasirun to switch to its fast clock path, lib/host/clock.ts),
;; then sleeps with an absolute MONOTONIC poll_oneoff deadline computed from
;; the last reading. Exit code 0 when all is well, else:
;;   1: a monotonic reading went backwards;
;;   2: realtime is before 2020 or after 2100;
;;   3: the poll_oneoff call failed;
;;   4: the 20 ms absolute sleep ended early (the clock and the deadline disagree);
;;   5: a relative 3 s timeout in the same poll_oneoff fired first (same).
(module
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)

  ;; Layout: 0 time (u64); 64 two subscriptions (48 bytes each); 192 events (32 each);
;; 256 nevents.
  (func $now (param $id i32) (result i64)
    (drop (call $clock_time_get (local.get $id) (i64.const 1) (i32.const 0)))
    (i64.load (i32.const 0)))

  (func (export "_start")
    (local $i i32) (local $prev i64) (local $t i64) (local $deadline i64)
    (local.set $prev (call $now (i32.const 1)))
    (loop $next
      (local.set $t (call $now (i32.const 1)))
      (if (i64.lt_u (local.get $t) (local.get $prev)) (then (call $proc_exit (i32.const 1))))
      (local.set $prev (local.get $t))
      ;; realtime too, as Go's time.Now() reads both
      (local.set $t (call $now (i32.const 0)))
      (if (i64.lt_u (local.get $t) (i64.const 1577836800000000000))
        (then (call $proc_exit (i32.const 2))))
      (if (i64.gt_u (local.get $t) (i64.const 4102444800000000000))
        (then (call $proc_exit (i32.const 2))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 5000))))
    ;; sleep until last reading + 20 ms, on an absolute MONOTONIC deadline
    (local.set $deadline (i64.add (local.get $prev) (i64.const 20000000)))
    (i64.store (i32.const 64) (i64.const 7))            ;; userdata
    (i32.store8 (i32.const 72) (i32.const 0))           ;; tag: clock
    (i32.store (i32.const 80) (i32.const 1))            ;; id: monotonic
    (i64.store (i32.const 88) (local.get $deadline))    ;; timeout
    (i64.store (i32.const 96) (i64.const 0))            ;; precision
    (i32.store16 (i32.const 104) (i32.const 1))         ;; flags: ABSTIME
    ;; and a relative 3 s timeout (userdata 8), flags 0
    (i64.store (i32.const 112) (i64.const 8))
    (i32.store8 (i32.const 120) (i32.const 0))
    (i32.store (i32.const 128) (i32.const 1))
    (i64.store (i32.const 136) (i64.const 3000000000))
    (i64.store (i32.const 144) (i64.const 0))
    (i32.store16 (i32.const 152) (i32.const 0))
    (if (i32.ne (call $poll_oneoff (i32.const 64) (i32.const 192) (i32.const 2) (i32.const 256))
                (i32.const 0))
      (then (call $proc_exit (i32.const 3))))
    (if (i64.ne (i64.load (i32.const 192)) (i64.const 7)) (then (call $proc_exit (i32.const 5))))
    (local.set $t (call $now (i32.const 1)))
    (if (i64.lt_u (local.get $t) (local.get $deadline)) (then (call $proc_exit (i32.const 4))))
    (call $proc_exit (i32.const 0))))
