// Rebuild: cd testdata/c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o iov.wasm iov.c
//
// Calls of several iovecs, as readv(2)/writev(2) give them (wasi-libc
// passes them to fd_read/fd_write as they are):
//   iov order FILE    writev, preadv, pwritev, readv into overlapping
//                     buffers and with empty iovecs at bogus addresses, on
//                     FILE (created); prints what each call moved and got
//   iov lines TEXT N  N writevs of two iovecs, TEXT and "\n", to stdout: one
//                     write each, so lines from two such writers sharing a
//                     pipe never split (a write of at most PIPE_BUF is atomic)
//   iov append FILE C N
//                     N writevs of two iovecs of 20 KiB, a line of C, to FILE
//                     opened with O_APPEND (FILE "-": stdout, given `>>`):
//                     each lands whole at the end, so two such writers'
//                     lines never split
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#define BOGUS ((void *)0xfffffff0u)

static int order(const char *path) {
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return perror("open"), 1;
    struct iovec w[] = {{"abc", 3}, {BOGUS, 0}, {"defgh", 5}, {"ij", 2}};
    printf("writev %zd\n", writev(fd, w, 4));
    char a[4], b[3], c[10];
    memset(c, '.', sizeof c);
    struct iovec r[] = {{a, 4}, {BOGUS, 0}, {b, 3}, {c, sizeof c}};
    ssize_t n = preadv(fd, r, 4, 0);
    printf("preadv %zd %.4s %.3s %.10s\n", n, a, b, c);
    struct iovec p[] = {{"XY", 2}, {"Z", 1}};
    printf("pwritev %zd\n", pwritev(fd, p, 2, 2));
    if (lseek(fd, 0, SEEK_SET) != 0) return perror("lseek"), 1;
    // Overlapping: readv fills the buffers in order, the second over the first's tail.
    char o[12];
    memset(o, '.', sizeof o);
    struct iovec v[] = {{o, 6}, {o + 3, 6}};
    printf("readv %zd %.12s\n", readv(fd, v, 2), o);
    printf("readv at end %zd\n", readv(fd, v, 2));
    return close(fd) != 0;
}

static int lines(const char *text, long count) {
    struct iovec w[] = {{(void *)text, strlen(text)}, {"\n", 1}};
    for (long i = 0; i < count; i++) {
        if (writev(1, w, 2) != (ssize_t)(w[0].iov_len + 1)) return perror("writev"), 1;
    }
    return 0;
}

static int append(const char *path, char c, long count) {
    int fd = strcmp(path, "-") ? open(path, O_WRONLY | O_APPEND | O_CREAT, 0644) : 1;
    if (fd < 0) return perror("open"), 1;
    static char half[20 << 10], end[20 << 10];
    memset(half, c, sizeof half);
    memset(end, c, sizeof end);
    end[sizeof end - 1] = '\n';
    struct iovec w[] = {{half, sizeof half}, {end, sizeof end}};
    for (long i = 0; i < count; i++) {
        if (writev(fd, w, 2) != (ssize_t)(sizeof half + sizeof end)) return perror("writev"), 1;
    }
    return close(fd) != 0;
}

int main(int argc, char **argv) {
    if (argc == 3 && !strcmp(argv[1], "order")) return order(argv[2]);
    if (argc == 4 && !strcmp(argv[1], "lines")) return lines(argv[2], strtol(argv[3], NULL, 10));
    if (argc == 5 && !strcmp(argv[1], "append") && argv[3][0] && !argv[3][1]) {
        return append(argv[2], argv[3][0], strtol(argv[4], NULL, 10));
    }
    fprintf(stderr, "usage: iov order FILE | iov lines TEXT N | iov append FILE C N\n");
    return 2;
}
