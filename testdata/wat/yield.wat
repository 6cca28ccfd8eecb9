;; Rebuild: wat2wasm yield.wat -o yield.wasm
;; _start calls sched_yield 20 times and returns (tests that the host's event
;; loop runs in between).
(module
  (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (local $i i32)
    (loop $again
      (drop (call $sched_yield))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (i32.const 20))))))
