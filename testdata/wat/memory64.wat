;; wat2wasm --enable-memory64 memory64.wat -o memory64.wasm
;; A module with a 64-bit memory (the memory64 proposal; V8 has it, Bun 1.4's
;; JavaScriptCore does not): it runs, or wasirun says in one line that the
;; engine lacks the feature, not that the module is invalid (tests/cli_test.ts).
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") i64 1)
  (data (i64.const 100) "hello from memory64\n")
  (func (export "_start")
    (i32.store (i64.const 0) (i32.const 100))
    (i32.store (i64.const 4) (i32.const 20))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
