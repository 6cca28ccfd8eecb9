;; Rebuild: cd testdata/wat && wat2wasm --enable-exceptions catch_no_memory.wat -o catch_no_memory.wasm
;; No memory exported, and a call to fd_write, which needs one, inside
;; try/catch_all, then proc_exit(7): the call must end the run in one line,
;; exit 1, as no_memory_write.wat's does, caught or not (it exited 7).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (func (export "_start")
    (try (do (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))) (catch_all))
    (call $exit (i32.const 7))))
