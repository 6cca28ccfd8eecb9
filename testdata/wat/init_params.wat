;; Rebuild: cd testdata/wat && wat2wasm init_params.wat -o init_params.wasm
;; A module whose `_initialize` takes a parameter, with a `_start` and an
;; export f() -> 7: wasmtime refuses to run it (exit 1), as a command or with
;; `--invoke f`, `-W timeout=0` or not; so does wasirun (tests/cli_test.ts).
(module
  (memory (export "memory") 1)
  (func (export "_initialize") (param i32))
  (func (export "_start"))
  (func (export "f") (result i32) (i32.const 7)))
