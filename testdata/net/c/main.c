// Rebuild: cd testdata/net/c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o main.wasm main.c
//
// Socket guest program for wasirun's tests: a line echo server on the
// listening TCP socket preopened at fd 3, one connection at a time. See
// testdata/net/README.md. wasi-libc maps accept/recv/send/shutdown to
// sock_accept/sock_recv/sock_send/sock_shutdown. The same source builds
// natively (gcc main.c) and runs with a listening socket at fd 3.
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LISTEN_FD 3

static char buf[65536];       // bytes received and not yet answered
static char out[sizeof buf + 7]; // one reply: "echo: " line "\n"

// Sends all n bytes of p. Returns 0, or -1 on error.
static int send_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = send(fd, p, n, 0);
        if (w < 0) {
            perror("send");
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

// Answers one line (without its \n), in one send when the socket takes it
// all. Returns 1 if the line is `quit` (not answered), 0 if answered, -1 on
// error.
static int answer(int fd, const char *line, size_t len) {
    if (len == 4 && memcmp(line, "quit", 4) == 0) return 1;
    memcpy(out, "echo: ", 6);
    memcpy(out + 6, line, len);
    out[6 + len] = '\n';
    return send_all(fd, out, len + 7);
}

// Serves one connection until EOF, an error, or `quit`. Returns 1 after
// `quit`, else 0. A last line without \n before EOF is answered too, and a
// line longer than buf is answered in buf-sized pieces.
static int serve(int fd) {
    size_t have = 0;
    for (;;) {
        ssize_t r = recv(fd, buf + have, sizeof buf - have, 0);
        if (r < 0) {
            perror("recv");
            return 0;
        }
        if (r == 0) return have > 0 ? answer(fd, buf, have) == 1 : 0;
        have += (size_t)r;
        size_t start = 0;
        char *nl;
        while ((nl = memchr(buf + start, '\n', have - start)) != NULL) {
            int a = answer(fd, buf + start, (size_t)(nl - (buf + start)));
            if (a != 0) return a == 1;
            start = (size_t)(nl - buf) + 1;
        }
        if (start == 0 && have == sizeof buf) { // no \n in a full buffer
            int a = answer(fd, buf, have);
            if (a != 0) return a == 1;
            start = have;
        }
        memmove(buf, buf + start, have - start);
        have -= start;
    }
}

// `reset`: one connection whose peer resets it after sending a byte. Prints
// what recv got, then the errno names of sends (every 20 ms) until one
// fails, of the send after it and of shutdown: as Linux and wasmtime,
// `send: ECONNRESET`, `next send: EPIPE`, `shutdown: ENOTCONN` (Linux says
// EPIPE there).
static const char *name(int e) {
    return e == ECONNRESET ? "ECONNRESET" : e == EPIPE ? "EPIPE" : e == ENOTCONN ? "ENOTCONN"
        : e == EMFILE ? "EMFILE" : e == ENFILE ? "ENFILE" : e == EAGAIN ? "EAGAIN"
        : e == EINVAL ? "EINVAL" : e == 0 ? "0" : strerror(e);
}

static int reset(int fd) {
    char b[16];
    printf("recv: %zd\n", recv(fd, b, sizeof b, 0));
    fflush(stdout);
    nanosleep(&(struct timespec){0, 200000000}, NULL); // the reset arrives meanwhile
    int i = 0;
    while (send(fd, "0123456789", 10, 0) >= 0 && ++i < 50) {
        nanosleep(&(struct timespec){0, 20000000}, NULL);
    }
    printf("send: %s\n", i == 50 ? "no error" : name(errno));
    errno = 0;
    printf("next send: %s\n", send(fd, "x", 1, 0) < 0 ? name(errno) : "sent");
    errno = 0;
    ssize_t n = recv(fd, b, sizeof b, 0); // the error was answered: EOF now, as Linux
    printf("recv after: %s\n", n < 0 ? name(errno) : n == 0 ? "0" : "data");
    errno = 0;
    printf("shutdown: %s\n", shutdown(fd, SHUT_RDWR) < 0 ? name(errno) : "0");
    return close(fd) == 0 ? 0 : 1;
}

// `resetrecv`: as `reset`, but reads meet the reset: Linux answers the first
// recv ECONNRESET, the next 0 (EOF), and a send then EPIPE.
static int resetrecv(int fd) {
    char b[16];
    printf("recv: %zd\n", recv(fd, b, 1, 0));
    fflush(stdout);
    nanosleep(&(struct timespec){0, 200000000}, NULL); // the reset arrives meanwhile
    ssize_t n = recv(fd, b, sizeof b, 0);
    printf("recv: %s\n", n < 0 ? name(errno) : "no error");
    errno = 0;
    n = recv(fd, b, sizeof b, 0);
    printf("recv again: %s\n", n < 0 ? name(errno) : n == 0 ? "0" : "data");
    errno = 0;
    printf("send: %s\n", send(fd, "x", 1, 0) < 0 ? name(errno) : "sent");
    return close(fd) == 0 ? 0 : 1;
}

// poll(2)'s revents by name (wasi-libc's values differ from Linux's).
static const char *revents(short r) {
    static char names[64];
    snprintf(names, sizeof names, "%s%s%s%s", r & POLLIN ? " IN" : "", r & POLLOUT ? " OUT" : "",
             r & POLLERR ? " ERR" : "", r & POLLHUP ? " HUP" : "");
    return names;
}

// "halfclose": reads until the peer's EOF, saying what poll(2) for POLLIN
// returned once the EOF was there, answers, shuts its own side for writing,
// polls again and closes. Linux reports a hangup only once both directions
// are shut: the peer's FIN alone is POLLIN (a server that took it for a
// hangup dropped the client that waited for its answer).
static int halfclose(int fd) {
    size_t got = 0;
    struct pollfd p = {.fd = fd, .events = POLLIN};
    for (;;) {
        if (poll(&p, 1, -1) != 1) {
            perror("poll");
            return 1;
        }
        ssize_t n = recv(fd, buf + got, sizeof buf - got, 0);
        if (n < 0) {
            perror("recv");
            return 1;
        }
        if (n == 0) break;
        got += (size_t)n;
    }
    printf("at EOF:%s\n", revents(p.revents));
    int len = snprintf(out, sizeof out, "got %zu\n", got);
    if (send_all(fd, out, (size_t)len) < 0 || shutdown(fd, SHUT_WR) < 0) return 1;
    if (poll(&p, 1, -1) != 1) return 1;
    printf("both shut:%s\n", revents(p.revents));
    return close(fd) == 0 ? 0 : 1;
}

// "busypoll": echoes what comes, polling the connection for POLLIN and
// POLLOUT together, as mio (tokio) does for every connection: it is always
// writable, so each poll returns at once and the guest spins through poll
// until the peer's bytes are seen. At the peer's EOF prints the bytes and
// polls counted, then closes.
static int busypoll(int fd) {
    size_t got = 0;
    long polls = 0;
    struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT};
    for (;;) {
        if (poll(&p, 1, -1) != 1) {
            perror("poll");
            return 1;
        }
        polls++;
        if (!(p.revents & (POLLIN | POLLHUP))) continue;
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n < 0) {
            perror("recv");
            return 1;
        }
        if (n == 0) break;
        if (send_all(fd, buf, (size_t)n) < 0) return 1;
        got += (size_t)n;
    }
    printf("busypoll: %zu bytes, %ld polls\n", got, polls);
    return close(fd) == 0 ? 0 : 1;
}

// "spin": accepts on the non-blocking listener, then receives on the
// connection, made non-blocking, each by retrying the call until it stops
// answering EAGAIN, with no poll and no sleep (it spins a core, as it would
// natively); prints `spin: got N` for the first N bytes and sends them back.
static int spin(void) {
    int fd;
    while ((fd = accept(LISTEN_FD, NULL, NULL)) < 0) {
        if (errno != EAGAIN) {
            perror("accept");
            return 1;
        }
    }
    if (fcntl(fd, F_SETFL, O_NONBLOCK) < 0) {
        perror("fcntl");
        return 1;
    }
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) < 0) {
        if (errno != EAGAIN) {
            perror("recv");
            return 1;
        }
    }
    printf("spin: got %zd\n", n);
    fflush(stdout);
    for (ssize_t sent = 0; sent < n;) {
        ssize_t w = send(fd, buf + sent, (size_t)(n - sent), 0);
        if (w < 0 && errno != EAGAIN) {
            perror("send");
            return 1;
        }
        if (w > 0) sent += w;
    }
    return close(fd) == 0 ? 0 : 1;
}

// "flood": sends to the connection, non-blocking, until the peer has taken
// nothing for 500 ms (a write timeout), closes it and exits 0 at once, as
// natively: the kernel keeps what the peer has not read.
static int flood(int fd) {
    if (fcntl(fd, F_SETFL, O_NONBLOCK) < 0) {
        perror("fcntl");
        return 1;
    }
    memset(buf, 'x', sizeof buf);
    for (;;) {
        if (send(fd, buf, sizeof buf, 0) >= 0) continue;
        if (errno != EAGAIN) {
            perror("send");
            return 1;
        }
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        if (poll(&p, 1, 500) == 0) break;
    }
    close(fd);
    printf("closed\n");
    return 0;
}

// `peekall`: one connection; recv with MSG_PEEK|MSG_WAITALL of 20 bytes waits
// for all 20 (the peer sends them in two pieces), then a plain recv takes
// them: prints `peek: N DATA` and `recv: N DATA` (Linux: 20 and 20).
static int peekall(int fd) {
    char b[21] = {0};
    ssize_t n = recv(fd, b, 20, MSG_PEEK | MSG_WAITALL);
    printf("peek: %zd %s\n", n, n > 0 ? b : "");
    memset(b, 0, sizeof b);
    n = recv(fd, b, 20, MSG_WAITALL);
    printf("recv: %zd %s\n", n, n > 0 ? b : "");
    return close(fd) == 0 ? 0 : 1;
}

// `blocked-send`: one connection whose peer never reads and then closes
// (its kernel resets the connection, having unread data): blocking sends of
// 64 KiB until one fails, then prints `send: ERRNO` and `next send: ERRNO`
// (Linux: ECONNRESET, the send blocked when the reset came; then EPIPE).
static int blocked_send(int fd) {
    memset(buf, 'x', sizeof buf);
    while (send(fd, buf, sizeof buf, 0) >= 0) {}
    printf("send: %s\n", name(errno));
    errno = 0;
    printf("next send: %s\n", send(fd, "x", 1, 0) < 0 ? name(errno) : "sent");
    return close(fd) == 0 ? 0 : 1;
}

// `emfile K`: accepts connections and keeps them all open until accept
// fails (the process is out of fds), prints `accept: ERRNO` (Linux: EMFILE),
// closes K of them, accepts K more (connections still pending, or new
// ones), prints `accepted again: K` and exits 0. How many it held goes to
// stderr (it depends on the fd limit).
static int emfile(int k) {
    static int held[65536];
    int n = 0;
    for (;;) {
        struct sockaddr_storage addr;
        socklen_t len = sizeof addr;
        int fd = accept(LISTEN_FD, (struct sockaddr *)&addr, &len);
        if (fd < 0) {
            printf("accept: %s\n", name(errno));
            break;
        }
        if (n == (int)(sizeof held / sizeof held[0])) {
            printf("accept: no error after %d connections\n", n);
            return 1;
        }
        held[n++] = fd;
    }
    fprintf(stderr, "held %d\n", n);
    fflush(stdout);
    for (int i = 0; i < k && n > 0; i++) close(held[--n]);
    int again = 0;
    while (again < k) {
        struct sockaddr_storage addr;
        socklen_t len = sizeof addr;
        int fd = accept(LISTEN_FD, (struct sockaddr *)&addr, &len);
        if (fd < 0) {
            // Linux frees a closed socket's fd at once; a runtime may take a moment.
            if (errno == EMFILE || errno == ENFILE) {
                nanosleep(&(struct timespec){0, 10000000}, NULL);
                continue;
            }
            printf("accept again: %s\n", name(errno));
            return 1;
        }
        held[n++] = fd;
        again++;
    }
    printf("accepted again: %d\n", again);
    return 0;
}

// The listening socket when other preopens come first (`--dir` before
// `--listen`): the first socket among fds 3..15, or -1.
static int listener(void) {
    for (int fd = 3; fd < 16; fd++) {
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode)) return fd;
    }
    return -1;
}

// `compute PATH BYTES SECONDS [nonblock]`: the listener is the first socket
// among fds 3..15 (a preopened directory may come first). Prints
// `listening`, accepts one connection, sends `first\n`, then BYTES bytes
// (byte i is `i % 251`; with `nonblock` the connection is non-blocking and a
// send that answers EAGAIN waits in poll() for room), then computes, with no
// call to the host that waits, until PATH exists or SECONDS have passed, and
// sends `second\n` (PATH seen) or `timeout\n`, closes and exits 0. Natively
// the peer has every byte a send returned for while the program computes.
static int compute(const char *path, long bytes, long seconds, int nonblock) {
    int lfd = listener();
    if (lfd < 0) {
        fprintf(stderr, "compute: no listener\n");
        return 1;
    }
    int flags = fcntl(lfd, F_GETFL);
    if (flags < 0 || fcntl(lfd, F_SETFL, flags & ~O_NONBLOCK) < 0) {
        perror("fcntl");
        return 1;
    }
    printf("listening\n");
    fflush(stdout);
    struct sockaddr_storage addr;
    socklen_t len = sizeof addr;
    int fd = accept(lfd, (struct sockaddr *)&addr, &len);
    if (fd < 0) {
        perror("accept");
        return 1;
    }
    if (nonblock && fcntl(fd, F_SETFL, O_NONBLOCK) < 0) {
        perror("fcntl");
        return 1;
    }
    if (send_all(fd, "first\n", 6) < 0) return 1;
    for (long i = 0; i < (long)sizeof buf; i++) buf[i] = (char)(i % 251);
    for (long sent = 0; sent < bytes;) {
        // Each piece starts where the pattern goes on (65536 is not a multiple of 251).
        long off = sent % 251, n = bytes - sent;
        if (n > (long)sizeof buf - off) n = (long)sizeof buf - off;
        ssize_t w = send(fd, buf + off, (size_t)n, 0);
        if (w < 0 && nonblock && errno == EAGAIN) {
            struct pollfd p = {.fd = fd, .events = POLLOUT};
            if (poll(&p, 1, -1) < 0) return 1;
            continue;
        }
        if (w < 0) {
            perror("send");
            return 1;
        }
        sent += w;
    }
    struct timespec t0, now;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    volatile unsigned long spin = 0;
    const char *end = "timeout\n";
    for (;;) {
        for (int i = 0; i < 100000; i++) spin++;
        struct stat st;
        if (stat(path, &st) == 0) {
            end = "second\n";
            break;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - t0.tv_sec + (now.tv_nsec - t0.tv_nsec) / 1e9 >= seconds) break;
    }
    if (nonblock && fcntl(fd, F_SETFL, 0) < 0) return 1;
    if (send_all(fd, end, strlen(end)) < 0) return 1;
    return close(fd) == 0 ? 0 : 1;
}

// `shutrd`: once 3 bytes have come (a peek that waits for them), shuts the
// connection for reading and receives twice: Linux answers what had come,
// then EOF at once (`recv after SHUT_RD: 3 abc`, `then: 0`).
static int shutrd(int fd) {
    char b[16];
    if (recv(fd, b, 3, MSG_PEEK | MSG_WAITALL) != 3 || shutdown(fd, SHUT_RD) < 0) {
        perror("shutrd");
        return 1;
    }
    ssize_t r = recv(fd, b, sizeof b, 0);
    printf("recv after SHUT_RD: %zd %.*s\n", r, (int)(r > 0 ? r : 0), b);
    printf("then: %zd\n", recv(fd, b, sizeof b, 0));
    return close(fd) == 0 ? 0 : 1;
}

// `shutrd-big`: once a byte has come, waits 300 ms (the peer's 100,000 bytes are in the kernel
// then), shuts the connection for reading and receives until EOF: Linux answers all of them, then
// 0 (`after SHUT_RD: 100000 then 0`), where the host had taken only part of them in.
// `shutrd-big-nb` the same with the socket non-blocking, polling on EAGAIN (Linux never answers
// EAGAIN there; wasirun may, while it waits for what the host has not delivered).
static int shutrd_big(int fd, int nonblocking) {
    static char b[1 << 16];
    if (recv(fd, b, 1, MSG_PEEK) != 1) {
        perror("shutrd-big");
        return 1;
    }
    usleep(300000);
    if (shutdown(fd, SHUT_RD) < 0) {
        perror("shutrd-big");
        return 1;
    }
    if (nonblocking && fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0) {
        perror("shutrd-big");
        return 1;
    }
    long total = 0;
    ssize_t r;
    for (;;) {
        r = recv(fd, b, sizeof b, 0);
        if (r > 0) {
            total += r;
        } else if (r < 0 && errno == EAGAIN && nonblocking) {
            struct pollfd p = {.fd = fd, .events = POLLIN};
            poll(&p, 1, -1);
        } else {
            break;
        }
    }
    printf("after SHUT_RD: %ld then %zd\n", total, r);
    return close(fd) == 0 ? 0 : 1;
}

// `fullfds DIR PATH`: the listener is the first socket among fds 3..15.
// Prints `listening`, opens DIR again and again until that fails (EMFILE
// under `ulimit -n`), prints `full`, then waits (sleeping, no accept) until
// PATH exists, closes what it opened, prints `freed`, accepts a connection
// (blocking), answers its first line (`echo: LINE`) and exits 0. A client
// that connected while the fds were used up waits in the listen backlog:
// natively the accept after the frees takes it at once.
static int fullfds(const char *dir, const char *path) {
    int lfd = listener();
    if (lfd < 0 || fcntl(lfd, F_SETFL, 0) < 0) {
        fprintf(stderr, "fullfds: no listener\n");
        return 1;
    }
    printf("listening\n");
    fflush(stdout);
    static int fds[65536];
    int n = 0;
    while (n < (int)(sizeof fds / sizeof fds[0])) {
        int fd = open(dir, O_RDONLY | O_DIRECTORY);
        if (fd < 0) break;
        fds[n++] = fd;
    }
    printf("full\n");
    fflush(stdout);
    struct stat st;
    struct timespec nap = {0, 10 * 1000 * 1000};
    while (stat(path, &st) != 0) nanosleep(&nap, NULL);
    while (n > 0) close(fds[--n]);
    printf("freed\n");
    fflush(stdout);
    struct sockaddr_storage addr;
    socklen_t len = sizeof addr;
    int fd = accept(lfd, (struct sockaddr *)&addr, &len);
    if (fd < 0) {
        perror("accept");
        return 1;
    }
    ssize_t r = recv(fd, buf, sizeof buf, 0);
    if (r <= 0) {
        perror("recv");
        return 1;
    }
    char *nl = memchr(buf, '\n', (size_t)r);
    size_t line = nl ? (size_t)(nl - buf) : (size_t)r;
    return answer(fd, buf, line) == 0 && close(fd) == 0 ? 0 : 1;
}

// `backlog PATH N`: the listener is the first socket among fds 3..15.
// Prints `listening`, then spins (no sleep, no call that waits) until PATH
// exists, while N clients connect; then accepts until EAGAIN and polls the
// listener, again and again until it has N connections, and prints how many
// each round took (`accepted 0 N`: natively the backlog holds all N by then,
// and the first poll's wake finds them all).
static int backlog(const char *path, int n) {
    int lfd = listener();
    if (lfd < 0 || fcntl(lfd, F_SETFL, O_NONBLOCK) < 0) {
        fprintf(stderr, "backlog: no listener\n");
        return 1;
    }
    printf("listening\n");
    fflush(stdout);
    struct stat st;
    while (stat(path, &st) != 0) {
    }
    printf("accepted");
    int total = 0;
    for (int rounds = 0; total < n && rounds < 1000; rounds++) {
        int got = 0;
        for (;;) {
            int fd = accept(lfd, NULL, NULL);
            if (fd < 0) break;
            got++;
        }
        if (errno != EAGAIN) {
            perror("accept");
            return 1;
        }
        total += got;
        printf(" %d", got);
        if (total >= n) break;
        struct pollfd p = {lfd, POLLIN, 0};
        if (poll(&p, 1, -1) != 1) {
            perror("poll");
            return 1;
        }
    }
    printf("\n");
    return total == n ? 0 : 1;
}

// `shutlisten PATH`: shutdown(2) of the listening socket (found as for
// `backlog`), as Linux answers it:
// SHUT_WR alone changes nothing (0, a client still connects and is
// accepted); SHUT_RD stops listening (0; a client waiting to be accepted
// is dropped, a new one refused), the socket then polls hung up, accept is
// EINVAL and a second shutdown ENOTCONN. Prints each answer; between the
// two shutdowns it accepts one client, and after SHUT_RD it waits until
// PATH exists (the test connects meanwhile).
static int shutlisten(const char *path) {
    int lfd = listener();
    if (lfd < 0 || fcntl(lfd, F_SETFL, 0) < 0) {
        fprintf(stderr, "shutlisten: no listener\n");
        return 1;
    }
    int r = shutdown(lfd, SHUT_WR);
    printf("listening\nshutdown WR: %s\n", name(r ? errno : 0));
    fflush(stdout);
    r = accept(lfd, NULL, NULL);
    printf("accept: %s\n", r < 0 ? name(errno) : "a connection");
    r = shutdown(lfd, SHUT_RD);
    printf("shutdown RD: %s\n", name(r ? errno : 0));
    fflush(stdout);
    struct stat st;
    struct timespec nap = {0, 10 * 1000 * 1000};
    while (stat(path, &st) != 0) nanosleep(&nap, NULL);
    struct pollfd p = {lfd, POLLIN, 0};
    r = poll(&p, 1, 1000);
    printf("poll: %d%s\n", r, p.revents & POLLHUP ? " hangup" : "");
    r = accept(lfd, NULL, NULL);
    printf("accept: %s\n", r < 0 ? name(errno) : "a connection");
    r = shutdown(lfd, SHUT_RDWR);
    printf("shutdown again: %s\n", name(r ? errno : 0));
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "pollwrite") == 0) {
        // A listening socket is never writable: poll(2) times out (Linux).
        struct pollfd p = {LISTEN_FD, POLLOUT, 0};
        int r = poll(&p, 1, 100);
        printf("poll: %d revents=%d\n", r, p.revents);
        return 0;
    }
    if (argc > 4 && strcmp(argv[1], "compute") == 0) {
        int nonblock = argc > 5 && strcmp(argv[5], "nonblock") == 0;
        return compute(argv[2], atol(argv[3]), atol(argv[4]), nonblock);
    }
    if (argc > 3 && strcmp(argv[1], "fullfds") == 0) return fullfds(argv[2], argv[3]);
    if (argc > 3 && strcmp(argv[1], "backlog") == 0) return backlog(argv[2], atoi(argv[3]));
    if (argc > 2 && strcmp(argv[1], "shutlisten") == 0) return shutlisten(argv[2]);
    if (argc > 1 && strcmp(argv[1], "spin") == 0) {
        printf("listening\n");
        fflush(stdout);
        return spin();
    }
    // Preopened listeners start non-blocking (as wasmtime's --tcplisten
    // made them, so Go can poll them); this sequential server wants a
    // blocking accept, so it clears O_NONBLOCK (fd_fdstat_set_flags).
    int flags = fcntl(LISTEN_FD, F_GETFL);
    if (flags < 0 || fcntl(LISTEN_FD, F_SETFL, flags & ~O_NONBLOCK) < 0) {
        perror("fcntl");
        return 1;
    }
    printf("listening\n");
    fflush(stdout);
    if (argc > 2 && strcmp(argv[1], "emfile") == 0) return emfile(atoi(argv[2]));
    for (;;) {
        // wasi-libc's accept writes an empty address of *len bytes to
        // addr (AF_UNSPEC): it must not be NULL.
        struct sockaddr_storage addr;
        socklen_t len = sizeof addr;
        int fd = accept(LISTEN_FD, (struct sockaddr *)&addr, &len);
        if (fd < 0) {
            perror("accept");
            return 1;
        }
        if (argc > 1 && strcmp(argv[1], "reset") == 0) return reset(fd);
        if (argc > 1 && strcmp(argv[1], "blocked-send") == 0) return blocked_send(fd);
        if (argc > 1 && strcmp(argv[1], "resetrecv") == 0) return resetrecv(fd);
        if (argc > 1 && strcmp(argv[1], "peekall") == 0) return peekall(fd);
        if (argc > 1 && strcmp(argv[1], "shutrd") == 0) return shutrd(fd);
        if (argc > 1 && strcmp(argv[1], "shutrd-big") == 0) return shutrd_big(fd, 0);
        if (argc > 1 && strcmp(argv[1], "shutrd-big-nb") == 0) return shutrd_big(fd, 1);
        if (argc > 1 && strcmp(argv[1], "flood") == 0) return flood(fd);
        if (argc > 1 && strcmp(argv[1], "halfclose") == 0) return halfclose(fd);
        if (argc > 1 && strcmp(argv[1], "busypoll") == 0) return busypoll(fd);
        int quit = serve(fd);
        if (quit && shutdown(fd, SHUT_WR) < 0) perror("shutdown");
        close(fd);
        if (quit) return 0;
    }
}
