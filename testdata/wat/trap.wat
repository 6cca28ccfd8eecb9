;; Rebuild: cd testdata/wat && wat2wasm trap.wat -o trap.wasm
;; _start executes `unreachable`: a wasm trap.
(module
  (memory (export "memory") 1)
  (func (export "_start")
    unreachable))
