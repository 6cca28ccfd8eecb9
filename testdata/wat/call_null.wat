;; Rebuild: cd testdata/wat && wat2wasm call_null.wat -o call_null.wasm
;; _start calls table entry 0, which holds no function: a trap
;; (wasmtime: "uninitialized element"; V8 and JSC say the same as for a
;; wrong signature, so wasirun names both).
(module
  (type $t (func))
  (table 2 funcref)
  (func $f)
  (elem (i32.const 1) $f)
  (memory (export "memory") 1)
  (func (export "_start")
    (call_indirect (type $t) (i32.const 0))))
