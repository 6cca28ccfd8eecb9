;; Rebuild: cd testdata/wat && wat2wasm stack.wat -o stack.wasm
;; _start recurses forever; the add after the call keeps it a non-tail call,
;; so the engine's call stack overflows.
(module
  (memory (export "memory") 1)
  (func $down (result i32)
    (i32.add (call $down) (i32.const 1)))
  (func (export "_start")
    (drop (call $down))))
