;; Rebuild: wat2wasm no_memory.wat -o no_memory.wasm
;; A command with no memory and no imports: it runs and exits 0, as under
;; wasmtime (it was refused for exporting no memory).
(module
  (func (export "_start")))
