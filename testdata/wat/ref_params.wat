;; Rebuild: cd testdata/wat && wat2wasm ref_params.wat -o ref_params.wasm
;; Exports that take a reference: `--invoke` cannot pass one from the
;; command line (an externref, a funcref), and says so in one line.
(module
  (memory (export "memory") 1)
  (func (export "ext") (param externref))
  (func (export "fun") (param funcref)))
