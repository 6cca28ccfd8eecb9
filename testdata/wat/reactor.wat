;; Rebuild: wat2wasm reactor.wat -o reactor.wasm
;; A reactor: _initialize stores 40 in a global and prints "initialized";
;; add(i32, i32) returns a + b + the global minus 40; mul64(i64, i64);
;; half(f64); pair() returns two results; hello() prints "hello from reactor";
;; quit(code) calls proc_exit.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (global $base (mut i32) (i32.const 0))
  (data (i32.const 16) "initialized\n")
  (data (i32.const 32) "hello from reactor\n")
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_initialize")
    (global.set $base (i32.const 40))
    (call $print (i32.const 16) (i32.const 12)))
  (func (export "add") (param i32 i32) (result i32)
    (i32.sub (i32.add (i32.add (local.get 0) (local.get 1)) (global.get $base)) (i32.const 40)))
  (func (export "mul64") (param i64 i64) (result i64)
    (i64.mul (local.get 0) (local.get 1)))
  (func (export "half") (param f64) (result f64)
    (f64.div (local.get 0) (f64.const 2)))
  (func (export "pair") (result i32 i64)
    (i32.const 7) (i64.const -8))
  (func (export "hello")
    (call $print (i32.const 32) (i32.const 19)))
  (func (export "quit") (param i32)
    (call $proc_exit (local.get 0))))
