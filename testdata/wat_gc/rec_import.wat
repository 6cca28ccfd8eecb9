;; wasm-tools parse rec_import.wat -o rec_import.wasm
;; A preview1 import whose function type is declared in a recursion group with
;; another type: under garbage collection's typing no host function matches it,
;; and wasmtime refuses it ("types incompatible"). wasirun refuses it whatever
;; stdio is (it linked where its imports were JS functions: stdout a file).
(module
  (rec
    (type $fd_write (func (param i32 i32 i32 i32) (result i32)))
    (type $s (struct (field i32))))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (type $fd_write)))
  (memory (export "memory") 1)
  (data (i32.const 100) "linked\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 100))
    (i32.store (i32.const 4) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
