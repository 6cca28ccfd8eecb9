// Rebuild: cd testdata/c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o race.wasm race.c
//
// The guest side of tests/fs_race_test.ts: for SECONDS seconds, repeats
// every path call through "d" in the preopen fd 3, while a host process
// keeps exchanging "d" (a directory) with "l" (a symlink to a directory
// outside the preopen). Inside, d/secret holds "inside" and d/r -> "in";
// outside, secret holds "OUTSIDE!", r -> "OUT" and a file named "leak"
// exists. Prints how many calls were made and how many answers showed
// outside data (which must be 0).
//
// `race.wasm SECONDS plant`: moves and links the file d/g up to the top and
// back, while the host keeps exchanging it with d/s -> ../x (which leads to
// x in the preopen from d, and out of it from the top): a symlink found at
// the top after a move or link (left there, where it leads out) counts as a
// leak.
//
// `race.wasm SECONDS final`: truncates, writes and reads d/f while the host
// keeps exchanging it with d/l, a symlink to a file outside: reading outside
// data counts as a leak (the test also checks that file is unchanged).
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

/* Whether `name` at the top is a symlink: one moved or linked up, where it leads out. */
static int is_link(const char *name) {
  __wasi_filestat_t st;
  return __wasi_path_filestat_get(PRE, 0, name, &st) == 0 &&
         st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK;
}

static void op_plant(void) {
  calls += 3;
  if (__wasi_path_rename(PRE, "d/g", PRE, "up") == 0) {
    if (is_link("up")) leaks++; // left there
    else if (__wasi_path_rename(PRE, "up", PRE, "d/g")) {}
  }
  calls += 3;
  if (__wasi_path_link(PRE, 0, "d/g", PRE, "hl") == 0) {
    if (is_link("hl")) leaks++;
    else if (__wasi_path_unlink_file(PRE, "hl")) {}
  }
  // A link taken away (moved up, it led out) is made again, for the host to go on swapping.
  calls += 2;
  if (__wasi_path_symlink("../x", PRE, "d/g")) {}
  if (__wasi_path_symlink("../x", PRE, "d/s")) {}
}

/* Truncates and writes d/f, and reads it back: never the outside file a swapped-in d/l leads to. */
static void op_final(void) {
  __wasi_fd_t fd;
  calls += 2;
  if (__wasi_path_open(PRE, 0, "d/f", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC,
                       __WASI_RIGHTS_FD_WRITE, 0, 0, &fd) == 0) {
    __wasi_ciovec_t iov = {(const uint8_t *)"inside", 6};
    __wasi_size_t n;
    if (__wasi_fd_write(fd, &iov, 1, &n)) {}
    if (__wasi_fd_close(fd)) {}
  }
  if (__wasi_path_open(PRE, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "d/f", 0, __WASI_RIGHTS_FD_READ, 0, 0,
                       &fd) == 0) {
    char buf[16] = {0};
    __wasi_iovec_t iov = {(uint8_t *)buf, sizeof buf - 1};
    __wasi_size_t n;
    if (__wasi_fd_read(fd, (const __wasi_iovec_t *)&iov, 1, &n) == 0 && strstr(buf, "OUTSIDE")) leaks++;
    if (__wasi_fd_close(fd)) {}
  }
}

// `fifo`: opens d/p for reading and closes it, over and over, while the host exchanges the FIFO
// d/p with the file d/f: the open that finds the FIFO waits for a writer that never comes (the
// test ends the run with -W timeout; the event loop must be free to do so).
static void op_fifo(void) {
  int fd = open("d/p", O_RDONLY);
  if (fd >= 0) close(fd);
  calls++;
}

int main(int argc, char **argv) {
  double seconds = argc > 1 ? atof(argv[1]) : 1;
  if (argc > 2 && strcmp(argv[2], "fifo") == 0) {
    for (;;) op_fifo();
  }
  int plant = argc > 2 && strcmp(argv[2], "plant") == 0;
  int final = argc > 2 && strcmp(argv[2], "final") == 0;
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (;;) {
    for (int i = 0; i < 20; i++) {
      if (plant || final) {
        if (plant) op_plant();
        else op_final();
        continue;
      }
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
