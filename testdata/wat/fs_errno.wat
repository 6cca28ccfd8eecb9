;; Rebuild: cd testdata/wat && wat2wasm fs_errno.wat -o fs_errno.wasm
;; The filesystem calls' errno table: one line `NAME=<errno>` per call, then
;; `done`. Run it with a directory preopened at fd 3 holding `file` (the ten
;; bytes 0123456789), `dir/inner`, and the symlinks `link -> file`,
;; `dirlink -> dir`, `dangling -> nowhere`. The expected numbers (wasmtime's
;; where it has one) are in tests/fs_syscalls_test.ts and the comment of each
;; case. fd 4 is `file` opened read-only by the first case.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_readdir" (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_tell" (func $fd_tell (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pread" (func $fd_pread (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pwrite" (func $fd_pwrite (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_set_size" (func $fd_filestat_set_size (param i32 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_sync" (func $fd_sync (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_datasync" (func $fd_datasync (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_advise" (func $fd_advise (param i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_shutdown" (func $sock_shutdown (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_allocate" (func $fd_allocate (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_set_times" (func $fd_filestat_set_times (param i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_flags" (func $fd_fdstat_set_flags (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights" (func $fd_fdstat_set_rights (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_create_directory" (func $path_create_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_remove_directory" (func $path_remove_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_unlink_file" (func $path_unlink_file (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_rename" (func $path_rename (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_link" (func $path_link (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_symlink" (func $path_symlink (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_readlink" (func $path_readlink (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_set_times" (func $path_filestat_set_times (param i32 i32 i32 i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_renumber" (func $fd_renumber (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
  (memory (export "memory") 1)

;; Layout: 0 the output iovec, 8 its nwritten; 64..80 digit scratch; 256.. the
;; line; 504 an offset out-slot; 512 opened fd; 516 a u32 out-slot; 520 an iovec
;; {buf=600, len=4}; 600.. a read buffer; 700.. a filestat; 800.. a readdir
;; buffer; 1024.. names and paths (NUL-terminated).
  (data (i32.const 520) "\58\02\00\00\04\00\00\00")
  (data (i32.const 1024) "done\00")
  (data (i32.const 1032) "file\00")
  (data (i32.const 1040) "open_file\00")
  (data (i32.const 1052) "missing\00")
  (data (i32.const 1060) "open_missing\00")
  (data (i32.const 1076) "open_creat_excl_exists\00")
  (data (i32.const 1100) "dir\00")
  (data (i32.const 1104) "open_dir_for_write\00")
  (data (i32.const 1124) "open_directory_flag_on_file\00")
  (data (i32.const 1152) "newdir\00")
  (data (i32.const 1160) "open_directory_creat\00")
  (data (i32.const 1184) "file/x\00")
  (data (i32.const 1192) "open_through_file\00")
  (data (i32.const 1212) "new/\00")
  (data (i32.const 1220) "open_creat_trailing_slash\00")
  (data (i32.const 1248) "link\00")
  (data (i32.const 1256) "open_link_nofollow\00")
  (data (i32.const 1276) "open_bad_oflags\00")
  (data (i32.const 1292) "open_bad_lookupflags\00")
  (data (i32.const 1316) "\c3(\00")
  (data (i32.const 1320) "open_bad_utf8\00")
  (data (i32.const 1336) "\00")
  (data (i32.const 1340) "open_empty_path\00")
  (data (i32.const 1356) "x\00")
  (data (i32.const 1360) "open_on_file_fd\00")
  (data (i32.const 1376) "open_on_stdout\00")
  (data (i32.const 1392) "open_on_unknown_fd\00")
  (data (i32.const 1412) "readdir_on_file\00")
  (data (i32.const 1428) "readdir_on_stdin\00")
  (data (i32.const 1448) "seek_dir\00")
  (data (i32.const 1460) "seek_stdout\00")
  (data (i32.const 1472) "seek_bad_whence\00")
  (data (i32.const 1488) "seek_negative\00")
  (data (i32.const 1504) "seek_end\00")
  (data (i32.const 1516) "pread_stdin\00")
  (data (i32.const 1528) "pread_dir\00")
  (data (i32.const 1540) "pread_file\00")
  (data (i32.const 1552) "pwrite_readonly\00")
  (data (i32.const 1568) "write_readonly\00")
  (data (i32.const 1584) "set_size_dir\00")
  (data (i32.const 1600) "set_size_readonly_file\00")
  (data (i32.const 1624) "sync_dir\00")
  (data (i32.const 1636) "datasync_stdout\00")
  (data (i32.const 1652) "sync_file\00")
  (data (i32.const 1664) "advise_bad\00")
  (data (i32.const 1676) "advise_ok\00")
  (data (i32.const 1688) "advise_dir\00")
  (data (i32.const 1700) "allocate_dir\00")
  (data (i32.const 1716) "allocate_readonly\00")
  (data (i32.const 1736) "set_times_both_atim\00")
  (data (i32.const 1756) "set_times_both_mtim\00")
  (data (i32.const 1776) "set_times_bad_flag\00")
  (data (i32.const 1796) "set_times_stdout\00")
  (data (i32.const 1816) "set_flags_dir\00")
  (data (i32.const 1832) "set_flags_sync_file\00")
  (data (i32.const 1852) "set_flags_nonblock_file\00")
  (data (i32.const 1876) "filestat_stdout\00")
  (data (i32.const 1892) "rights_widen\00")
  (data (i32.const 1908) "rights_narrow\00")
  (data (i32.const 1924) "rights_widen_back\00")
  (data (i32.const 1944) "seek_after_narrow\00")
  (data (i32.const 1964) "tell_after_narrow\00")
  (data (i32.const 1984) "pread_after_narrow\00")
  (data (i32.const 2004) "read_after_narrow\00")
  (data (i32.const 2024) "filestat_after_narrow\00")
  (data (i32.const 2048) "mkdir_exists\00")
  (data (i32.const 2064) "mkdir_over_file\00")
  (data (i32.const 2080) "dangling/\00")
  (data (i32.const 2092) "mkdir_over_dangling_link\00")
  (data (i32.const 2120) "mkdir_on_file_fd\00")
  (data (i32.const 2140) "rmdir_notempty\00")
  (data (i32.const 2156) "rmdir_file\00")
  (data (i32.const 2168) ".\00")
  (data (i32.const 2172) "rmdir_dot\00")
  (data (i32.const 2184) "dirlink/\00")
  (data (i32.const 2196) "rmdir_link_to_dir\00")
  (data (i32.const 2216) "unlink_dir\00")
  (data (i32.const 2228) "unlink_missing\00")
  (data (i32.const 2244) "file/\00")
  (data (i32.const 2252) "unlink_trailing_slash\00")
  (data (i32.const 2276) "rename_missing\00")
  (data (i32.const 2292) "rename_dir_over_file\00")
  (data (i32.const 2316) "rename_file_over_dir\00")
  (data (i32.const 2340) "dir/sub\00")
  (data (i32.const 2348) "rename_into_itself\00")
  (data (i32.const 2368) "rename_to_file_fd\00")
  (data (i32.const 2388) "link_follow\00")
  (data (i32.const 2400) "link_dir\00")
  (data (i32.const 2412) "link_exists\00")
  (data (i32.const 2424) "/etc\00")
  (data (i32.const 2432) "symlink_absolute\00")
  (data (i32.const 2452) "symlink_exists\00")
  (data (i32.const 2468) "symlink_empty_target\00")
  (data (i32.const 2492) "readlink_not_link\00")
  (data (i32.const 2512) "readlink_missing\00")
  (data (i32.const 2532) "readlink_small_buffer\00")
  (data (i32.const 2556) "stat_missing\00")
  (data (i32.const 2572) "stat_bad_flags\00")
  (data (i32.const 2588) "stat_through_file\00")
  (data (i32.const 2608) "utimes_missing\00")
  (data (i32.const 2624) "renumber_missing_from\00")
  (data (i32.const 2648) "renumber_missing_to\00")
  (data (i32.const 2668) "prestat_file\00")
  (data (i32.const 2684) "close_file\00")
  (data (i32.const 2696) "read_closed\00")
  (data (i32.const 2708) "close_preopen\00")
  (data (i32.const 2724) "open_closed_preopen\00")
  (data (i32.const 2748) "advise_negative_len\00")
  (data (i32.const 2768) "shutdown_dir_bad_how\00")
  (data (i32.const 2792) "link_dir_exists\00")

  (global $pos (mut i32) (i32.const 256))

  ;; Appends the NUL-terminated string at $p to the line.
  (func $str (param $p i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (local.get $p))))
        (i32.store8 (global.get $pos) (i32.load8_u (local.get $p)))
        (global.set $pos (i32.add (global.get $pos) (i32.const 1)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next))))

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

  ;; Prints "NAME=ERRNO".
  (func $report (param $name i32) (param $errno i32)
    (call $str (local.get $name))
    (call $chr (i32.const 61))
    (call $num (local.get $errno))
    (call $chr (i32.const 10))
    (call $flush))

  (func (export "_start")
    ;; open_file: expect 0; fd 4 from here on: file, read-only
    (call $report (i32.const 1040)
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 1032) (i32.const 4) (i32.const 0) (i64.const 2097190) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; open_missing: expect 44
    (call $report (i32.const 1060)
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 1052) (i32.const 7) (i32.const 0) (i64.const 2) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; open_creat_excl_exists: expect 20
    (call $report (i32.const 1076)
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 1032) (i32.const 4) (i32.const 5) (i64.const 66) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; open_dir_for_write: expect 31
    (call $report (i32.const 1104)
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 1100) (i32.const 3) (i32.const 0) (i64.const 64) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; open_directory_flag_on_file: expect 54
    (call $report (i32.const 1124)
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 1032) (i32.const 4) (i32.const 2) (i64.const 2) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; open_directory_creat: expect 28
    (call $report (i32.const 1160)
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 1152) (i32.const 6) (i32.const 3) (i64.const 2) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; open_through_file: expect 54
    (call $report (i32.const 1192)
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 1184) (i32.const 6) (i32.const 0) (i64.const 2) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; open_creat_trailing_slash: expect 31
    (call $report (i32.const 1220)
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 1212) (i32.const 4) (i32.const 1) (i64.const 66) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; open_link_nofollow: expect 32
    (call $report (i32.const 1256)
      (call $path_open (i32.const 3) (i32.const 0) (i32.const 1248) (i32.const 4) (i32.const 0) (i64.const 2) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; open_bad_oflags: expect 28
    (call $report (i32.const 1276)
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 1032) (i32.const 4) (i32.const 16) (i64.const 2) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; open_bad_lookupflags: expect 28
    (call $report (i32.const 1292)
      (call $path_open (i32.const 3) (i32.const 2) (i32.const 1032) (i32.const 4) (i32.const 0) (i64.const 2) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; open_bad_utf8: expect 44 (no such name; 25 without FFI)
    (call $report (i32.const 1320)
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 1316) (i32.const 2) (i32.const 0) (i64.const 2) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; open_empty_path: expect 44
    (call $report (i32.const 1340)
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 1336) (i32.const 0) (i32.const 0) (i64.const 2) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; open_on_file_fd: expect 54
    (call $report (i32.const 1360)
      (call $path_open (i32.const 4) (i32.const 1) (i32.const 1356) (i32.const 1) (i32.const 0) (i64.const 2) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; open_on_stdout: expect 8
    (call $report (i32.const 1376)
      (call $path_open (i32.const 1) (i32.const 1) (i32.const 1356) (i32.const 1) (i32.const 0) (i64.const 2) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; open_on_unknown_fd: expect 8
    (call $report (i32.const 1392)
      (call $path_open (i32.const 99) (i32.const 1) (i32.const 1356) (i32.const 1) (i32.const 0) (i64.const 2) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; readdir_on_file: expect 54
    (call $report (i32.const 1412)
      (call $fd_readdir (i32.const 4) (i32.const 800) (i32.const 128) (i64.const 0) (i32.const 516)))
    ;; readdir_on_stdin: expect 8
    (call $report (i32.const 1428)
      (call $fd_readdir (i32.const 0) (i32.const 800) (i32.const 128) (i64.const 0) (i32.const 516)))
    ;; seek_dir: expect 8
    (call $report (i32.const 1448)
      (call $fd_seek (i32.const 3) (i64.const 0) (i32.const 0) (i32.const 504)))
    ;; seek_stdout: expect 70
    (call $report (i32.const 1460)
      (call $fd_seek (i32.const 1) (i64.const 0) (i32.const 0) (i32.const 504)))
    ;; seek_bad_whence: expect 28
    (call $report (i32.const 1472)
      (call $fd_seek (i32.const 4) (i64.const 0) (i32.const 3) (i32.const 504)))
    ;; seek_negative: expect 28
    (call $report (i32.const 1488)
      (call $fd_seek (i32.const 4) (i64.const -1) (i32.const 0) (i32.const 504)))
    ;; seek_end: expect 0; to offset 6 of 10
    (call $report (i32.const 1504)
      (call $fd_seek (i32.const 4) (i64.const -4) (i32.const 2) (i32.const 504)))
    ;; pread_stdin: expect 0 (stdin /dev/null: pread(2) reads 0 there)
    (call $report (i32.const 1516)
      (call $fd_pread (i32.const 0) (i32.const 520) (i32.const 1) (i64.const 0) (i32.const 516)))
    ;; pread_dir: expect 8
    (call $report (i32.const 1528)
      (call $fd_pread (i32.const 3) (i32.const 520) (i32.const 1) (i64.const 0) (i32.const 516)))
    ;; pread_file: expect 0
    (call $report (i32.const 1540)
      (call $fd_pread (i32.const 4) (i32.const 520) (i32.const 1) (i64.const 2) (i32.const 516)))
    ;; pwrite_readonly: expect 8
    (call $report (i32.const 1552)
      (call $fd_pwrite (i32.const 4) (i32.const 520) (i32.const 1) (i64.const 0) (i32.const 516)))
    ;; write_readonly: expect 8
    (call $report (i32.const 1568)
      (call $fd_write (i32.const 4) (i32.const 520) (i32.const 1) (i32.const 516)))
    ;; set_size_dir: expect 8
    (call $report (i32.const 1584)
      (call $fd_filestat_set_size (i32.const 3) (i64.const 0)))
    ;; set_size_readonly_file: expect 28
    (call $report (i32.const 1600)
      (call $fd_filestat_set_size (i32.const 4) (i64.const 0)))
    ;; sync_dir: expect 8
    (call $report (i32.const 1624)
      (call $fd_sync (i32.const 3)))
    ;; datasync_stdout: expect 8
    (call $report (i32.const 1636)
      (call $fd_datasync (i32.const 1)))
    ;; sync_file: expect 0
    (call $report (i32.const 1652)
      (call $fd_sync (i32.const 4)))
    ;; advise_bad: expect 28
    (call $report (i32.const 1664)
      (call $fd_advise (i32.const 4) (i64.const 0) (i64.const 0) (i32.const 9)))
    ;; advise_ok: expect 0
    (call $report (i32.const 1676)
      (call $fd_advise (i32.const 4) (i64.const 0) (i64.const 10) (i32.const 2)))
    ;; advise_dir: expect 8
    (call $report (i32.const 1688)
      (call $fd_advise (i32.const 3) (i64.const 0) (i64.const 0) (i32.const 0)))
    ;; advise_negative_len: expect 28 (a length of 2^63 or more is negative to posix_fadvise)
    (call $report (i32.const 2748)
      (call $fd_advise (i32.const 4) (i64.const 0) (i64.const -1) (i32.const 0)))
    ;; shutdown_dir_bad_how: expect 57 (not a socket comes before the bad flags, as shutdown(2))
    (call $report (i32.const 2768)
      (call $sock_shutdown (i32.const 3) (i32.const 0)))
    ;; allocate_dir: expect 8
    (call $report (i32.const 1700)
      (call $fd_allocate (i32.const 3) (i64.const 0) (i64.const 1)))
    ;; allocate_readonly: expect 8
    (call $report (i32.const 1716)
      (call $fd_allocate (i32.const 4) (i64.const 0) (i64.const 1)))
    ;; set_times_both_atim: expect 28
    (call $report (i32.const 1736)
      (call $fd_filestat_set_times (i32.const 4) (i64.const 0) (i64.const 0) (i32.const 3)))
    ;; set_times_both_mtim: expect 28
    (call $report (i32.const 1756)
      (call $fd_filestat_set_times (i32.const 4) (i64.const 0) (i64.const 0) (i32.const 12)))
    ;; set_times_bad_flag: expect 28
    (call $report (i32.const 1776)
      (call $fd_filestat_set_times (i32.const 4) (i64.const 0) (i64.const 0) (i32.const 16)))
    ;; set_times_stdout: expect 8
    (call $report (i32.const 1796)
      (call $fd_filestat_set_times (i32.const 1) (i64.const 0) (i64.const 0) (i32.const 2)))
    ;; set_flags_dir: expect 8
    (call $report (i32.const 1816)
      (call $fd_fdstat_set_flags (i32.const 3) (i32.const 0)))
    ;; set_flags_sync_file: expect 28
    (call $report (i32.const 1832)
      (call $fd_fdstat_set_flags (i32.const 4) (i32.const 16)))
    ;; set_flags_nonblock_file: expect 0
    (call $report (i32.const 1852)
      (call $fd_fdstat_set_flags (i32.const 4) (i32.const 4)))
    ;; filestat_stdout: expect 0
    (call $report (i32.const 1876)
      (call $fd_filestat_get (i32.const 1) (i32.const 700)))
    ;; rights_widen: expect 76
    (call $report (i32.const 1892)
      (call $fd_fdstat_set_rights (i32.const 4) (i64.const 1073741823) (i64.const 1073741823)))
    ;; rights_narrow: expect 0
    (call $report (i32.const 1908)
      (call $fd_fdstat_set_rights (i32.const 4) (i64.const 2) (i64.const 0)))
    ;; rights_widen_back: expect 76
    (call $report (i32.const 1924)
      (call $fd_fdstat_set_rights (i32.const 4) (i64.const 6) (i64.const 0)))
    ;; seek_after_narrow: expect 76
    (call $report (i32.const 1944)
      (call $fd_seek (i32.const 4) (i64.const 0) (i32.const 0) (i32.const 504)))
    ;; tell_after_narrow: expect 76
    (call $report (i32.const 1964)
      (call $fd_tell (i32.const 4) (i32.const 504)))
    ;; pread_after_narrow: expect 76
    (call $report (i32.const 1984)
      (call $fd_pread (i32.const 4) (i32.const 520) (i32.const 1) (i64.const 0) (i32.const 516)))
    ;; read_after_narrow: expect 0; reads on from offset 6
    (call $report (i32.const 2004)
      (call $fd_read (i32.const 4) (i32.const 520) (i32.const 1) (i32.const 516)))
    ;; filestat_after_narrow: expect 76
    (call $report (i32.const 2024)
      (call $fd_filestat_get (i32.const 4) (i32.const 700)))
    ;; mkdir_exists: expect 20
    (call $report (i32.const 2048)
      (call $path_create_directory (i32.const 3) (i32.const 1100) (i32.const 3)))
    ;; mkdir_over_file: expect 20
    (call $report (i32.const 2064)
      (call $path_create_directory (i32.const 3) (i32.const 1032) (i32.const 4)))
    ;; mkdir_over_dangling_link: expect 20
    (call $report (i32.const 2092)
      (call $path_create_directory (i32.const 3) (i32.const 2080) (i32.const 9)))
    ;; mkdir_on_file_fd: expect 54
    (call $report (i32.const 2120)
      (call $path_create_directory (i32.const 4) (i32.const 1356) (i32.const 1)))
    ;; rmdir_notempty: expect 55
    (call $report (i32.const 2140)
      (call $path_remove_directory (i32.const 3) (i32.const 1100) (i32.const 3)))
    ;; rmdir_file: expect 54
    (call $report (i32.const 2156)
      (call $path_remove_directory (i32.const 3) (i32.const 1032) (i32.const 4)))
    ;; rmdir_dot: expect 28
    (call $report (i32.const 2172)
      (call $path_remove_directory (i32.const 3) (i32.const 2168) (i32.const 1)))
    ;; rmdir_link_to_dir: expect 54
    (call $report (i32.const 2196)
      (call $path_remove_directory (i32.const 3) (i32.const 2184) (i32.const 8)))
    ;; unlink_dir: expect 31
    (call $report (i32.const 2216)
      (call $path_unlink_file (i32.const 3) (i32.const 1100) (i32.const 3)))
    ;; unlink_missing: expect 44
    (call $report (i32.const 2228)
      (call $path_unlink_file (i32.const 3) (i32.const 1052) (i32.const 7)))
    ;; unlink_trailing_slash: expect 54
    (call $report (i32.const 2252)
      (call $path_unlink_file (i32.const 3) (i32.const 2244) (i32.const 5)))
    ;; rename_missing: expect 44
    (call $report (i32.const 2276)
      (call $path_rename (i32.const 3) (i32.const 1052) (i32.const 7) (i32.const 3) (i32.const 1356) (i32.const 1)))
    ;; rename_dir_over_file: expect 54
    (call $report (i32.const 2292)
      (call $path_rename (i32.const 3) (i32.const 1100) (i32.const 3) (i32.const 3) (i32.const 1032) (i32.const 4)))
    ;; rename_file_over_dir: expect 31
    (call $report (i32.const 2316)
      (call $path_rename (i32.const 3) (i32.const 1032) (i32.const 4) (i32.const 3) (i32.const 1100) (i32.const 3)))
    ;; rename_into_itself: expect 28
    (call $report (i32.const 2348)
      (call $path_rename (i32.const 3) (i32.const 1100) (i32.const 3) (i32.const 3) (i32.const 2340) (i32.const 7)))
    ;; rename_to_file_fd: expect 54
    (call $report (i32.const 2368)
      (call $path_rename (i32.const 3) (i32.const 1032) (i32.const 4) (i32.const 4) (i32.const 1356) (i32.const 1)))
    ;; link_follow: expect 28
    (call $report (i32.const 2388)
      (call $path_link (i32.const 3) (i32.const 1) (i32.const 1032) (i32.const 4) (i32.const 3) (i32.const 1356) (i32.const 1)))
    ;; link_dir: expect 63
    (call $report (i32.const 2400)
      (call $path_link (i32.const 3) (i32.const 0) (i32.const 1100) (i32.const 3) (i32.const 3) (i32.const 1356) (i32.const 1)))
    ;; link_exists: expect 20
    (call $report (i32.const 2412)
      (call $path_link (i32.const 3) (i32.const 0) (i32.const 1032) (i32.const 4) (i32.const 3) (i32.const 1248) (i32.const 4)))
    ;; link_dir_exists: expect 20 (linkat(2) finds the new name taken before it refuses a directory)
    (call $report (i32.const 2792)
      (call $path_link (i32.const 3) (i32.const 0) (i32.const 1100) (i32.const 3) (i32.const 3) (i32.const 1032) (i32.const 4)))
    ;; symlink_absolute: expect 63
    (call $report (i32.const 2432)
      (call $path_symlink (i32.const 2424) (i32.const 4) (i32.const 3) (i32.const 1356) (i32.const 1)))
    ;; symlink_exists: expect 20
    (call $report (i32.const 2452)
      (call $path_symlink (i32.const 1356) (i32.const 1) (i32.const 3) (i32.const 1032) (i32.const 4)))
    ;; symlink_empty_target: expect 44
    (call $report (i32.const 2468)
      (call $path_symlink (i32.const 1336) (i32.const 0) (i32.const 3) (i32.const 1356) (i32.const 1)))
    ;; readlink_not_link: expect 28
    (call $report (i32.const 2492)
      (call $path_readlink (i32.const 3) (i32.const 1032) (i32.const 4) (i32.const 600) (i32.const 10) (i32.const 516)))
    ;; readlink_missing: expect 44
    (call $report (i32.const 2512)
      (call $path_readlink (i32.const 3) (i32.const 1052) (i32.const 7) (i32.const 600) (i32.const 10) (i32.const 516)))
    ;; readlink_small_buffer: expect 0; "fi": truncated, as wasmtime
    (call $report (i32.const 2532)
      (call $path_readlink (i32.const 3) (i32.const 1248) (i32.const 4) (i32.const 600) (i32.const 2) (i32.const 516)))
    ;; stat_missing: expect 44
    (call $report (i32.const 2556)
      (call $path_filestat_get (i32.const 3) (i32.const 1) (i32.const 1052) (i32.const 7) (i32.const 700)))
    ;; stat_bad_flags: expect 28
    (call $report (i32.const 2572)
      (call $path_filestat_get (i32.const 3) (i32.const 4) (i32.const 1032) (i32.const 4) (i32.const 700)))
    ;; stat_through_file: expect 54
    (call $report (i32.const 2588)
      (call $path_filestat_get (i32.const 3) (i32.const 1) (i32.const 2244) (i32.const 5) (i32.const 700)))
    ;; utimes_missing: expect 44
    (call $report (i32.const 2608)
      (call $path_filestat_set_times (i32.const 3) (i32.const 1) (i32.const 1052) (i32.const 7) (i64.const 0) (i64.const 0) (i32.const 2)))
    ;; renumber_missing_from: expect 8
    (call $report (i32.const 2624)
      (call $fd_renumber (i32.const 99) (i32.const 3)))
    ;; renumber_missing_to: expect 8
    (call $report (i32.const 2648)
      (call $fd_renumber (i32.const 4) (i32.const 99)))
    ;; prestat_file: expect 8
    (call $report (i32.const 2668)
      (call $fd_prestat_get (i32.const 4) (i32.const 700)))
    ;; close_file: expect 0
    (call $report (i32.const 2684)
      (call $fd_close (i32.const 4)))
    ;; read_closed: expect 8
    (call $report (i32.const 2696)
      (call $fd_read (i32.const 4) (i32.const 520) (i32.const 1) (i32.const 516)))
    ;; close_preopen: expect 0
    (call $report (i32.const 2708)
      (call $fd_close (i32.const 3)))
    ;; open_closed_preopen: expect 8
    (call $report (i32.const 2724)
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 1032) (i32.const 4) (i32.const 0) (i64.const 2) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    (call $str (i32.const 1024))
    (call $chr (i32.const 10))
    (call $flush))
)
