/**
 * Read-only preopens (`--dir HOST::GUEST:ro`): every write through one, or
 * through an fd opened below it, fails as with wasmtime's `DirPerms::READ` /
 * `FilePerms::READ` preopens: EPERM, or EBADF for an fd that was never
 * opened for writing. Reads work, and the host tree never changes.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { assertStdout, fixture, runCli, RUNTIMES } from "./_helpers.ts";

/** NAME and errno, in the order fs_readonly.wasm makes the calls. */
const TABLE: [string, number][] = [
  ["open_read", 0],
  ["read", 0],
  ["pread", 0],
  ["filestat", 0],
  ["write", 8],
  ["pwrite", 8],
  ["set_size", 63],
  ["set_times_file", 63],
  ["allocate", 8],
  ["open_for_write", 63],
  ["open_creat_existing", 63],
  ["open_creat_new", 63],
  ["open_trunc", 63],
  ["open_missing_for_write", 63],
  ["mkdir", 63],
  ["rmdir", 63],
  ["unlink", 63],
  ["rename", 63],
  ["link", 63],
  ["symlink", 63],
  ["set_times_path", 63],
  ["set_times_dir", 63],
  ["rename_ro_to_rw", 63],
  ["rename_rw_to_ro", 63],
  ["link_ro_to_rw", 63],
  ["link_rw_to_ro", 63],
  ["open_subdir", 0],
  ["subdir_creat", 63],
  ["subdir_mkdir", 63],
  ["subdir_rmdir", 63],
  ["subdir_set_times", 63],
  ["readdir", 0],
  ["stat", 0],
  ["readlink", 0],
  ["open_via_link", 0],
  ["rw_preopen_creat", 0],
  ["rw_preopen_write", 0],
];

interface Trees {
  top: string;
  ro: string;
  rw: string;
}

function makeTrees(): Trees {
  const top = fs.realpathSync(Deno.makeTempDirSync({ prefix: "wasirun-ro-" }));
  const [ro, rw] = [`${top}/ro`, `${top}/rw`];
  fs.mkdirSync(`${ro}/dir/empty`, { recursive: true });
  fs.mkdirSync(rw);
  fs.writeFileSync(`${ro}/file`, "0123456789");
  fs.symlinkSync("file", `${ro}/link`);
  fs.writeFileSync(`${rw}/mine`, "mine");
  fs.utimesSync(`${ro}/file`, 1_000_000_000, 1_000_000_000);
  return { top, ro, rw };
}

/** Every path under `dir` with its size and mtime, to show nothing changed. */
function snapshot(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort().map((name) => {
    const st = fs.lstatSync(`${dir}/${name}`);
    return `${name} ${st.isDirectory() ? "dir" : st.size} ${st.isDirectory() ? "" : st.mtimeMs}`;
  });
}

for (const runtime of RUNTIMES) {
  const t = (name: string, fn: () => Promise<void>) => Deno.test(`${runtime.name}: ${name}`, fn);

  t("every write through a read-only preopen fails, every read works", async () => {
    const trees = makeTrees();
    try {
      const before = snapshot(trees.ro);
      const r = await runCli(runtime, [
        "--dir",
        `${trees.ro}::/ro:ro`,
        "--dir",
        `${trees.rw}::/rw`,
        fixture("wat/fs_readonly.wasm"),
      ]);
      assert.equal(r.stderr, "");
      const expected = TABLE.map(([name, errno]) => `${name}=${errno}\n`).join("") + "done\n";
      assertStdout(r, expected);
      assert.deepEqual(snapshot(trees.ro), before);
      assert.deepEqual(fs.readdirSync(trees.rw).sort(), ["made", "mine"]);
    } finally {
      fs.rmSync(trees.top, { recursive: true, force: true });
    }
  });

  t("a directory named NAME:ro: read-write with :rw, read-only with :ro", async () => {
    const trees = makeTrees();
    const named = `${trees.top}/backup:ro`;
    fs.mkdirSync(named);
    try {
      const write = (spec: string) =>
        runCli(runtime, ["--dir", spec, fixture("c/main.wasm"), "writefile", "/b/f"]);
      const ro = await write(`${named}::/b:ro`);
      assert.equal(ro.code, 1);
      assert.match(ro.stderr, /^error: \/b\/f: Operation not permitted\n$/);
      const rw = await write(`${named}::/b:rw`);
      assertStdout(rw, "offset: 21\n");
      assert.equal(fs.readFileSync(`${named}/f`, "utf8"), "written by the guest\n");
      // No GUEST: the guest name is the host name, `:ro` included.
      const plain = await runCli(runtime, [
        "--dir",
        `${named}:rw`,
        fixture("c/main.wasm"),
        "readfile",
        `${named}/f`,
      ]);
      assertStdout(plain, "written by the guest\n");
    } finally {
      fs.rmSync(trees.top, { recursive: true, force: true });
    }
  });

  t("a Go program gets EPERM for writes to a read-only preopen and reads its files", async () => {
    const trees = makeTrees();
    try {
      const args = ["--dir", `${trees.ro}::/ro:ro`, fixture("go/fs/main.wasm"), "ops", "/ro"];
      const r = await runCli(runtime, args);
      assert.match(r.stdout, /^mkdir d: EPERM\nmkdir d again: EPERM\nwrite d\/f: EPERM\n/);
      assert.doesNotMatch(r.stdout, /: ok$/m);
      const read = await runCli(runtime, [
        "--dir",
        `${trees.ro}::/ro:ro`,
        fixture("go/main.wasm"),
        "readfile",
        "/ro/file",
      ]);
      assert.equal(read.stdout, "0123456789");
      assert.deepEqual(fs.readdirSync(trees.ro).sort(), ["dir", "file", "link"]);
    } finally {
      fs.rmSync(trees.top, { recursive: true, force: true });
    }
  });
}
