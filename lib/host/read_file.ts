/**
 * Reading a whole file (a module to compile) with the runtime's own call,
 * apart from lib/host/fs.ts so that cli.ts can start the guest module's read
 * and compile before it loads the rest of wasirun (lib/cli/early.ts).
 */
import { nodeFs } from "./process.ts";
import { isBun, isDeno } from "./runtime.ts";

interface BunFile {
  size: number;
  bytes(): Promise<Uint8Array<ArrayBuffer>>;
  stream(): ReadableStream<Uint8Array>;
}

interface BunGlobal {
  Bun: { file(path: string | URL): BunFile };
}

/**
 * A whole file (a module to compile), read with the runtime's own call where
 * it has one: `node:fs` would cost Deno ~35 ms and Bun ~3 ms of start-up
 * (lib/host/process.ts). Throws the runtime's error.
 */
export async function readFileBytes(path: string | URL): Promise<Uint8Array<ArrayBuffer>> {
  if (isDeno) return denoReadFile(path);
  if (isBun) return await (globalThis as unknown as BunGlobal).Bun.file(path).bytes();
  return nodeReadFile(path);
}

/**
 * Deno's readFileSync takes twice as long as reading into one buffer of the
 * file's size (26 MB: ~43 ms against ~21 ms, each in a new process): it grows
 * its buffer as it goes. A file whose size fstat does not tell (a pipe, a
 * device) or that changes while read is read the runtime's way.
 */
function denoReadFile(path: string | URL): Uint8Array<ArrayBuffer> {
  const file = Deno.openSync(path);
  try {
    const { size, isFile } = file.statSync();
    if (!isFile || size === 0) return Deno.readFileSync(path);
    const bytes = pageAlignedBytes(size);
    let off = 0;
    while (off < size) {
      const n = file.readSync(bytes.subarray(off));
      if (n === null || n === 0) break;
      off += n;
    }
    const probe = new Uint8Array(1);
    if (off !== size || file.readSync(probe) !== null) return Deno.readFileSync(path);
    return bytes;
  } finally {
    file.close();
  }
}

/** {@linkcode denoReadFile} with `node:fs` (whose readFileSync also copies into a Uint8Array). */
function nodeReadFile(path: string | URL): Uint8Array<ArrayBuffer> {
  const fs = nodeFs();
  const fd = fs.openSync(path, "r");
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size === 0) return new Uint8Array(fs.readFileSync(fd));
    const size = stat.size, bytes = pageAlignedBytes(size);
    let off = 0;
    while (off < size) {
      const n = fs.readSync(fd, bytes, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    if (off !== size || fs.readSync(fd, new Uint8Array(1), 0, 1, size) !== 0) {
      return new Uint8Array(fs.readFileSync(path));
    }
    return bytes;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * `size` zero bytes that start on a page, for the kernel to copy a file
 * into. On this machine's AMD EPYC a copy to an address 8–24 bytes past a
 * 64-byte boundary (from the page cache, or by memcpy) runs at about a third
 * of the speed (the CPU's `rep movsb`), and a large ArrayBuffer on Deno and
 * Node comes from glibc's mmap'd chunks, 16 bytes into a page. A
 * WebAssembly.Memory starts on a page: CPython's 26 MB module is read in
 * 27–31 ms instead of 44–59 on Deno, 23–26 instead of 36–41 on Node (Bun's
 * own buffers are aligned already). An ordinary array where the engine
 * refuses the memory (e.g. under `ulimit -v`).
 */
export function pageAlignedBytes(size: number): Uint8Array<ArrayBuffer> {
  try {
    const memory = new WebAssembly.Memory({ initial: Math.ceil(size / 65536) });
    return new Uint8Array(memory.buffer as ArrayBuffer, 0, size); // not shared: no `shared` asked
  } catch {
    return new Uint8Array(size);
  }
}

/** The smallest module {@linkcode streamCompile} streams. */
const STREAM_MIN = 1 << 20;

/** A module's bytes and its compile, both under way (each promise may reject). */
export interface ModuleLoad {
  bytes: Promise<Uint8Array<ArrayBuffer>>;
  module: Promise<WebAssembly.Module>;
}

/**
 * Bun only: the file at `path` read once and compiled as it is read, by
 * `WebAssembly.compileStreaming` of one branch of its stream, the bytes
 * collected from the other. JSC then compiles on its own threads as bytes
 * arrive, where `WebAssembly.compile(bytes)` first parses the whole module on
 * the calling thread (6–7 ms for Go's 3 MB, ~50 for CPython's 26 MB): from
 * the read to a compiled module, Go 36 → 30 ms, CPython 145 → 90.
 * `undefined` elsewhere (V8 compiles a stream eagerly: slower), for a file
 * under {@linkcode STREAM_MIN} (C hello 0.8 ms slower streamed), and for
 * what is not a file Bun can stream (the caller reads it its own way).
 */
export function streamCompile(path: string | URL): ModuleLoad | undefined {
  if (!isBun) return undefined;
  const file = (globalThis as unknown as BunGlobal).Bun.file(path);
  // Missing, empty, a device: read the caller's way; small: a stream costs more than it saves.
  if (!(file.size >= STREAM_MIN && file.size !== Infinity)) return undefined;
  let forCompile: ReadableStream<Uint8Array>, forBytes: ReadableStream<Uint8Array>;
  try {
    [forCompile, forBytes] = file.stream().tee(); // throws at once for a directory
  } catch {
    return undefined;
  }
  const headers = { "content-type": "application/wasm" };
  const load = {
    bytes: new Response(forBytes).bytes() as Promise<Uint8Array<ArrayBuffer>>,
    module: WebAssembly.compileStreaming(new Response(forCompile, { headers })),
  };
  // Each failure is the caller's to take (or to leave, reading the file its own way).
  load.bytes.catch(() => {});
  load.module.catch(() => {});
  return load;
}
