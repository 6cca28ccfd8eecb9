/**
 * The filesystem guests (testdata/c/fs.c, testdata/go/fs/main.go,
 * testdata/rust/fs.rs) under Deno and Bun, each against a temp directory it
 * creates and removes, compared with the expected text and, where the
 * toolchain is installed, with the native build of the same program run on
 * the same tree.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { fixture, fnv1a64, ROOT, runCli, runShell, RUNTIMES } from "./_helpers.ts";
import { runNative } from "./_native.ts";

const FS_GUESTS = { c: "c/fs.wasm", go: "go/fs/main.wasm", rust: "rust/fs.wasm" } as const;
type Lang = keyof typeof FS_GUESTS;
const LANGS = Object.keys(FS_GUESTS) as Lang[];

/** What each `ops` script prints (the native builds' output, kept beside the sources). */
const OPS_EXPECTED: Record<Lang, string> = {
  c: "testdata/c/fs.ops.txt",
  go: "testdata/go/fs/ops.txt",
  rust: "testdata/rust/fs.ops.txt",
};

function tempDir(): string {
  return fs.realpathSync(Deno.makeTempDirSync({ prefix: "wasirun-fs-" }));
}

function pseudoRandom(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
}

const utf8 = new TextEncoder();

/** A tree with nested and empty directories, binary and empty files, symlinks, non-ASCII names. */
function makeTree(dir: string): string {
  const files: [string, Uint8Array][] = [
    ["a b", utf8.encode("sp\n")],
    ["a/one", utf8.encode("x")],
    ["a/b/bin", pseudoRandom(5000)],
    ["a/b/c/zero", new Uint8Array()],
    ["ünï/日本", utf8.encode("hi\n")],
  ];
  const links: [string, string][] = [["link", "a/one"], ["a/dangling", "../nowhere"], [
    "a/bl",
    "b",
  ]];
  const dirs = ["a", "a/b", "a/b/c", "empty", "ünï"];
  for (const d of dirs) fs.mkdirSync(`${dir}/${d}`, { recursive: true });
  for (const [name, data] of files) fs.writeFileSync(`${dir}/${name}`, data);
  for (const [name, target] of links) fs.symlinkSync(target, `${dir}/${name}`);
  const lines = [
    ...dirs.map((d) => `${d} dir`),
    ...files.map(([name, data]) => `${name} file ${data.length} ${fnv1a64(data)}`),
    ...links.map(([name, target]) => `${name} symlink ${target}`),
  ];
  return lines.sort().join("\n") + "\n";
}

/** {@linkcode makeTree}'s listing of what `dir` holds now, read from the host. */
function listTree(dir: string): string {
  const lines: string[] = [];
  const walk = (rel: string) => {
    for (const name of fs.readdirSync(`${dir}/${rel}`)) {
      const path = rel === "" ? name : `${rel}/${name}`;
      const st = fs.lstatSync(`${dir}/${path}`);
      if (st.isSymbolicLink()) lines.push(`${path} symlink ${fs.readlinkSync(`${dir}/${path}`)}`);
      else if (st.isDirectory()) {
        lines.push(`${path} dir`);
        walk(path);
      } else {
        const data = fs.readFileSync(`${dir}/${path}`);
        lines.push(`${path} file ${data.length} ${fnv1a64(data)}`);
      }
    }
  };
  walk("");
  return lines.sort().join("\n") + "\n";
}

/** The native build's stdout for `args`, or undefined when it cannot be built here. */
async function nativeOutput(lang: Lang, args: string[]): Promise<string | undefined> {
  return (await runNative(`${lang}/fs`, args))?.stdout;
}

// --- the tests -----------------------------------------------------------------

for (const runtime of RUNTIMES) {
  for (const lang of LANGS) {
    const wasm = fixture(FS_GUESTS[lang]);
    const t = (name: string, fn: () => Promise<void>) =>
      Deno.test(`${runtime.name}: ${lang} fs guest ${name}`, fn);

    t("walks a tree as the native build does, and changes nothing", async () => {
      const dir = tempDir();
      try {
        const expected = makeTree(dir);
        const r = await runCli(runtime, ["--dir", `${dir}::/tree`, wasm, "walk", "/tree"]);
        assert.equal(r.stderr, "");
        assert.equal(r.stdout, expected);
        const native = await nativeOutput(lang, ["walk", dir]);
        if (native !== undefined) assert.equal(native, expected);
        assert.equal(listTree(dir), expected, "the tree is as it was");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    t("lists a 2,000-entry directory, every entry once", async () => {
      const dir = tempDir();
      try {
        for (let i = 1; i <= 2000; i++) {
          fs.writeFileSync(`${dir}/entry-${String(i).padStart(4, "0")}`, "");
        }
        const r = await runCli(runtime, ["--dir", `${dir}::/big`, wasm, "count", "/big"]);
        assert.equal(r.stdout, "entries=2000 first=entry-0001 last=entry-2000\n");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    t("runs its ops script with the native build's results", async () => {
      const dir = tempDir();
      try {
        const expected = await Deno.readTextFile(`${ROOT}${OPS_EXPECTED[lang]}`);
        const r = await runCli(runtime, ["--dir", `${dir}::/work`, wasm, "ops", "/work"]);
        assert.equal(r.stderr, "");
        assert.equal(r.stdout, expected);
        assert.deepEqual(fs.readdirSync(dir), [], "the script cleans up after itself");
        const native = await nativeOutput(lang, ["ops", dir]);
        if (native !== undefined) assert.equal(native, expected);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  Deno.test(`${runtime.name}: poll() finds a regular file ready for reading and writing at once`, async () => {
    const dir = tempDir();
    try {
      const r = await runCli(runtime, ["--dir", `${dir}::/w`, fixture("c/fs.wasm"), "poll", "/w"]);
      assert.equal(r.stdout, "ready=2 read: in write: out\n");
      const native = await nativeOutput("c", ["poll", dir]);
      if (native !== undefined) assert.equal(native, r.stdout);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  Deno.test(`${runtime.name}: a guest reading a big directory through a one-entry buffer sees every entry once`, async () => {
    const dir = tempDir();
    try {
      for (let i = 1; i <= 2000; i++) {
        fs.writeFileSync(`${dir}/entry-${String(i).padStart(4, "0")}`, "");
      }
      const args = ["--dir", `${dir}::/big`, fixture("c/fs.wasm"), "readdir-small", "/big"];
      // 40 bytes hold one 34-byte entry and the start of the next: every call
      // comes back full, and the cut-off entry is read again from its cookie.
      const small = await runCli(runtime, [...args, "40"]);
      assert.equal(small.stdout, "calls=2002\nentries=2002 first=. last=entry-2000\n");
      const large = await runCli(runtime, [...args, "65536"]);
      assert.equal(large.stdout, "calls=2\nentries=2002 first=. last=entry-2000\n");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  Deno.test(`${runtime.name}: a directory's entries come in the kernel's order on every resolver, not sorted`, async () => {
    const dir = tempDir();
    try {
      // Made in a shuffled order, so that neither a sort nor the reverse of
      // creation (tmpfs) gives the kernel's order by chance.
      const names = Array.from({ length: 40 }, (_, i) => `n${(i * 17) % 40}`);
      for (const name of names) fs.writeFileSync(`${dir}/${name}`, "");
      fs.mkdirSync(`${dir}/sub`);
      const kernel = [...Deno.readDirSync(dir)].map((e) => `${e.name}\n`).join("");
      const sorted = [...names, "sub"].sort().map((n) => `${n}\n`).join("");
      assert.notEqual(kernel, sorted, "the host's own order is sorted: no test");
      for (const resolver of ["openat2", "fd-walk", "procfs", "paths"]) {
        const r = await runCli(runtime, [
          "--dir",
          `${dir}::/d`,
          fixture("c/fs.wasm"),
          "order",
          "/d",
        ], {
          env: { WASIRUN_RESOLVER: resolver },
        });
        assert.equal(r.stdout, kernel, `${resolver}: ${r.stderr}`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  Deno.test(`${runtime.name}: entries unlinked while a directory is read do not hide the ones not yet read, as natively`, async () => {
    const dir = tempDir();
    try {
      // 3,000 entries: more than one fd_readdir buffer, so the reader goes on
      // from a cookie after removals (wasmtime 49 loses ~1,000 of them here).
      for (let i = 1; i <= 3000; i++) fs.writeFileSync(`${dir}/entry-${i}`, "");
      const r = await runCli(runtime, ["--dir", `${dir}::/p`, fixture("c/fs.wasm"), "prune", "/p"]);
      assert.equal(r.stderr, "");
      assert.equal(r.stdout, "seen=3000 left=1500\n");
      assert.equal(fs.readdirSync(dir).length, 1500);
      const again = tempDir();
      try {
        for (let i = 1; i <= 3000; i++) fs.writeFileSync(`${again}/entry-${i}`, "");
        const native = await nativeOutput("c", ["prune", again]);
        if (native !== undefined) assert.equal(native, r.stdout);
      } finally {
        fs.rmSync(again, { recursive: true, force: true });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  Deno.test(`${runtime.name}: links the host made to names that are not UTF-8 are followed, as natively`, async () => {
    const dir = tempDir();
    try {
      // A link's target is bytes on the host; WASI's UTF-8 rule is for the guest's own paths.
      const make = `cd "$1" && f=$(printf 'f\\377ile') && d=$(printf 'd\\377ir') &&
        printf x > "$f" && ln -s "$f" flink && mkdir "$d" && printf y > "$d/inner" &&
        ln -s "$d" dlink && ln -s "$(printf 'gone\\377')" dangling`;
      const made = await new Deno.Command("sh", { args: ["-c", make, "sh", dir] }).output();
      assert.equal(made.code, 0, new TextDecoder().decode(made.stderr));
      const names = ["flink", "dlink", "dlink/inner", "dlink/", "dangling", "flink/"];
      const args = ["--dir", `${dir}::/w`, fixture("c/fs.wasm"), "follow", "/w", ...names];
      const expected = [["file", "ok"], ["dir", "ok"], ["file", "ok"], ["dir", "ok"], [
        "ENOENT",
        "ENOENT",
      ], ["ENOTDIR", "ENOTDIR"]]
        .map(([stat, rc], i) => `stat ${names[i]}: ${stat}\nopen: ${rc}\nutimens: ${rc}\n`).join(
          "",
        );
      const r = await runCli(runtime, args);
      assert.equal(r.stdout, expected, r.stderr);
      const native = await nativeOutput("c", ["follow", dir, ...names]);
      if (native !== undefined) assert.equal(native, expected);
      // The fd walk splices such a target as its bytes (lib/host/names.ts);
      // procfs, whose node:fs cannot name it, refuses the link (EILSEQ) rather
      // than act on the link itself.
      const walked = await runCli(runtime, args, { env: { WASIRUN_RESOLVER: "fd-walk" } });
      assert.equal(walked.stdout, expected, walked.stderr);
      const refused = names.map((n) => `stat ${n}: EILSEQ\nopen: EILSEQ\nutimens: EILSEQ\n`).join(
        "",
      );
      const f = await runCli(runtime, args, { env: { WASIRUN_RESOLVER: "procfs" } });
      assert.equal(f.stdout, refused, f.stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  Deno.test(`${runtime.name}: names that are not UTF-8 are made, listed, followed, renamed and removed by their bytes, as natively`, async () => {
    const scratch = tempDir();
    const expected = await nativeOutput("c", ["bytes", scratch]);
    fs.rmSync(scratch, { recursive: true, force: true });
    for (const resolver of ["openat2", "fd-walk"]) {
      const dir = tempDir();
      try {
        const r = await runCli(runtime, [
          "--dir",
          `${dir}::/w`,
          fixture("c/fs.wasm"),
          "bytes",
          "/w",
        ], {
          env: { WASIRUN_RESOLVER: resolver },
        });
        assert.equal(r.stderr, "", resolver);
        // "\xed\xb2\x80" and "\x80" are two names (the escape of a byte is no UTF-8 of its own).
        assert.match(
          r.stdout,
          /^bytes: a\\xff=file d\\xfe\\x80=dir l\\xfe=link m=link \\x80=file \\xc3\\xa9=file \\xed\\xb2\\x80=file$/m,
        );
        assert.match(r.stdout, /^removed 8, failed 0\nrmdir top: ok\n$/m);
        if (expected !== undefined) assert.equal(r.stdout, expected, resolver);
        assert.deepEqual(fs.readdirSync(dir), []);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  Deno.test(`${runtime.name}: a FIFO whose name is not UTF-8 is opened by its bytes, not as a file a lossy decode names`, async () => {
    // The FIFO's waiting open goes through node:fs, which wrote "\x80" as
    // U+FFFD: it opened the file "f\xef\xbf\xbd" beside it (or ENOENT).
    // Names are made by the shell (Deno's paths are strings). Whatever the
    // guest opens, nothing is left waiting: each FIFO is then opened both
    // ways a moment. Stdin a pipe: the FIFOs are streams that wait.
    const script = `f="$1/$(printf 'f\\200')"; g="$1/$(printf 'g\\200')"; ` +
      `mkfifo "$f" "$g" && printf WRONG > "$1/$(printf 'f\\357\\277\\275')" && ` +
      `printf WRONG > "$1/$(printf 'g\\357\\277\\275')" || exit 1; ` +
      `printf in > "$f" & cat "$g" > "$1/got" & ` +
      `echo | $WASIRUN --dir "$1::/w" ${ROOT}testdata/c/fs.wasm fifo-bytes /w; ` +
      `exec 3<>"$f" 4<>"$g"; exec 3<&- 4<&-; wait; ` +
      `echo "host: $(cat "$1/got") $(cat "$1/$(printf 'f\\357\\277\\275')") ` +
      `$(cat "$1/$(printf 'g\\357\\277\\275')")"`;
    for (const resolver of ["openat2", "fd-walk"]) {
      const dir = tempDir();
      try {
        const r = await runShell(script, {
          args: [dir],
          env: { WASIRUN: runtime.command.join(" "), WASIRUN_RESOLVER: resolver },
        });
        assert.equal(
          r.stdout,
          "open reader: ok\nread: in\nopen writer: ok\nwrite: ok\nhost: back WRONG WRONG\n",
          `${resolver}: ${r.stderr}`,
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  Deno.test(`${runtime.name}: stdout parked and put back with fd_renumber, as natively with dup2`, async () => {
    const dir = tempDir();
    try {
      const r = await runCli(runtime, [
        "--dir",
        `${dir}::/w`,
        fixture("c/fs.wasm"),
        "renumber-stdio",
        "/w",
      ]);
      const expected = "before\npark: 0 swap: 0 back: 0\nfile: into the file\n";
      assert.equal(r.stdout, expected, r.stderr);
      const native = await nativeOutput("c", ["renumber-stdio", dir]);
      if (native !== undefined) assert.equal(native, expected);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
