;; Rebuild: cd testdata/wat && wat2wasm fs_readonly.wat -o fs_readonly.wasm
;; Writes through a read-only preopen: one line `NAME=<errno>` per call, then
;; `done`. Run it with fd 3 a read-only preopen (`--dir HOST::GUEST:ro`)
;; holding `file` (0123456789), `dir/empty/` and `link -> file`, and fd 4 a
;; writable preopen holding `mine`. Every write through fd 3, or through an fd
;; opened below it, is EPERM (63) as with wasmtime's DirPerms::READ, or EBADF
;; (8) for an fd that was never opened for writing; reads all work.
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
  (data (i32.const 1040) "open_read\00")
  (data (i32.const 1052) "read\00")
  (data (i32.const 1060) "pread\00")
  (data (i32.const 1068) "filestat\00")
  (data (i32.const 1080) "write\00")
  (data (i32.const 1088) "pwrite\00")
  (data (i32.const 1096) "set_size\00")
  (data (i32.const 1108) "set_times_file\00")
  (data (i32.const 1124) "allocate\00")
  (data (i32.const 1136) "open_for_write\00")
  (data (i32.const 1152) "open_creat_existing\00")
  (data (i32.const 1172) "new\00")
  (data (i32.const 1176) "open_creat_new\00")
  (data (i32.const 1192) "open_trunc\00")
  (data (i32.const 1204) "missing\00")
  (data (i32.const 1212) "open_missing_for_write\00")
  (data (i32.const 1236) "newdir\00")
  (data (i32.const 1244) "mkdir\00")
  (data (i32.const 1252) "dir/empty\00")
  (data (i32.const 1264) "rmdir\00")
  (data (i32.const 1272) "unlink\00")
  (data (i32.const 1280) "moved\00")
  (data (i32.const 1288) "rename\00")
  (data (i32.const 1296) "linked\00")
  (data (i32.const 1304) "link\00")
  (data (i32.const 1312) "newlink\00")
  (data (i32.const 1320) "symlink\00")
  (data (i32.const 1328) "set_times_path\00")
  (data (i32.const 1344) "set_times_dir\00")
  (data (i32.const 1360) "stolen\00")
  (data (i32.const 1368) "rename_ro_to_rw\00")
  (data (i32.const 1384) "mine\00")
  (data (i32.const 1392) "planted\00")
  (data (i32.const 1400) "rename_rw_to_ro\00")
  (data (i32.const 1416) "link_ro_to_rw\00")
  (data (i32.const 1432) "link_rw_to_ro\00")
  (data (i32.const 1448) "dir\00")
  (data (i32.const 1452) "open_subdir\00")
  (data (i32.const 1464) "subdir_creat\00")
  (data (i32.const 1480) "subdir_mkdir\00")
  (data (i32.const 1496) "empty\00")
  (data (i32.const 1504) "subdir_rmdir\00")
  (data (i32.const 1520) "subdir_set_times\00")
  (data (i32.const 1540) "readdir\00")
  (data (i32.const 1548) "stat\00")
  (data (i32.const 1556) "readlink\00")
  (data (i32.const 1568) "open_via_link\00")
  (data (i32.const 1584) "made\00")
  (data (i32.const 1592) "rw_preopen_creat\00")
  (data (i32.const 1612) "rw_preopen_write\00")

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
    ;; open_read: expect 0; fd 5 from here on: file, read-only
    (call $report (i32.const 1040)
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 1032) (i32.const 4) (i32.const 0) (i64.const 2097190) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; read: expect 0
    (call $report (i32.const 1052)
      (call $fd_read (i32.const 5) (i32.const 520) (i32.const 1) (i32.const 516)))
    ;; pread: expect 0
    (call $report (i32.const 1060)
      (call $fd_pread (i32.const 5) (i32.const 520) (i32.const 1) (i64.const 2) (i32.const 516)))
    ;; filestat: expect 0
    (call $report (i32.const 1068)
      (call $fd_filestat_get (i32.const 5) (i32.const 700)))
    ;; write: expect 8
    (call $report (i32.const 1080)
      (call $fd_write (i32.const 5) (i32.const 520) (i32.const 1) (i32.const 516)))
    ;; pwrite: expect 8
    (call $report (i32.const 1088)
      (call $fd_pwrite (i32.const 5) (i32.const 520) (i32.const 1) (i64.const 0) (i32.const 516)))
    ;; set_size: expect 63
    (call $report (i32.const 1096)
      (call $fd_filestat_set_size (i32.const 5) (i64.const 0)))
    ;; set_times_file: expect 63
    (call $report (i32.const 1108)
      (call $fd_filestat_set_times (i32.const 5) (i64.const 0) (i64.const 0) (i32.const 2)))
    ;; allocate: expect 8
    (call $report (i32.const 1124)
      (call $fd_allocate (i32.const 5) (i64.const 0) (i64.const 100)))
    ;; open_for_write: expect 63
    (call $report (i32.const 1136)
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 1032) (i32.const 4) (i32.const 0) (i64.const 66) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; open_creat_existing: expect 63
    (call $report (i32.const 1152)
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 1032) (i32.const 4) (i32.const 1) (i64.const 2) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; open_creat_new: expect 63
    (call $report (i32.const 1176)
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 1172) (i32.const 3) (i32.const 1) (i64.const 66) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; open_trunc: expect 63
    (call $report (i32.const 1192)
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 1032) (i32.const 4) (i32.const 8) (i64.const 2) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; open_missing_for_write: expect 63
    (call $report (i32.const 1212)
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 1204) (i32.const 7) (i32.const 0) (i64.const 64) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; mkdir: expect 63
    (call $report (i32.const 1244)
      (call $path_create_directory (i32.const 3) (i32.const 1236) (i32.const 6)))
    ;; rmdir: expect 63
    (call $report (i32.const 1264)
      (call $path_remove_directory (i32.const 3) (i32.const 1252) (i32.const 9)))
    ;; unlink: expect 63
    (call $report (i32.const 1272)
      (call $path_unlink_file (i32.const 3) (i32.const 1032) (i32.const 4)))
    ;; rename: expect 63
    (call $report (i32.const 1288)
      (call $path_rename (i32.const 3) (i32.const 1032) (i32.const 4) (i32.const 3) (i32.const 1280) (i32.const 5)))
    ;; link: expect 63
    (call $report (i32.const 1304)
      (call $path_link (i32.const 3) (i32.const 0) (i32.const 1032) (i32.const 4) (i32.const 3) (i32.const 1296) (i32.const 6)))
    ;; symlink: expect 63
    (call $report (i32.const 1320)
      (call $path_symlink (i32.const 1032) (i32.const 4) (i32.const 3) (i32.const 1312) (i32.const 7)))
    ;; set_times_path: expect 63
    (call $report (i32.const 1328)
      (call $path_filestat_set_times (i32.const 3) (i32.const 1) (i32.const 1032) (i32.const 4) (i64.const 0) (i64.const 0) (i32.const 2)))
    ;; set_times_dir: expect 63
    (call $report (i32.const 1344)
      (call $fd_filestat_set_times (i32.const 3) (i64.const 0) (i64.const 0) (i32.const 2)))
    ;; rename_ro_to_rw: expect 63
    (call $report (i32.const 1368)
      (call $path_rename (i32.const 3) (i32.const 1032) (i32.const 4) (i32.const 4) (i32.const 1360) (i32.const 6)))
    ;; rename_rw_to_ro: expect 63
    (call $report (i32.const 1400)
      (call $path_rename (i32.const 4) (i32.const 1384) (i32.const 4) (i32.const 3) (i32.const 1392) (i32.const 7)))
    ;; link_ro_to_rw: expect 63
    (call $report (i32.const 1416)
      (call $path_link (i32.const 3) (i32.const 0) (i32.const 1032) (i32.const 4) (i32.const 4) (i32.const 1296) (i32.const 6)))
    ;; link_rw_to_ro: expect 63
    (call $report (i32.const 1432)
      (call $path_link (i32.const 4) (i32.const 0) (i32.const 1384) (i32.const 4) (i32.const 3) (i32.const 1392) (i32.const 7)))
    ;; open_subdir: expect 0; fd 6: below the read-only preopen
    (call $report (i32.const 1452)
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 1448) (i32.const 3) (i32.const 0) (i64.const 2) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; subdir_creat: expect 63
    (call $report (i32.const 1464)
      (call $path_open (i32.const 6) (i32.const 1) (i32.const 1172) (i32.const 3) (i32.const 1) (i64.const 66) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; subdir_mkdir: expect 63
    (call $report (i32.const 1480)
      (call $path_create_directory (i32.const 6) (i32.const 1236) (i32.const 6)))
    ;; subdir_rmdir: expect 63
    (call $report (i32.const 1504)
      (call $path_remove_directory (i32.const 6) (i32.const 1496) (i32.const 5)))
    ;; subdir_set_times: expect 63
    (call $report (i32.const 1520)
      (call $fd_filestat_set_times (i32.const 6) (i64.const 0) (i64.const 0) (i32.const 2)))
    ;; readdir: expect 0
    (call $report (i32.const 1540)
      (call $fd_readdir (i32.const 3) (i32.const 800) (i32.const 128) (i64.const 0) (i32.const 516)))
    ;; stat: expect 0
    (call $report (i32.const 1548)
      (call $path_filestat_get (i32.const 3) (i32.const 1) (i32.const 1032) (i32.const 4) (i32.const 700)))
    ;; readlink: expect 0
    (call $report (i32.const 1556)
      (call $path_readlink (i32.const 3) (i32.const 1304) (i32.const 4) (i32.const 600) (i32.const 10) (i32.const 516)))
    ;; open_via_link: expect 0
    (call $report (i32.const 1568)
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 1304) (i32.const 4) (i32.const 0) (i64.const 2) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; rw_preopen_creat: expect 0; the writable preopen still works
    (call $report (i32.const 1592)
      (call $path_open (i32.const 4) (i32.const 1) (i32.const 1584) (i32.const 4) (i32.const 1) (i64.const 66) (i64.const 1073741823) (i32.const 0) (i32.const 512)))
    ;; rw_preopen_write: expect 0
    (call $report (i32.const 1612)
      (call $fd_write (i32.const 8) (i32.const 520) (i32.const 1) (i32.const 516)))
    (call $str (i32.const 1024))
    (call $chr (i32.const 10))
    (call $flush))
)
