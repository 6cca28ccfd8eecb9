;; wat2wasm data_bounds.wat -o data_bounds.wasm
;; An active data segment past the end of memory traps while the module is
;; instantiated: wasmtime's "out of bounds memory access" on every engine
;; (V8 and JavaScriptCore say it in words of their own; tests/cli_test.ts).
(module
  (memory (export "memory") 1)
  (data (i32.const 65535) "ab")
  (func (export "_start")))
