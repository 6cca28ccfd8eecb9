;; Rebuild: cd testdata/wat && wat2wasm no_start.wat -o no_start.wasm
;; Exports memory and a function foo but no _start: not a WASI command.
(module
  (memory (export "memory") 1)
  (func (export "foo") (result i32)
    (i32.const 42)))
