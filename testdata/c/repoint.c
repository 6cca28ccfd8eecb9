// Rebuild: cd testdata/c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o repoint.wasm repoint.c
//
// A guest that re-points the path of a directory it holds open, then acts
// through the fd it holds: whatever now sits at that path (a symlink out of
// the preopen), the fd still stands for the directory it opened, which the
// guest has removed, so every call through it answers ENOENT (44), under
// every resolver (the "paths" one checks that the path still names the
// directory it opened). Prints `NAME=<errno>` per call.
//
// Usage: repoint.wasm host|guest|nested|movedout|nonutf8, the preopen at fd 3.
//   host:  the preopen holds x/l, a symlink the host made to a directory
//          outside holding `secret`; the guest makes y/l, opens it, removes
//          it and y, and renames x to y: y/l is now the host's link.
//   guest: no link from the host; the guest makes a/b/top -> ../.. and, in
//          place of the directory a/b/d it holds open, a/b/d -> top/..,
//          which leads to the preopen's parent.
//
// Two more modes re-point links by moving the directory holding them up,
// where their ".." would climb out of the preopen: each move must be EPERM
// (63), under every resolver (wasmtime allows them: we are stricter).
//   nested:  a second preopen at fd 4 is fd 3's x/y. Through fd 3 the guest
//            makes x/y/p/l -> ../../secret (inside fd 3's tree), then
//            moves p from fd 4 to fd 3's top.
//   movedout: as nested; through fd 4 the guest opens q (fd 5), moves it
//            out of fd 4's tree to fd 3's top, makes x/y/D/l ->
//            ../../../secret and moves D from fd 4 into fd 5 (q/D/l would
//            climb out of fd 3's preopen).
//   nonutf8: the host left a/b/<0xfe> -> ../../secret and c/d/t ->
//            ../../secret<0xfd> (names and targets a guest cannot make);
//            the guest moves a/b and c/d to the top.
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

enum { PREOPEN = 3 };

static void report(const char *name, int e) { printf("%s=%d\n", name, e); }

static int open_dir(const char *path, __wasi_fd_t *fd) {
    return __wasi_path_open(PREOPEN, 0, path, __WASI_OFLAGS_DIRECTORY,
                            __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_PATH_FILESTAT_SET_TIMES |
                                __WASI_RIGHTS_PATH_CREATE_FILE | __WASI_RIGHTS_PATH_FILESTAT_GET,
                            __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE, 0, fd);
}

int main(int argc, char **argv) {
    __wasi_fd_t held = 0, f;
    const char *mode = argc > 1 ? argv[1] : "";
    if (!strcmp(mode, "nested")) {
        report("mkdir_p", __wasi_path_create_directory(PREOPEN, "x/y/p"));
        report("symlink_p_l", __wasi_path_symlink("../../secret", PREOPEN, "x/y/p/l"));
        report("rename_inner_p_up", __wasi_path_rename(PREOPEN + 1, "p", PREOPEN, "p"));
        return 0;
    }
    if (!strcmp(mode, "movedout")) {
        report("mkdir_D", __wasi_path_create_directory(PREOPEN, "x/y/D"));
        report("symlink_D_l", __wasi_path_symlink("../../../secret", PREOPEN, "x/y/D/l"));
        report("mkdir_q", __wasi_path_create_directory(PREOPEN + 1, "q"));
        __wasi_fd_t q;
        report("open_q", __wasi_path_open(PREOPEN + 1, 0, "q", __WASI_OFLAGS_DIRECTORY,
                                          __WASI_RIGHTS_PATH_RENAME_TARGET, 0, 0, &q));
        report("rename_q_out", __wasi_path_rename(PREOPEN, "x/y/q", PREOPEN, "q"));
        report("rename_D_into_q", __wasi_path_rename(PREOPEN + 1, "D", q, "D"));
        return 0;
    }
    if (!strcmp(mode, "nonutf8")) {
        report("rename_a_b_up", __wasi_path_rename(PREOPEN, "a/b", PREOPEN, "b"));
        report("rename_c_d_up", __wasi_path_rename(PREOPEN, "c/d", PREOPEN, "d"));
        return 0;
    }
    if (!strcmp(mode, "host")) {
        report("mkdir_y", __wasi_path_create_directory(PREOPEN, "y"));
        report("mkdir_y_l", __wasi_path_create_directory(PREOPEN, "y/l"));
        report("open_y_l", open_dir("y/l", &held));
        report("rmdir_y_l", __wasi_path_remove_directory(PREOPEN, "y/l"));
        report("rmdir_y", __wasi_path_remove_directory(PREOPEN, "y"));
        report("rename_x_y", __wasi_path_rename(PREOPEN, "x", PREOPEN, "y"));
    } else {
        report("mkdir_a", __wasi_path_create_directory(PREOPEN, "a"));
        report("mkdir_a_b", __wasi_path_create_directory(PREOPEN, "a/b"));
        report("mkdir_a_b_d", __wasi_path_create_directory(PREOPEN, "a/b/d"));
        report("open_a_b_d", open_dir("a/b/d", &held));
        report("symlink_top", __wasi_path_symlink("../..", PREOPEN, "a/b/top"));
        report("rmdir_a_b_d", __wasi_path_remove_directory(PREOPEN, "a/b/d"));
        report("symlink_d", __wasi_path_symlink("top/..", PREOPEN, "a/b/d"));
    }
    // Through the fd held: the directory removed, not what is at its path now.
    report("open_secret", __wasi_path_open(held, 0, "secret", 0, __WASI_RIGHTS_FD_READ, 0, 0, &f));
    __wasi_filestat_t st;
    report("stat_secret", __wasi_path_filestat_get(held, 0, "secret", &st));
    static uint8_t buf[4096];
    __wasi_size_t used = 0;
    int e = __wasi_fd_readdir(held, buf, sizeof buf, 0, &used);
    // A removed directory lists "." and ".." at most: anything more is outside names.
    size_t names = 0;
    for (size_t off = 0; off + sizeof(__wasi_dirent_t) <= used; names++) {
        __wasi_dirent_t *d = (__wasi_dirent_t *)(buf + off);
        off += sizeof *d + d->d_namlen;
    }
    printf("readdir=%d%s\n", e, names > 2 ? " (names from outside)" : "");
    report("create", __wasi_path_open(held, 0, "PWNED", __WASI_OFLAGS_CREAT, __WASI_RIGHTS_FD_WRITE, 0, 0, &f));
    report("mkdir", __wasi_path_create_directory(held, "newdir"));
    report("utimes_secret", __wasi_path_filestat_set_times(held, 0, "secret", 1000000000ull, 1000000000ull,
                                                            __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    return 0;
}
