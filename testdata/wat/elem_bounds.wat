;; wat2wasm elem_bounds.wat -o elem_bounds.wasm
;; An active element segment past the end of its table traps while the module
;; is instantiated: wasmtime's "undefined element: out of bounds table access"
;; on every engine (tests/cli_test.ts).
(module
  (table 1 funcref)
  (func $f)
  (elem (i32.const 1) $f)
  (memory (export "memory") 1)
  (func (export "_start")))
