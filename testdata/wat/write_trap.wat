;; Rebuild: wat2wasm write_trap.wat -o write_trap.wasm
;; Writes "before\n" to stdout and "panicked\n" to stderr, then traps
;; (`unreachable`), as a Rust panic does: what it wrote is still its output.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\20\00\00\00\07\00\00\00")  ;; iovec {32, 7}: "before\n"
  (data (i32.const 8) "\30\00\00\00\09\00\00\00")  ;; iovec {48, 9}: "panicked\n"
  (data (i32.const 32) "before\n")
  (data (i32.const 48) "panicked\n")
  (func (export "_start")
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))
    (drop (call $fd_write (i32.const 2) (i32.const 8) (i32.const 1) (i32.const 16)))
    unreachable))
