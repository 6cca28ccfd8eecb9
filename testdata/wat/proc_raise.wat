;; Rebuild: wat2wasm proc_raise.wat -o proc_raise.wasm
;; _start asks proc_raise for SIGKILL (9) and exits with what it answered (wasmtime:
;; 58, NOTSUP; it never signals the host).
(module
  (import "wasi_snapshot_preview1" "proc_raise" (func $raise (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $exit (call $raise (i32.const 9)))))
