;; Rebuild: wat2wasm write_256m.wat -o write_256m.wasm
;; One fd_write to stdout of 16 iovecs that each name the same 16 MiB buffer
;; (byte i is i % 251): 256 MiB in one call. Exit 0 when nwritten is all of
;; it, 1 when less, else the errno. A blocking write of it all must come out
;; whole, in order, without the host queueing (and copying) all of it at once.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 257)
  (func (export "_start")
    (local $i i32)
    (local $errno i32)
    (block $filled
      (loop $fill
        (br_if $filled (i32.eq (local.get $i) (i32.const 16777216)))
        (i32.store8 (i32.add (i32.const 65536) (local.get $i)) (i32.rem_u (local.get $i) (i32.const 251)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fill)))
    (local.set $i (i32.const 0))
    (block $done
      (loop $iov
        (br_if $done (i32.eq (local.get $i) (i32.const 16)))
        (i32.store (i32.add (i32.const 256) (i32.shl (local.get $i) (i32.const 3))) (i32.const 65536))
        (i32.store (i32.add (i32.const 260) (i32.shl (local.get $i) (i32.const 3))) (i32.const 16777216))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iov)))
    (local.set $errno (call $fd_write (i32.const 1) (i32.const 256) (i32.const 16) (i32.const 0)))
    (if (local.get $errno) (then (call $proc_exit (local.get $errno))))
    (call $proc_exit (i32.ne (i32.load (i32.const 0)) (i32.const 268435456)))))
