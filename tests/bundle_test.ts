/**
 * lib/cli/main.bundle.js (on Bun lib/cli/main.bun.js): cli.ts loads it
 * instead of lib/cli/main.ts and its ~45 modules while it matches them
 * (lib/cli/bundle.ts), and the sources otherwise, on every runtime.
 */
import assert from "node:assert/strict";
import { ROOT, RUNTIMES } from "./_helpers.ts";

const text = new TextDecoder();

Deno.test("the committed bundle is what lib/ builds (else: deno task bundle)", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "bin/bundle.ts", "--check"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, text.decode(out.stderr));
});

/** A copy of what cli.ts needs, as a checkout writes it (every file's mtime: now). */
async function checkout(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "wasirun-bundle-" });
  const cp = await new Deno.Command("cp", {
    args: ["-r", `${ROOT}cli.ts`, `${ROOT}cli.js`, `${ROOT}lib`, dir],
  })
    .output();
  assert.ok(cp.success);
  return dir;
}

async function replaceIn(path: string, from: string | RegExp, to: string): Promise<void> {
  const before = await Deno.readTextFile(path);
  assert.ok(before.search(from) >= 0, `${path} has no ${from}`);
  await Deno.writeTextFile(path, before.replace(from, to));
}

/** The version's declaration in a bundle (Bun's are minified: no spaces), and one of its size. */
const VERSION_DECLARED = /VERSION( ?)=( ?)"0\.1\.0"/;
const VERSION_MARKED = 'VERSION$1=$2"0.1.b"';

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: cli.ts runs the bundle while it matches the sources, the sources after an edit`, async () => {
    const dir = await checkout();
    try {
      const command = runtime.command.map((a) =>
        a.startsWith(ROOT) && /cli\.[jt]s$/.test(a) ? `${dir}/${a.slice(ROOT.length)}` : a
      );
      const version = async () => {
        const out = await new Deno.Command(command[0], {
          args: [...command.slice(1), "--version"],
          stdin: "null",
          stdout: "piped",
          stderr: "piped",
        }).output();
        assert.equal(out.code, 0, text.decode(out.stderr));
        return text.decode(out.stdout).trim();
      };
      // The committed bundles run, and as they are (on Bun: from their bytecode, which has to match).
      const [early, bundle] = ["early", "main"].map((entry) =>
        `${dir}/lib/cli/${entry}.${runtime.name === "bun" ? "bun" : "bundle"}.js`
      );
      assert.equal(await version(), "wasirun 0.1.0");
      // Marked so that what answers shows which ran; the bundle keeps its size.
      await replaceIn(bundle, VERSION_DECLARED, VERSION_MARKED);
      assert.equal(await version(), "wasirun 0.1.b");
      // The early bundle holds the manifest: the file is read only by the sources' check.
      const manifest = `${dir}/lib/cli/main.bundle.json`;
      await Deno.rename(manifest, `${manifest}.away`);
      assert.equal(await version(), "wasirun 0.1.b");
      await Deno.rename(`${manifest}.away`, manifest);
      // Damaged but of the same size (it does not parse): the sources in its place.
      const damage = async (path: string) => {
        const stamp = (await Deno.stat(path)).mtime!;
        await replaceIn(path, "function ", "function(");
        await Deno.utime(path, stamp, stamp);
      };
      await damage(early); // early.ts then checks the bundles, and the main one still runs
      assert.equal(await version(), "wasirun 0.1.b");
      await damage(bundle);
      assert.equal(await version(), "wasirun 0.1.0");
      // An edit of a source (the size changes): the sources run.
      await replaceIn(`${dir}/lib/version.ts`, '"0.1.0"', '"0.1.0-edited"');
      assert.equal(await version(), "wasirun 0.1.0-edited");
      // Back to its size, but written well after the bundle: still the sources.
      await replaceIn(`${dir}/lib/version.ts`, '"0.1.0-edited"', '"0.1.e"');
      const later = new Date(Date.now() + 60_000);
      await Deno.utime(`${dir}/lib/version.ts`, later, later);
      assert.equal(await version(), "wasirun 0.1.e");
      // No manifest for the sources' check (the early bundle is damaged): the sources.
      await Deno.utime(`${dir}/lib/version.ts`, new Date(), new Date());
      await Deno.remove(`${dir}/lib/cli/main.bundle.json`);
      assert.equal(await version(), "wasirun 0.1.e");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("deno: README's least-privilege command (read permission for lib/) runs the bundle checked, without it unchecked", async () => {
  const dir = await checkout();
  try {
    await replaceIn(`${dir}/lib/cli/main.bundle.js`, VERSION_DECLARED, VERSION_MARKED);
    const version = async (read: string) => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", `--allow-read=${read}`, "--allow-ffi", `${dir}/cli.ts`, "--version"],
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(out.code, 0, text.decode(out.stderr));
      assert.equal(text.decode(out.stderr), ""); // no prompt, no warning
      return text.decode(out.stdout).trim();
    };
    assert.equal(await version(`${dir}/lib`), "wasirun 0.1.b");
    // Without it the sources could not be imported (and asking would prompt on a terminal).
    assert.equal(await version(`${dir}/testdata`), "wasirun 0.1.b");
    await replaceIn(`${dir}/lib/version.ts`, '"0.1.0"', '"0.1.0-edited"');
    assert.equal(await version(`${dir}/lib`), "wasirun 0.1.0-edited");
    assert.equal(await version(`${dir}/testdata`), "wasirun 0.1.b");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno: cli.ts's module graph holds the bundles' code, not the sources' (Deno loads it all at start)", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "cli.ts"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, text.decode(out.stderr));
  const graph = JSON.parse(text.decode(out.stdout)) as {
    modules: { specifier: string; dependencies?: { specifier: string; code?: unknown }[] }[];
  };
  const cli = graph.modules.find((m) => m.specifier.endsWith("/cli.ts"))!;
  const code = cli.dependencies!.filter((d) => d.code).map((d) => d.specifier).sort();
  assert.deepEqual(code, ["./lib/cli/early.bundle.js", "./lib/cli/main.bundle.js"]);
});
