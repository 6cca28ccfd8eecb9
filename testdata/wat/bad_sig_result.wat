;; Rebuild: cd testdata/wat && wat2wasm bad_sig_result.wat -o bad_sig_result.wasm
;; Imports clock_time_get with an i32 where the spec has the i64 precision,
;; and an i64 result where the spec has the i32 errno: refused at link time.
(module
  (import "wasi_snapshot_preview1" "clock_time_get"
    (func $clock_time_get (param i32 i32 i32) (result i64)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $clock_time_get (i32.const 1) (i32.const 0) (i32.const 8)))))
