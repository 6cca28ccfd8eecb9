// Rebuild: cd testdata/c && clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Wl,--strip-debug -o hostile.wasm hostile.c
//
// A hostile guest: tries every way out of its preopen (fd 3) that we know
// of and prints one line per attempt, `NAME=<errno>` (WASI numbers: 63
// EPERM, 32 ELOOP, 28 EINVAL, 25 EILSEQ, 21 EFAULT, 54 ENOTDIR, 8 EBADF).
// It calls the raw imports so it controls every byte and length of a path.
//
// Usage: hostile.wasm CANARY STOLEN, run with the sandbox preopened at fd 3.
// CANARY is the host path of a file outside the sandbox, STOLEN a host path
// outside that must never come to exist. The sandbox must hold what
// tests/fs_hostile_test.ts plants there: file, sub/inner, and the symlinks
// abs -> CANARY, absdir -> /etc, rel -> ../canary, chain1 -> chain2 ->
// ../canary, up -> .. (as another host process could have made them).
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define WASI(name) __attribute__((__import_module__("wasi_snapshot_preview1"), __import_name__(#name)))

int32_t raw_path_open(int32_t fd, int32_t dirflags, const char *path, size_t len, int32_t oflags,
                      int64_t base, int64_t inheriting, int32_t fdflags, uint32_t *out) WASI(path_open);
int32_t raw_path_filestat_get(int32_t fd, int32_t flags, const char *path, size_t len, void *stat)
    WASI(path_filestat_get);
int32_t raw_path_readlink(int32_t fd, const char *path, size_t len, char *buf, size_t buf_len,
                          uint32_t *used) WASI(path_readlink);
int32_t raw_path_symlink(const char *target, size_t target_len, int32_t fd, const char *path,
                         size_t len) WASI(path_symlink);
int32_t raw_path_rename(int32_t fd, const char *old, size_t old_len, int32_t new_fd,
                        const char *new_path, size_t new_len) WASI(path_rename);
int32_t raw_path_link(int32_t old_fd, int32_t flags, const char *old, size_t old_len, int32_t new_fd,
                      const char *new_path, size_t new_len) WASI(path_link);
int32_t raw_path_unlink_file(int32_t fd, const char *path, size_t len) WASI(path_unlink_file);
int32_t raw_path_remove_directory(int32_t fd, const char *path, size_t len) WASI(path_remove_directory);
int32_t raw_path_create_directory(int32_t fd, const char *path, size_t len) WASI(path_create_directory);
int32_t raw_path_filestat_set_times(int32_t fd, int32_t flags, const char *path, size_t len,
                                    int64_t atim, int64_t mtim, int32_t fst_flags)
    WASI(path_filestat_set_times);
int32_t raw_fd_renumber(int32_t from, int32_t to) WASI(fd_renumber);
int32_t raw_fd_prestat_get(int32_t fd, void *prestat) WASI(fd_prestat_get);

enum { PREOPEN = 3, FOLLOW = 1, NOFOLLOW = 0 };
static const int64_t READ = 1 << 1, WRITE = 1 << 6, ALL = (1LL << 30) - 1;
static const int32_t CREAT = 1, ATIM_NOW = 2;

static void report(const char *name, int32_t errno_) { printf("%s=%d\n", name, errno_); }

static uint32_t opened;

static int32_t open_at(int32_t fd, int32_t flags, const char *path, size_t len) {
    return raw_path_open(fd, flags, path, len, 0, READ, ALL, 0, &opened);
}

// The attempt with a C string path (its length by strlen), following symlinks.
static void try_open(const char *name, int32_t fd, const char *path) {
    report(name, open_at(fd, FOLLOW, path, strlen(path)));
}

#define S(lit) lit, sizeof(lit) - 1

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: hostile.wasm CANARY STOLEN\n");
        return 2;
    }
    const char *canary = argv[1], *stolen = argv[2];
    char stat[64], buf[64];
    uint32_t used = 0;

    // Walking out by name.
    try_open("open_dotdot", PREOPEN, "../canary");
    try_open("open_host_absolute", PREOPEN, canary);
    try_open("open_etc_passwd", PREOPEN, "/etc/passwd");
    try_open("open_root", PREOPEN, "/");
    try_open("open_dotdot_slash", PREOPEN, "../");
    try_open("open_deep_dotdot", PREOPEN, "sub/../../canary");
    try_open("open_dot_dotdot", PREOPEN, "./.././canary");
    try_open("open_many_dotdot", PREOPEN, "../../../../../../../../../../etc/passwd");

    // Walking out through symlinks someone planted.
    try_open("open_abs_symlink", PREOPEN, "abs");
    try_open("open_abs_symlink_slash", PREOPEN, "abs/");
    try_open("open_abs_symlink_dir", PREOPEN, "absdir/passwd");
    try_open("open_rel_symlink", PREOPEN, "rel");
    try_open("open_chain", PREOPEN, "chain1");
    try_open("open_dirlink", PREOPEN, "up/canary");
    try_open("open_dirlink_slash", PREOPEN, "up/");
    report("open_symlink_nofollow", open_at(PREOPEN, NOFOLLOW, S("rel")));

    // Bytes a path must not hold.
    report("open_nul", open_at(PREOPEN, FOLLOW, S("file\0../canary")));
    report("open_nul_end", open_at(PREOPEN, FOLLOW, S("file\0")));
    report("open_bad_utf8", open_at(PREOPEN, FOLLOW, S("\xff\xfe")));
    report("open_fault", open_at(PREOPEN, FOLLOW, (const char *)0xFFFFFF00u, 100));
    try_open("open_trailing_slash_file", PREOPEN, "file/");

    // A loop the guest makes itself.
    report("symlink_loop_a", raw_path_symlink(S("loop_b"), PREOPEN, S("loop_a")));
    report("symlink_loop_b", raw_path_symlink(S("loop_a"), PREOPEN, S("loop_b")));
    try_open("open_loop", PREOPEN, "loop_a");

    // Looking outside without opening.
    report("stat_dotdot", raw_path_filestat_get(PREOPEN, FOLLOW, S("../canary"), stat));
    report("stat_abs_follow", raw_path_filestat_get(PREOPEN, FOLLOW, S("abs"), stat));
    report("stat_abs_nofollow", raw_path_filestat_get(PREOPEN, NOFOLLOW, S("abs"), stat));
    // Paths of several plain names (the fast path takes them as bytes) through a link out.
    report("stat_nested_up", raw_path_filestat_get(PREOPEN, NOFOLLOW, S("up/sandbox/file"), stat));
    report("stat_nested_absdir", raw_path_filestat_get(PREOPEN, NOFOLLOW, S("absdir/ssl/certs"), stat));
    report("readlink_abs", raw_path_readlink(PREOPEN, S("abs"), buf, sizeof buf, &used));
    report("readlink_rel", raw_path_readlink(PREOPEN, S("rel"), buf, sizeof buf, &used));

    // Planting symlinks that point out.
    report("symlink_absolute", raw_path_symlink(S("/etc/passwd"), PREOPEN, S("plant1")));
    report("symlink_host_absolute", raw_path_symlink(canary, strlen(canary), PREOPEN, S("plant2")));
    // wasmtime refuses the target before it looks for the link's directory.
    report("symlink_absolute_no_dir", raw_path_symlink(S("/etc/passwd"), PREOPEN, S("nodir/plant")));
    report("symlink_relative_out", raw_path_symlink(S("../canary"), PREOPEN, S("plant3")));
    report("symlink_relative_deep", raw_path_symlink(S("sub/../../canary"), PREOPEN, S("plant4")));
    report("symlink_in_sub_out", raw_path_symlink(S("../../canary"), PREOPEN, S("sub/plant5")));
    report("symlink_in_sub_ok", raw_path_symlink(S("../file"), PREOPEN, S("sub/ok")));
    report("symlink_out_of_sandbox", raw_path_symlink(S("file"), PREOPEN, S("../planted")));
    // A name starting with U+FEFF, which a default TextDecoder drops: it names
    // no file here, and the scan before a move up still sees such a link
    // (deep/sub/<BOM>l -> ../../file would climb out of bomsub).
    report("open_bom_name", open_at(PREOPEN, FOLLOW, S("\xEF\xBB\xBF" "file")));
    report("mkdir_deep", raw_path_create_directory(PREOPEN, S("deep")));
    report("mkdir_deep_sub", raw_path_create_directory(PREOPEN, S("deep/sub")));
    report("symlink_bom_in_deep", raw_path_symlink(S("../../file"), PREOPEN, S("deep/sub/\xEF\xBB\xBFl")));
    report("rename_bom_link_up", raw_path_rename(PREOPEN, S("deep/sub"), PREOPEN, S("bomsub")));

    // Moving and linking across the boundary.
    report("rename_out", raw_path_rename(PREOPEN, S("file"), PREOPEN, S("../stolen")));
    report("rename_in", raw_path_rename(PREOPEN, S("../canary"), PREOPEN, S("mine")));
    report("rename_abs", raw_path_rename(PREOPEN, S("file"), PREOPEN, stolen, strlen(stolen)));
    report("rename_via_symlink", raw_path_rename(PREOPEN, S("file"), PREOPEN, S("up/stolen")));
    report("link_out", raw_path_link(PREOPEN, NOFOLLOW, S("file"), PREOPEN, S("../linked")));
    report("link_in", raw_path_link(PREOPEN, NOFOLLOW, S("../canary"), PREOPEN, S("mine")));
    report("link_follow_abs", raw_path_link(PREOPEN, FOLLOW, S("abs"), PREOPEN, S("mine")));
    report("unlink_out", raw_path_unlink_file(PREOPEN, S("../canary")));
    report("unlink_via_symlink", raw_path_unlink_file(PREOPEN, S("up/canary")));
    report("unlink_nested_up", raw_path_unlink_file(PREOPEN, S("up/sandbox/file")));
    report("rmdir_out", raw_path_remove_directory(PREOPEN, S("..")));
    report("mkdir_out", raw_path_create_directory(PREOPEN, S("../newdir")));
    report("utimes_out", raw_path_filestat_set_times(PREOPEN, FOLLOW, S("../canary"), 0, 0, ATIM_NOW));
    report("utimes_abs", raw_path_filestat_set_times(PREOPEN, FOLLOW, S("abs"), 0, 0, ATIM_NOW));
    report("create_out", raw_path_open(PREOPEN, FOLLOW, S("../created"), CREAT, WRITE, ALL, 0, &opened));

    // Directory fds: each is its own root, whatever the guest does with them.
    uint32_t dot, sub;
    report("open_dir_dot", raw_path_open(PREOPEN, FOLLOW, S("."), 0, READ, ALL, 0, &dot));
    report("open_dir_dot_parent", open_at(dot, FOLLOW, S("..")));
    report("open_sub", raw_path_open(PREOPEN, FOLLOW, S("sub"), 0, READ, ALL, 0, &sub));
    report("open_sub_parent", open_at(sub, FOLLOW, S("..")));
    report("open_sub_parent_parent", open_at(sub, FOLLOW, S("../../canary")));
    report("moved_dir_rename", raw_path_rename(PREOPEN, S("sub"), PREOPEN, S("moved")));
    report("moved_dir_plant", raw_path_symlink(S("../.."), PREOPEN, S("sub")));
    report("moved_dir_open", open_at(sub, FOLLOW, S("inner")));
    report("moved_dir_parent", open_at(sub, FOLLOW, S("../canary")));

    // Replacing the preopen itself.
    uint32_t file;
    report("open_file", raw_path_open(PREOPEN, FOLLOW, S("file"), 0, READ, ALL, 0, &file));
    report("renumber_over_preopen", raw_fd_renumber(file, PREOPEN));
    report("after_renumber_open", open_at(PREOPEN, FOLLOW, S("file")));
    report("after_renumber_prestat", raw_fd_prestat_get(PREOPEN, stat));
    return 0;
}
