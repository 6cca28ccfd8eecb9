;; Rebuild: cd testdata/wat && wat2wasm stdin_exit.wat -o stdin_exit.wasm
;; Leaves a stdin read pending, then exits: fd_fdstat_set_flags(0, NONBLOCK),
;; one fd_read of fd 0 and, if it answered EAGAIN (6: nothing there yet, the
;; runtime's host read now in flight), proc_exit(3). Any other answer (data,
;; EOF, an error) is proc_exit(1). Run with stdin an open pipe nobody writes:
;; the process must end with status 3 at once, not when the pipe does.
(module
  (import "wasi_snapshot_preview1" "fd_fdstat_set_flags" (func $set_flags (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; 0: an iovec {buf=64, len=16}; 8: nread.
  (data (i32.const 0) "\40\00\00\00\10\00\00\00")
  (func (export "_start")
    (if (i32.ne (call $set_flags (i32.const 0) (i32.const 4)) (i32.const 0))
      (then (call $proc_exit (i32.const 1))))
    (if (i32.eq (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)) (i32.const 6))
      (then (call $proc_exit (i32.const 3))))
    (call $proc_exit (i32.const 1))))
