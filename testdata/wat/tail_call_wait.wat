;; Rebuild: cd testdata/wat && wat2wasm --enable-exceptions --enable-tail-call tail_call_wait.wat -o tail_call_wait.wasm
;;
;; A tail call (return_call) to an import that waits: sched_yield, which
;; suspends the guest for one turn of the event loop. V8 suspends such a
;; stack; JavaScriptCore (Bun) cannot walk it, and wasirun says so in one
;; line (exit 1) instead of an internal error. Prints "ok" after the call.
(module
  (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "ok\n")
  (func $inner (result i32) (return_call $yield))
  (func (export "_start")
    (drop (call $inner))
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 3))
    (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
