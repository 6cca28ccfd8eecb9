;; Rebuild: cd testdata/wat && wat2wasm unknown_imports.wat -o unknown_imports.wasm
;; Imports functions wasirun does not provide (a WasmEdge socket call under
;; preview1's name, and three of "env"), for wasmtime's
;; -W unknown-imports-trap / -W unknown-imports-default. _start writes
;; "start\n", then "zeros\n" when env.i32, env.i64 and env.f64 all return 0
;; (as the defaults do; the traps end it at the first call), else "other\n".
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_open"
    (func $sock_open (param i32 i32 i32) (result i32)))
  (import "env" "i32" (func $i32 (param i32) (result i32)))
  (import "env" "i64" (func $i64 (param i64 f32) (result i64)))
  (import "env" "f64" (func $f64 (result f64)))
  (memory (export "memory") 1)
  (data (i32.const 16) "start\nzeros\nother\n")
  (func $say (param $at i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $at))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start")
    (call $say (i32.const 16) (i32.const 6))
    (if (i32.and
          (i32.and
            (i32.eqz (call $i32 (i32.const 7)))
            (i64.eqz (call $i64 (i64.const 1) (f32.const 2))))
          (f64.eq (call $f64) (f64.const 0)))
      (then (call $say (i32.const 22) (i32.const 6)))
      (else (call $say (i32.const 28) (i32.const 6))))))
