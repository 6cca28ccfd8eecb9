;; Rebuild: wat2wasm write_reactor.wat -o write_reactor.wasm
;; A reactor whose export write(n) writes n bytes ('x') to stdout in 64 KiB
;; fd_write calls and returns n (-1 on an error). tests/nonblocking_test.ts
;; runs it with --invoke into a pipe whose reader leaves: output lost after
;; the export returned ends the run with 141, as for a command.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (func (export "_initialize")
    (memory.fill (i32.const 65536) (i32.const 120) (i32.const 65536)))
  (func (export "write") (param $n i32) (result i32)
    (local $left i32) (local $chunk i32)
    (local.set $left (local.get $n))
    (block $done
      (loop $more
        (br_if $done (i32.le_s (local.get $left) (i32.const 0)))
        (local.set $chunk
          (select (i32.const 65536) (local.get $left)
            (i32.gt_s (local.get $left) (i32.const 65536))))
        (i32.store (i32.const 0) (i32.const 65536))
        (i32.store (i32.const 4) (local.get $chunk))
        (if (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))
          (then (return (i32.const -1))))
        (local.set $left (i32.sub (local.get $left) (i32.load (i32.const 8))))
        (br $more)))
    (local.get $n)))
