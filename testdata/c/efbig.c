// Rebuild: cd testdata/c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o efbig.wasm efbig.c
//
// Grows DIR/big past the host's file-size limit (tests/fs_limits_test.ts
// runs it under `ulimit -f 102400`, 100 MiB) in every way a guest can, and
// prints each errno: ftruncate, posix_fallocate, pwrite, lseek + write.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void report(const char *what, int failed, int err) {
  printf("%s: %s\n", what, failed ? strerror(err) : "ok");
}

// `efbig.wasm fill`: writes 59-byte lines to stdout until a write fails, saying on stderr each
// short write and the failure with the bytes written by then (stdout a file under `ulimit -f`).
static int fill(void) {
  char line[59];
  memset(line, 'x', sizeof line - 1);
  line[sizeof line - 1] = '\n';
  long total = 0;
  for (;;) {
    ssize_t n = write(1, line, sizeof line);
    if (n < 0) {
      fprintf(stderr, "failed: %s after %ld\n", strerror(errno), total);
      return 0;
    }
    total += n;
    if (n < (ssize_t)sizeof line) fprintf(stderr, "short %zd\n", n);
  }
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "fill") == 0) return fill();
  if (argc != 2) return 2;
  char path[256];
  snprintf(path, sizeof path, "%s/big", argv[1]);
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return 1;
  off_t far = (off_t)1 << 30;
  report("ftruncate", ftruncate(fd, far) != 0, errno);
  int r = posix_fallocate(fd, 0, far);
  report("posix_fallocate", r != 0, r);
  report("pwrite", pwrite(fd, "x", 1, far) != 1, errno);
  report("lseek+write", lseek(fd, far, SEEK_SET) != far || write(fd, "x", 1) != 1, errno);
  report("small write", pwrite(fd, "ok", 2, 0) != 2, errno);
  close(fd);
  return 0;
}
