;; Rebuild: wat2wasm start_params.wat -o start_params.wasm
;; `_start` takes a parameter: not a command (wasmtime refuses it; the call would pass 0).
(module (memory (export "memory") 1) (func (export "_start") (param i32)))
