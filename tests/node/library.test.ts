/**
 * The library from Node code, run by `node --test` under Node 26
 * (tests/node_library_test.ts runs this file so it is part of the suite).
 * Node 26 strips the types of this file and of mod.ts as it loads them.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { test } from "node:test";
import { run, WASI } from "../../mod.ts";
import { readModuleBytes } from "../../lib/host/read_file.ts";

const root = new URL("../../", import.meta.url).pathname;
const text = new TextDecoder();

test("run() runs a Go command under Node and returns its output", async () => {
  const result = await run(`${root}testdata/go/main.wasm`, { args: ["main", "args", "ü"] });
  assert.equal(result.code, 0);
  assert.equal(text.decode(result.stdout), "argc=3\nargv[0]=main\nargv[1]=args\nargv[2]=ü\n");
});

test("a C guest reads a slow stdin stream and writes a stream under Node", async () => {
  const parts = ["a\n", "b\n"];
  const chunks: Uint8Array[] = [];
  const wasi = new WASI({
    args: ["main", "cat"],
    stdin: new ReadableStream({
      async pull(controller) {
        await new Promise((r) => setTimeout(r, 50));
        const part = parts.shift();
        if (part) controller.enqueue(new TextEncoder().encode(part));
        else controller.close();
      },
    }),
    stdout: new WritableStream({ write: (c) => void chunks.push(c.slice()) }),
  });
  const module = await WebAssembly.compile(readFileSync(`${root}testdata/c/main.wasm`));
  const code = await wasi.start(await WebAssembly.instantiate(module, wasi.getImportObject()));
  assert.equal(code, 0);
  assert.equal(chunks.map((c) => text.decode(c)).join(""), "a\nb\n");
});

test("a reactor is initialized and called under Node", async () => {
  const wasi = new WASI({ stdout: "null" });
  const module = await WebAssembly.compile(readFileSync(`${root}testdata/wat/reactor.wasm`));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  await wasi.initialize(instance);
  assert.equal(await wasi.call(instance, "add", 20, 22), 42);
});

test("an AbortSignal stops a sleeping guest under Node", async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error("stop")), 200);
  const started = performance.now();
  await assert.rejects(
    run(`${root}testdata/c/main.wasm`, {
      args: ["main", "sleep", "10000"],
      signal: controller.signal,
    }),
    /stop/,
  );
  assert.ok(performance.now() - started < 3000);
});

test("a module file is read whole under Node, whatever its size", async () => {
  const dir = mkdtempSync(`${tmpdir()}/wasirun-read-`);
  try {
    for (const size of [1, 65535, 65536, 65537, (1 << 20) + 3]) {
      const bytes = new Uint8Array(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 7 + (i >> 8)) & 0xff;
      writeFileSync(`${dir}/f`, bytes);
      assert.deepEqual(await readModuleBytes(`${dir}/f`), bytes, `${size} bytes`);
    }
    // What fstat gives no size for is read the runtime's way.
    assert.ok((await readModuleBytes("/proc/self/status")).length > 0);
    assert.equal((await readModuleBytes("/dev/null")).length, 0);
    await assert.rejects(readModuleBytes(dir), /EISDIR/);
    await assert.rejects(readModuleBytes(`${dir}/missing`), /ENOENT/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("run()'s maxMemorySize and unknownImports under Node", async () => {
  const capped = await run(`${root}testdata/wat/grow_limit.wasm`, { maxMemorySize: 10_000_000 });
  assert.equal(text.decode(capped.stdout), "grew\nrefused\n");
  const zeros = await run(`${root}testdata/wat/unknown_imports.wasm`, {
    unknownImports: "default",
  });
  assert.equal(text.decode(zeros.stdout), "start\nzeros\n");
  await assert.rejects(
    run(`${root}testdata/wat/unknown_imports.wasm`, { unknownImports: "trap" }),
    /called 'env\.i32', which wasirun does not provide/,
  );
});
