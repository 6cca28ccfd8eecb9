/**
 * The library from Bun code, run by `bun test` (tests/distribution_test.ts
 * runs this file under Bun so it is part of the suite).
 */
import { expect, test } from "bun:test";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { run, WASI } from "../../mod.ts";

const root = new URL("../../", import.meta.url).pathname;
const text = new TextDecoder();

test("run() runs a Go command under Bun and returns its output", async () => {
  const result = await run(`${root}testdata/go/main.wasm`, { args: ["main", "args", "ü"] });
  expect(result.code).toBe(0);
  expect(text.decode(result.stdout)).toBe("argc=3\nargv[0]=main\nargv[1]=args\nargv[2]=ü\n");
});

test("run() of a path Bun cannot stream or compile rejects with one clear error", async () => {
  // Bun compiles a file as it reads it (lib/host/read_file.ts); these fall back or fail cleanly.
  await expect(run(`${root}testdata`)).rejects.toThrow(
    /is a directory|EISDIR|Directories cannot be read/,
  );
  await expect(run(`${root}testdata/malformed.wasm`)).rejects.toThrow(/not a valid wasm module/);
  await expect(run(`${root}testdata/does-not-exist.wasm`)).rejects.toThrow(/no such file|ENOENT/);
  const result = await run(new URL("testdata/c/main.wasm", `file://${root}`), {
    args: ["c", "hello"],
  });
  expect(text.decode(result.stdout)).toBe("hello, world\n");
});

test("a C guest reads a slow stdin stream and writes a stream under Bun", async () => {
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
  expect(code).toBe(0);
  expect(chunks.map((c) => text.decode(c)).join("")).toBe("a\nb\n");
});

test("a FIFO as stdin waits for its writer under Bun without freezing the event loop", async () => {
  const dir = mkdtempSync(`${tmpdir()}/wasirun-`);
  try {
    const fifo = `${dir}/fifo`;
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const chunks: Uint8Array[] = [];
    // The constructor's open(2) waited for a writer on the main thread: this timer never fired.
    const wasi = new WASI({
      args: ["main", "cat"],
      stdin: fifo,
      stdout: new WritableStream({ write: (c) => void chunks.push(c.slice()) }),
    });
    setTimeout(() => spawn("bash", ["-c", `printf 'late\\n' > ${fifo}`]), 200);
    const module = await WebAssembly.compile(readFileSync(`${root}testdata/c/main.wasm`));
    const code = await wasi.start(await WebAssembly.instantiate(module, wasi.getImportObject()));
    expect(code).toBe(0);
    expect(chunks.map((c) => text.decode(c)).join("")).toBe("late\n");
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("a reactor is initialized and called under Bun (Bun's own WASI has no initialize)", async () => {
  const wasi = new WASI({ stdout: "null" });
  const module = await WebAssembly.compile(readFileSync(`${root}testdata/wat/reactor.wasm`));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  await wasi.initialize(instance);
  expect(await wasi.call(instance, "add", 20, 22)).toBe(42);
});

test("an AbortSignal stops a sleeping guest under Bun", async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error("stop")), 200);
  const started = performance.now();
  await expect(run(`${root}testdata/c/main.wasm`, {
    args: ["main", "sleep", "10000"],
    signal: controller.signal,
  })).rejects.toThrow("stop");
  expect(performance.now() - started).toBeLessThan(3000);
});

test("run()'s maxMemorySize and unknownImports under Bun (a limited module is not streamed)", async () => {
  const capped = await run(`${root}testdata/wat/grow_limit.wasm`, { maxMemorySize: 10_000_000 });
  expect(text.decode(capped.stdout)).toBe("grew\nrefused\n");
  const zeros = await run(`${root}testdata/wat/unknown_imports.wasm`, {
    unknownImports: "default",
  });
  expect(text.decode(zeros.stdout)).toBe("start\nzeros\n");
  await expect(run(`${root}testdata/wat/unknown_imports.wasm`, { unknownImports: "trap" })).rejects
    .toThrow("called 'env.i32', which wasirun does not provide");
});
