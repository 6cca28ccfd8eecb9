;; Rebuild: cd testdata/wat && wat2wasm efault.wat -o efault.wasm
;; Calls WASI functions with out-of-bounds pointers (memory is 1 page,
;; 65536 bytes) and prints "NAME=<errno>" per call; then "done".
;; A correct runtime answers 21 (EFAULT) everywhere, then 0 for zero-length
;; buffers at out-of-bounds addresses (which touch nothing: Linux and wasmtime
;; answer them). Run it with at least
;; one argument and one environment variable (so args_get/environ_get have
;; something to write), with a preopened directory at fd 3 (for
;; fd_prestat_get/fd_prestat_dir_name), and with empty stdin (a runtime that
;; reads before it checks the buffer would otherwise wait or eat input).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_res_get" (func $clock_res_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 0 iovec for $flush, 8 its nwritten; 16 an in-bounds iovec
  ;; {buf=65530, len=100} whose buffer crosses the end of memory; 32 a valid
  ;; out slot; 40 a valid prestat; 48 an iovec {buf=0xFFFFFFF0, len=0}; 64..80 digit scratch; 256.. the output line; 1024.. names.
  (data (i32.const 16) "\fa\ff\00\00\64\00\00\00")
  (data (i32.const 1024) "args_sizes_get\00")
  (data (i32.const 1056) "args_get\00")
  (data (i32.const 1088) "environ_sizes_get\00")
  (data (i32.const 1120) "environ_get\00")
  (data (i32.const 1152) "clock_res_get\00")
  (data (i32.const 1184) "clock_time_get\00")
  (data (i32.const 1216) "random_get\00")
  (data (i32.const 1248) "fd_write_iovs\00")
  (data (i32.const 1280) "fd_write_buf\00")
  (data (i32.const 1312) "fd_read_iovs\00")
  (data (i32.const 1344) "fd_read_buf\00")
  (data (i32.const 1376) "fd_fdstat_get\00")
  (data (i32.const 1408) "fd_prestat_get\00")
  (data (i32.const 1440) "fd_prestat_dir_name\00")
  (data (i32.const 48) "\f0\ff\ff\ff\00\00\00\00")
  (data (i32.const 1472) "done\00")
  (data (i32.const 1504) "zero_random_get\00")
  (data (i32.const 1536) "zero_fd_write_buf\00")
  (data (i32.const 1568) "zero_fd_write_iovs\00")
  (data (i32.const 1600) "zero_fd_read_buf\00")

  (global $pos (mut i32) (i32.const 256)) ;; end of the line being built

  ;; Appends the NUL-terminated string at $p to the line.
  (func $str (param $p i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (local.get $p))))
        (i32.store8 (global.get $pos) (i32.load8_u (local.get $p)))
        (global.set $pos (i32.add (global.get $pos) (i32.const 1)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next))))

  ;; Appends one byte.
  (func $chr (param $c i32)
    (i32.store8 (global.get $pos) (local.get $c))
    (global.set $pos (i32.add (global.get $pos) (i32.const 1))))

  ;; Appends $n (unsigned) in decimal: digits go backwards into 64..80.
  (func $num (param $n i32)
    (local $p i32)
    (local.set $p (i32.const 80))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $digit (local.get $n)))
    (block $done
      (loop $copy
        (br_if $done (i32.eq (local.get $p) (i32.const 80)))
        (call $chr (i32.load8_u (local.get $p)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $copy))))

  ;; Writes the line to stdout and starts a new one.
  (func $flush
    (i32.store (i32.const 0) (i32.const 256))
    (i32.store (i32.const 4) (i32.sub (global.get $pos) (i32.const 256)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (global.set $pos (i32.const 256)))

  ;; Prints "NAME=<errno>\n".
  (func $report (param $name i32) (param $errno i32)
    (call $str (local.get $name))
    (call $chr (i32.const 61)) ;; '='
    (call $num (local.get $errno))
    (call $chr (i32.const 10))
    (call $flush))

  (func (export "_start")
    (call $report (i32.const 1024) (call $args_sizes_get (i32.const 0xFFFFFFF0) (i32.const 0xFFFFFFF0)))
    (call $report (i32.const 1056) (call $args_get (i32.const 0xFFFFFFF0) (i32.const 65530)))
    (call $report (i32.const 1088) (call $environ_sizes_get (i32.const 0xFFFFFFF0) (i32.const 0xFFFFFFF0)))
    (call $report (i32.const 1120) (call $environ_get (i32.const 0xFFFFFFF0) (i32.const 65530)))
    (call $report (i32.const 1152) (call $clock_res_get (i32.const 0) (i32.const 0xFFFFFFF0)))
    (call $report (i32.const 1184) (call $clock_time_get (i32.const 0) (i64.const 1) (i32.const 0xFFFFFFF0)))
    (call $report (i32.const 1216) (call $random_get (i32.const 65530) (i32.const 100)))
    ;; iovec array itself out of bounds
    (call $report (i32.const 1248) (call $fd_write (i32.const 1) (i32.const 0xFFFFFFF0) (i32.const 1) (i32.const 32)))
    ;; iovec in bounds, its buffer crossing the end of memory
    (call $report (i32.const 1280) (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 32)))
    (call $report (i32.const 1312) (call $fd_read (i32.const 0) (i32.const 0xFFFFFFF0) (i32.const 1) (i32.const 32)))
    (call $report (i32.const 1344) (call $fd_read (i32.const 0) (i32.const 16) (i32.const 1) (i32.const 32)))
    (call $report (i32.const 1376) (call $fd_fdstat_get (i32.const 1) (i32.const 0xFFFFFFF0)))
    (call $report (i32.const 1408) (call $fd_prestat_get (i32.const 3) (i32.const 0xFFFFFFF0)))
;; path_len is the real name length (from a valid fd_prestat_get), so the
    ;; only fault is the pointer: runtimes differ on a path_len that is too
    ;; big (wazero answers ENAMETOOLONG before it looks at the pointer).
    (drop (call $fd_prestat_get (i32.const 3) (i32.const 40)))
    (call $report (i32.const 1440) (call $fd_prestat_dir_name (i32.const 3) (i32.const 0xFFFFFFF0) (i32.load (i32.const 44))))
    (call $report (i32.const 1504) (call $random_get (i32.const 0xFFFFFFF0) (i32.const 0)))
    (call $report (i32.const 1536) (call $fd_write (i32.const 1) (i32.const 48) (i32.const 1) (i32.const 32)))
    (call $report (i32.const 1568) (call $fd_write (i32.const 1) (i32.const 0xFFFFFFF0) (i32.const 0) (i32.const 32)))
    (call $report (i32.const 1600) (call $fd_read (i32.const 0) (i32.const 48) (i32.const 1) (i32.const 32)))
    (call $str (i32.const 1472))
    (call $chr (i32.const 10))
    (call $flush)))
