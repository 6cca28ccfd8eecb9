;; Rebuild: cd testdata/wat && wat2wasm --enable-threads threads.wat -o threads.wasm
;; What wasm32-wasip1-threads builds import: a shared memory ("env" "memory")
;; and wasi-threads' "wasi" "thread-spawn". wasirun runs single-threaded
;; modules and names wasi-threads when it refuses this one.
(module
  (import "env" "memory" (memory 1 1 shared))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (func (export "wasi_thread_start") (param i32 i32))
  (func (export "_start")
    (drop (call $spawn (i32.const 0)))
    (call $exit (i32.const 0))))
