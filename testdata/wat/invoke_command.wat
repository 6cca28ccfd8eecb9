;; Rebuild: wat2wasm invoke_command.wat -o invoke_command.wasm
;; A command whose exports --invoke calls as wasmtime does: the start section
;; prints "section", _initialize "initialize", and _start, which --invoke must
;; not run, "start"; add(i32, i32), i64id, f32id, f64id return what they get.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "section\n")
  (data (i32.const 32) "initialize\n")
  (data (i32.const 48) "start\n")
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $section (call $print (i32.const 16) (i32.const 8)))
  (start $section)
  (func (export "_initialize") (call $print (i32.const 32) (i32.const 11)))
  (func (export "_start") (call $print (i32.const 48) (i32.const 6)))
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "i64id") (param i64) (result i64) (local.get 0))
  (func (export "f32id") (param f32) (result f32) (local.get 0))
  (func (export "f64id") (param f64) (result f64) (local.get 0)))
