;; Rebuild: cd testdata/wat && wat2wasm badfd.wat -o badfd.wasm
;; Calls fd_write, fd_read, fd_fdstat_get, fd_close and fd_prestat_get on
;; fd 99, which is not open, and prints "NAME=<errno>" for each. All
;; pointers are valid; a correct runtime answers 8 (EBADF) everywhere.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 0 iovec for $flush, 8 its nwritten; 16 an iovec {buf=512,
  ;; len=4} for the calls on fd 99; 32 a valid out slot; 40 a valid fdstat
  ;; (24 bytes); 64..80 digit scratch; 256.. the output line; 1024.. names.
  (data (i32.const 16) "\00\02\00\00\04\00\00\00")
  (data (i32.const 512) "xyz\n")
  (data (i32.const 1024) "fd_write\00")
  (data (i32.const 1056) "fd_read\00")
  (data (i32.const 1088) "fd_fdstat_get\00")
  (data (i32.const 1120) "fd_close\00")
  (data (i32.const 1152) "fd_prestat_get\00")

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
    (call $report (i32.const 1024) (call $fd_write (i32.const 99) (i32.const 16) (i32.const 1) (i32.const 32)))
    (call $report (i32.const 1056) (call $fd_read (i32.const 99) (i32.const 16) (i32.const 1) (i32.const 32)))
    (call $report (i32.const 1088) (call $fd_fdstat_get (i32.const 99) (i32.const 40)))
    (call $report (i32.const 1120) (call $fd_close (i32.const 99)))
    (call $report (i32.const 1152) (call $fd_prestat_get (i32.const 99) (i32.const 40)))))
