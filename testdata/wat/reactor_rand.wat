;; Rebuild: cd testdata/wat && wat2wasm reactor_rand.wat -o reactor_rand.wasm
;; A reactor: `rand` calls random_get (a traced WASI call), `pure` makes none and returns 42
;; (tests/robust_test.ts: what an async trace callback's rejection ends).
(module
  (import "wasi_snapshot_preview1" "random_get" (func $rg (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_initialize"))
  (func (export "rand") (result i32) (drop (call $rg (i32.const 0) (i32.const 4))) (i32.load (i32.const 0)))
  (func (export "pure") (result i32) (i32.const 42)))
