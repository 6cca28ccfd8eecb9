// Rebuild: cd testdata/c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o fifo_rdwr.wasm fifo_rdwr.c
//
// fifo_rdwr.wasm FIFO: opens FIFO O_RDWR (which on Linux never waits for another end: both are
// this process's), writes 6 bytes, reads them back; prints "write=6 read=6" as natively.
// fifo_rdwr.wasm FIFO nonblock: opens it O_RDWR, then sets O_NONBLOCK (fd_fdstat_set_flags, as
// Go does to every file it opens); prints what a read of the empty FIFO, a 100 ms poll, a write
// and then a poll and a read answer: "empty read: EAGAIN, poll: timeout, write=6, poll: readable,
// read=6" natively.
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int nonblock_later(int fd) {
  if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) {
    perror("fcntl");
    return 1;
  }
  char b[16];
  ssize_t r = read(fd, b, sizeof b);
  printf("empty read: %s, ", r < 0 && errno == EAGAIN ? "EAGAIN" : r < 0 ? strerror(errno) : "data");
  struct pollfd p = {.fd = fd, .events = POLLIN};
  int n = poll(&p, 1, 100);
  printf("poll: %s, ", n == 0 ? "timeout" : n < 0 ? strerror(errno) : "readable");
  printf("write=%zd, ", write(fd, "hello\n", 6));
  n = poll(&p, 1, 1000);
  printf("poll: %s, ", n == 0 ? "timeout" : n < 0 ? strerror(errno) : "readable");
  printf("read=%zd\n", read(fd, b, sizeof b));
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  int fd = open(argv[1], O_RDWR);
  if (fd < 0) {
    perror("open");
    return 1;
  }
  if (argc > 2 && strcmp(argv[2], "nonblock") == 0) return nonblock_later(fd);
  ssize_t w = write(fd, "hello\n", 6);
  if (w < 0) perror("write");
  char b[16];
  ssize_t r = read(fd, b, sizeof b);
  printf("write=%zd read=%zd\n", w, r);
  return 0;
}
