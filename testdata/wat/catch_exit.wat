;; Rebuild: cd testdata/wat && wat2wasm --enable-exceptions catch_exit.wat -o catch_exit.wasm
;; A guest that catches its own exit with wasm exception handling (legacy
;; try/catch_all, which catches the host's JS exceptions): proc_exit(3) is
;; caught, then a write of "after exit" (which must not come out), then
;; proc_exit(4) is caught for ever. Natively, and under wasmtime, the run ends
;; at the first proc_exit with 3; so must it here, whether the write is a call
;; that may wait (stdout a pipe) or not.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\10\00\00\00\0b\00\00\00") ;; one iovec: "after exit\n" at 16
  (data (i32.const 16) "after exit\n")
  (func (export "_start")
    (try (do (call $exit (i32.const 3))) (catch_all))
    (try (do (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
      (catch_all))
    (loop $again
      (try (do (call $exit (i32.const 4))) (catch_all))
      (br $again))))
