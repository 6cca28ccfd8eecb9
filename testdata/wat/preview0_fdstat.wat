;; Rebuild: cd testdata/wat && wat2wasm preview0_fdstat.wat -o preview0_fdstat.wasm
;; preview0's fd_fdstat_get on fd 3, a preopened TCP listener
;; (tests/preview0_test.ts): preview0's rights have no SOCK_ACCEPT (bit 29),
;; preview1's do. Exits 100 + errno if the call fails, 1 if the base rights
;; have bit 29, 2 if they lack POLL_FD_READWRITE (bit 27), 3 if the
;; inheriting ones have bit 29, else 0.
(module
  (import "wasi_unstable" "fd_fdstat_get"
    (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_unstable" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start") (local $err i32)
    (local.set $err (call $fd_fdstat_get (i32.const 3) (i32.const 64)))
    (if (local.get $err)
      (then (call $proc_exit (i32.add (i32.const 100) (local.get $err)))))
    ;; fs_rights_base at 8, fs_rights_inheriting at 16: bits 27 and 29 are in their low halves.
    (if (i32.and (i32.load (i32.const 72)) (i32.const 0x20000000))
      (then (call $proc_exit (i32.const 1))))
    (if (i32.eqz (i32.and (i32.load (i32.const 72)) (i32.const 0x08000000)))
      (then (call $proc_exit (i32.const 2))))
    (if (i32.and (i32.load (i32.const 80)) (i32.const 0x20000000))
      (then (call $proc_exit (i32.const 3))))
    (call $proc_exit (i32.const 0))))
