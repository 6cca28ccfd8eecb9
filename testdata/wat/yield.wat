;; Rebuild: wat2wasm yield.wat -o yield.wasm
;; _start calls sched_yield 20 times, working (reading the clock) for 1 ms
;; between two calls, then 100000 times in a row, and returns (tests that the
;; host's event loop runs in between: at every yield after work, and now and
;; then while the guest only spins on sched_yield).
(module
  (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (memory (export "memory") 1)
  (func $now (result i64)
    (drop (call $clock_time_get (i32.const 1) (i64.const 1) (i32.const 0)))
    (i64.load (i32.const 0)))
  ;; Reads the monotonic clock until 1 ms has passed.
  (func $work
    (local $end i64)
    (local.set $end (i64.add (call $now) (i64.const 1000000)))
    (loop $spin
      (br_if $spin (i64.lt_u (call $now) (local.get $end)))))
  (func (export "_start")
    (local $i i32)
    (loop $again
      (call $work)
      (drop (call $sched_yield))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (i32.const 20))))
    (local.set $i (i32.const 0))
    (loop $tight
      (drop (call $sched_yield))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $tight (i32.lt_u (local.get $i) (i32.const 100000))))))
