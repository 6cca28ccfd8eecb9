;; Rebuild: cd testdata/wat && wat2wasm --enable-exceptions catch_unknown.wat -o catch_unknown.wasm
;; Calls an import wasirun does not provide inside try/catch_all, then writes
;; "went on". Under `-W unknown-imports-trap` the call must end the run (exit
;; 1, naming the import) even though the guest catches every exception.
(module
  (import "env" "missing" (func $missing))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\10\00\00\00\08\00\00\00") ;; one iovec: "went on\n" at 16
  (data (i32.const 16) "went on\n")
  (func (export "_start")
    (try (do (call $missing)) (catch_all))
    (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
