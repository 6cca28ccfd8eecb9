;; Rebuild: cd testdata/wat && wat2wasm bad_import_kind.wat -o bad_import_kind.wasm
;; Imports wasi_snapshot_preview1.fd_write as a global: it is a function, so
;; the module is refused before it runs.
(module
  (import "wasi_snapshot_preview1" "fd_write" (global i32))
  (memory (export "memory") 1)
  (func (export "_start")))
