;; Rebuild: cd testdata/wat && wat2wasm grow.wat -o grow.wasm
;; _start grows memory by one page, stores "grown\n" at the start of the new
;; page and fd_writes it from there: the runtime must see the grown memory
;; (e.g. not keep a view of the old buffer).
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (local $old i32)
    (local $p i32)
    (local.set $old (memory.grow (i32.const 1))) ;; old size in pages, -1 on failure
    (if (i32.eq (local.get $old) (i32.const -1)) (then unreachable))
    (local.set $p (i32.shl (local.get $old) (i32.const 16))) ;; 65536
    (i32.store (local.get $p) (i32.const 0x776f7267))                   ;; "grow"
    (i32.store16 (i32.add (local.get $p) (i32.const 4)) (i32.const 0x0a6e)) ;; "n\n"
    ;; the iovec {buf=p, len=6} also lives in the new page, after the text
    (i32.store (i32.add (local.get $p) (i32.const 8)) (local.get $p))
    (i32.store (i32.add (local.get $p) (i32.const 12)) (i32.const 6))
    (drop (call $fd_write (i32.const 1) (i32.add (local.get $p) (i32.const 8))
                          (i32.const 1) (i32.add (local.get $p) (i32.const 16))))))
