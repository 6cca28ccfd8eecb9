;; Rebuild: cd testdata/wat && wat2wasm clocks.wat -o clocks.wasm
;; For clock ids 0..4 (realtime, monotonic, process_cputime_id,
;; thread_cputime_id, and 4 which is not a clock) calls clock_res_get and
;; clock_time_get(id, precision=1) and prints one line per id:
;;   res<id>=<errno> ns=<resolution> time<id>=<errno> nonzero=<0|1>
;; (resolution: the u64 clock_res_get wrote, its low 32 bits; 0 when it failed)
;; nonzero is 1 when the time value written is > 0 (u64; the slot is zeroed
;; before the call, so a failed call gives 0). Expect errno 0 and nonzero=1
;; for ids 0 and 1, and 28 (EINVAL) for id 4; ids 2 and 3 vary by runtime.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_res_get" (func $clock_res_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (memory (export "memory") 1)

  ;; Layout: 0 iovec for $flush, 8 its nwritten; 32 resolution (u64);
  ;; 40 time (u64); 64..80 digit scratch; 256.. the output line; 1024.. text.
  (data (i32.const 1024) "res\00")
  (data (i32.const 1032) " time\00")
  (data (i32.const 1040) " nonzero=\00")
  (data (i32.const 1056) " ns=\00")

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


  (func (export "_start")
    (local $id i32)
    (local $res i32)
    (local $time i32)
    (loop $clock
      (i64.store (i32.const 32) (i64.const 0))
      (i64.store (i32.const 40) (i64.const 0))
      (local.set $res (call $clock_res_get (local.get $id) (i32.const 32)))
      (local.set $time (call $clock_time_get (local.get $id) (i64.const 1) (i32.const 40)))
      (call $str (i32.const 1024))      ;; "res"
      (call $num (local.get $id))
      (call $chr (i32.const 61))        ;; '='
      (call $num (local.get $res))
      (call $str (i32.const 1056))      ;; " ns="
      (call $num (i32.load (i32.const 32)))
      (call $str (i32.const 1032))      ;; " time"
      (call $num (local.get $id))
      (call $chr (i32.const 61))
      (call $num (local.get $time))
      (call $str (i32.const 1040))      ;; " nonzero="
      (call $num (i64.ne (i64.load (i32.const 40)) (i64.const 0)))
      (call $chr (i32.const 10))
      (call $flush)
      (local.set $id (i32.add (local.get $id) (i32.const 1)))
      (br_if $clock (i32.le_u (local.get $id) (i32.const 4))))))
