// Rebuild: cd testdata/c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o race.wasm race.c
//
// The guest side of tests/fs_race_test.ts: for SECONDS seconds, repeats
// every path call through "d" in the preopen fd 3, while a host process
// keeps exchanging "d" (a directory) with "l" (a symlink to a directory
// outside the preopen). Inside, d/secret holds "inside" and d/r -> "in";
// outside, secret holds "OUTSIDE!", r -> "OUT" and a file named "leak"
// exists. Prints how many calls were made and how many answers showed
// outside data (which must be 0).
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

static const __wasi_fd_t PRE = 3;
static long calls, leaks;

static void op_open(void) {
  __wasi_fd_t fd;
  calls++;
  if (__wasi_path_open(PRE, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "d/secret", __WASI_OFLAGS_CREAT,
                       __WASI_RIGHTS_FD_READ, 0, 0, &fd) != 0)
    return;
  char buf[16] = {0};
  __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf - 1};
  __wasi_size_t n;
  if (__wasi_fd_read(fd, (const __wasi_iovec_t *)&iov, 1, &n) == 0 && strstr(buf, "OUTSIDE")) leaks++;
  if (__wasi_fd_close(fd)) {}
}

static void op_stat(void) {
  __wasi_filestat_t st;
  calls += 2;
  if (__wasi_path_filestat_get(PRE, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "d/secret", &st) == 0 &&
      st.size == 8)
    leaks++;
  if (__wasi_path_filestat_get(PRE, 0, "d/leak", &st) == 0) leaks++;
}

static void op_dirs(void) {
  calls += 2;
  if (__wasi_path_create_directory(PRE, "d/m")) {}
  if (__wasi_path_remove_directory(PRE, "d/m")) {}
}

static void op_files(void) {
  __wasi_fd_t fd;
  calls += 2;
  if (__wasi_path_open(PRE, 0, "d/new", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE, 0, 0, &fd) == 0)
    if (__wasi_fd_close(fd)) {}
  if (__wasi_path_unlink_file(PRE, "d/new")) {}
  calls++;
  if (__wasi_path_unlink_file(PRE, "d/victim")) {}
}

static void op_rename_link(void) {
  calls += 4;
  if (__wasi_path_rename(PRE, "d/a", PRE, "d/b")) {}
  if (__wasi_path_rename(PRE, "d/b", PRE, "d/a")) {}
  if (__wasi_path_link(PRE, 0, "d/a", PRE, "d/h")) {}
  if (__wasi_path_unlink_file(PRE, "d/h")) {}
  calls += 2;
  if (__wasi_path_rename(PRE, "d/pull", PRE, "pulled")) {}  // moves an outside file in, if it escapes
  if (__wasi_path_link(PRE, 0, "d/secret", PRE, "hard")) {} // links an outside file in, if it escapes
}

static void op_symlinks(void) {
  char buf[16] = {0};
  __wasi_size_t n;
  calls += 3;
  if (__wasi_path_symlink("a", PRE, "d/s")) {}
  if (__wasi_path_unlink_file(PRE, "d/s")) {}
  if (__wasi_path_readlink(PRE, "d/r", (uint8_t *)buf, sizeof buf - 1, &n) == 0 &&
      strncmp(buf, "OUT", 3) == 0)
    leaks++;
}

static void op_times(void) {
  calls++;
  if (__wasi_path_filestat_set_times(PRE, 0, "d/a", 1000000000ull, 1000000000ull,
                                     __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM)) {}
}

static void op_readdir(void) {
  __wasi_fd_t fd;
  calls++;
  if (__wasi_path_open(PRE, 0, "d", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0, 0, &fd) != 0)
    return;
  uint8_t buf[4096];
  __wasi_size_t used;
  if (__wasi_fd_readdir(fd, buf, sizeof buf, 0, &used) == 0) {
    for (size_t off = 0; off + sizeof(__wasi_dirent_t) <= used;) {
      __wasi_dirent_t *e = (__wasi_dirent_t *)(buf + off);
      const char *name = (const char *)(buf + off + sizeof *e);
      if (off + sizeof *e + e->d_namlen > used) break;
      if (e->d_namlen == 4 && memcmp(name, "leak", 4) == 0) leaks++;
      off += sizeof *e + e->d_namlen;
    }
  }
  if (__wasi_fd_close(fd)) {}
}

int main(int argc, char **argv) {
  double seconds = argc > 1 ? atof(argv[1]) : 1;
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (;;) {
    for (int i = 0; i < 20; i++) {
      op_open();
      op_stat();
      op_dirs();
      op_files();
      op_rename_link();
      op_symlinks();
      op_times();
      op_readdir();
    }
    clock_gettime(CLOCK_MONOTONIC, &now);
    if ((now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9 >= seconds) break;
  }
  printf("calls=%ld leaks=%ld\n", calls, leaks);
  return 0;
}
