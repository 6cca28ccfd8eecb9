// Rebuild: cd testdata/c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o moved.wasm moved.c
//
// A directory wasirun keeps open between calls, moved out of the preopen by
// the host: the guest first makes many path calls through d (so the runtime
// keeps d open and, once it is used often, watches its parent rather than
// looking again at each call), prints `ready`, and waits for a line on stdin
// while the host moves d out of the preopen and puts something else at d.
// Then each call through d must act on what is at d now, never on the
// directory that left: prints `NAME=<errno>` per call.
//
// Usage: moved.wasm, the preopen at fd 3 holding d/f (a file) and d/sub/ (a
// directory).
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

enum { PREOPEN = 3, HOT = 200 };

static void report(const char *name, int e) { printf("%s=%d\n", name, e); }

int main(void) {
    __wasi_filestat_t st;
    for (int i = 0; i < HOT; i++) {
        int e = __wasi_path_filestat_get(PREOPEN, 0, "d/f", &st);
        if (e) {
            report("hot_stat", e);
            return 1;
        }
        e = __wasi_path_filestat_get(PREOPEN, 0, "d/sub", &st);
        if (e) {
            report("hot_stat_sub", e);
            return 1;
        }
    }
    printf("ready\n");
    fflush(stdout);
    char line[16];
    if (read(0, line, sizeof line) <= 0) return 1;
    report("stat_f", __wasi_path_filestat_get(PREOPEN, 0, "d/f", &st));
    __wasi_fd_t fd;
    report("open_f", __wasi_path_open(PREOPEN, 0, "d/f", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd));
    report("unlink_f", __wasi_path_unlink_file(PREOPEN, "d/f"));
    report("rename_f", __wasi_path_rename(PREOPEN, "d/f", PREOPEN, "d/g"));
    report("mkdir_n", __wasi_path_create_directory(PREOPEN, "d/n"));
    report("rmdir_sub", __wasi_path_remove_directory(PREOPEN, "d/sub"));
    report("symlink_s", __wasi_path_symlink("f", PREOPEN, "d/s"));
    return 0;
}
