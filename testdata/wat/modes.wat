;; Rebuild: cd testdata/wat && wat2wasm modes.wat -o modes.wasm
;; The mode program of testdata/README.md, by hand, calling WASI directly:
;; hello, args, env, exit N, clock, random, cat, trap (same output as the Go,
;; C and Rust programs); any other mode prints "unknown mode: X" on stderr
;; and exits 2. Arguments and environment are assumed to fit their buffers
;; (16 KiB each, 255 entries).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 2)

  ;; Layout: 0 iovec, 8 nwritten/nread, 16 argc, 20 argv size, 24 env count,
  ;; 28 env size, 32..48 digit scratch, 64 random bytes, 96 and 104 times,
  ;; 256.. mode names, 1024 argv pointers, 2048 argv bytes, 18432 environ
  ;; pointers, 20480 environ bytes, 36864 the output line, 65536 cat buffer.
  (data (i32.const 256) "hello\00")
  (data (i32.const 264) "args\00")
  (data (i32.const 272) "env\00")
  (data (i32.const 280) "exit\00")
  (data (i32.const 288) "clock\00")
  (data (i32.const 296) "random\00")
  (data (i32.const 304) "cat\00")
  (data (i32.const 312) "trap\00")
  (data (i32.const 320) "hello, world\00")
  (data (i32.const 336) "argc=\00")
  (data (i32.const 344) "argv[\00")
  (data (i32.const 352) "]=\00")
  (data (i32.const 360) "realtime_s=\00")
  (data (i32.const 376) "monotonic=ok\00")
  (data (i32.const 392) "monotonic=bad\00")
  (data (i32.const 408) "random=\00")
  (data (i32.const 416) "unknown mode: \00")
  (data (i32.const 432) "0123456789abcdef")

  (global $pos (mut i32) (i32.const 36864))

  (func $str (param $p i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (local.get $p))))
        (call $chr (i32.load8_u (local.get $p)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next))))

  (func $chr (param $c i32)
    (i32.store8 (global.get $pos) (local.get $c))
    (global.set $pos (i32.add (global.get $pos) (i32.const 1))))

  ;; Appends $n (unsigned) in decimal.
  (func $num (param $n i32)
    (local $p i32)
    (local.set $p (i32.const 48))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $digit (local.get $n)))
    (block $done
      (loop $copy
        (br_if $done (i32.eq (local.get $p) (i32.const 48)))
        (call $chr (i32.load8_u (local.get $p)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $copy))))

  ;; Writes all of [$buf, $buf+$len) to $fd, looping over short writes.
  (func $write_all (param $fd i32) (param $buf i32) (param $len i32)
    (block $done
      (loop $more
        (br_if $done (i32.eqz (local.get $len)))
        (i32.store (i32.const 0) (local.get $buf))
        (i32.store (i32.const 4) (local.get $len))
        (if (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))
          (then (call $proc_exit (i32.const 1))))
        (local.set $buf (i32.add (local.get $buf) (i32.load (i32.const 8))))
        (local.set $len (i32.sub (local.get $len) (i32.load (i32.const 8))))
        (br $more))))

  ;; Ends the line and writes it to $fd.
  (func $line (param $fd i32)
    (call $chr (i32.const 10))
    (call $write_all (local.get $fd) (i32.const 36864) (i32.sub (global.get $pos) (i32.const 36864)))
    (global.set $pos (i32.const 36864)))

  (func $streq (param $a i32) (param $b i32) (result i32)
    (loop $next
      (if (i32.ne (i32.load8_u (local.get $a)) (i32.load8_u (local.get $b)))
        (then (return (i32.const 0))))
      (if (i32.eqz (i32.load8_u (local.get $a))) (then (return (i32.const 1))))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $next))
    (i32.const 0))

  ;; argv[$i] as a pointer (0 when there is no such argument).
  (func $arg (param $i i32) (result i32)
    (if (i32.ge_u (local.get $i) (i32.load (i32.const 16))) (then (return (i32.const 0))))
    (i32.load (i32.add (i32.const 1024) (i32.shl (local.get $i) (i32.const 2)))))

  (func $parse (param $p i32) (result i32)
    (local $n i32)
    (block $done
      (loop $digit
        (br_if $done (i32.gt_u (i32.sub (i32.load8_u (local.get $p)) (i32.const 48)) (i32.const 9)))
        (local.set $n (i32.add (i32.mul (local.get $n) (i32.const 10))
          (i32.sub (i32.load8_u (local.get $p)) (i32.const 48))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $digit)))
    (local.get $n))

  (func $mode_args
    (local $i i32)
    (call $str (i32.const 336))
    (call $num (i32.load (i32.const 16)))
    (call $line (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.load (i32.const 16))))
        (call $str (i32.const 344))
        (call $num (local.get $i))
        (call $str (i32.const 352))
        (call $str (call $arg (local.get $i)))
        (call $line (i32.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  (func $mode_env
    (local $i i32)
    (drop (call $environ_sizes_get (i32.const 24) (i32.const 28)))
    (drop (call $environ_get (i32.const 18432) (i32.const 20480)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (i32.load (i32.const 24))))
        (call $str (i32.load (i32.add (i32.const 18432) (i32.shl (local.get $i) (i32.const 2)))))
        (call $line (i32.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  (func $mode_clock
    (local $spin i32)
    (drop (call $clock_time_get (i32.const 0) (i64.const 1) (i32.const 96)))
    (call $str (i32.const 360))
    (call $num (i32.wrap_i64 (i64.div_u (i64.load (i32.const 96)) (i64.const 1000000000))))
    (call $line (i32.const 1))
    (drop (call $clock_time_get (i32.const 1) (i64.const 1) (i32.const 96)))
    (loop $busy
      (local.set $spin (i32.add (local.get $spin) (i32.const 1)))
      (br_if $busy (i32.lt_u (local.get $spin) (i32.const 100000))))
    (drop (call $clock_time_get (i32.const 1) (i64.const 1) (i32.const 104)))
    (if (i64.ge_u (i64.load (i32.const 104)) (i64.load (i32.const 96)))
      (then (call $str (i32.const 376)))
      (else (call $str (i32.const 392))))
    (call $line (i32.const 1)))

  (func $mode_random
    (local $i i32)
    (local $b i32)
    (if (call $random_get (i32.const 64) (i32.const 32)) (then (call $proc_exit (i32.const 1))))
    (call $str (i32.const 408))
    (block $done
      (loop $next
        (br_if $done (i32.eq (local.get $i) (i32.const 32)))
        (local.set $b (i32.load8_u (i32.add (i32.const 64) (local.get $i))))
        (call $chr (i32.load8_u (i32.add (i32.const 432) (i32.shr_u (local.get $b) (i32.const 4)))))
        (call $chr (i32.load8_u (i32.add (i32.const 432) (i32.and (local.get $b) (i32.const 15)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $line (i32.const 1)))

  (func $mode_cat
    (block $eof
      (loop $more
        (i32.store (i32.const 0) (i32.const 65536))
        (i32.store (i32.const 4) (i32.const 65536))
        (if (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8))
          (then (call $proc_exit (i32.const 1))))
        (br_if $eof (i32.eqz (i32.load (i32.const 8))))
        (call $write_all (i32.const 1) (i32.const 65536) (i32.load (i32.const 8)))
        (br $more))))

  (func (export "_start")
    (local $mode i32)
    (drop (call $args_sizes_get (i32.const 16) (i32.const 20)))
    (drop (call $args_get (i32.const 1024) (i32.const 2048)))
    (local.set $mode (call $arg (i32.const 1)))
    (if (i32.eqz (local.get $mode)) (then (local.set $mode (i32.const 448)))) ;; "": zeroed memory
    (if (call $streq (local.get $mode) (i32.const 256))
      (then (call $str (i32.const 320)) (call $line (i32.const 1)) (return)))
    (if (call $streq (local.get $mode) (i32.const 264)) (then (call $mode_args) (return)))
    (if (call $streq (local.get $mode) (i32.const 272)) (then (call $mode_env) (return)))
    (if (call $streq (local.get $mode) (i32.const 280))
      (then
        (if (i32.eqz (call $arg (i32.const 2))) (then (call $proc_exit (i32.const 2))))
        (call $proc_exit (call $parse (call $arg (i32.const 2))))))
    (if (call $streq (local.get $mode) (i32.const 288)) (then (call $mode_clock) (return)))
    (if (call $streq (local.get $mode) (i32.const 296)) (then (call $mode_random) (return)))
    (if (call $streq (local.get $mode) (i32.const 304)) (then (call $mode_cat) (return)))
    (if (call $streq (local.get $mode) (i32.const 312)) (then (unreachable)))
    (call $str (i32.const 416))
    (call $str (local.get $mode))
    (call $line (i32.const 2))
    (call $proc_exit (i32.const 2))))
