;; Rebuild: cd testdata/wat && wat2wasm v128_init.wat -o v128_init.wasm
;; A reactor whose `_initialize` returns a v128, which JS cannot receive:
;; `--invoke f` is refused at link time, before anything runs.
(module
  (memory (export "memory") 1)
  (func (export "_initialize") (result v128) (v128.const i32x4 1 2 3 4))
  (func (export "f") (result i32) (i32.const 5)))
