;; Rebuild: wat2wasm long_wait.wat -o long_wait.wasm
;; _start waits in poll_oneoff on one relative MONOTONIC clock of 30 days
;; (longer than any JS timer, 2^31 - 1 ms), then exits 0 (CPU tests).
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; subscription at 0: userdata 1, tag 0 (clock), clock id 1 (MONOTONIC) at 16,
  ;; timeout (ns) at 24, precision 0, flags 0 (relative); event at 64; nevents at 128
  (func (export "_start")
    (i64.store (i32.const 0) (i64.const 1))
    (i32.store8 (i32.const 8) (i32.const 0))
    (i32.store (i32.const 16) (i32.const 1))
    (i64.store (i32.const 24) (i64.const 2592000000000000))
    (drop (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128)))))
