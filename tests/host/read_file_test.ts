/**
 * lib/host/read_file.ts: module files read whole, byte for byte, into
 * page-aligned memory, and without their DWARF sections (on Deno here, by the
 * CLI on Deno, Bun and Node below; tests/node/library.test.ts on Node).
 */
import assert from "node:assert/strict";
import {
  FunctionCountReader,
  largestFunction,
  pageAlignedBytes,
  readModuleBytes,
  streamWithoutDwarf,
  withTierUpHint,
} from "../../lib/host/read_file.ts";
import { fixture, nodeWith, runCli, RUNTIMES } from "../_helpers.ts";

/** Files of awkward sizes with distinct bytes, in a fresh directory. */
function writeSamples(dir: string): Map<string, Uint8Array> {
  const samples = new Map<string, Uint8Array>();
  for (const size of [1, 65535, 65536, 65537, (1 << 20) + 3]) {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) bytes[i] = (i * 7 + (i >> 8)) & 0xff;
    const path = `${dir}/f${size}`;
    Deno.writeFileSync(path, bytes);
    samples.set(path, bytes);
  }
  return samples;
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    out.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
    n = Math.floor(n / 128);
  } while (n > 0);
  return out;
}

/** A custom section named `name` holding `size` bytes after its name. */
function custom(name: string, size: number, padLeb = false): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const content = [...leb(nameBytes.length), ...nameBytes];
  const length = content.length + size;
  // A size LEB padded to five bytes is as valid as the shortest one.
  const sizeLeb = padLeb
    ? [
      0x80 | (length & 0x7f),
      0x80 | ((length >> 7) & 0x7f),
      0x80 | ((length >> 14) & 0x7f),
      0x80 | ((length >> 21) & 0x7f),
      length >>> 28,
    ]
    : leb(length);
  const out = new Uint8Array(1 + sizeLeb.length + length);
  out.set([0, ...sizeLeb, ...content]);
  out.fill(0xdb, 1 + sizeLeb.length + content.length);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) out.set(p, off), off += p.length;
  return out;
}

/**
 * The C guest with DWARF-named sections put before its first section and
 * after its last (1.3 MB in all: over the size below which a module is read
 * whole), beside custom sections that only look alike and stay; and what it
 * should read as.
 */
function debugBuild(): { withDwarf: Uint8Array<ArrayBuffer>; without: Uint8Array<ArrayBuffer> } {
  const module = Deno.readFileSync(fixture("c/main.wasm"));
  const head = module.subarray(0, 8), body = module.subarray(8);
  const kept = [custom(".debug", 10), custom("debug_info", 10), custom(".debugX", 10)];
  return {
    withDwarf: concat([
      head,
      custom(".debug_info", 700_000),
      kept[0],
      body,
      custom(".debug_line", 600_000, true),
      kept[1],
      custom(".debug_str", 5),
      kept[2],
    ]),
    without: concat([head, kept[0], body, kept[1], kept[2]]),
  };
}

Deno.test("readModuleBytes returns a file whole, from 1 MiB in memory that starts on a page", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    for (const [path, bytes] of writeSamples(dir)) {
      const got = await readModuleBytes(path);
      assert.equal(got.length, bytes.length, path);
      assert.deepEqual(got, bytes, path);
      const address = Deno.UnsafePointer.value(Deno.UnsafePointer.of(got));
      if (got.length >= 1 << 20) assert.equal(BigInt(address) % 4096n, 0n, `${path} at ${address}`);
    }
    // What fstat gives no size for is read the runtime's way.
    assert.ok((await readModuleBytes("/proc/self/status")).length > 0);
    assert.equal((await readModuleBytes("/dev/null")).length, 0);
    await assert.rejects(readModuleBytes(dir), /directory/i);
    await assert.rejects(readModuleBytes(`${dir}/missing`), /No such file|NotFound/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("readModuleBytes leaves out a module's DWARF sections and nothing else", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const { withDwarf, without } = debugBuild();
    Deno.writeFileSync(`${dir}/debug.wasm`, withDwarf);
    assert.deepEqual(await readModuleBytes(`${dir}/debug.wasm`), without);
    // A section that runs past the end, the last: kept as it is, for the engine to reject.
    Deno.writeFileSync(`${dir}/cut.wasm`, withDwarf.subarray(0, withDwarf.length - 1));
    assert.deepEqual(
      await readModuleBytes(`${dir}/cut.wasm`),
      without.subarray(0, without.length - 1),
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

/** `bytes` through streamWithoutDwarf in chunks of the sizes `sizes` gives, in turn. */
async function streamed(bytes: Uint8Array, sizes: () => number): Promise<Uint8Array> {
  let off = 0;
  const source = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (off >= bytes.length) return controller.close();
      const n = sizes();
      controller.enqueue(bytes.slice(off, off + n));
      off += n;
    },
  });
  return new Uint8Array(await new Response(streamWithoutDwarf(source)).arrayBuffer());
}

Deno.test("a module streamed in chunks of any size loses its DWARF sections and nothing else", async () => {
  const { withDwarf, without } = debugBuild();
  let seed = 7;
  const random = (max: number) => () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % max + 1;
  for (
    const sizes of [
      () => 1,
      () => 7,
      () => 31,
      () => 65536,
      () => 1 << 22,
      random(40),
      random(5000),
    ]
  ) {
    assert.deepEqual(await streamed(withDwarf, sizes), without);
  }
  // Not a module, or one cut short: everything passes as it came.
  const text = new TextEncoder().encode("#!/bin/sh\necho not wasm\n");
  assert.deepEqual(await streamed(text, () => 3), text);
  const short = withDwarf.slice(0, 5);
  assert.deepEqual(await streamed(short, () => 2), short);
  // A malformed section header: the bytes from there pass as they are.
  const bad = concat([withDwarf.subarray(0, 8), new Uint8Array(40).fill(0xff)]);
  assert.deepEqual(await streamed(bad, () => 9), bad);
});

Deno.test("a debug build runs without its DWARF sections on every runtime", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeFileSync(`${dir}/debug.wasm`, debugBuild().withDwarf);
    for (const runtime of RUNTIMES) {
      const r = await runCli(runtime, [`${dir}/debug.wasm`, "hello"]);
      assert.equal(r.stdout, "hello, world\n", `${runtime.name}: ${r.stderr}`);
      assert.equal(r.code, 0, runtime.name);
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("pageAlignedBytes gives zeroed bytes of the size asked, on a page from 1 MiB", () => {
  for (const size of [1, 4096, 65536, 200_000, 1 << 20, (1 << 20) + 1, 3_000_000]) {
    const bytes = pageAlignedBytes(size);
    assert.equal(bytes.length, size);
    assert.ok(bytes.every((b) => b === 0));
    const address = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(bytes)));
    if (size >= 1 << 20) assert.equal(address % 4096n, 0n);
  }
});

/**
 * A command of `n` functions that do nothing besides its `_start`, which
 * writes "hello\n" with fd_write: GHC's shape (pandoc: 620,000 small
 * functions), which Bun compiles whole rather than as it reads it.
 */
function manyFunctions(n: number): Uint8Array<ArrayBuffer> {
  const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
  const name = (s: string) => [...leb(s.length), ...new TextEncoder().encode(s)];
  const nothing = [2, 0, 0x0b]; // size, no locals, end
  // _start: fd_write(1, iovec at 0, 1, nwritten at 8), dropped; then a call to function 2
  const start = [0, 0x41, 1, 0x41, 0, 0x41, 1, 0x41, 8, 0x10, 0, 0x1a, 0x10, 2, 0x0b];
  const code: number[] = [...leb(n + 1), ...leb(start.length), ...start];
  for (let i = 0; i < n; i++) code.push(...nothing);
  const functions = [...leb(n + 1)];
  for (let i = 0; i <= n; i++) functions.push(1);
  return new Uint8Array([
    ...PREAMBLE_BYTES,
    ...section(1, [2, 0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 1, 0x7f, 0x60, 0, 0]),
    ...section(2, [1, ...name("wasi_snapshot_preview1"), ...name("fd_write"), 0, 0]),
    ...section(3, functions),
    ...section(5, [1, 0, 1]),
    ...section(7, [2, ...name("memory"), 2, 0, ...name("_start"), 0, 1]),
    ...section(10, code),
    // the iovec {16, 6} at 0, "hello\n" at 16
    ...section(11, [
      1,
      0,
      0x41,
      0,
      0x0b,
      22,
      16,
      0,
      0,
      0,
      6,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      ...new TextEncoder().encode("hello\n"),
    ]),
  ]);
}

const PREAMBLE_BYTES = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** The count at the start of a whole module's function section (id 3), walked section by section. */
function functionSectionCount(module: Uint8Array): number {
  let at = 8;
  const leb = () => {
    let value = 0;
    for (let shift = 0;; shift += 7) {
      const byte = module[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  for (;;) {
    const id = module[at++];
    const size = leb();
    if (id === 3) return leb();
    at += size;
  }
}

/** The function count in a module's first bytes, as the streaming compile reads it. */
const functionCount = (head: Uint8Array) => new FunctionCountReader().push(head);

Deno.test("functionCount reads a module's function count from its first bytes", () => {
  const go = Deno.readFileSync(fixture("go/main.wasm"));
  const c = Deno.readFileSync(fixture("c/main.wasm"));
  assert.equal(functionCount(go), 2034);
  assert.equal(functionCount(c), functionSectionCount(c));
  assert.ok(functionSectionCount(c) > 100);
  assert.equal(functionCount(manyFunctions(1000)), 1001);
  // Too few bytes yet: undefined, until the count is there.
  let first: number | undefined;
  for (let n = 0; n <= 4096 && first === undefined; n++) {
    const got = functionCount(go.subarray(0, n));
    if (got !== undefined) first = n;
    else assert.equal(got, undefined);
  }
  assert.ok(first !== undefined && first > 8);
  assert.equal(functionCount(go.subarray(0, first)), 2034);
  // No function section before the code, or no module at all: null.
  assert.equal(functionCount(new Uint8Array([...PREAMBLE_BYTES, 10, 1, 0])), null);
  assert.equal(functionCount(new TextEncoder().encode("#!/bin/sh\necho not wasm\n")), null);
  assert.equal(functionCount(concat([go.subarray(0, 8), new Uint8Array(40).fill(0xff)])), null);
});

Deno.test("a module of many small functions runs on every runtime, with and without DWARF", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    // 400,000 functions in ~1.2 MB: over the size a module is streamed from on Bun, and under
    // the bytes per function it is streamed with.
    const module = manyFunctions(400_000);
    assert.ok(module.length > 1 << 20);
    const debug = concat([
      module.subarray(0, 8),
      custom(".debug_info", 300_000),
      module.subarray(8),
    ]);
    Deno.writeFileSync(`${dir}/many.wasm`, module);
    Deno.writeFileSync(`${dir}/debug.wasm`, debug);
    for (const runtime of RUNTIMES) {
      for (const name of ["many", "debug"]) {
        const r = await runCli(runtime, [`${dir}/${name}.wasm`]);
        assert.equal(r.stdout, "hello\n", `${runtime.name} ${name}: ${r.stderr}`);
        assert.equal(r.code, 0, `${runtime.name} ${name}`);
      }
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a preamble and then 2 MB of zeros is refused in one line on every runtime", async () => {
  // Zeros read as 2-byte custom sections without a name: Bun's look for the function count once
  // took minutes over them (the sections came one chunk each, and each chunk was looked at again).
  const dir = Deno.makeTempDirSync();
  try {
    const zeros = new Uint8Array(2 << 20);
    zeros.set(PREAMBLE_BYTES);
    Deno.writeFileSync(`${dir}/zeros.wasm`, zeros);
    for (const runtime of RUNTIMES) {
      const r = await runCli(runtime, [`${dir}/zeros.wasm`]);
      assert.match(
        r.stderr,
        /^error: [^\n]*zeros\.wasm: not a valid wasm module: [^\n]+\n$/,
        runtime.name,
      );
      assert.equal(r.code, 1, runtime.name);
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a module of 100,000 small custom sections runs on every runtime, small or streamed", async () => {
  // JSC compiles in time that grows with the square of their count (100,000: 33 s): Bun is not
  // given them past a thousand; V8 takes them as they are.
  const dir = Deno.makeTempDirSync();
  try {
    const spare = new Uint8Array(300_000);
    for (let i = 0; i < spare.length; i += 3) spare.set([0, 1, 0], i); // nameless custom sections
    for (const guest of ["c/main.wasm", "go/main.wasm"]) {
      const module = Deno.readFileSync(fixture(guest));
      Deno.writeFileSync(
        `${dir}/spare.wasm`,
        concat([module.subarray(0, 8), spare, module.subarray(8)]),
      );
      for (const runtime of RUNTIMES) {
        const r = await runCli(runtime, [`${dir}/spare.wasm`, "hello"]);
        assert.equal(r.stdout, "hello, world\n", `${runtime.name} ${guest}: ${r.stderr}`);
        assert.equal(r.code, 0, `${runtime.name} ${guest}`);
      }
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

/**
 * A module that imports a function, a table, a 64-bit memory, a global of a
 * reference type, a tag and another function, then defines functions whose
 * bodies are `sizes` bytes: what largestFunction reads (not for an engine).
 */
function importsOfEveryKind(sizes: number[]): Uint8Array<ArrayBuffer> {
  const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
  const name = (s: string) => [...leb(s.length), ...new TextEncoder().encode(s)];
  const imports = [
    6,
    ...name("m"),
    ...name("f"),
    0,
    0, // a function of type 0
    ...name("m"),
    ...name("t"),
    1,
    0x70,
    1,
    1,
    10, // funcref table, min 1, max 10
    ...name("m"),
    ...name("mem"),
    2,
    0x05,
    ...leb(1),
    0x80,
    0x80,
    0x80,
    0x80,
    0x80,
    0x01, // i64 max
    ...name("m"),
    ...name("g"),
    3,
    0x63,
    0x70,
    0, // (ref null func), immutable
    ...name("m"),
    ...name("e"),
    4,
    0,
    0, // a tag of type 0
    ...name("m"),
    ...name("f2"),
    0,
    0, // another function
  ];
  const code = [...leb(sizes.length)];
  for (const size of sizes) code.push(...leb(size), ...new Array(size).fill(0x01)); // nops
  return new Uint8Array([
    ...PREAMBLE_BYTES,
    ...section(1, [1, 0x60, 0, 0]),
    ...section(2, imports),
    ...section(3, [sizes.length, ...sizes.map(() => 0)]),
    ...section(10, code),
  ]);
}

Deno.test("largestFunction finds the largest body, indexed after every imported function", () => {
  const module = importsOfEveryKind([300, 70_000, 129, 70_000]);
  // Two imported functions first; of two largest the first.
  assert.deepEqual(largestFunction(module), { index: 3, size: 70_000 });
  assert.deepEqual(largestFunction(importsOfEveryKind([5])), { index: 2, size: 5 });
  // Cut anywhere before the code ends, not a module, or no code: undefined.
  for (const cut of [8, 9, 20, 60, module.length - 70_000, module.length - 1]) {
    assert.equal(largestFunction(module.subarray(0, cut)), undefined, `cut at ${cut}`);
  }
  assert.equal(largestFunction(new TextEncoder().encode("#!/bin/sh\n")), undefined);
  assert.equal(largestFunction(new Uint8Array(PREAMBLE_BYTES)), undefined);
  // Real modules: the index counts the imported functions the engine sees.
  for (const path of ["c/main.wasm", "go/main.wasm"]) {
    const bytes = Deno.readFileSync(fixture(path));
    const imported = WebAssembly.Module.imports(new WebAssembly.Module(bytes))
      .filter((i) => i.kind === "function").length;
    const largest = largestFunction(bytes);
    assert.ok(largest && largest.index >= imported && largest.size > 1000, path);
  }
});

/**
 * A command whose `_start` writes "hello\n" and calls a function of `size`
 * bytes of nops: an interpreter loop's size, for the compilation hint.
 */
function bigFunction(size: number): Uint8Array<ArrayBuffer> {
  const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
  const name = (s: string) => [...leb(s.length), ...new TextEncoder().encode(s)];
  const start = [0, 0x41, 1, 0x41, 0, 0x41, 1, 0x41, 8, 0x10, 0, 0x1a, 0x10, 2, 0x0b];
  const big = [0, ...new Array(size - 2).fill(0x01), 0x0b];
  const data = [16, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  return new Uint8Array([
    ...PREAMBLE_BYTES,
    ...section(1, [2, 0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 1, 0x7f, 0x60, 0, 0]),
    ...section(2, [1, ...name("wasi_snapshot_preview1"), ...name("fd_write"), 0, 0]),
    ...section(3, [2, 1, 1]),
    ...section(5, [1, 0, 1]),
    ...section(7, [2, ...name("memory"), 2, 0, ...name("_start"), 0, 1]),
    ...section(10, [2, ...leb(start.length), ...start, ...leb(big.length), ...big]),
    ...section(11, [1, 0, 0x41, 0, 0x0b, 22, ...data, ...new TextEncoder().encode("hello\n")]),
  ]);
}

Deno.test("withTierUpHint names a module's large largest function to V8, in spare room if any", () => {
  const module = bigFunction(1_100_000); // over 1 MiB: read into a page of our own (below)
  const hinted = withTierUpHint(module);
  assert.notEqual(hinted.buffer, module.buffer); // not ours: copied, the caller's bytes as they were
  assert.deepEqual(hinted.subarray(0, module.length), module);
  assert.ok(WebAssembly.validate(hinted));
  const [hint] = WebAssembly.Module.customSections(
    new WebAssembly.Module(hinted),
    "metadata.code.compilation_priority",
  );
  // One function, index 2 (after fd_write and _start), at its start: priorities 0 and 0.
  assert.deepEqual([...new Uint8Array(hint)], [1, 2, 0, 2, 0, 0]);
  // Read into a page of our own: the section goes after the bytes, in the same buffer.
  const own = pageAlignedBytes(module.length);
  own.set(module);
  const inPlace = withTierUpHint(own);
  assert.equal(inPlace.buffer, own.buffer);
  assert.deepEqual(inPlace, hinted);
  // No function that large: the same array.
  const small = bigFunction(20_000);
  assert.equal(withTierUpHint(small), small);
});

Deno.test("a module with an interpreter-sized function runs on Node with compilation hints on", async () => {
  if (!RUNTIMES.some((r) => r.name === "node")) return;
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeFileSync(`${dir}/big.wasm`, bigFunction(200_000));
    for (const flags of [["--experimental-wasm-compilation-hints"], []]) {
      const r = await runCli(nodeWith(flags), [`${dir}/big.wasm`]);
      assert.equal(r.stdout, "hello\n", `${flags}: ${r.stderr}`);
      assert.equal(r.code, 0);
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
