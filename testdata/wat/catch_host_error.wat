;; Rebuild: cd testdata/wat && wat2wasm --enable-exceptions catch_host_error.wat -o catch_host_error.wasm
;; Calls random_get, then poll_oneoff (a 1 ms sleep, which waits), each inside
;; try/catch_all, then writes "went on" and exits 7. An error wasirun raises
;; inside a call (an internal error, an embedder's trace callback that
;; throws) must end the run with that error even though the guest catches
;; every exception: it went on and exited 7 (tests/robust_test.ts).
(module
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\10\00\00\00\08\00\00\00") ;; one iovec: "went on\n" at 16
  (data (i32.const 16) "went on\n")
  ;; 128: a subscription (48 bytes): userdata 0, tag 0 (clock), clock id 1
  ;; (monotonic), timeout 1 ms, relative. 256: its event; 320: nevents.
  (data (i32.const 136) "\00")
  (data (i32.const 144) "\01\00\00\00\00\00\00\00\40\42\0f\00\00\00\00\00")
  (func (export "_start")
    (try (do (drop (call $random (i32.const 64) (i32.const 32)))) (catch_all))
    (try (do (drop (call $poll (i32.const 128) (i32.const 256) (i32.const 1) (i32.const 320))))
      (catch_all))
    (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $exit (i32.const 7))))
