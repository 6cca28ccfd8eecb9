;; Rebuild: cd testdata/wat && wat2wasm exit.wat -o exit.wasm
;; _start calls proc_exit(7): the process exit status must be 7.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $proc_exit (i32.const 7))))
