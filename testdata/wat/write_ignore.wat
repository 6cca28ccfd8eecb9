;; Rebuild: wat2wasm write_ignore.wat -o write_ignore.wasm
;; Three fd_writes of 1 MiB to stdout whose errors it ignores, then _start
;; returns (exit 0): with `--sigpipe ignore` a reader that left is no reason
;; to end otherwise, however stdout and stderr share their pipe (`2>&1`).
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 17)
  (data (i32.const 0) "\00\00\01\00\00\00\10\00") ;; iovec {65536, 1 MiB}
  (func (export "_start")
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
