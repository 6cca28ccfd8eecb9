;; Rebuild: cd testdata/wat && wat2wasm unknown_odd.wat -o unknown_odd.wasm
;; Unknown imports named as what every JS object has (env.toString,
;; env.valueOf, module "__proto__"): with -W unknown-imports-default each
;; must be a stand-in returning zeros, not Object.prototype's function (and
;; nothing may be added to Object.prototype). _start calls them and writes
;; "zeros\n" when all three returned 0, else "other\n".
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "env" "toString" (func $to_string (result i32)))
  (import "env" "valueOf" (func $value_of (result i64)))
  (import "__proto__" "then" (func $then (param i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "zeros\nother\n")
  (func (export "_start")
    (i32.store (i32.const 4) (i32.const 6))
    (i32.store (i32.const 0)
      (select (i32.const 16) (i32.const 22)
        (i32.and
          (i32.and (i32.eqz (call $to_string)) (i64.eqz (call $value_of)))
          (i32.eqz (call $then (i32.const 5))))))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
