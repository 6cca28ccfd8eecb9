;; Rebuild: wat2wasm iov_total.wat -o iov_total.wasm
;; fd_read from stdin into 256 iovecs of 16 MiB each, all the same buffer: 4
;; GiB asked, whose count must not wrap to 0 in the u32 written back (that
;; reads as EOF). Exit 0 when 0 < nread <= 0x7ffff000 (Linux's most bytes a
;; call moves), 2 when nread is 0, 1 on an errno.
(module
  (import "wasi_snapshot_preview1" "fd_read"
    (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 257)
  (func (export "_start")
    (local $i i32)
    (local $n i32)
    ;; 256 iovecs {65536, 16 MiB} at 8192
    (block $done
      (loop $fill
        (br_if $done (i32.eq (local.get $i) (i32.const 256)))
        (i32.store (i32.add (i32.const 8192) (i32.shl (local.get $i) (i32.const 3))) (i32.const 65536))
        (i32.store (i32.add (i32.const 8196) (i32.shl (local.get $i) (i32.const 3))) (i32.const 16777216))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fill)))
    (if (call $fd_read (i32.const 0) (i32.const 8192) (i32.const 256) (i32.const 0))
      (then (call $proc_exit (i32.const 1))))
    (local.set $n (i32.load (i32.const 0)))
    (if (i32.eqz (local.get $n)) (then (call $proc_exit (i32.const 2))))
    (call $proc_exit (i32.gt_u (local.get $n) (i32.const 0x7ffff000)))))
