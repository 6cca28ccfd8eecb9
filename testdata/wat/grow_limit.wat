;; Rebuild: cd testdata/wat && wat2wasm grow_limit.wat -o grow_limit.wasm
;; A memory of 2 pages with no maximum, for -W max-memory-size: _start grows
;; it by 100 pages, then by 1000, and writes for each "grew\n" or, when
;; memory.grow answered -1, "refused\n".
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 16) "grew\nrefused\n")
  (func $grow (param $pages i32)
    (if (i32.eq (memory.grow (local.get $pages)) (i32.const -1))
      (then (i32.store (i32.const 0) (i32.const 21)) (i32.store (i32.const 4) (i32.const 8)))
      (else (i32.store (i32.const 0) (i32.const 16)) (i32.store (i32.const 4) (i32.const 5))))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start")
    (call $grow (i32.const 100))
    (call $grow (i32.const 1000))))
