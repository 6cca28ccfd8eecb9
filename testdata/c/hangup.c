// Rebuild: cd testdata/c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o hangup.wasm hangup.c
//
// hangup.wasm LOG: reads stdin twice and writes what each read answered to the file LOG (stdout
// may be the terminal that is gone): "first: N" or "first: ERRNO-NAME", then "second: ...". A
// read of a terminal blocked when it hangs up fails with EIO, the next one reads 0, natively:
// "first: EIO\nsecond: 0\n".
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void report(FILE *log, const char *which) {
  char buf[64];
  ssize_t n = read(0, buf, sizeof buf);
  if (n >= 0) fprintf(log, "%s: %zd\n", which, n);
  else fprintf(log, "%s: %s\n", which, errno == EIO ? "EIO" : strerror(errno));
  fflush(log);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: hangup LOG\n");
    return 2;
  }
  FILE *log = fopen(argv[1], "w");
  if (!log) {
    perror(argv[1]);
    return 1;
  }
  fprintf(log, "reading\n");
  fflush(log);
  report(log, "first");
  report(log, "second");
  return fclose(log) == 0 ? 0 : 1;
}
