;; Rebuild: cd testdata/wat && wat2wasm trace_long.wat -o trace_long.wasm
;; Guest input a trace must show in bounded form (tests/trace_test.ts), on
;; fd 3 (a preopen): path_filestat_get with a 64 MiB path of "a" whose byte
;; 1023 starts a two-byte "é" (shown: 1023 "a", then "…(67108864 bytes)"), a
;; 2048-byte path that starts with 0xff (invalid UTF-8), 1024 "c" (shown
;; whole), a path running past the end of memory (out of bounds); fd_write
;; with 2^20 iovecs and poll_oneoff with 100000 subscriptions (each INVAL,
;; nothing of them read). Then proc_exit(0).
(module
  (import "wasi_snapshot_preview1" "path_filestat_get"
    (func $stat (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff"
    (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1100) ;; 72,089,600 bytes
  (func (export "_start")
    ;; 64 MiB of "a" at 65536, with "é" (c3 a9) at its bytes 1023 and 1024
    (memory.fill (i32.const 65536) (i32.const 0x61) (i32.const 67108864))
    (i32.store8 (i32.const 66559) (i32.const 0xc3))
    (i32.store8 (i32.const 66560) (i32.const 0xa9))
    (drop (call $stat (i32.const 3) (i32.const 0) (i32.const 65536) (i32.const 67108864) (i32.const 256)))
    ;; the same with 0xff first, 2048 bytes of it
    (i32.store8 (i32.const 65536) (i32.const 0xff))
    (drop (call $stat (i32.const 3) (i32.const 0) (i32.const 65536) (i32.const 2048) (i32.const 256)))
    ;; 1024 "c" at 1024
    (memory.fill (i32.const 1024) (i32.const 0x63) (i32.const 1024))
    (drop (call $stat (i32.const 3) (i32.const 0) (i32.const 1024) (i32.const 1024) (i32.const 256)))
    ;; 100 bytes at 10 before the end
    (drop (call $stat (i32.const 3) (i32.const 0) (i32.const 72089590) (i32.const 100) (i32.const 256)))
    (drop (call $write (i32.const 1) (i32.const 65536) (i32.const 1048576) (i32.const 256)))
    (drop (call $poll (i32.const 65536) (i32.const 128) (i32.const 100000) (i32.const 256)))
    (call $exit (i32.const 0))))
