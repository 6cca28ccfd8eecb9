/**
 * The filesystem calls one by one, as a guest that calls WASI directly sees
 * them (testdata/wat/fs_errno.wat): exact errno per call, wasmtime's where
 * it has one (the exceptions are listed in RATIONALE.md, "The filesystem sandbox").
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { assertStdout, fixture, runCli, RUNTIMES } from "./_helpers.ts";

/** NAME and errno, in the order fs_errno.wasm makes the calls. */
const TABLE: [string, number][] = [
  ["open_file", 0],
  ["open_missing", 44],
  ["open_creat_excl_exists", 20],
  ["open_dir_for_write", 31],
  ["open_directory_flag_on_file", 54],
  ["open_directory_creat", 28],
  ["open_through_file", 54],
  ["open_creat_trailing_slash", 31],
  ["open_link_nofollow", 32],
  ["open_bad_oflags", 28],
  ["open_bad_lookupflags", 28],
  ["open_bad_utf8", 44], // a name like any other through FFI (lib/host/names.ts), as natively
  ["open_empty_path", 44],
  ["open_on_file_fd", 54],
  ["open_on_stdout", 8],
  ["open_on_unknown_fd", 8],
  ["readdir_on_file", 8], // wasmtime's and wazero's (getdents(2): ENOTDIR)
  ["readdir_on_stdin", 8],
  ["seek_dir", 8],
  ["seek_stdout", 70],
  ["seek_bad_whence", 28],
  ["seek_negative", 28],
  ["seek_end", 0],
  // Stdin is /dev/null here: pread(2) reads 0 there, as natively and under wazero (wasmtime 49:
  // ESPIPE, as for its fd_seek there; helper-201). A pipe's is ESPIPE (below).
  ["pread_stdin", 0],
  ["pread_dir", 8],
  ["pread_file", 0],
  ["pwrite_readonly", 8],
  ["write_readonly", 8],
  ["set_size_dir", 8],
  ["set_size_readonly_file", 28],
  ["sync_dir", 0], // fsync(2) of a directory, as Linux and wazero (wasmtime 49: EBADF)
  ["datasync_stdout", 8],
  ["sync_file", 0],
  ["advise_bad", 28],
  ["advise_ok", 0],
  ["advise_dir", 8],
  ["advise_negative_len", 28],
  ["shutdown_dir_bad_how", 57],
  ["allocate_dir", 8],
  ["allocate_readonly", 8],
  ["set_times_both_atim", 28],
  ["set_times_both_mtim", 28],
  ["set_times_bad_flag", 28],
  ["set_times_stdout", 8],
  ["set_flags_dir", 8],
  ["set_flags_sync_file", 28],
  ["set_flags_nonblock_file", 0],
  ["filestat_stdout", 0],
  ["rights_widen", 76],
  ["rights_narrow", 0],
  ["rights_widen_back", 76],
  ["seek_after_narrow", 76],
  ["tell_after_narrow", 76],
  ["pread_after_narrow", 76],
  ["read_after_narrow", 0],
  ["filestat_after_narrow", 76],
  ["mkdir_exists", 20],
  ["mkdir_over_file", 20],
  ["mkdir_over_dangling_link", 20],
  ["mkdir_on_file_fd", 54],
  ["rmdir_notempty", 55],
  ["rmdir_file", 54],
  ["rmdir_dot", 28],
  ["rmdir_link_to_dir", 54],
  ["unlink_dir", 31],
  ["unlink_missing", 44],
  ["unlink_trailing_slash", 54],
  ["rename_missing", 44],
  ["rename_dir_over_file", 54],
  ["rename_file_over_dir", 31],
  ["rename_into_itself", 28],
  ["rename_to_file_fd", 54],
  ["link_follow", 28],
  ["link_dir", 63],
  ["link_exists", 20],
  ["link_dir_exists", 20], // EPERM came first (helper-201); natively and under wasmtime EEXIST
  ["symlink_absolute", 63],
  ["symlink_exists", 20],
  ["symlink_empty_target", 44],
  ["readlink_not_link", 28],
  ["readlink_missing", 44],
  ["readlink_small_buffer", 0],
  ["stat_missing", 44],
  ["stat_bad_flags", 28],
  ["stat_through_file", 54],
  ["utimes_missing", 44],
  ["renumber_missing_from", 8],
  ["renumber_missing_to", 8],
  ["prestat_file", 8],
  ["close_file", 0],
  ["read_closed", 8],
  ["close_preopen", 0],
  ["open_closed_preopen", 8],
];

/** The tree fs_errno.wat expects at fd 3. */
function makeTree(): string {
  const dir = fs.realpathSync(Deno.makeTempDirSync({ prefix: "wasirun-errno-" }));
  fs.writeFileSync(`${dir}/file`, "0123456789");
  fs.mkdirSync(`${dir}/dir`);
  fs.writeFileSync(`${dir}/dir/inner`, "");
  fs.symlinkSync("file", `${dir}/link`);
  fs.symlinkSync("dir", `${dir}/dirlink`);
  fs.symlinkSync("nowhere", `${dir}/dangling`);
  return dir;
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: every filesystem call answers its errno, one table row per call`, async () => {
    const dir = makeTree();
    try {
      const r = await runCli(runtime, ["--dir", `${dir}::/t`, fixture("wat/fs_errno.wasm")]);
      assert.equal(r.stderr, "");
      assert.equal(r.code, 0);
      const expected = TABLE.map(([name, errno]) => `${name}=${errno}\n`).join("") + "done\n";
      assertStdout(r, expected);
      // Only failing calls and reads: the tree is as it was.
      assert.deepEqual(fs.readdirSync(dir).sort(), ["dangling", "dir", "dirlink", "file", "link"]);
      assert.equal(fs.readFileSync(`${dir}/file`, "utf8"), "0123456789");
      assert.deepEqual(fs.readdirSync(`${dir}/dir`), ["inner"]);
      // Stdin a pipe: no pread there (ESPIPE), as natively.
      const piped = await runCli(runtime, ["--dir", `${dir}::/t`, fixture("wat/fs_errno.wasm")], {
        stdin: "",
      });
      assert.match(piped.stdout, /^pread_stdin=70$/m, piped.stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: O_NONBLOCK set on a file or /dev/null reads back set, as natively`, async () => {
    // It changes nothing there (no read waits) but was dropped: F_GETFL then
    // said blocking (CPython's os.get_blocking, test_os.BlockingTests).
    const dir = makeTree();
    try {
      const r = await runCli(runtime, [
        "--dir",
        `${dir}::/t`,
        fixture("c/main.wasm"),
        "nonblock",
        "/t/file",
      ]);
      assert.equal(r.stderr, "");
      assert.equal(r.code, 0);
      assert.equal(
        r.stdout,
        "file: before=0 set=0 after=1\nstdin: before=0 set=0 after=1\nread=10\n",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: a FIFO opened with O_NONBLOCK opens at once, as natively`, async () => {
    // It waited for the other end (a reader for ever, with nobody to come);
    // natively a reader opens at once and a writer too once there is a
    // reader, else ENXIO. As a stream (stdin a pipe) and as a file (/dev/null).
    const dir = Deno.makeTempDirSync();
    try {
      assert.ok(new Deno.Command("mkfifo", { args: [`${dir}/fifo`] }).outputSync().success);
      for (const stdin of ["", "null"] as const) {
        const r = await runCli(
          runtime,
          ["--dir", `${dir}::/t`, fixture("c/main.wasm"), "fifo-nonblock", "/t/fifo"],
          { stdin },
        );
        assert.equal(r.stderr, "");
        assert.equal(r.code, 0);
        assert.equal(
          r.stdout,
          "reader: open\nread: 0\nwriter: open\nwrite: 1\nread: 1 x\n" +
            "read: -1 Resource temporarily unavailable\n" +
            "writer without a reader: No such device or address\n",
        );
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: a FIFO opened O_RDWR is written and read back at once, as natively`, async () => {
    // It became a reader's stream only: the write was EBADF and the read waited for ever.
    const dir = Deno.makeTempDirSync();
    try {
      assert.ok(new Deno.Command("mkfifo", { args: [`${dir}/fifo`] }).outputSync().success);
      for (const stdin of ["", "null"] as const) {
        const args = ["--dir", `${dir}::/t`, fixture("c/fifo_rdwr.wasm"), "/t/fifo"];
        const r = await runCli(runtime, args, { stdin });
        assert.equal(r.stderr, "");
        assert.equal(r.stdout, "write=6 read=6\n");
        assert.equal(r.code, 0);
      }
      // O_NONBLOCK set after the open (as Go sets it on every file): the empty read held the
      // whole process, as the FIFO's host fd was not told (a helper's Go program never ran on).
      const nonblock = [fixture("c/fifo_rdwr.wasm"), "/t/fifo", "nonblock"];
      const r = await runCli(runtime, ["-W", "timeout=20s", "--dir", `${dir}::/t`, ...nonblock]);
      assert.equal(
        r.stdout,
        "empty read: EAGAIN, poll: timeout, write=6, poll: readable, read=6\n",
        r.stderr,
      );
      assert.equal(r.code, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: poll(2) of a FIFO opened with O_NONBLOCK waits for a writer, as natively`, async () => {
    // poll_oneoff counted such a FIFO ready and hung up at once (its size, 0, all read), so a
    // CPython `select()` for a writer to come spun instead of waiting (a helper's sweep);
    // natively nothing is there until a writer comes, and its leaving is the hangup.
    const dir = Deno.makeTempDirSync();
    try {
      assert.ok(new Deno.Command("mkfifo", { args: [`${dir}/fifo`] }).outputSync().success);
      const r = await runCli(
        runtime,
        ["--dir", `${dir}::/t`, fixture("c/main.wasm"), "fifo-poll", "/t/fifo"],
      );
      assert.equal(r.stderr, "");
      assert.equal(
        r.stdout,
        "no writer: 0 \nwritten: 1 in\nread: 1\nwriter gone: 1 hangup\nread: 0\n",
      );
      assert.equal(r.code, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
