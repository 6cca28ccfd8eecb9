;; Rebuild: cd testdata/wat && wat2wasm unknown_twice.wat -o unknown_twice.wasm
;; Imports env.f twice, as () -> i32 and as () -> i64: no one stand-in can be
;; both, so -W unknown-imports-* refuse it in one line (wasmtime: "incompatible
;; import type"). _start would call both.
(module
  (import "env" "f" (func $a (result i32)))
  (import "env" "f" (func $b (result i64)))
  (memory (export "memory") 1)
  (func (export "_start") (drop (call $a)) (drop (call $b))))
