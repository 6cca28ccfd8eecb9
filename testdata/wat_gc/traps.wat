;; wasm-tools parse traps.wat -o traps.wasm   (wasm-tools 1.263.0: wabt cannot write GC instructions)
;; Traps of the proposals after the MVP (garbage collection, exception handling,
;; threads, reference types), one export each, for `--invoke NAME`: wasirun
;; reports each in wasmtime's words on every engine (tests/cli_test.ts).
(module
  (type $s (struct (field i32)))
  (type $a (array (mut i32)))
  (tag $e (param i32))
  (table 0 funcref)
  (memory 1)
  (func (export "null_reference") (result i32)
    (struct.get $s 0 (ref.null $s)))
  (func (export "cast_failure")
    (drop (ref.cast (ref $s) (ref.i31 (i32.const 1)))))
  (func (export "array_bounds") (result i32)
    (array.get $a (array.new $a (i32.const 0) (i32.const 1)) (i32.const 5)))
  (func (export "array_too_large")
    (drop (array.new $a (i32.const 0) (i32.const 0x7fffffff))))
  (func (export "table_bounds")
    (drop (table.get (i32.const 5))))
  (func (export "unaligned_atomic") (result i32)
    (i32.atomic.load (i32.const 1)))
  (func (export "throw_uncaught")
    (throw $e (i32.const 42))))
