;; Rebuild: cd testdata/wat && wat2wasm start_write.wat -o start_write.wasm
;; A start section (run while the module instantiates) writes
;; "hello from start\n" to stdout; then _start writes "hello from _start\n".
;; Both lines must come out, in that order, also into a pipe.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 32) "hello from start\n")
  (data (i32.const 64) "hello from _start\n")
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $init (call $print (i32.const 32) (i32.const 17)))
  (start $init)
  (func (export "_start") (call $print (i32.const 64) (i32.const 18))))
