;; Rebuild: wat2wasm command_default.wat -o command_default.wasm
;; The old command ABI's entry, as itk-wasm's WASI pipelines have it: an
;; export named "" and no _start. _initialize prints "initialize", "" prints
;; "default" and its argc, and returns 3 (a result wasmtime prints); its
;; exit code is 0, or N when the first argument is "exit" and N follows.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "initialize\n")
  (data (i32.const 32) "default argc=0\n")
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_initialize")
    (call $print (i32.const 16) (i32.const 11)))
  (func (export "") (result i32)
    (drop (call $args_sizes_get (i32.const 64) (i32.const 68)))
    ;; the argc digit (0-9) into "default argc=N\n"
    (i32.store8 (i32.const 45) (i32.add (i32.const 48) (i32.load (i32.const 64))))
    (call $print (i32.const 32) (i32.const 15))
    (if (i32.ge_u (i32.load (i32.const 64)) (i32.const 3))
      (then (call $proc_exit (i32.const 7))))
    (i32.const 3)))
