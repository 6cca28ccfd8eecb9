/**
 * The npm package as its users get it: `npm pack` of this checkout (its
 * prepack builds plain ESM JavaScript and .d.ts with tsc), installed from the
 * tarball into an empty folder with `npm install --offline` (it has no
 * dependencies), then `npx wasirun` on Node 26, `bun x --bun wasirun` on Bun,
 * and `import { run, WASI } from "wasirun"` from Node 26, Bun and Deno (as
 * `npm:wasirun`). Node 20 gets the one-line refusal from the same bin.
 */
import assert from "node:assert/strict";
import {
  assertStdout,
  BUN,
  NODE,
  ROOT,
  runCli,
  type Runtime,
  sha256,
  shellQuote,
} from "./_helpers.ts";

const GUESTS = ["go/main.wasm", "c/main.wasm", "rust/main.wasm"].map((p) => `${ROOT}testdata/${p}`);
const text = new TextDecoder();

async function exec(cmd: string, args: string[], cwd: string, env?: Record<string, string>) {
  const out = await new Deno.Command(cmd, {
    args,
    cwd,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

/** A folder whose `node` is Node 26, first on PATH: `npx` and the bin's shebang find it. */
async function node26Path(parent: string): Promise<string> {
  const dir = `${parent}/node26`;
  await Deno.mkdir(dir);
  await Deno.symlink(NODE.command[0], `${dir}/node`);
  return `${dir}:${Deno.env.get("PATH")}`;
}

/** The library from a script in the app folder; prints what it saw as JSON. */
const LIBRARY_SCRIPT = (specifier: string) => `
import { run, WASI } from ${JSON.stringify(specifier)};
import { createHash } from "node:crypto";
const input = new Uint8Array(3 << 20).map((_, i) => (i * 31 + (i >> 10)) & 0xff);
const report = { wasi: typeof WASI, guests: [] };
for (const guest of ${JSON.stringify(GUESTS)}) {
  const cat = await run(guest, { args: ["main", "cat"], stdin: input });
  const exit = await run(guest, { args: ["main", "exit", "7"] });
  report.guests.push({
    code: cat.code,
    sha256: createHash("sha256").update(cat.stdout).digest("hex"),
    exit: exit.code,
  });
}
console.log(JSON.stringify(report));
`;

Deno.test({
  name: "npm pack makes a package that installs offline and runs guests on Node 26, Bun and Deno",
  sanitizeResources: false,
  fn: async (t) => {
    const dir = await Deno.makeTempDir({ prefix: "wasirun-npm-" });
    try {
      const pack = await exec("npm", ["pack", "--pack-destination", dir], ROOT);
      assert.equal(pack.code, 0, pack.stderr);
      const tarball = `${dir}/${pack.stdout.trim().split("\n").at(-1)}`;

      const app = `${dir}/app`;
      await Deno.mkdir(app);
      await Deno.writeTextFile(`${app}/package.json`, '{ "name": "app", "private": true }\n');
      const install = await exec(
        "npm",
        ["install", "--offline", "--no-audit", "--no-fund", "--engine-strict=false", tarball],
        app,
      );
      assert.equal(install.code, 0, install.stderr);
      const installed = JSON.parse(
        await Deno.readTextFile(`${app}/node_modules/wasirun/package.json`),
      );
      assert.deepEqual(installed.dependencies ?? {}, {}, "the package has no dependencies");
      const shipped = [...Deno.readDirSync(`${app}/node_modules/wasirun/dist/npm`)].map((e) =>
        e.name
      );
      assert.ok(shipped.includes("mod.js") && shipped.includes("mod.d.ts"), shipped.join(" "));
      assert.ok(!shipped.some((name) => /(?<!\.d)\.ts$/.test(name)), "no TypeScript to run");

      await t.step("its types check in a TypeScript project without @types/node", async () => {
        await Deno.writeTextFile(
          `${app}/tsconfig.json`,
          JSON.stringify({
            compilerOptions: {
              module: "nodenext",
              moduleResolution: "nodenext",
              target: "es2022",
              strict: true,
              noEmit: true,
              skipLibCheck: false,
              types: [],
              lib: ["es2022", "dom"],
            },
            files: ["typed.mts"],
          }),
        );
        await Deno.writeTextFile(
          `${app}/typed.mts`,
          `import { run, WASI, TcpListener } from "wasirun";
          import { main } from "wasirun/cli";
          export const ran: Promise<{ code: number }> = run("x.wasm");
          export const wasi = new WASI({ args: ["x"] });
          export const listener: Promise<TcpListener> = TcpListener.listen("127.0.0.1", 0);
          export const code: Promise<number> = main(["--version"]);\n`,
        );
        // The TypeScript the package's own build uses (already in npm's cache).
        const tsc = await exec("npx", ["--yes", "-p", "typescript@5.9.3", "tsc", "-p", "."], app);
        assert.equal(tsc.code, 0, tsc.stdout + tsc.stderr);
      });

      const path = await node26Path(dir);
      const input = new Uint8Array(4 << 20).map((_, i) => (i * 7 + (i >> 12)) & 0xff);
      const expected = await sha256(input);
      const commands: Runtime[] = [
        { name: "node", command: ["npx", "--offline", "wasirun"] },
        { name: "bun", command: [BUN.command[0], "x", "--bun", "wasirun"] },
      ];
      for (const runtime of commands) {
        await t.step(
          `${runtime.name === "node" ? "npx" : "bun x --bun"} wasirun runs Go, C and Rust guests`,
          async () => {
            for (const guest of GUESTS) {
              const options = { cwd: app, env: { PATH: path } };
              const cat = await runCli(runtime, [guest, "cat"], { ...options, stdin: input });
              assert.equal(cat.stderr, "", guest);
              assert.equal(cat.stdoutBytes.length, input.length, guest);
              assert.equal(await sha256(cat.stdoutBytes), expected, guest);
              assert.equal(cat.code, 0);
              const exit = await runCli(runtime, [guest, "exit", "7"], options);
              assert.equal(exit.code, 7, guest + exit.stderr);
            }
          },
        );
      }

      const script = LIBRARY_SCRIPT("wasirun");
      await Deno.writeTextFile(`${app}/library.mjs`, script);
      await Deno.writeTextFile(`${app}/library_deno.mjs`, LIBRARY_SCRIPT("npm:wasirun"));
      const want = await libraryExpectation();
      const hosts: [string, string[]][] = [
        ["Node 26", [NODE.command[0], "library.mjs"]],
        ["Bun", [BUN.command[0], "library.mjs"]],
        ["Deno", [Deno.execPath(), "run", "-A", "--node-modules-dir=manual", "library_deno.mjs"]],
      ];
      for (const [host, [cmd, ...args]] of hosts) {
        await t.step(`import { run, WASI } from "wasirun" works on ${host}`, async () => {
          const r = await exec(cmd, args, app);
          assert.equal(r.code, 0, r.stderr);
          assert.deepEqual(JSON.parse(r.stdout), want);
        });
      }

      // `wasirun/cli`: the command line run by a program of its own (its bundle, as the bin's).
      for (const [host, command] of hosts) {
        await t.step(`import { main } from "wasirun/cli" runs a guest on ${host}`, async () => {
          const specifier = host === "Deno" ? "npm:wasirun/cli" : "wasirun/cli";
          await Deno.writeTextFile(
            `${app}/cli_main.mjs`,
            `import { main, EXIT_TRAP } from ${JSON.stringify(specifier)};
            const code = await main([${JSON.stringify(GUESTS[0])}, "exit", "9"]);
            console.log(code, EXIT_TRAP);`,
          );
          const [cmd, ...args] = command.slice(0, -1);
          const r = await exec(cmd, [...args, "cli_main.mjs"], app);
          assert.equal(r.stdout, "9 134\n", r.stderr);
          assert.equal(r.code, 0);
        });
      }

      // `wasirun/cli` run as a program is the command, as JSR's (cli.ts) is: it did nothing, exit 0.
      for (const [host, command] of hosts) {
        await t.step(`wasirun/cli run as a script on ${host} runs the command`, async () => {
          const [cmd, ...args] = command.slice(0, -1);
          const script = "node_modules/wasirun/dist/npm/bin/cli.js";
          const r = await exec(cmd, [...args, script, GUESTS[0], "exit", "9"], app);
          assert.equal(r.code, 9, r.stderr);
        });
      }

      // The system `node` (Node 20 here and in CI) runs the bin through its shebang.
      const system = await exec("node", ["--version"], app);
      await t.step({
        name: `the bin on the system's Node ${system.stdout.trim()} (no JSPI) says what is needed`,
        ignore: !(Number(system.stdout.match(/^v(\d+)/)?.[1]) < 24),
        fn: async () => {
          const bin = `${app}/node_modules/.bin/wasirun`;
          const r = await exec("sh", ["-c", `exec ${shellQuote(bin)} ${GUESTS[0]} hello`], app);
          assertStdout(r, "");
          assert.match(
            r.stderr,
            /^error: this JavaScript runtime lacks JSPI .*Node\.js >= 26, Deno >= 2\.9 or Bun >= 1\.4 .*\n$/,
          );
          assert.equal(r.code, 1);
          // The library too: one WasiRunError saying what is needed, not a TypeError.
          await Deno.writeTextFile(
            `${app}/nojspi.mjs`,
            `import { WASI, WasiRunError } from "wasirun";
            try { new WASI(); console.log("constructed"); }
            catch (e) { console.log(e instanceof WasiRunError, e.message); }`,
          );
          const lib = await exec("node", ["nojspi.mjs"], app);
          assert.match(lib.stdout, /^true this JavaScript runtime lacks JSPI .*\n$/, lib.stderr);
        },
      });
      // Without WebAssembly at all: one line too (the bin had died of a ReferenceError).
      const jitless = await exec(
        "node",
        ["--jitless", `${app}/node_modules/.bin/wasirun`, GUESTS[0], "hello"],
        app,
      );
      assertStdout(jitless, "");
      assert.match(
        jitless.stderr,
        // Node's own warning first: "disabling flag --expose_wasm due to conflicting flags".
        /^(?:Warning: .*\n)?error: this JavaScript runtime has no WebAssembly \(was it started with --jitless\?\).*\n$/,
      );
      assert.equal(jitless.code, 1);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/** What the library script must print: computed here, from the same input. */
async function libraryExpectation() {
  const input = new Uint8Array(3 << 20).map((_, i) => (i * 31 + (i >> 10)) & 0xff);
  const digest = await sha256(input);
  return {
    wasi: "function",
    guests: GUESTS.map(() => ({ code: 0, sha256: digest, exit: 7 })),
  };
}

Deno.test("JSR: deno publish --dry-run passes, both exports documented, the bin type-checks", async () => {
  // Without colours, whatever the terminal: the warnings are matched as text.
  const deno = (args: string[]) => exec(Deno.execPath(), args, ROOT, { NO_COLOR: "1" });
  const publish = await deno(["publish", "--dry-run", "--allow-dirty"]);
  const output = publish.stdout + publish.stderr;
  assert.equal(publish.code, 0, output);
  const warnings = [...output.matchAll(/warning\[([\w-]+)\][^\n]*\n[^\n]*--> ([^\s:]+)/g)]
    .map(([, kind, file]) => `${kind} ${file.replace(ROOT, "")}`);
  // The only ones: cli.ts reaches the sources behind its bundles by a call, so that Deno does not
  // load them at every start (a relative specifier, which resolves on JSR as in a checkout).
  const expected = Array(3).fill("unanalyzable-dynamic-import cli.ts");
  assert.deepEqual(warnings, expected, output);
  const doc = await deno(["doc", "--lint", "mod.ts", "cli.ts"]);
  assert.equal(doc.code, 0, doc.stdout + doc.stderr);
  const check = await deno(["check", "bin/wasirun.ts"]);
  assert.equal(check.code, 0, check.stdout + check.stderr);
});
