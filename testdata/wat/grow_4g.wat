;; Rebuild: cd testdata/wat && wat2wasm grow_4g.wat -o grow_4g.wasm
;; _start grows memory to 65536 pages (4 GiB, wasm32's most), then fd_writes
;; "4g\n" with its text, iovec and nwritten in the very last 32 bytes (aligned
;; words at addresses >= 2^31). Exit 0 if fd_write answered 0 and nwritten 3,
;; 1 if nwritten was not written, 2 if fd_write failed, 3 if the grow was
;; refused. The runtime's aligned-word view must span all 2^32 bytes (a length
;; taken as `byteLength >>> 2` is 0 there: nothing read, nothing written).
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (if (i32.eq (memory.grow (i32.const 65535)) (i32.const -1))
      (then (call $proc_exit (i32.const 3))))
    (i32.store16 (i32.const 0xffffffe0) (i32.const 0x6734))        ;; "4g"
    (i32.store8 (i32.const 0xffffffe2) (i32.const 0x0a))           ;; "\n"
    (i32.store (i32.const 0xfffffff0) (i32.const 0xffffffe0))      ;; iovec.buf
    (i32.store (i32.const 0xfffffff4) (i32.const 3))               ;; iovec.len
    (i32.store (i32.const 0xfffffffc) (i32.const 0x7fffffff))      ;; nwritten, not yet
    (if (call $fd_write (i32.const 1) (i32.const 0xfffffff0) (i32.const 1) (i32.const 0xfffffffc))
      (then (call $proc_exit (i32.const 2))))
    (if (i32.ne (i32.load (i32.const 0xfffffffc)) (i32.const 3))
      (then (call $proc_exit (i32.const 1))))))
