;; Rebuild: cd testdata/wat && wat2wasm v128_reactor.wat -o v128_reactor.wasm
;; A reactor with v128 in some exports: `_initialize` prints "initialized\n";
;; get() returns a v128 and put() takes one (`--invoke` refuses either at
;; link time: JS cannot pass or receive a v128); ok() returns 7 (a v128
;; elsewhere in the module does not stop it).
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\10\00\00\00\0c\00\00\00") ;; iovec {16, 12}
  (data (i32.const 16) "initialized\n")
  (func (export "_initialize")
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "get") (result v128) (v128.const i32x4 1 2 3 4))
  (func (export "put") (param i32 v128))
  (func (export "ok") (result i32) (i32.const 7)))
