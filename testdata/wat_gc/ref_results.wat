;; wasm-tools parse ref_results.wat -o ref_results.wasm
;; Exports returning references, for `--invoke NAME`: wasirun prints each as
;; wasmtime does, by its family (`<anyref>`, `<null funcref>`, ...), and refuses
;; an exception reference, which JavaScript cannot receive (tests/cli_test.ts).
(module
  (type $s (struct (field i32)))
  (type $a (array i8))
  (type $ft (func (result i32)))
  (func $f (type $ft) (i32.const 1))
  (elem declare func $f)
  (func (export "struct") (result (ref $s)) (struct.new $s (i32.const 1)))
  (func (export "array") (result (ref $a)) (array.new_default $a (i32.const 3)))
  (func (export "i31") (result i31ref) (ref.i31 (i32.const -5)))
  (func (export "func") (result funcref) (ref.func $f))
  (func (export "typed_func") (result (ref $ft)) (ref.func $f))
  (func (export "extern") (result externref) (extern.convert_any (ref.i31 (i32.const 7))))
  (func (export "null_eq") (result eqref) (ref.null eq))
  (func (export "null_extern") (result externref) (ref.null extern))
  (func (export "null_typed_func") (result (ref null $ft)) (ref.null $ft))
  (func (export "null_struct") (result (ref null $s)) (ref.null $s))
  (func (export "two") (result i32 anyref) (i32.const 3) (ref.i31 (i32.const 1)))
  (func (export "exn") (result exnref) (ref.null exn)))
