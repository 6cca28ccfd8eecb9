;; Rebuild: cd testdata/wat && wat2wasm init_and_start.wat -o init_and_start.wasm
;; A command that exports `_initialize` too: wasmtime runs it before `_start`,
;; and so does wasirun. Prints "init" then "start".
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\20\00\00\00\05\00\00\00") ;; iovec: "init\n" at 32
  (data (i32.const 8) "\28\00\00\00\06\00\00\00") ;; iovec: "start\n" at 40
  (data (i32.const 32) "init\n")
  (data (i32.const 40) "start\n")
  (func (export "_initialize")
    (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16))))
  (func (export "_start")
    (drop (call $write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 16)))))
