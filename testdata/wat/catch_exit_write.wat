;; Rebuild: cd testdata/wat && wat2wasm --enable-exceptions catch_exit_write.wat -o catch_exit_write.wasm
;; Makes stdout non-blocking and writes 3 MiB to it at once (a pipe takes what
;; fits, the write queue up to 64 KiB more), then catches its proc_exit(3) and
;; calls random_get, which cannot wait, for ever, catching everything. The run
;; must end with 3 and every byte the write accepted reaching a reader that
;; comes late (the CLI ended the process at once, the queue unwritten).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_flags" (func $setfl (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (memory (export "memory") 49)
  (data (i32.const 0) "\00\00\01\00\00\00\30\00") ;; iovec {65536, 3 MiB}
  (func (export "_start")
    (memory.fill (i32.const 65536) (i32.const 120) (i32.const 3145728))
    (drop (call $setfl (i32.const 1) (i32.const 4))) ;; NONBLOCK
    (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (try (do (call $exit (i32.const 3))) (catch_all))
    (loop $again
      (try (do (drop (call $random (i32.const 16) (i32.const 8)))) (catch_all))
      (br $again))))
