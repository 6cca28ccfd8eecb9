;; Rebuild: cd testdata/wat && wat2wasm bad_sig_exit.wat -o bad_sig_exit.wasm
;; Imports proc_exit as (i64) -> (): refused at link time.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i64)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $proc_exit (i64.const 3))))
