;; Rebuild: cd testdata/wat && wat2wasm --enable-exceptions catch_interrupt.wat -o catch_interrupt.wasm
;; A guest that catches every exception the host throws into it (wasm
;; exception handling): it writes "tick" and sleeps 100 ms, for ever, inside
;; try/catch_all. A signal, -W timeout or an abort must still end it.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\10\00\00\00\05\00\00\00") ;; one iovec: "tick\n" at 16
  (data (i32.const 16) "tick\n")
  ;; one subscription at 64: a relative clock of 100 ms (tag 0, monotonic clock 1)
  (data (i32.const 80) "\01\00\00\00\00\00\00\00\00\e1\f5\05\00\00\00\00")
  (func (export "_start")
    (loop $again
      (try
        (do
          (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
          (drop (call $poll (i32.const 64) (i32.const 128) (i32.const 1) (i32.const 160))))
        (catch_all))
      (br $again))))
