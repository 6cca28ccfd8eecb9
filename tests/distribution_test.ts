/**
 * Distribution: the library under `bun test`, the standalone binary from
 * `bun build --compile`, and the one-line refusal on a runtime without JSPI
 * (Node.js 20, running a bundle of the npm bin).
 */
import assert from "node:assert/strict";
import { BUN, fixture, ROOT } from "./_helpers.ts";

/** The command as the npm package and `deno task compile` build it: wasirun bundled whole. */
const BIN = `${ROOT}bin/wasirun.ts`;

const bun = BUN.command[0];
const text = new TextDecoder();

async function exec(cmd: string, args: string[], stdin?: string) {
  const child = new Deno.Command(cmd, {
    args,
    cwd: ROOT,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const out = await child.output();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

Deno.test("the library passes its Bun tests under `bun test`", async () => {
  const r = await exec(bun, ["test", "tests/bun/"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stderr + r.stdout, /\b7 pass\b/);
  assert.match(r.stderr + r.stdout, /\b0 fail\b/);
});

const CMAIN = fixture("c/main.wasm");

Deno.test("`bun build --compile --bytecode` makes a standalone wasirun that runs Go and C guests", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const binary = `${dir}/wasirun`;
    // As `deno task compile` builds it: with JSC's bytecode (C hello 31 -> 17 ms).
    const flags = ["--compile", "--bytecode", "--format=esm"];
    const build = await exec(bun, ["build", ...flags, BIN, "--outfile", binary]);
    assert.equal(build.code, 0, build.stderr);
    const hello = await exec(binary, [fixture("go/main.wasm"), "hello"]);
    assert.equal(hello.stdout, "hello, world\n");
    const cat = await exec(binary, [fixture("c/main.wasm"), "cat"], "through the binary\n");
    assert.equal(cat.stdout, "through the binary\n");
    const trap = await exec(binary, [fixture("c/main.wasm"), "trap"]);
    assert.equal(trap.code, 134);
    assert.match(trap.stderr, /wasm trap: wasm `unreachable` instruction executed/);
    // -W max-wasm-stack starts the binary again (execve: its arguments as it was given them).
    const again = await exec(binary, ["-W", "max-wasm-stack=8388608", CMAIN, "args", "a b", "--"]);
    assert.equal(
      again.stdout,
      `argc=4\nargv[0]=main.wasm\nargv[1]=args\nargv[2]=a b\nargv[3]=--\n`,
    );
    assert.equal(again.code, 0, again.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("on Node.js 20 (no import.meta.main, no JSPI) `node cli.js` says what it needs in one line", async () => {
  // cli.js ran nothing and exited 0 there: it ran the command only when import.meta.main said so.
  const version = await exec("node", ["--version"]);
  if (!/^v(1\d|2[0-3])\./.test(version.stdout)) return; // a Node with JSPI: other tests cover it
  const r = await exec("node", [`${ROOT}cli.js`, fixture("wat/hello.wasm")]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    /^error: this JavaScript runtime lacks JSPI .*Node\.js >= 26, Deno >= 2\.9 or Bun >= 1\.4 .*\n$/,
  );
  const help = await exec("node", [`${ROOT}cli.js`, "--version"]);
  assert.match(help.stdout, /^wasirun \d/);
});

Deno.test("on Node.js 20 (no JSPI) a bundled wasirun says what it needs in one line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bundle = `${dir}/wasirun.mjs`;
    const build = await exec(bun, ["build", BIN, "--target", "node", "--outfile", bundle]);
    assert.equal(build.code, 0, build.stderr);
    const r = await exec("node", [bundle, fixture("wat/hello.wasm")]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /^error: this JavaScript runtime lacks JSPI .*Node\.js >= 26, Deno >= 2\.9 or Bun >= 1\.4 .*\n$/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
