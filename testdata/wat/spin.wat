;; Rebuild: wat2wasm spin.wat -o spin.wasm
;; _start spins forever in wasm without calling the host (signal tests).
(module (memory (export "memory") 1) (func (export "_start") (loop $l (br $l))))
