;; Rebuild: wat2wasm --enable-exceptions throw.wat -o throw.wasm
(module
  ;; A wasm exception (exception handling) that no guest frame catches: a trap.
  (memory (export "memory") 1)
  (tag $t (param i32))
  (func (export "_start") (throw $t (i32.const 5))))
