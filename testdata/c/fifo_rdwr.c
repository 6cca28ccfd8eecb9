// Rebuild: cd testdata/c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o fifo_rdwr.wasm fifo_rdwr.c
//
// fifo_rdwr.wasm FIFO: opens FIFO O_RDWR (which on Linux never waits for another end: both are
// this process's), writes 6 bytes, reads them back; prints "write=6 read=6" as natively.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  int fd = open(argv[1], O_RDWR);
  if (fd < 0) {
    perror("open");
    return 1;
  }
  ssize_t w = write(fd, "hello\n", 6);
  if (w < 0) perror("write");
  char b[16];
  ssize_t r = read(fd, b, sizeof b);
  printf("write=%zd read=%zd\n", w, r);
  return 0;
}
