/**
 * Deno's permissions as a second wall behind the sandbox: a denial reaches
 * the guest as EACCES, never as a crash, and everything the permissions
 * allow still works. Without --allow-ffi the resolver is the best-effort
 * "paths" one, and says so on stderr; with it (README's least-privilege
 * command) the kernel resolves every path and everything works.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import {
  assertStdout,
  BEST_EFFORT_WARNING,
  CLI,
  fixture,
  NODE,
  nodePermission,
  ROOT,
  runCli,
  type Runtime,
  RUNTIMES,
} from "./_helpers.ts";

function scoped(read: string[], write: string[], ffi = false): Runtime {
  const flags = [`--allow-read=${read.join(",")}`];
  if (write.length > 0) flags.push(`--allow-write=${write.join(",")}`);
  if (ffi) flags.push("--allow-ffi");
  return { name: "deno", command: [Deno.execPath(), "run", ...flags, CLI] };
}

function tempDir(): string {
  return fs.realpathSync(Deno.makeTempDirSync({ prefix: "wasirun-perm-" }));
}

Deno.test("deno with path-scoped permissions: a denied module or preopen is 'permission denied', whatever its name", async () => {
  // Deno's message quotes the path: text in it that looks like Deno's own "(os error N)" is not.
  const dir = tempDir();
  try {
    const deno = scoped([ROOT], []);
    const module = await runCli(deno, [`${dir}/x (os error 21)`]);
    assert.equal(
      module.stderr,
      `error: ${dir}/x (os error 21): cannot read module: permission denied by Deno (--allow-read)\n`,
    );
    assert.equal(module.code, 1);
    const preopen = await runCli(deno, [
      "--dir",
      `${dir}/d (os error 20)`,
      fixture("wat/hello.wasm"),
    ]);
    assert.equal(
      preopen.stderr,
      `error: ${
        fixture("wat/hello.wasm")
      }: cannot preopen '${dir}/d (os error 20)': permission denied by Deno (--allow-read)\n`,
    );
    assert.equal(preopen.code, 1);
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});

Deno.test("deno without --allow-net (or with it for another address): --listen is 'permission denied' in one line", async () => {
  // Deno's node:net threw its NotCapable out of a callback of its own: an uncaught exception with
  // a stack trace, for an address (a name's lookup was refused in one line).
  const hello = fixture("wat/hello.wasm");
  for (
    const [net, address] of [[[], "127.0.0.1:0"], [["--allow-net=127.0.0.1:8080"], "127.0.0.1:0"], [
      ["--allow-net=[::1]"],
      "localhost:0",
    ]] as [string[], string][]
  ) {
    const deno: Runtime = {
      name: "deno",
      command: [Deno.execPath(), "run", "--no-prompt", `--allow-read=${ROOT}`, ...net, CLI],
    };
    const r = await runCli(deno, ["--listen", address, hello]);
    assert.equal(r.stderr, `error: ${hello}: cannot listen on ${address}: permission denied\n`);
    assert.equal(r.code, 1);
  }
  const allowed = await runCli({
    name: "deno",
    command: [Deno.execPath(), "run", `--allow-read=${ROOT}`, "--allow-net=127.0.0.1", CLI],
  }, ["--listen", "127.0.0.1:0", hello]);
  assert.match(allowed.stderr, /^wasirun: listening on 127\.0\.0\.1:\d+ \(fd 3\)\n$/);
  assertStdout(allowed, "hello from wat\n");
});

Deno.test("deno with path-scoped permissions: a guest works in its preopen, symlink is EACCES", async () => {
  const dir = tempDir();
  try {
    const deno = scoped([dir, ROOT], [dir]);
    const r = await runCli(deno, ["--dir", `${dir}::/w`, fixture("c/fs.wasm"), "ops", "/w"]);
    // Deno.symlink needs unscoped read and write permission; the rest is allowed.
    const expected = (await Deno.readTextFile(`${ROOT}testdata/c/fs.ops.txt`))
      .replace("symlink f d/s: ok", "symlink f d/s: EACCES")
      .replace("readlink d/s: ok\ntarget: f", "readlink d/s: ENOENT\ntarget: ")
      .replace(
        "stat d/s: file 8\nlstat d/s: symlink 1\nlstat d/s/: ENOTDIR\n" +
          "symlink d/f sf: ok\nlstat sf/: ENOTDIR\nunlink sf: ok",
        "stat d/s: ENOENT\nlstat d/s: ENOENT\nlstat d/s/: ENOENT\n" +
          "symlink d/f sf: EACCES\nlstat sf/: ENOENT\nunlink sf: ENOENT",
      )
      .replace("open d/s/x: ENOTDIR", "open d/s/x: ENOENT")
      .replace(
        "symlink sub d/ls: ok\nrename d/ls/ d/m: ENOTDIR",
        "symlink sub d/ls: EACCES\nrename d/ls/ d/m: ENOENT",
      )
      .replace(
        "rmdir d/ls/: ENOTDIR\nunlink d/ls/: ENOTDIR",
        "rmdir d/ls/: ENOENT\nunlink d/ls/: ENOENT",
      )
      .replace(
        "symlink nowhere d/dang: ok\nsymlink x d/dang/: EEXIST\nlink d/f d/dang/: EEXIST\nunlink d/dang: ok",
        "symlink nowhere d/dang: EACCES\nsymlink x d/dang/: ENOENT\nlink d/f d/dang/: ENOENT\nunlink d/dang: ENOENT",
      )
      .replace("unlink d/ls: ok", "unlink d/ls: ENOENT")
      .replace("readdir d: [f s]\nunlink d/s: ok", "readdir d: [f]\nunlink d/s: ENOENT");
    assert.match(r.stderr, BEST_EFFORT_WARNING);
    assertStdout(r, expected);
    assert.equal(r.code, 0);
    assert.deepEqual(fs.readdirSync(dir), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A preopen the host's permission model does not let wasirun write is
 * read-only, every write EACCES (that model's denial; `:ro` is EPERM): with
 * FFI the sandbox's calls are ones Deno and Node do not check themselves.
 */
const NO_WRITE: [string, (dir: string) => Runtime][] = [
  ["deno", (dir) => scoped([dir, ROOT], [])],
  ["deno --allow-ffi", (dir) => scoped([dir, ROOT], [], true)],
  ...RUNTIMES.includes(NODE)
    ? [[
      "node --permission --allow-ffi",
      (dir: string) =>
        nodePermission([`--allow-fs-read=${dir}`, `--allow-fs-read=${ROOT}`, "--allow-ffi"]),
    ] as [string, (dir: string) => Runtime]]
    : [],
];

for (const [name, runtime] of NO_WRITE) {
  Deno.test(`${name} without write permission: every write is EACCES, reads work`, async () => {
    const dir = tempDir();
    try {
      fs.writeFileSync(`${dir}/f`, "readable\n");
      const ops = await runCli(runtime(dir), [
        "--dir",
        `${dir}::/w`,
        fixture("go/fs/main.wasm"),
        "ops",
        "/w",
      ]);
      assert.match(ops.stdout, /^mkdir d: EACCES\nmkdir d again: EACCES\nwrite d\/f: EACCES\n/);
      assert.equal(ops.code, 0);
      const read = await runCli(runtime(dir), [
        "--dir",
        `${dir}::/w`,
        fixture("go/main.wasm"),
        "readfile",
        "/w/f",
      ]);
      assert.equal(read.stdout, "readable\n");
      assert.deepEqual(fs.readdirSync(dir), ["f"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

Deno.test("deno with path-scoped permissions and --allow-ffi: everything works, symlink too", async () => {
  const dir = tempDir();
  try {
    const deno = scoped([dir, ROOT], [dir], true);
    const r = await runCli(deno, ["--dir", `${dir}::/w`, fixture("c/fs.wasm"), "ops", "/w"]);
    assert.equal(r.stderr, "");
    assertStdout(r, await Deno.readTextFile(`${ROOT}testdata/c/fs.ops.txt`));
    assert.equal(r.code, 0);
    assert.deepEqual(fs.readdirSync(dir), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("deno with path-scoped permissions and --allow-ffi: a preopen `ALLOWED/link/..` is ALLOWED, as Deno reads it", async () => {
  // Deno takes `..` out as text, so it allows ALLOWED/y/.. as ALLOWED; wasirun opened it as the
  // kernel resolves it, the parent of the target of y, a link someone else planted in ALLOWED,
  // and the guest read and wrote there (helper-212).
  const dir = tempDir();
  try {
    fs.mkdirSync(`${dir}/allowed`);
    fs.mkdirSync(`${dir}/private/inner`, { recursive: true });
    fs.writeFileSync(`${dir}/allowed/f`, "allowed data\n");
    fs.writeFileSync(`${dir}/private/secret`, "private data\n");
    fs.symlinkSync("../private/inner", `${dir}/allowed/y`);
    for (const ffi of [true, false]) {
      const deno = scoped([`${dir}/allowed`, ROOT], [`${dir}/allowed`], ffi);
      const preopen = ["--dir", `${dir}/allowed/y/..::/w`, fixture("c/main.wasm"), "readfile"];
      const secret = await runCli(deno, [...preopen, "/w/secret"]);
      assertStdout(secret, "");
      assert.match(secret.stderr, /error: \/w\/secret: No such file or directory\n$/);
      const allowed = await runCli(deno, [...preopen, "/w/f"]);
      assertStdout(allowed, "allowed data\n");
      assert.equal(allowed.code, 0);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

Deno.test("deno with path-scoped permissions and --allow-ffi: the library refuses a preopen Deno may not read", async () => {
  // The CLI refused it (its stat of the preopen); run() did not ask, and its guest read what
  // Deno denied the process (helper-212).
  const dir = tempDir();
  try {
    fs.mkdirSync(`${dir}/sb/pub`, { recursive: true });
    fs.writeFileSync(`${dir}/sb/secret`, "top secret\n");
    const script = `${dir}/run.ts`;
    fs.writeFileSync(
      script,
      `import { run } from ${JSON.stringify(`${ROOT}mod.ts`)};\n` +
        "try {\n" +
        `  const r = await run(${JSON.stringify(fixture("c/main.wasm"))}, ` +
        `{ args: ["main", "readfile", "/s/secret"], preopens: { "/s": ${
          JSON.stringify(`${dir}/sb`)
        } } });\n` +
        "  console.log(`guest: ${new TextDecoder().decode(r.stdout)}`);\n" +
        "} catch (e) { console.log(`${e.name}: ${e.message}`); }\n",
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", `--allow-read=${ROOT},${dir}/sb/pub,${script}`, "--allow-ffi", script],
      stdin: "null",
      env: { NO_COLOR: "1" },
    }).output();
    assert.equal(
      new TextDecoder().decode(out.stdout),
      `WasiRunError: cannot preopen '${dir}/sb': permission denied by Deno (--allow-read)\n`,
      new TextDecoder().decode(out.stderr),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// On a terminal, Deno asks the user for a permission the command did not
// grant. wasirun asks Deno first (permissions.querySync) and goes without:
// README's least-privilege commands run on a terminal without a prompt.
// `script` gives the command a terminal; a prompt would wait for an answer.
Deno.test(
  {
    name: "deno: README's least-privilege commands do not prompt on a terminal",
    ignore: !fs.existsSync("/usr/bin/script"),
  },
  async () => {
    const dir = tempDir();
    try {
      for (const ffi of [true, false]) {
        const flags = `--allow-read=${dir},${ROOT}testdata,${ROOT}lib --allow-write=${dir}` +
          (ffi ? " --allow-ffi" : "");
        // fs.wasm's ops make a symlink and switch O_APPEND, each of which Deno would ask for
        // (unscoped permission, a /proc/self/fd path) were it not asked first.
        const command = `${Deno.execPath()} run ${flags} ${CLI} --dir ${dir}::/data ` +
          `${fixture("c/main.wasm")} hello && ${Deno.execPath()} run ${flags} ${CLI} ` +
          `--dir ${dir}::/data ${fixture("c/fs.wasm")} ops /data`;
        const out = await new Deno.Command("script", {
          args: ["-qec", command, "/dev/null"],
          stdin: "null",
          stdout: "piped",
          stderr: "piped",
          env: { NO_COLOR: "1" },
          signal: AbortSignal.timeout(20_000),
        }).output();
        const text = new TextDecoder().decode(out.stdout);
        assert.doesNotMatch(text, /Deno requests/);
        assert.match(text, /hello, world/);
        assert.match(text, /O_APPEND on: ok\r?\nwrite at 0 with it: ok/);
        assert.equal(out.code, 0, text);
      }
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  },
);

Deno.test({
  name: "node --permission: a call its permission model disables (futimes) is EACCES, not a crash",
  ignore: !RUNTIMES.includes(NODE),
  async fn() {
    const dir = tempDir();
    try {
      const node = nodePermission([`--allow-fs-read=*`, `--allow-fs-write=*`, "--allow-wasi"]);
      const r = await runCli(node, ["--dir", `${dir}::/w`, fixture("c/fs.wasm"), "times", "/w"]);
      assert.match(r.stdout, /^utimensat: ok\n(.*\n){3}futimens: EACCES\n/);
      assert.doesNotMatch(r.stderr, /internal error/);
      assert.equal(r.code, 0);
      assert.deepEqual(fs.readdirSync(dir), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
});

Deno.test({
  name: "node --permission without --allow-net: --listen is 'permission denied' in one line",
  ignore: !RUNTIMES.includes(NODE),
  async fn() {
    // Node's node:net threw ERR_ACCESS_DENIED out of its own callback: an uncaught exception.
    const hello = fixture("wat/hello.wasm");
    const node = nodePermission([`--allow-fs-read=${ROOT}`]);
    const r = await runCli(node, ["--listen", "127.0.0.1:0", hello]);
    assert.equal(r.stderr, `error: ${hello}: cannot listen on 127.0.0.1:0: permission denied\n`);
    assert.equal(r.code, 1);
  },
});

// Node checks the /proc/self/fd/N/NAME path the procfs resolver names, not the directory
// it stands for: one allowed to read everything but write only the preopen refused every
// write there. Such a Node takes the best-effort walk of host paths, and says so.
Deno.test({
  name: "node --permission, read everywhere, write the preopen, no --allow-ffi: writes work",
  ignore: !RUNTIMES.includes(NODE),
  async fn() {
    const dir = tempDir();
    try {
      const node = nodePermission([`--allow-fs-read=*`, `--allow-fs-write=${dir}`]);
      const r = await runCli(node, [
        "--dir",
        `${dir}::/w`,
        fixture("go/fs/main.wasm"),
        "ops",
        "/w",
      ]);
      assert.match(r.stdout, /^mkdir d: ok\nmkdir d again: EEXIST\nwrite d\/f: ok\n/);
      assert.match(r.stderr, BEST_EFFORT_WARNING);
      assert.equal(r.code, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
});

Deno.test({
  name:
    "node --permission --allow-ffi: a preopen outside what Node may read is refused in one line",
  ignore: !RUNTIMES.includes(NODE),
  async fn() {
    const dir = tempDir();
    try {
      const node = nodePermission([`--allow-fs-read=${ROOT}`, "--allow-ffi"]);
      // The sandbox's calls go through FFI, which Node does not check: the preopen itself is.
      const r = await runCli(node, ["--dir", `${dir}::/w`, fixture("c/main.wasm"), "hello"]);
      assert.equal(
        r.stderr,
        `error: ${fixture("c/main.wasm")}: cannot preopen '${dir}': permission denied\n`,
      );
      assertStdout(r, "");
      assert.equal(r.code, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
});

Deno.test("deno without --allow-ffi: a symlink the host left in a preopen does not lead out", async () => {
  // Deno's node:fs open follows a final symlink despite O_NOFOLLOW unless
  // Deno runs with --allow-all: the "paths" resolver looks at the name first.
  const outside = tempDir();
  const dir = tempDir();
  try {
    fs.writeFileSync(`${outside}/secret`, "outside\n");
    fs.symlinkSync(`${outside}/secret`, `${dir}/link`);
    const deno = scoped(["/"], ["/"]);
    const r = await runCli(deno, [
      "--dir",
      `${dir}::/w`,
      fixture("c/main.wasm"),
      "readfile",
      "/w/link",
    ]);
    assertStdout(r, "");
    assert.match(r.stderr, /error: \/w\/link: /);
    assert.equal(r.code, 1);
    assert.equal(fs.readFileSync(`${outside}/secret`, "utf8"), "outside\n");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

Deno.test("deno: a --deny-read or --deny-write inside a preopen is refused with --allow-ffi, and holds without it", async () => {
  const dir = tempDir();
  try {
    fs.mkdirSync(`${dir}/private`);
    fs.writeFileSync(`${dir}/private/secret`, "secret\n");
    fs.mkdirSync(`${dir}/pre`);
    fs.renameSync(`${dir}/private`, `${dir}/pre/private`);
    fs.symlinkSync("pre", `${dir}/link`);
    fs.mkdirSync(`${dir}/other`);
    fs.symlinkSync("../pre/private", `${dir}/other/y`);
    const cases: [string, string][] = [
      [`--deny-read=${dir}/pre/private`, `${dir}/pre`],
      [`--deny-write=./nothing,${dir}/pre/private`, `${dir}/pre`],
      // The preopen named through a symlink, or with ".." after one: the kernel's path counts.
      [`--deny-read=${dir}/pre/private`, `${dir}/link`],
      [`--deny-write=${dir}/pre`, `${dir}/link`],
      [`--deny-read=${dir}/pre/private/new`, `${dir}/other/y/..`],
      [`--deny-read=${dir}/link/private`, `${dir}/pre`],
    ];
    for (const [deny, preopen] of cases) {
      const withFfi = scoped([dir, ROOT], [dir], true);
      withFfi.command.splice(2, 0, deny);
      const refused = await runCli(withFfi, [
        ...["--dir", `${preopen}::/w`, fixture("c/main.wasm"), "readfile", "/w/private/secret"],
      ]);
      assert.equal(
        refused.stderr,
        `error: ${fixture("c/main.wasm")}: cannot preopen '${preopen}': Deno's ${deny} names it ` +
          "or a path inside it, which Deno cannot check there with --allow-ffi (wasirun resolves " +
          "guest paths through FFI); preopen a directory holding nothing denied, or run without " +
          "--allow-ffi\n",
        deny,
      );
      assert.equal(refused.code, 1);
      assertStdout(refused, "");
    }
    const args = [
      ...["--dir", `${dir}/pre::/w`, fixture("c/main.wasm"), "readfile", "/w/private/secret"],
    ];
    // Without FFI, Deno checks every path: the guest cannot read it (EACCES).
    const noFfi = scoped([dir, ROOT], [dir]);
    noFfi.command.splice(2, 0, `--deny-read=${dir}/pre/private`);
    const denied = await runCli(noFfi, args);
    assert.doesNotMatch(denied.stdout, /secret/);
    assert.notEqual(denied.code, 0);
    // A denial outside the preopen changes nothing.
    const outside = scoped([dir, ROOT], [dir], true);
    outside.command.splice(2, 0, `--deny-read=${ROOT}testdata/go`);
    const ran = await runCli(outside, args);
    assertStdout(ran, "secret\n");
    assert.equal(ran.code, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
