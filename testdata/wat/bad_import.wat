;; Rebuild: cd testdata/wat && wat2wasm bad_import.wat -o bad_import.wasm
;; Imports env.missing_function, which no WASI runtime provides: linking
;; (instantiation) must fail before _start runs.
(module
  (import "env" "missing_function" (func $missing))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $missing)))
