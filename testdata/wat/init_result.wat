;; Rebuild: cd testdata/wat && wat2wasm init_result.wat -o init_result.wasm
;; A reactor whose `_initialize` returns an i32, with an export f() -> 7:
;; wasmtime refuses `--invoke f` (exit 1), `-W timeout=0` or not; so does
;; wasirun (tests/cli_test.ts).
(module
  (memory (export "memory") 1)
  (func (export "_initialize") (result i32) (i32.const 3))
  (func (export "f") (result i32) (i32.const 7)))
