// Native, built by tests/fs_race_test.ts: gcc -O2 -o swapper swapper.c
//
// The host side of the race test: exchanges DIR/d (a directory) and DIR/l
// (a symlink to a directory outside), or DIR/A and DIR/B when named
// (`swapper DIR A B`), with renameat2(RENAME_EXCHANGE) as fast as it can,
// until killed; prints how many swaps it made on SIGTERM.
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static void on_term(int sig) { (void)sig; stop = 1; }

int main(int argc, char **argv) {
  if (argc != 2 && argc != 4) return 2;
  const char *a = argc == 4 ? argv[2] : "d", *b = argc == 4 ? argv[3] : "l";
  int dir = open(argv[1], O_RDONLY | O_DIRECTORY);
  if (dir < 0) return 1;
  signal(SIGTERM, on_term);
  long swaps = 0;
  puts("ready");
  fflush(stdout);
  while (!stop) {
    if (renameat2(dir, a, dir, b, RENAME_EXCHANGE) == 0) swaps++;
  }
  printf("swaps=%ld\n", swaps);
  return 0;
}
