;; Rebuild: wat2wasm huge_memory.wat -o huge_memory.wasm
;; A command whose memory starts at 60,000 pages (3.7 GiB): a host that cannot
;; reserve that much (`ulimit -v`) refuses it, which wasirun says in one line.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 60000)
  (data (i32.const 16) "big\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 4))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
