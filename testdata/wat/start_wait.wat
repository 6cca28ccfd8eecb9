;; Rebuild: cd testdata/wat && wat2wasm start_wait.wat -o start_wait.wasm
;; A start section that waits: it sleeps 50 ms in poll_oneoff, then reads
;; stdin (a blocking read that waits for data on a pipe) and echoes what it
;; read to stdout; then _start writes "done\n".
(module
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff"
    (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; subscription at 256: userdata 0, tag 0 (clock), id 1 (monotonic),
  ;; timeout 50,000,000 ns, precision 0, flags 0
  (data (i32.const 264) "\00")
  (data (i32.const 272) "\01\00\00\00\00\00\00\00\80\f0\fa\02\00\00\00\00")
  (data (i32.const 512) "done\n")
  (func $init
    (drop (call $poll_oneoff (i32.const 256) (i32.const 320) (i32.const 1) (i32.const 16)))
    ;; iovec at 0: {buf=1024, len=100}
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (i32.const 100))
    (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
    (i32.store (i32.const 4) (i32.load (i32.const 8)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (start $init)
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 512))
    (i32.store (i32.const 4) (i32.const 5))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
