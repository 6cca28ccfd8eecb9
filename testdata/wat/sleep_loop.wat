;; Rebuild: cd testdata/wat && wat2wasm sleep_loop.wat -o sleep_loop.wasm
;; _start sleeps 1 µs at a time for ever (poll_oneoff on one relative
;; MONOTONIC clock): a guest that waits very often and very briefly, so that
;; a host's signal listeners go on and off all the time (-W timeout's test).
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; subscription at 0: userdata 1, tag 0 (clock), clock id 1 (MONOTONIC) at 16,
  ;; timeout (ns) at 24, precision 0, flags 0 (relative); event at 64; nevents at 128
  (func (export "_start")
    (i64.store (i32.const 0) (i64.const 1))
    (i32.store8 (i32.const 8) (i32.const 0))
    (i32.store (i32.const 16) (i32.const 1))
    (i64.store (i32.const 24) (i64.const 1000))
    (loop $again
      (drop (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128)))
      (br $again))))
