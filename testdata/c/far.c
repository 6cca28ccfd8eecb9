// Rebuild: cd testdata/c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o far.wasm far.c
//
// Offsets and sizes past 2^53 on a filesystem that takes them (tmpfs: up to
// 2^63 - 1): pwrite, pread, write and read at the fd's offset, ftruncate
// and posix_fallocate there reach the host exactly, as natively and under
// wasmtime (tests/fs_limits_test.ts runs it on /dev/shm). Prints one line
// each to stdout.
//
// Usage: far.wasm DIR, or far.wasm stdio: pread of stdin and pwrite of stdout
// (each on a file) whose end passes 2^63 - 1, one line each to stderr, or
// far.wasm times DIR: stat and fstat of DIR/late (a time past 2^64 ns, which
// WASI's u64 timestamps cannot hold: EOVERFLOW, as wasmtime answers) and
// DIR/last (the last whole second before it), one line each to stdout.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void show(const char *what, long long r) {
  if (r < 0) printf("%s: %s\n", what, strerror(errno));
  else printf("%s: %lld\n", what, r);
}

static long long size(int fd) {
  struct stat st;
  return fstat(fd, &st) ? -1 : (long long)st.st_size;
}

/** pread/pwrite on stdio at LLONG_MAX: past off_t, EINVAL natively (rw_verify_area). */
static int stdio_far(void) {
  char b[1];
  ssize_t r = pread(0, b, 1, 0x7fffffffffffffffLL);
  fprintf(stderr, "stdin pread at 2^63-1: %s\n", r < 0 ? strerror(errno) : "read");
  r = pwrite(1, "x", 1, 0x7fffffffffffffffLL);
  fprintf(stderr, "stdout pwrite at 2^63-1: %s\n", r < 0 ? strerror(errno) : "written");
  return 0;
}

static int far_times(const char *dir) {
  const char *names[] = {"late", "last"};
  for (int i = 0; i < 2; i++) {
    char path[256];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    if (stat(path, &st)) printf("stat %s: %s\n", names[i], strerror(errno));
    else printf("stat %s: %lld\n", names[i], (long long)st.st_mtim.tv_sec);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return 1;
    if (fstat(fd, &st)) printf("fstat %s: %s\n", names[i], strerror(errno));
    else printf("fstat %s: %lld\n", names[i], (long long)st.st_mtim.tv_sec);
    close(fd);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "times")) return far_times(argv[2]);
  if (argc != 2) return 2;
  if (!strcmp(argv[1], "stdio")) return stdio_far();
  char path[256], got[8] = {0};
  snprintf(path, sizeof path, "%s/far", argv[1]);
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return 1;
  const off_t far = (1LL << 53) + 1;
  show("pwrite 2^53+1", pwrite(fd, "C", 1, far));
  show("pread 2^53+1", pread(fd, got, 1, far));
  printf("byte: %s\n", got);
  show("size", size(fd));
  show("lseek 2^53+2", lseek(fd, far + 1, SEEK_SET));
  show("write", write(fd, "DE", 2));
  show("tell", lseek(fd, 0, SEEK_CUR));
  show("lseek 2^53+1", lseek(fd, far, SEEK_SET));
  memset(got, 0, sizeof got);
  show("read", read(fd, got, sizeof got - 1));
  printf("bytes: %s\n", got);
  show("ftruncate 2^62+3", ftruncate(fd, (1LL << 62) + 3));
  show("size", size(fd));
  int e = posix_fallocate(fd, (1LL << 62) + 3, 5);
  printf("posix_fallocate: %s\n", e ? strerror(e) : "ok");
  show("size", size(fd));
  show("ftruncate 2^40", ftruncate(fd, 1LL << 40));
  show("pread 2^53+1 past the end", pread(fd, got, 1, far));
  close(fd);
  return 0;
}
