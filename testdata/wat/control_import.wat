;; Rebuild: cd testdata/wat && wat2wasm control_import.wat -o control_import.wasm
;; An import whose name holds a newline and a terminal escape: the error names
;; it on one line, escaped.
(module
  (import "wasi_snapshot_preview1" "fd_write\n\1b[31mfake: second line" (func))
  (memory (export "memory") 1)
  (func (export "_start")))
