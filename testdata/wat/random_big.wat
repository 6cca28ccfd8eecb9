;; Rebuild: wat2wasm random_big.wat -o random_big.wasm
;; random_get of 2 GiB in one call (a memory of 2 GiB and 64 KiB). Node's
;; fs.readSync takes its length as an int32, so /dev/urandom read in one
;; call of 2 GiB or more was an internal error (exit 70). Exit 0 when it
;; answers SUCCESS; a trap on an errno.
(module
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (memory (export "memory") 32769)
  (func (export "_start")
    (if (call $random_get (i32.const 16) (i32.const 0x80000000))
      (then unreachable))))
