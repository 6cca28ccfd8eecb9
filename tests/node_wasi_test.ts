/**
 * Coming from node:wasi: tests/node_wasi/program.mjs is written for node:wasi
 * (its options, fd numbers for stdio, preopens as `{ guest: host }`,
 * returnOnExit). With only its import changed and `await` added to start(),
 * it runs under wasirun on Node 26, Bun and Deno, and prints what node:wasi
 * prints; where node:wasi loses a Go program's piped stdin, wasirun does not.
 */
import assert from "node:assert/strict";
import type { WASIOptions } from "node:wasi";
import { run, WASI, WasiRunError } from "../mod.ts";
import {
  assertStdout,
  BUN,
  fixture,
  fnv1a64,
  NODE,
  ROOT,
  runCli,
  type Runtime,
} from "./_helpers.ts";

const BEFORE_PATH = `${ROOT}tests/node_wasi/program.mjs`;
const BEFORE = await Deno.readTextFile(BEFORE_PATH);

/** The two edits a user makes; each must apply exactly once. */
function ported(specifier: string): string {
  const edits: [string, string][] = [
    [`import { WASI } from "node:wasi";`, `import { WASI } from ${JSON.stringify(specifier)};`],
    [`const code = wasi.start(instance);`, `const code = await wasi.start(instance);`],
  ];
  let text = BEFORE;
  for (const [from, to] of edits) {
    assert.equal(text.split(from).length, 2, `'${from}' once in program.mjs`);
    text = text.replace(from, to);
  }
  return text;
}

const dir = await Deno.makeTempDir({ prefix: "wasirun-node-wasi-" });
await Deno.writeTextFile(`${dir}/hello.txt`, "hello from the host\n");
globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
const AFTER = `${dir}/program.mjs`;
await Deno.writeTextFile(AFTER, ported(new URL("../mod.ts", import.meta.url).href));

const hosts: Runtime[] = [
  { name: "node", command: [NODE.command[0], AFTER] },
  { name: "bun", command: [BUN.command[0], AFTER] },
  { name: "deno", command: [Deno.execPath(), "run", "-A", AFTER] },
];
/** The program unchanged, under Node's own node:wasi: the reference. */
const nodeWasi: Runtime = { name: "node", command: [NODE.command[0], BEFORE_PATH] };

/** Cases node:wasi itself gets right: preopens, env, exit codes. */
const CASES: string[][] = [
  [fixture("c/main.wasm"), dir, "readfile", "/sandbox/hello.txt"],
  [fixture("go/main.wasm"), dir, "env"],
  [fixture("rust/main.wasm"), dir, "exit", "3"],
];

Deno.test("the node:wasi program prints the same under node:wasi (Node 26) as expected", async () => {
  const r = await runCli(nodeWasi, CASES[0]);
  assertStdout(r, "hello from the host\nexit code 0\n");
});

for (const host of hosts) {
  const t = (name: string, fn: () => Promise<void>) =>
    Deno.test({ name: `${host.name}: ${name}`, fn, sanitizeResources: false });

  t(
    "a node:wasi program, import changed and start() awaited, prints what node:wasi prints",
    async () => {
      for (const args of CASES) {
        const [under, reference] = await Promise.all([runCli(host, args), runCli(nodeWasi, args)]);
        assert.equal(under.stdout, reference.stdout, args.join(" "));
        assert.equal(under.code, reference.code);
        assert.equal(under.stderr, "");
      }
    },
  );

  t("returnOnExit: false ends the process with the guest's code", async () => {
    const r = await runCli(host, [fixture("go/main.wasm"), dir, "exit", "3"], {
      env: { RETURN_ON_EXIT: "0" },
    });
    assertStdout(r, "");
    assert.equal(r.code, 3);
  });

  // node:wasi loses such input: the program imports node:process, which makes
  // Node switch the stdin pipe to O_NONBLOCK, and node:wasi hands the guest
  // the EAGAIN (C stops at the first empty pipe, Go sees end of file).
  t("Go and C guests read all of a 4 MB stdin pipe given as fd 0", async () => {
    const data = new Uint8Array(4 << 20).map((_, i) => (i * 13 + (i >> 8)) & 0xff);
    for (const guest of [fixture("go/main.wasm"), fixture("c/main.wasm")]) {
      const r = await runCli(host, [guest, dir, "stdin-sum"], { stdin: data });
      assert.equal(r.stdout, `bytes=${data.length} fnv=${fnv1a64(data)}\nexit code 0\n`, guest);
    }
  });
}

Deno.test("a version node:wasi does not know is refused in one line", () => {
  assert.throws(
    () => new WASI({ version: "preview2" as "preview1" }),
    (e) =>
      e instanceof WasiRunError &&
      e.message === `unknown WASI version 'preview2'; use "preview1" or "unstable"`,
  );
});

Deno.test("both spellings of the options can be mixed in one WASI", async () => {
  const chunks: Uint8Array[] = [];
  const wasi = new WASI({
    version: "preview1",
    args: ["main", "readfile", "/sandbox/hello.txt"],
    preopens: { "/sandbox": dir },
    stdin: "null",
    stdout: new WritableStream({ write: (c) => void chunks.push(c.slice()) }),
    stderr: 2,
  });
  const module = await WebAssembly.compile(await Deno.readFile(`${ROOT}testdata/c/main.wasm`));
  const code = await wasi.start(await WebAssembly.instantiate(module, wasi.getImportObject()));
  assert.equal(code, 0);
  assert.equal(new TextDecoder().decode(chunks[0]), "hello from the host\n");
});

Deno.test("node:wasi's own option types are taken: readonly args, a Dict of preopens, numbers as args", async () => {
  // Typed as @types/node types them, so that `deno check` of this file fails if ours stop taking them.
  const args: WASIOptions["args"] = ["main", "args", "x"] as const;
  const preopens: WASIOptions["preopens"] = { "/sandbox": dir };
  const numbers: readonly (string | number | bigint | boolean)[] = ["main", "args", 5, 6n, true];
  for (
    const [given, expected] of [[args, ["main", "args", "x"]], [numbers, [
      "main",
      "args",
      "5",
      "6",
      "true",
    ]]] as const
  ) {
    let text = "";
    const wasi: WASI = new WASI({
      version: "preview1",
      args: given,
      preopens,
      stdin: "null",
      stdout: new WritableStream({ write: (c) => void (text += new TextDecoder().decode(c)) }),
    });
    const module = await WebAssembly.compile(await Deno.readFile(`${ROOT}testdata/c/main.wasm`));
    assert.equal(
      await wasi.start(await WebAssembly.instantiate(module, wasi.getImportObject())),
      0,
    );
    assert.equal(
      text,
      `argc=${expected.length}\n` + expected.map((a, i) => `argv[${i}]=${a}\n`).join(""),
    );
  }
  // A Dict's undefined value is refused by name (node:wasi fails with UVWASI_ENOENT), not left out.
  assert.throws(
    () => new WASI({ preopens: { "/data": undefined } }),
    (e) => e instanceof WasiRunError && e.message.includes(`preopens["/data"]`),
  );
  // run()'s stdin may be an ArrayBuffer.
  const r = await run(`${ROOT}testdata/c/main.wasm`, {
    args: ["main", "cat"],
    stdin: new TextEncoder().encode("from a buffer").buffer,
  });
  assert.equal(new TextDecoder().decode(r.stdout), "from a buffer");
});
