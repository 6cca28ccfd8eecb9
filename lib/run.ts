/** The one-call way to run a WASI command and collect what it printed. */
import { ProcExit } from "./context.ts";
import { GuestTrap, WasiRunError } from "./errors.ts";
import { checkImports, compile, instantiate } from "./module.ts";
import { checkedImportObject, WASI, type WasiOptions } from "./wasi.ts";
import { describeFsError } from "./host/errors.ts";
import { readModuleBytes, streamCompile } from "./host/read_file.ts";

/** Options for {@linkcode run}: WasiOptions, with stdin given as data. */
export interface RunOptions extends Omit<WasiOptions, "stdin" | "stdout" | "stderr"> {
  /** The guest's stdin: text, bytes or a stream (default: empty). */
  stdin?: string | Uint8Array | ReadableStream<Uint8Array>;
}

/** What {@linkcode run} collected. */
export interface RunResult {
  /** The exit code (`proc_exit`'s, or 0 when `_start` returned). */
  code: number;
  /** Everything the guest wrote to stdout. */
  stdout: Uint8Array;
  /** Everything the guest wrote to stderr. */
  stderr: Uint8Array;
}

/** A module as bytes, a compiled module, a file path or a `file:`/`http(s):` URL. */
export type ModuleSource = Uint8Array | ArrayBuffer | WebAssembly.Module | string | URL;

/**
 * Compiles and checks the module; answers it and whether its import types
 * were checked (a module compiled here). A precompiled WebAssembly.Module has no
 * bytes to read, so only its import names can be checked, and a start
 * section in it runs during instantiation (RATIONALE.md, "Start sections").
 */
async function moduleFrom(source: ModuleSource): Promise<[WebAssembly.Module, boolean]> {
  if (source instanceof WebAssembly.Module) {
    checkImports(source);
    return [source, false];
  }
  let bytes: Uint8Array<ArrayBuffer>;
  if (ArrayBuffer.isView(source)) {
    bytes = new Uint8Array(source.byteLength); // a copy: the caller may reuse its buffer
    bytes.set(new Uint8Array(source.buffer, source.byteOffset, source.byteLength));
  } else if (source instanceof ArrayBuffer) bytes = new Uint8Array(source.slice(0));
  else if (source instanceof URL && source.protocol !== "file:") {
    const response = await fetch(source);
    if (!response.ok) throw new WasiRunError(`cannot fetch ${source}: HTTP ${response.status}`);
    bytes = new Uint8Array(await response.arrayBuffer());
  } else if (typeof source === "string" || source instanceof URL) {
    if (source === "") throw new WasiRunError("run() was given an empty path");
    // Bun compiles a file as it reads it; a file it cannot stream is read (and reported) below.
    const streamed = streamCompile(source);
    if (streamed) {
      const read = await streamed.bytes.catch(() => undefined);
      if (read) return [await compile(read, streamed.module), true];
    }
    try {
      bytes = await readModuleBytes(source);
    } catch (e) {
      throw new WasiRunError(describeFsError(e, `cannot read module '${source}'`));
    }
  } else {
    const was = source === null ? "null" : typeof source;
    throw new WasiRunError(
      `run() takes a module: bytes, a WebAssembly.Module, a path or a URL, not ${was}`,
    );
  }
  return [await compile(bytes), true];
}

function collector(): { stream: WritableStream<Uint8Array>; bytes(): Uint8Array } {
  const chunks: Uint8Array[] = [];
  return {
    stream: new WritableStream({ write: (chunk) => void chunks.push(chunk.slice()) }),
    bytes: () => {
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let off = 0;
      for (const c of chunks) out.set(c, off), off += c.length;
      return out;
    },
  };
}

function stdinStream(stdin: RunOptions["stdin"]): ReadableStream<Uint8Array> {
  if (stdin instanceof ReadableStream) return stdin;
  const data = typeof stdin === "string"
    ? new TextEncoder().encode(stdin)
    : stdin instanceof ArrayBuffer
    ? new Uint8Array(stdin)
    : stdin;
  if (data !== undefined && !(data instanceof Uint8Array)) {
    const was = data === null ? "null" : typeof data;
    throw new WasiRunError(`options.stdin of run() must be text, bytes or a stream, not ${was}`);
  }
  return new ReadableStream({
    start(controller) {
      if (data?.length) controller.enqueue(data);
      controller.close();
    },
  });
}

/**
 * Runs a WASI command module and resolves to its exit code and output.
 *
 * @example Run a bundled C program
 * ```ts
 * import { run } from "../mod.ts";
 * const { code, stdout } = await run("testdata/c/main.wasm", { args: ["main", "hello"] });
 * if (code !== 0 || new TextDecoder().decode(stdout) !== "hello, world\n") throw new Error();
 * ```
 */
export async function run(source: ModuleSource, options: RunOptions = {}): Promise<RunResult> {
  if (typeof options !== "object" || options === null) {
    throw new WasiRunError(
      `run()'s options must be an object, not ${options === null ? "null" : typeof options}`,
    );
  }
  const stdin = stdinStream(options.stdin);
  // Compiled here from bytes, its import types are checked (typed imports).
  const [module, typesChecked] = await moduleFrom(source);
  const stdout = collector();
  const stderr = collector();
  const wasi = new WASI({ ...options, stdin, stdout: stdout.stream, stderr: stderr.stream });
  let code: number;
  let instance: WebAssembly.Instance;
  try {
    const imports = typesChecked ? checkedImportObject(wasi, module) : wasi.getImportObject();
    instance = await instantiate(module, imports);
  } catch (e) {
    await wasi.close(); // never started: its fds are still open
    // A start section of a precompiled module runs inside instantiate().
    if (!(e instanceof ProcExit)) throw e;
    return { code: e.code, stdout: stdout.bytes(), stderr: stderr.bytes() };
  }
  try {
    code = await wasi.start(instance);
  } catch (e) {
    // What the guest printed before it trapped (a Rust panic's message) goes with the error.
    if (e instanceof GuestTrap) {
      e.stdout = stdout.bytes();
      e.stderr = stderr.bytes();
    }
    throw e;
  }
  return { code, stdout: stdout.bytes(), stderr: stderr.bytes() };
}
