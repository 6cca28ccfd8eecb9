// Rebuild: cd testdata/c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o conform.wasm conform.c
//
// Three behaviours a conformance suite checks, the links a guest must not
// plant, and what path_open with CREAT answers for "name/" and "name/."
// (tests/fs_conform_test.ts), through the preopen fd 3, which must hold
// only the host-made symlinks "out" (leading out of it), "to-missing-slash"
// ("missing/"), "to-missing-dot" ("missing/."), "to-file-dot" ("file/."),
// "loop-self" ("loop-self/"), "loop-a" ("loop-b/"), "loop-b" ("loop-a/") and
// "to-nope-x-slash" ("nope/x/"). Prints one line each (errno numbers: 63 EPERM, 44 ENOENT, ...).
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static const __wasi_fd_t PRE = 3;

static void show(const char *what, __wasi_errno_t e) { printf("%s: %d\n", what, e); }

int main(void) {
  __wasi_fd_t fd, dir;
  // 1. path_symlink whose new path ends with "/".
  show("symlink to missing/", __wasi_path_symlink("t", PRE, "missing/"));
  if (__wasi_path_create_directory(PRE, "sub")) return 1;
  show("symlink to dir/", __wasi_path_symlink("t", PRE, "sub/"));
  if (__wasi_path_open(PRE, 0, "file", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE, 0, 0, &fd)) return 1;
  if (__wasi_fd_close(fd)) return 1;
  show("symlink to file/", __wasi_path_symlink("t", PRE, "file/"));

  // 2. O_TRUNC through a directory fd without PATH_FILESTAT_SET_SIZE.
  if (__wasi_path_open(PRE, 0, "sub", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_PATH_OPEN |
                       __WASI_RIGHTS_PATH_FILESTAT_SET_SIZE | __WASI_RIGHTS_PATH_CREATE_FILE, 0, 0, &dir))
    return 1;
  if (__wasi_path_open(dir, 0, "f", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE, 0, 0, &fd)) return 1;
  if (__wasi_fd_close(fd)) return 1;
  __wasi_fdstat_t st;
  if (__wasi_fd_fdstat_get(dir, &st)) return 1;
  show("trunc with the right", __wasi_path_open(dir, 0, "f", __WASI_OFLAGS_TRUNC, 0, 0, 0, &fd));
  if (__wasi_fd_close(fd)) return 1;
  __wasi_errno_t e = __wasi_fd_fdstat_set_rights(
      dir, st.fs_rights_base & ~__WASI_RIGHTS_PATH_FILESTAT_SET_SIZE, st.fs_rights_inheriting);
  if (e == 0) {
    show("trunc without it", __wasi_path_open(dir, 0, "f", __WASI_OFLAGS_TRUNC, 0, 0, 0, &fd));
  } else {
    show("fd_fdstat_set_rights", e);
  }

  // 2b. TRUNC with FD_READ alone: the file is truncated and the fd stays read-only, as open(2)'s
  // O_RDONLY|O_TRUNC (wazero too; wasmtime 49 writes).
  __wasi_ciovec_t three = {(const uint8_t *)"abc", 3};
  __wasi_size_t n;
  if (__wasi_path_open(PRE, 0, "file", 0, __WASI_RIGHTS_FD_WRITE, 0, 0, &fd)) return 1;
  if (__wasi_fd_write(fd, &three, 1, &n) || __wasi_fd_close(fd)) return 1;
  if (__wasi_path_open(PRE, 0, "file", __WASI_OFLAGS_TRUNC, __WASI_RIGHTS_FD_READ |
                       __WASI_RIGHTS_FD_FILESTAT_GET, 0, 0, &fd)) return 1;
  __wasi_filestat_t truncated;
  if (__wasi_fd_filestat_get(fd, &truncated) || __wasi_fd_fdstat_get(fd, &st)) return 1;
  printf("trunc read-only: size %llu, FD_WRITE %s, write %d\n", (unsigned long long)truncated.size,
         st.fs_rights_base & __WASI_RIGHTS_FD_WRITE ? "yes" : "no",
         __wasi_fd_write(fd, &three, 1, &n));
  if (__wasi_fd_close(fd)) return 1;
  // A directory: EISDIR, as open(2)'s O_RDONLY|O_TRUNC (it asks for write access).
  show("trunc dir read-only", __wasi_path_open(PRE, 0, "sub", __WASI_OFLAGS_TRUNC,
                                               __WASI_RIGHTS_FD_READ, 0, 0, &fd));

  // 3. The same rights whether or not path_open created the file.
  __wasi_rights_t asked = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK;
  __wasi_fdstat_t a, b;
  if (__wasi_path_open(PRE, 0, "new", __WASI_OFLAGS_CREAT, asked, asked, 0, &fd)) return 1;
  if (__wasi_fd_fdstat_get(fd, &a) || __wasi_fd_close(fd)) return 1;
  if (__wasi_path_open(PRE, 0, "new", __WASI_OFLAGS_CREAT, asked, asked, 0, &fd)) return 1;
  if (__wasi_fd_fdstat_get(fd, &b) || __wasi_fd_close(fd)) return 1;
  printf("created: base %llx inheriting %llx\n", (unsigned long long)a.fs_rights_base,
         (unsigned long long)a.fs_rights_inheriting);
  printf("existing: base %llx inheriting %llx\n", (unsigned long long)b.fs_rights_base,
         (unsigned long long)b.fs_rights_inheriting);
  __wasi_fdstat_t c;
  if (__wasi_path_open(PRE, 0, "new", 0, asked, asked, 0, &fd)) return 1;
  if (__wasi_fd_fdstat_get(fd, &c) || __wasi_fd_close(fd)) return 1;
  printf("no CREAT: base %llx inheriting %llx\n", (unsigned long long)c.fs_rights_base,
         (unsigned long long)c.fs_rights_inheriting);
  printf("same rights: %s\n", a.fs_rights_base == b.fs_rights_base &&
         a.fs_rights_inheriting == b.fs_rights_inheriting ? "yes" : "no");
  // The suite's path_link: a file path_open(CREAT) made, no rights asked,
  // against a later open (no CREAT, no rights asked) of a link to it.
  __wasi_fdstat_t made, linked;
  __wasi_fd_t lfd;
  if (__wasi_path_open(PRE, 0, "made", __WASI_OFLAGS_CREAT, 0, 0, 0, &fd)) return 1;
  if (__wasi_fd_fdstat_get(fd, &made)) return 1;
  if (__wasi_path_link(PRE, 0, "made", PRE, "made-link")) return 1;
  if (__wasi_path_open(PRE, 0, "made-link", 0, 0, 0, 0, &lfd)) return 1;
  if (__wasi_fd_fdstat_get(lfd, &linked) || __wasi_fd_close(lfd) || __wasi_fd_close(fd)) return 1;
  printf("created vs link: %s\n", made.fs_rights_base == linked.fs_rights_base &&
         made.fs_rights_inheriting == linked.fs_rights_inheriting &&
         made.fs_flags == linked.fs_flags && made.fs_filetype == linked.fs_filetype ? "same" : "differ");
  if (__wasi_path_unlink_file(PRE, "made") || __wasi_path_unlink_file(PRE, "made-link")) return 1;

  // 4. No planted link leads out of the preopen (EPERM is 63).
  show("symlink gdot -> .", __wasi_path_symlink(".", PRE, "gdot"));
  show("symlink gdot/../X", __wasi_path_symlink("gdot/../X", PRE, "p1"));
  show("symlink sub/l -> ../x", __wasi_path_symlink("../x", PRE, "sub/l"));
  show("symlink sub/deep -> ../../x", __wasi_path_symlink("../../x", PRE, "sub/deep"));
  show("rename sub/l up", __wasi_path_rename(PRE, "sub/l", PRE, "l"));
  show("link sub/l up", __wasi_path_link(PRE, 0, "sub/l", PRE, "l2"));
  if (__wasi_path_create_directory(PRE, "sub2")) return 1;
  show("rename sub/l to sub2/l", __wasi_path_rename(PRE, "sub/l", PRE, "sub2/l"));
  show("link sub2/l to sub/l", __wasi_path_link(PRE, 0, "sub2/l", PRE, "sub/l"));
  // A directory holding a link moves: to a shallower place, the link's ".."
  // would climb further than counted (mv/a/b/l -> ../../../x is fine three
  // levels down, not two: EPERM); at the same depth, or without such links, it moves.
  if (__wasi_path_create_directory(PRE, "mv") || __wasi_path_create_directory(PRE, "mv/a") ||
      __wasi_path_create_directory(PRE, "mv/a/b") || __wasi_path_create_directory(PRE, "mv/c") ||
      __wasi_path_create_directory(PRE, "mv/c/d"))
    return 1;
  show("symlink mv/a/b/l -> ../../../x", __wasi_path_symlink("../../../x", PRE, "mv/a/b/l"));
  show("symlink mv/c/d/l -> ../x", __wasi_path_symlink("../x", PRE, "mv/c/d/l"));
  show("rename mv/a up", __wasi_path_rename(PRE, "mv/a", PRE, "a"));
  show("rename mv/a/b up", __wasi_path_rename(PRE, "mv/a/b", PRE, "mv/b"));
  show("rename mv/a to sub2/a", __wasi_path_rename(PRE, "mv/a", PRE, "sub2/a"));
  show("rename mv/c up", __wasi_path_rename(PRE, "mv/c", PRE, "c"));

  // 5. CREAT of "name/" is EISDIR once the parent is found, whatever is at
  // the name (open(2) does not follow it, even out of the preopen); of
  // "name/.", what the name is (open(2): ENOTDIR, EEXIST with EXCL, ENOENT);
  // through a symlink to either, the same (EXCL: the link itself exists), and
  // a link to "name/" is not followed further (EISDIR even in a loop).
  const char *names[] = {"file/", "sub/", "nothing/", "out/", "out///", "file/.", "sub/.",
                         "nothing/.", "nothing/x/", "to-missing-slash", "to-missing-dot",
                         "to-file-dot", "loop-self", "loop-a", "to-nope-x-slash", 0};
  for (int i = 0; names[i]; i++) {
    for (int excl = 0; excl < 2; excl++) {
      __wasi_oflags_t oflags = __WASI_OFLAGS_CREAT | (excl ? __WASI_OFLAGS_EXCL : 0);
      e = __wasi_path_open(PRE, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, names[i], oflags,
                           __WASI_RIGHTS_FD_READ, 0, 0, &fd);
      if (e == 0 && __wasi_fd_close(fd)) return 1;
      printf("open %s %s: %d\n", excl ? "CREAT|EXCL" : "CREAT", names[i], e);
    }
  }

  // 6. A last component "." names the directory before it, not a name in
  // it: nothing is made, moved or removed (Linux's and wasmtime's answers).
  if (__wasi_path_create_directory(PRE, "dots") || __wasi_path_create_directory(PRE, "dots/d") ||
      __wasi_path_create_directory(PRE, "dots/d/e"))
    return 1;
  if (__wasi_path_open(PRE, 0, "dots/f", __WASI_OFLAGS_CREAT, 0, 0, 0, &fd) || __wasi_fd_close(fd))
    return 1;
  show("mkdir dots/d/.", __wasi_path_create_directory(PRE, "dots/d/."));
  show("mkdir dots/nope/.", __wasi_path_create_directory(PRE, "dots/nope/."));
  show("mkdir dots/f/.", __wasi_path_create_directory(PRE, "dots/f/."));
  show("rmdir dots/d/e/.", __wasi_path_remove_directory(PRE, "dots/d/e/."));
  show("rmdir dots/nope/.", __wasi_path_remove_directory(PRE, "dots/nope/."));
  show("unlink dots/d/.", __wasi_path_unlink_file(PRE, "dots/d/."));
  show("link dots/f dots/d/.", __wasi_path_link(PRE, 0, "dots/f", PRE, "dots/d/."));
  show("link dots/f dots/nope/.", __wasi_path_link(PRE, 0, "dots/f", PRE, "dots/nope/."));
  show("symlink t dots/d/.", __wasi_path_symlink("t", PRE, "dots/d/."));
  show("symlink t dots/nope/.", __wasi_path_symlink("t", PRE, "dots/nope/."));
  show("rename dots/f dots/d/.", __wasi_path_rename(PRE, "dots/f", PRE, "dots/d/."));
  show("rename dots/d/e/. dots/z", __wasi_path_rename(PRE, "dots/d/e/.", PRE, "dots/z"));
  show("rename dots/d dots/d/e/.", __wasi_path_rename(PRE, "dots/d", PRE, "dots/d/e/."));
  show("rename dots/f dots/nope/.", __wasi_path_rename(PRE, "dots/f", PRE, "dots/nope/."));

  // 7. A directory removed while open lists "." and ".." only (wasmtime).
  __wasi_fd_t gone;
  if (__wasi_path_create_directory(PRE, "gone") ||
      __wasi_path_open(PRE, 0, "gone", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0, 0,
                       &gone) ||
      __wasi_path_remove_directory(PRE, "gone"))
    return 1;
  static unsigned char dents[512];
  __wasi_size_t used = 0;
  e = __wasi_fd_readdir(gone, dents, sizeof dents, 0, &used);
  printf("readdir of a removed directory: %d, %u bytes\n", e, (unsigned)used);
  if (__wasi_fd_close(gone)) return 1;

  // 8. A hard link at "new/" makes nothing (ENOENT; EEXIST where taken), and
  // a right taken from a directory's inheriting rights is not a new file's.
  show("link file newlink/", __wasi_path_link(PRE, 0, "file", PRE, "newlink/"));
  show("link file sub/", __wasi_path_link(PRE, 0, "file", PRE, "sub/"));
  __wasi_fd_t inh, rf;
  if (__wasi_path_open(PRE, 0, "sub", __WASI_OFLAGS_DIRECTORY, 0, 0, 0, &inh)) return 1;
  __wasi_fdstat_t ds, fs;
  if (__wasi_fd_fdstat_get(inh, &ds)) return 1;
  show("drop inheriting FD_READ", __wasi_fd_fdstat_set_rights(inh, ds.fs_rights_base,
                                  ds.fs_rights_inheriting & ~__WASI_RIGHTS_FD_READ));
  if (__wasi_path_open(inh, 0, "f", 0, 0, 0, 0, &rf) || __wasi_fd_fdstat_get(rf, &fs)) return 1;
  printf("opened without it: FD_READ %s\n",
         fs.fs_rights_base & __WASI_RIGHTS_FD_READ ? "kept" : "gone");
  static unsigned char one[1];
  __wasi_iovec_t iov = {one, 1};
  __wasi_size_t got;
  show("fd_read without it", __wasi_fd_read(rf, &iov, 1, &got));
  if (__wasi_fd_close(rf)) return 1;

  // 9. A directory opened through another passes on what that one passes on:
  // the preopen's file rights (wasi-libc's openat asks a file for the rights
  // its directory's inheriting rights allow, so without FD_WRITE there an
  // O_RDWR file could not be written), and not a right given up before.
  __wasi_fd_t sub2, wf, below, rf2;
  if (__wasi_path_open(PRE, 0, "sub", __WASI_OFLAGS_DIRECTORY, 0, 0, 0, &sub2)) return 1;
  if (__wasi_fd_fdstat_get(sub2, &ds)) return 1;
  printf("opened directory passes on FD_WRITE: %s\n",
         ds.fs_rights_inheriting & __WASI_RIGHTS_FD_WRITE ? "yes" : "no");
  if (__wasi_path_open(sub2, 0, "f", 0, ds.fs_rights_inheriting, 0, 0, &wf)) return 1;
  __wasi_ciovec_t ciov = {one, 1};
  show("fd_write through it", __wasi_fd_write(wf, &ciov, 1, &got));
  if (__wasi_path_open(inh, 0, ".", __WASI_OFLAGS_DIRECTORY, 0, 0, 0, &below)) return 1;
  if (__wasi_path_open(below, 0, "f", 0, 0, 0, 0, &rf2) || __wasi_fd_fdstat_get(rf2, &fs)) return 1;
  printf("one level below: FD_READ %s\n", fs.fs_rights_base & __WASI_RIGHTS_FD_READ ? "kept" : "gone");
  if (__wasi_fd_close(rf2) || __wasi_fd_close(below) || __wasi_fd_close(wf)) return 1;
  if (__wasi_fd_close(sub2) || __wasi_fd_close(inh)) return 1;

  // 10. Open flags as open(2) takes them (Deno's node:fs, behind the procfs
  // and paths resolvers there, took four otherwise): CREAT without write
  // access makes the file and EXCL then refuses it; EXCL without CREAT means
  // nothing; TRUNC with APPEND, or without write access, truncates.
  __wasi_fd_t o;
  __wasi_filestat_t fst;
  show("read-only CREAT of a new file", __wasi_path_open(PRE, 0, "ro-new", __WASI_OFLAGS_CREAT,
                                        __WASI_RIGHTS_FD_READ, 0, 0, &o));
  if (__wasi_fd_close(o)) return 1;
  show("read-only CREAT|EXCL of it", __wasi_path_open(PRE, 0, "ro-new", __WASI_OFLAGS_CREAT |
                                     __WASI_OFLAGS_EXCL, __WASI_RIGHTS_FD_READ, 0, 0, &o));
  show("EXCL without CREAT", __wasi_path_open(PRE, 0, "file", __WASI_OFLAGS_EXCL,
                             __WASI_RIGHTS_FD_READ, 0, 0, &o));
  if (__wasi_fd_close(o)) return 1;
  __wasi_ciovec_t abc = {(const uint8_t *)"abc", 3};
  const __wasi_rights_t rw = __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_FILESTAT_GET;
  for (int append = 1; append >= 0; append--) {
    if (__wasi_path_open(PRE, 0, "full", __WASI_OFLAGS_CREAT, rw, 0, 0, &o) ||
        __wasi_fd_write(o, &abc, 1, &got) || __wasi_fd_close(o)) return 1;
    __wasi_errno_t e = __wasi_path_open(PRE, 0, "full", __WASI_OFLAGS_TRUNC,
                                        append ? rw : __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_FILESTAT_GET, 0,
                                        append ? __WASI_FDFLAGS_APPEND : 0, &o);
    if (e == 0 && (__wasi_fd_filestat_get(o, &fst) || __wasi_fd_close(o))) return 1;
    printf("TRUNC %s: %d, size %d\n", append ? "with APPEND" : "read-only", e, e ? -1 : (int)fst.size);
  }
  // APPEND without write access opens for reading only (Deno's made it read-write: EISDIR).
  e = __wasi_path_open(PRE, 0, "sub", 0, __WASI_RIGHTS_FD_READ, 0,
                       __WASI_FDFLAGS_APPEND, &o);
  if (e == 0 && __wasi_fd_close(o)) return 1;
  printf("read-only APPEND of a directory: %d\n", e);
  e = __wasi_path_open(PRE, 0, "sub", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_READ, 0, 0, &o);
  if (e == 0 && __wasi_fd_close(o)) return 1;
  printf("read-only CREAT of a directory: %d\n", e);
  // Switching APPEND on a read-only fd leaves it read-only (Deno's reopen made it read-write).
  if (__wasi_path_open(PRE, 0, "full", 0, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE |
                       __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS, 0, 0, &o)) return 1;
  show("APPEND on a read-only fd", __wasi_fd_fdstat_set_flags(o, __WASI_FDFLAGS_APPEND));
  show("then its size set", __wasi_fd_filestat_set_size(o, 5));
  if (__wasi_fd_close(o)) return 1;

  // 11. A directory fd whose parent the guest renamed still names that directory (Go's
  // TestRootRenameAfterOpen; the paths resolver once answered ENOENT).
  __wasi_fd_t held;
  if (__wasi_path_create_directory(PRE, "mvp") || __wasi_path_create_directory(PRE, "mvp/in")) return 1;
  if (__wasi_path_open(PRE, 0, "mvp/in", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_PATH_OPEN |
                       __WASI_RIGHTS_PATH_CREATE_FILE | __WASI_RIGHTS_PATH_FILESTAT_GET,
                       __WASI_RIGHTS_FD_WRITE, 0, &held)) return 1;
  show("rename mvp mvq", __wasi_path_rename(PRE, "mvp", PRE, "mvq"));
  e = __wasi_path_open(held, 0, "f", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE, 0, 0, &o);
  if (e == 0 && __wasi_fd_close(o)) return 1;
  show("create through the held fd", e);
  show("found at the new path", __wasi_path_filestat_get(PRE, 0, "mvq/in/f", &fst));
  show("renamed back, through it", __wasi_path_rename(PRE, "mvq", PRE, "mvp"));
  show("stat through it", __wasi_path_filestat_get(held, 0, "f", &fst));
  if (__wasi_fd_close(held)) return 1;

  // 12. APPEND as Linux has it: switched on, a zero-length write moves nothing and a pwrite at
  // 2^63 is EINVAL; opened with it, a write lands at the end whatever the position (2^60).
  const __wasi_rights_t ap = rw | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL |
                             __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS;
  __wasi_filesize_t pos;
  __wasi_ciovec_t none = {(const uint8_t *)"", 0}, x = {(const uint8_t *)"x", 1};
  if (__wasi_path_open(PRE, 0, "apx", __WASI_OFLAGS_CREAT, ap, 0, 0, &o) ||
      __wasi_fd_write(o, &abc, 1, &got)) return 1;
  show("APPEND switched on", __wasi_fd_fdstat_set_flags(o, __WASI_FDFLAGS_APPEND));
  if (__wasi_fd_seek(o, 0, __WASI_WHENCE_SET, &pos)) return 1;
  show("zero-length write", __wasi_fd_write(o, &none, 1, &got));
  if (__wasi_fd_tell(o, &pos)) return 1;
  printf("position after it: %d\n", (int)pos);
  show("pwrite at 2^63", __wasi_fd_pwrite(o, &x, 1, 0x8000000000000000ULL, &got));
  if (__wasi_fd_close(o)) return 1;
  if (__wasi_path_open(PRE, 0, "apx", 0, ap, 0, __WASI_FDFLAGS_APPEND, &o) ||
      __wasi_fd_seek(o, 1LL << 60, __WASI_WHENCE_SET, &pos)) return 1;
  show("write at 2^60 with APPEND", __wasi_fd_write(o, &x, 1, &got));
  if (__wasi_fd_filestat_get(o, &fst) || __wasi_fd_close(o)) return 1;
  printf("size: %d\n", (int)fst.size);

  // 13. Paths led by "./" (a program given "./file"; wasi-libc's paths under a "." preopen) answer
  // as the same paths without it.
  static const char *const dotted[] = {"./file", "./", ".//sub/f", "././sub", "./file/", "./..",
                                       "./out", "./out/x", "./nothing", "./sub/./f", ".x"};
  for (size_t i = 0; i < sizeof dotted / sizeof *dotted; i++) {
    for (int follow = 0; follow < 2; follow++) {
      e = __wasi_path_filestat_get(PRE, follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, dotted[i], &fst);
      printf("stat%s %s: %d, type %d\n", follow ? " following" : "", dotted[i], e,
             e ? -1 : fst.filetype);
    }
  }
  show("open ./sub/f", __wasi_path_open(PRE, 0, "./sub/f", 0, __WASI_RIGHTS_FD_READ, 0, 0, &o));
  if (__wasi_fd_close(o)) return 1;
  show("create ./sub/dotted", __wasi_path_open(PRE, 0, "./sub/dotted", __WASI_OFLAGS_CREAT |
                                               __WASI_OFLAGS_EXCL, __WASI_RIGHTS_FD_WRITE, 0, 0, &o));
  if (__wasi_fd_close(o)) return 1;
  show("rename ./sub/dotted .//sub/moved", __wasi_path_rename(PRE, "./sub/dotted", PRE, ".//sub/moved"));
  show("rename ./sub/moved ./", __wasi_path_rename(PRE, "./sub/moved", PRE, "./"));
  show("rename ./sub/moved ./..", __wasi_path_rename(PRE, "./sub/moved", PRE, "./.."));
  show("unlink ./sub/moved/", __wasi_path_unlink_file(PRE, "./sub/moved/"));
  show("unlink ./sub/moved", __wasi_path_unlink_file(PRE, "./sub/moved"));
  show("unlink ./sub/moved again", __wasi_path_unlink_file(PRE, "./sub/moved"));
  show("unlink ./", __wasi_path_unlink_file(PRE, "./"));
  return 0;
}
