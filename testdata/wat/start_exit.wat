;; Rebuild: cd testdata/wat && wat2wasm start_exit.wat -o start_exit.wasm
;; A start section writes "exiting from start\n" and calls proc_exit(5):
;; the run ends there with exit code 5; _start never runs.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\20\00\00\00\13\00\00\00")
  (data (i32.const 32) "exiting from start\n")
  (func $init
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $proc_exit (i32.const 5)))
  (start $init)
  (func (export "_start") unreachable))
