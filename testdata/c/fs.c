// Rebuild: cd testdata/c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o fs.wasm fs.c
//
// Filesystem guest for wasirun's tests (POSIX through wasi-libc). argv[1]
// is the mode, argv[2] a directory. Output is deterministic for a given
// tree and the same as the native build's (gcc -O2 -o fs fs.c) on the same
// tree; `walk` and `count` print exactly what ../go/fs/main.go and
// ../rust/fs.rs print. See testdata/README.md, "Filesystem programs".
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __wasi__
#include <wasi/api.h>
#endif

static const char *g_dir;

static void fail(const char *what) {
    fprintf(stderr, "error: %s: %s\n", what, strerror(errno));
    exit(1);
}

// The same errno names on every platform (the numbers differ: WASI's vs Linux's).
static const char *err_name(int e) {
    static char other[32];
    switch (e) {
    case ENOENT: return "ENOENT";
    case EEXIST: return "EEXIST";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ELOOP: return "ELOOP";
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    case EINVAL: return "EINVAL";
    case EXDEV: return "EXDEV";
    case EBADF: return "EBADF";
    case EILSEQ: return "EILSEQ";
    case EBUSY: return "EBUSY";
    }
    snprintf(other, sizeof other, "errno %d", e);
    return other;
}

// "STEP: ok" when rc >= 0, else "STEP: ERRNAME".
static void step(const char *name, int rc) {
    printf("%s: %s\n", name, rc < 0 ? err_name(errno) : "ok");
}

static char *path(const char *rel) {
    static char buf[4][4096];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", g_dir, rel);
    return p;
}

static uint64_t fnv1a(const unsigned char *p, size_t n) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

// --- walk ---------------------------------------------------------------------

static char **lines;
static size_t nlines, caplines;

static void add_line(const char *line) {
    if (nlines == caplines) {
        caplines = caplines ? caplines * 2 : 64;
        lines = realloc(lines, caplines * sizeof *lines);
    }
    lines[nlines++] = strdup(line);
}

// Not recursive: its buffers are static, off wasm's 64 KiB stack (walk_dir's
// frames, one a level, are there already).
static void describe(const char *rel, const char *full, const struct stat *st) {
    static char line[8192];
    if (S_ISLNK(st->st_mode)) {
        static char target[2048];
        ssize_t n = readlink(full, target, sizeof target - 1);
        if (n < 0) fail(full);
        target[n] = 0;
        snprintf(line, sizeof line, "%s symlink %s", rel, target);
    } else if (S_ISDIR(st->st_mode)) {
        snprintf(line, sizeof line, "%s dir", rel);
    } else {
        FILE *f = fopen(full, "rb");
        if (!f) fail(full);
        unsigned char *data = malloc(st->st_size + 1);
        size_t n = fread(data, 1, st->st_size, f);
        fclose(f);
        snprintf(line, sizeof line, "%s file %zu %016llx", rel, n,
                 (unsigned long long)fnv1a(data, n));
        free(data);
    }
    add_line(line);
}

static void walk_dir(const char *rel) {
    char full[4096];
    snprintf(full, sizeof full, "%s%s%s", g_dir, *rel ? "/" : "", rel);
    DIR *d = opendir(full);
    if (!d) fail(full);
    struct dirent *e;
    while ((errno = 0, e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char child_rel[2048], child_full[8192];
        snprintf(child_rel, sizeof child_rel, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        snprintf(child_full, sizeof child_full, "%s/%s", full, e->d_name);
        struct stat st;
        if (lstat(child_full, &st) < 0) fail(child_full);
        describe(child_rel, child_full, &st);
        if (S_ISDIR(st.st_mode)) walk_dir(child_rel);
    }
    if (errno) fail(full);
    closedir(d);
}

static int by_bytes(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void mode_walk(void) {
    walk_dir("");
    qsort(lines, nlines, sizeof *lines, by_bytes);
    for (size_t i = 0; i < nlines; i++) puts(lines[i]);
}

// --- order --------------------------------------------------------------------

// Every name in DIR as readdir gives them, "." and ".." left out, into lines.
static void read_names(void) {
    DIR *d = opendir(g_dir);
    if (!d) fail(g_dir);
    struct dirent *e;
    while ((errno = 0, e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) add_line(e->d_name);
    }
    if (errno) fail(g_dir);
    closedir(d);
}

// The names in DIR in readdir's order, one a line ("." and ".." left out:
// the kernel puts those anywhere, WASI runtimes first): no sort.
static void mode_order(void) {
    read_names();
    for (size_t i = 0; i < nlines; i++) puts(lines[i]);
}

// --- count --------------------------------------------------------------------

static void mode_count(void) {
    read_names();
    qsort(lines, nlines, sizeof *lines, by_bytes);
    for (size_t i = 1; i < nlines; i++) {
        if (!strcmp(lines[i - 1], lines[i])) printf("duplicate %s\n", lines[i]);
    }
    printf("entries=%zu first=%s last=%s\n", nlines, nlines ? lines[0] : "",
           nlines ? lines[nlines - 1] : "");
}

// --- prune ---------------------------------------------------------------------

// Reads the directory once while unlinking every other entry it has already
// returned (as `rm` of a filtered listing does): an entry not yet returned must
// still come, once, whatever the removals did to the directory behind the
// reader. Prints "seen=N left=M" and any name returned twice.
static void mode_prune(void) {
    DIR *d = opendir(g_dir);
    if (!d) fail(g_dir);
    struct dirent *e;
    size_t seen = 0;
    while ((errno = 0, e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        add_line(e->d_name);
        if (seen++ % 2 && unlink(path(e->d_name)) != 0) fail(e->d_name);
    }
    if (errno) fail(g_dir);
    closedir(d);
    qsort(lines, nlines, sizeof *lines, by_bytes);
    for (size_t i = 1; i < nlines; i++) {
        if (!strcmp(lines[i - 1], lines[i])) printf("duplicate %s\n", lines[i]);
    }
    size_t left = 0;
    d = opendir(g_dir);
    if (!d) fail(g_dir);
    while ((e = readdir(d)) != NULL) left += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    printf("seen=%zu left=%zu\n", seen, left);
}

// --- readdir-small (WASI only) ------------------------------------------------

// Reads the directory with raw fd_readdir calls into a buffer of BUFSIZE
// bytes, the way the spec intends: take the whole entries, and when the
// buffer came back full, go on from the last whole entry's d_next. Prints
// how many calls it took, then what `count` prints, "." and ".." included.
static void mode_readdir_small(const char *bufsize) {
#ifdef __wasi__
    size_t cap = (size_t)atoi(bufsize);
    unsigned char *buf = malloc(cap);
    int fd = open(g_dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0) fail(g_dir);
    __wasi_dircookie_t cookie = 0;
    size_t calls = 0;
    for (;;) {
        __wasi_size_t used;
        __wasi_errno_t err = __wasi_fd_readdir(fd, buf, cap, cookie, &used);
        calls++;
        if (err) {
            printf("fd_readdir errno=%d\n", err);
            exit(1);
        }
        size_t off = 0;
        int whole = 0;
        while (off + sizeof(__wasi_dirent_t) <= used) {
            __wasi_dirent_t d;
            memcpy(&d, buf + off, sizeof d);
            if (off + sizeof d + d.d_namlen > used) break; // cut off: read it again
            char *name = strndup((char *)buf + off + sizeof d, d.d_namlen);
            add_line(name);
            free(name);
            cookie = d.d_next;
            off += sizeof d + d.d_namlen;
            whole++;
        }
        if (used < cap) break;
        if (whole == 0) {
            printf("buffer of %zu bytes holds no whole entry\n", cap);
            exit(1);
        }
    }
    close(fd);
    qsort(lines, nlines, sizeof *lines, by_bytes);
    for (size_t i = 1; i < nlines; i++) {
        if (!strcmp(lines[i - 1], lines[i])) printf("duplicate %s\n", lines[i]);
    }
    printf("calls=%zu\nentries=%zu first=%s last=%s\n", calls, nlines, nlines ? lines[0] : "",
           nlines ? lines[nlines - 1] : "");
#else
    (void)bufsize;
    printf("unsupported\n");
#endif
}

// --- poll -----------------------------------------------------------------------

static const char *poll_names(short revents, char out[64]) {
    snprintf(out, 64, "%s%s%s%s", revents & POLLIN ? " in" : "", revents & POLLOUT ? " out" : "",
             revents & POLLHUP ? " hup" : "", revents & POLLERR ? " err" : "");
    return out;
}

// poll() on a regular file, for reading and for writing: both ready at once.
static void mode_poll(void) {
    int fd = open(path("polled"), O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) fail("open");
    if (write(fd, "data", 4) != 4) fail("write");
    lseek(fd, 0, SEEK_SET);
    struct pollfd p[2] = {{fd, POLLIN, 0}, {fd, POLLOUT, 0}};
    int n = poll(p, 2, 10000);
    char in[64], out[64];
    printf("ready=%d read:%s write:%s\n", n, poll_names(p[0].revents, in), poll_names(p[1].revents, out));
    close(fd);
    unlink(path("polled"));
}

// --- ops ----------------------------------------------------------------------

static int write_file(const char *p, const char *text, int flags) {
    int fd = open(p, flags, 0644);
    if (fd < 0) return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n < 0 ? -1 : 0;
}

static void show_file(const char *name, const char *p) {
    char buf[256];
    int fd = open(p, O_RDONLY);
    if (fd < 0) {
        printf("%s: %s\n", name, err_name(errno));
        return;
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    for (ssize_t i = 0; i < n; i++) if (buf[i] == 0) buf[i] = '0';
    buf[n < 0 ? 0 : n] = 0;
    printf("%s: %s\n", name, buf);
}

static void show_kind(const char *name, int rc, const struct stat *st) {
    if (rc < 0) printf("%s: %s\n", name, err_name(errno));
    else if (S_ISLNK(st->st_mode)) printf("%s: symlink %lld\n", name, (long long)st->st_size);
    else if (S_ISDIR(st->st_mode)) printf("%s: dir\n", name);
    else printf("%s: file %lld\n", name, (long long)st->st_size);
}

static void show_names(const char *name, const char *p) {
    DIR *d = opendir(p);
    if (!d) {
        printf("%s: %s\n", name, err_name(errno));
        return;
    }
    nlines = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) add_line(e->d_name);
    }
    closedir(d);
    qsort(lines, nlines, sizeof *lines, by_bytes);
    printf("%s: [", name);
    for (size_t i = 0; i < nlines; i++) printf("%s%s", i ? " " : "", lines[i]);
    printf("]\n");
}

static void mode_ops(void) {
    struct stat st;
    step("mkdir d", mkdir(path("d"), 0755));
    step("mkdir d again", mkdir(path("d"), 0755));
    step("write d/f", write_file(path("d/f"), "hello", O_WRONLY | O_CREAT | O_TRUNC));
    step("append d/f", write_file(path("d/f"), " world", O_WRONLY | O_APPEND));
    show_file("read d/f", path("d/f"));
    int fd = open(path("d/f"), O_RDWR | O_APPEND);
    // pwrite on an O_APPEND fd appends (Linux; wasmtime and wasirun do the same).
    step("pwrite at 0 with O_APPEND", (int)pwrite(fd, "!", 1, 0));
    printf("offset after: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    close(fd);
    show_file("read d/f", path("d/f"));
    // O_APPEND switched on and off on an open fd (fd_fdstat_set_flags): a write after a seek
    // to 0 lands at the end while it is on, at 0 once it is off.
    fd = open(path("d/ap"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    step("write d/ap", (int)write(fd, "ab", 2));
    step("O_APPEND on", fcntl(fd, F_SETFL, O_APPEND));
    lseek(fd, 0, SEEK_SET);
    step("write at 0 with it", (int)write(fd, "cd", 2));
    step("O_APPEND off", fcntl(fd, F_SETFL, 0));
    lseek(fd, 0, SEEK_SET);
    step("write at 0 without", (int)write(fd, "X", 1));
    close(fd);
    show_file("read d/ap", path("d/ap"));
    step("unlink d/ap", unlink(path("d/ap")));
    fd = open(path("d/f"), O_RDWR);
    step("pwrite at 0", (int)pwrite(fd, "J", 1, 0));
    char c[6] = {0};
    step("pread at 6", (int)pread(fd, c, 5, 6));
    printf("pread got: %s\n", c);
    step("ftruncate 5", ftruncate(fd, 5));
    printf("size: %lld\n", (long long)lseek(fd, 0, SEEK_END));
    step("ftruncate 8", ftruncate(fd, 8));
    close(fd);
    show_file("read d/f", path("d/f"));
    step("link d/f d/g", link(path("d/f"), path("d/g")));
    stat(path("d/f"), &st);
    printf("nlink d/f: %d\n", (int)st.st_nlink);
    step("symlink f d/s", symlink("f", path("d/s")));
    step("symlink f d/g", symlink("f", path("d/g"))); // taken: EEXIST, even where symlinks are denied
    char target[64] = {0};
    step("readlink d/s", (int)readlink(path("d/s"), target, sizeof target - 1));
    printf("target: %s\n", target);
    show_kind("stat d/s", stat(path("d/s"), &st), &st);
    show_kind("lstat d/s", lstat(path("d/s"), &st), &st);
    // "name/" where name is a symlink to a file: ENOTDIR, the link followed to no directory.
    show_kind("lstat d/s/", lstat(path("d/s/"), &st), &st);
    // The same at the top of the directory, where a path has one component.
    step("symlink d/f sf", symlink("d/f", path("sf")));
    show_kind("lstat sf/", lstat(path("sf/"), &st), &st);
    step("unlink sf", unlink(path("sf")));
    step("rename d/g e", rename(path("d/g"), path("e")));
    step("rmdir d", rmdir(path("d")));
    step("open d/s/x", open(path("d/s/x"), O_RDONLY));
    step("open missing", open(path("missing"), O_RDONLY));
    step("open d/f/", open(path("d/f/"), O_RDONLY));
    step("mkdir d/f", mkdir(path("d/f"), 0755));
    step("unlink d", unlink(path("d")));
    step("rmdir d/f", rmdir(path("d/f")));
    step("rename d e", rename(path("d"), path("e")));
    step("rename e d", rename(path("e"), path("d")));
    // "." is EBUSY before the source is looked up (Linux's renameat2).
    step("rename missing .", rename(path("missing"), path(".")));
    step("rename e .", rename(path("e"), path(".")));
    step("create e exclusively", open(path("e"), O_WRONLY | O_CREAT | O_EXCL, 0644));
    step("mkdir d/sub", mkdir(path("d/sub"), 0755));
    step("rename d/sub d/sub/inner", rename(path("d/sub"), path("d/sub/inner")));
    step("rmdir d/sub/", rmdir(path("d/sub/")));
    // "name/" where name is a symlink to a directory: rename and unlink act on
    // the link itself, which is no directory; the directory stays.
    step("mkdir d/sub", mkdir(path("d/sub"), 0755));
    step("symlink sub d/ls", symlink("sub", path("d/ls")));
    step("rename d/ls/ d/m", rename(path("d/ls/"), path("d/m")));
    step("rename d/f d/ls/", rename(path("d/f"), path("d/ls/")));
    step("rmdir d/ls/", rmdir(path("d/ls/")));
    step("unlink d/ls/", unlink(path("d/ls/")));
    step("rename d/sub/ d/sub2", rename(path("d/sub/"), path("d/sub2")));
    // A dangling symlink at "name/" is something there, not followed: EEXIST.
    step("symlink nowhere d/dang", symlink("nowhere", path("d/dang")));
    step("symlink x d/dang/", symlink("x", path("d/dang/")));
    step("link d/f d/dang/", link(path("d/f"), path("d/dang/")));
    step("unlink d/dang", unlink(path("d/dang")));
    step("unlink d/ls", unlink(path("d/ls")));
    step("rmdir d/sub2/", rmdir(path("d/sub2/")));
    show_names("readdir d", path("d"));
    step("unlink d/s", unlink(path("d/s")));
    step("unlink d/f", unlink(path("d/f")));
    step("unlink e", unlink(path("e")));
    step("rmdir d", rmdir(path("d")));
    show_names("readdir .", g_dir);
}

// --- times --------------------------------------------------------------------

static void show_times(void) {
    struct stat st;
    if (stat(path("t"), &st) < 0) fail("stat");
    printf("atime=%lld%09ld mtime=%lld%09ld\n", (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
           (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

static void mode_times(void) {
    if (write_file(path("t"), "", O_WRONLY | O_CREAT | O_TRUNC) < 0) fail("create");
    struct timespec both[2] = {{1600000000, 111111111}, {1700000000, 123456789}};
    step("utimensat", utimensat(AT_FDCWD, path("t"), both, 0));
    show_times();
    struct timespec mtime_only[2] = {{0, UTIME_OMIT}, {1500000000, 5}};
    step("utimensat mtime only", utimensat(AT_FDCWD, path("t"), mtime_only, 0));
    show_times();
    int fd = open(path("t"), O_RDONLY);
    // Both times: this wasi-libc's futimens answers EINVAL itself for UTIME_OMIT.
    struct timespec again[2] = {{1400000000, 999999999}, {1500000000, 5}};
    step("futimens", futimens(fd, again));
    close(fd);
    show_times();
    unlink(path("t"));
}

// --- follow -------------------------------------------------------------------
// Each NAME (argv[3...]) followed as a path: stat, open and set times through
// it, as a program meets links the host made (their targets need not be
// UTF-8: the host stores bytes).
static void mode_follow(int argc, char **argv) {
    for (int i = 3; i < argc; i++) {
        const char *name = argv[i];
        struct stat st;
        int rc = stat(path(name), &st);
        printf("stat %s: %s\n", name,
               rc < 0 ? err_name(errno) : S_ISDIR(st.st_mode) ? "dir" : S_ISREG(st.st_mode) ? "file" : "other");
        int fd = open(path(name), O_RDONLY);
        step("open", fd);
        if (fd >= 0) close(fd);
        step("utimens", utimensat(AT_FDCWD, path(name), NULL, 0));
    }
}

// --- bytes ---------------------------------------------------------------------
// Names that are not UTF-8 (Linux names are bytes): the guest makes some, lists
// them, and stats, reads, renames, links and removes each by the bytes it
// listed, as `rm -r` or a tree copy would. "\xed\xb2\x80" (U+DC80 as CESU-8,
// not UTF-8) and "\x80" are two names.
static void hexname(const char *name) {
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (*p >= 0x21 && *p < 0x7f && *p != '\\') putchar(*p);
        else printf("\\x%02x", *p);
    }
}

static void list_bytes(const char *dir) {
    DIR *d = opendir(path(dir));
    if (!d) fail("opendir");
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_bytes);
    hexname(dir);
    putchar(':');
    for (int i = 0; i < n; i++) {
        char rel[512];
        snprintf(rel, sizeof rel, "%s/%s", dir, names[i]);
        struct stat st;
        putchar(' ');
        hexname(names[i]);
        printf("=%s", lstat(path(rel), &st) < 0 ? err_name(errno)
                      : S_ISDIR(st.st_mode) ? "dir" : S_ISLNK(st.st_mode) ? "link" : "file");
        free(names[i]);
    }
    putchar('\n');
}

static void mode_bytes(void) {
    const char *top = "bytes", *file = "bytes/a\xff", *dir = "bytes/d\xfe\x80", *in = "bytes/d\xfe\x80/in\xc3";
    step("mkdir top", mkdir(path(top), 0755));
    int fd = open(path(file), O_WRONLY | O_CREAT | O_EXCL, 0644);
    step("create", fd);
    if (fd >= 0) {
        step("write", write(fd, "one", 3) == 3 ? 0 : -1);
        close(fd);
    }
    step("mkdir", mkdir(path(dir), 0755));
    fd = open(path(in), O_WRONLY | O_CREAT | O_EXCL, 0644);
    step("create inside", fd);
    if (fd >= 0) close(fd);
    step("create cesu", close(open(path("bytes/\xed\xb2\x80"), O_WRONLY | O_CREAT | O_EXCL, 0644)));
    step("create lone", close(open(path("bytes/\x80"), O_WRONLY | O_CREAT | O_EXCL, 0644)));
    step("create valid", close(open(path("bytes/\xc3\xa9"), O_WRONLY | O_CREAT | O_EXCL, 0644)));
    step("symlink", symlink("a\xff", path("bytes/l\xfe")));
    step("symlink to dir", symlink("d\xfe\x80/in\xc3", path("bytes/m")));
    list_bytes(top);
    list_bytes(dir);
    char target[64];
    ssize_t n = readlink(path("bytes/l\xfe"), target, sizeof target - 1);
    if (n >= 0) {
        target[n] = 0;
        printf("readlink: ");
        hexname(target);
        putchar('\n');
    } else step("readlink", -1);
    char buf[8] = {0};
    fd = open(path("bytes/l\xfe"), O_RDONLY);
    step("open through link", fd);
    if (fd >= 0) {
        printf("read: %zd %s\n", read(fd, buf, sizeof buf - 1), buf);
        close(fd);
    }
    struct stat st;
    step("stat through link into dir", stat(path("bytes/m"), &st));
    step("rename", rename(path(file), path("bytes/b\xfe")));
    step("link", link(path("bytes/b\xfe"), path("bytes/c\xfd")));
    step("stat old name", stat(path(file), &st));
    step("stat cesu", stat(path("bytes/\xed\xb2\x80"), &st));
    list_bytes(top);
    // Everything removed by the names readdir gave, as `rm -r` does.
    const char *dirs[] = {"bytes/d\xfe\x80", "bytes"};
    for (int k = 0; k < 2; k++) {
        DIR *d = opendir(path(dirs[k]));
        if (!d) fail("opendir");
        struct dirent *e;
        int removed = 0, failed = 0;
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            char rel[512];
            snprintf(rel, sizeof rel, "%s/%s", dirs[k], e->d_name);
            if (unlink(path(rel)) == 0 || (errno == EISDIR || errno == EPERM ? rmdir(path(rel)) == 0 : 0)) removed++;
            else failed++;
        }
        closedir(d);
        printf("removed %d, failed %d\n", removed, failed);
    }
    step("rmdir top", rmdir(path(top)));
}

// --- fifo-bytes ----------------------------------------------------------------
// FIFOs the host made under names that are not UTF-8: "f\x80" is read to its
// end, then "back" written into "g\x80". Each is opened by its bytes, as
// natively; beside them, files named "f\xef\xbf\xbd" and "g\xef\xbf\xbd"
// (U+FFFD, what a lossy decode makes of "\x80") must stay untouched.
static void mode_fifo_bytes(void) {
    int fd = open(path("f\x80"), O_RDONLY);
    step("open reader", fd);
    if (fd >= 0) {
        char buf[64];
        size_t got = 0;
        ssize_t n;
        while (got < sizeof buf - 1 && (n = read(fd, buf + got, sizeof buf - 1 - got)) > 0) got += n;
        buf[got] = 0;
        printf("read: %s\n", buf);
        close(fd);
    }
    fd = open(path("g\x80"), O_WRONLY);
    step("open writer", fd);
    if (fd >= 0) {
        step("write", write(fd, "back\n", 5) == 5 ? 0 : -1);
        close(fd);
    }
}

// --- renumber-stdio -----------------------------------------------------------
// stdout parked and put back with fd_renumber, as yosys does around its
// in-process ABC: a file stands in as fd 1 meanwhile. Natively the same
// moves are dup2 and close.
static int renumber(int from, int to) {
#ifdef __wasi__
    return __wasi_fd_renumber(from, to);
#else
    if (dup2(from, to) < 0) return errno;
    close(from);
    return 0;
#endif
}

static void mode_renumber_stdio(void) {
    int temp = open(path("renumber.tmp"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int spare = open(path("renumber.spare"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (temp < 0 || spare < 0) fail("open");
    printf("before\n");
    fflush(stdout);
    int park = renumber(1, spare); // fd 1 is free now
    int swap = renumber(temp, 1);  // the file is fd 1
    printf("into the file\n");
    fflush(stdout);
    int back = renumber(spare, 1);
    printf("park: %d swap: %d back: %d\n", park, swap, back);
    fflush(stdout);
    char buf[64] = {0};
    int fd = open(path("renumber.tmp"), O_RDONLY);
    if (fd < 0 || read(fd, buf, sizeof buf - 1) < 0) fail("read");
    close(fd);
    printf("file: %s", buf);
    unlink(path("renumber.tmp"));
    unlink(path("renumber.spare"));
}

// `stat-open DIR NAME... SUB`: stats DIR/NAME for each NAME (each through a directory of its own:
// they fill the runtime's cache of parent directories), then opens the directory DIR/SUB and keeps
// it open 1 s (a number just freed is the lowest: the runtime's cached one it closed), and prints
// `held SUB`. Beside another run's FIFO open that waits for a pool thread (tests/embedding/many.ts).
static void mode_stat_open(int argc, char **argv) {
    struct stat st;
    for (int i = 3; i < argc - 1; i++) stat(path(argv[i]), &st);
    int fd = open(path(argv[argc - 1]), O_RDONLY | O_DIRECTORY);
    if (fd < 0) fail("open");
    struct timespec second = {1, 0};
    nanosleep(&second, NULL);
    printf("held %s\n", argv[argc - 1]);
    close(fd);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: fs.wasm walk|order|count|prune|ops|times|poll DIR | readdir-small DIR BUFSIZE | follow DIR NAME... | renumber-stdio DIR | bytes DIR | fifo-bytes DIR | stat-open DIR NAME... SUB\n");
        return 2;
    }
    g_dir = argv[2];
    if (!strcmp(argv[1], "walk")) mode_walk();
    else if (!strcmp(argv[1], "order")) mode_order();
    else if (!strcmp(argv[1], "count")) mode_count();
    else if (!strcmp(argv[1], "prune")) mode_prune();
    else if (!strcmp(argv[1], "ops")) mode_ops();
    else if (!strcmp(argv[1], "times")) mode_times();
    else if (!strcmp(argv[1], "poll")) mode_poll();
    else if (!strcmp(argv[1], "readdir-small") && argc > 3) mode_readdir_small(argv[3]);
    else if (!strcmp(argv[1], "follow")) mode_follow(argc, argv);
    else if (!strcmp(argv[1], "renumber-stdio")) mode_renumber_stdio();
    else if (!strcmp(argv[1], "bytes")) mode_bytes();
    else if (!strcmp(argv[1], "fifo-bytes")) mode_fifo_bytes();
    else if (!strcmp(argv[1], "stat-open") && argc > 3) mode_stat_open(argc, argv);
    else {
        fprintf(stderr, "unknown mode: %s\n", argv[1]);
        return 2;
    }
    return 0;
}
