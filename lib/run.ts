/** The one-call way to run a WASI command and collect what it printed. */
import { ProcExit } from "./context.ts";
import { GuestTrap, WasiRunError } from "./errors.ts";
import { jspiMissingReason } from "./jspi.ts";
import {
  addUnknownImports,
  checkImports,
  compile,
  instantiate,
  limitMemory,
  type UnknownImports,
} from "./module.ts";
import { checkedImportObject, WASI, type WasiOptions } from "./wasi.ts";
import { describeFsError } from "./host/errors.ts";
import { readModuleBytes, streamCompile } from "./host/read_file.ts";

/** Options for {@linkcode run}: WasiOptions, with stdin given as data. */
export interface RunOptions extends Omit<WasiOptions, "stdin" | "stdout" | "stderr"> {
  /** The guest's stdin: text, bytes or a stream (default: empty). */
  stdin?: string | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array | string>;
  /**
   * The most bytes the guest's memory may grow to (wasmtime's
   * `max-memory-size`): `memory.grow` past it answers -1; a module whose
   * memory starts bigger is refused. Needs the module's bytes (a path, a URL
   * or bytes), not a compiled module.
   */
  maxMemorySize?: number;
  /**
   * What stands in for a function import wasirun does not provide: a
   * function that ends the run with a WasiRunError naming it (`"trap"`), or
   * one that returns zeros (`"default"`, which needs the module's bytes).
   * Without it, such a module is refused. wasmtime's `unknown-imports-trap`
   * and `unknown-imports-default`.
   */
  unknownImports?: UnknownImports;
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

/**
 * A module as bytes, a compiled module, a file path (a string, always: a
 * string `"https://..."` names a file), or a `URL` object (`file:` is read,
 * `http(s):` fetched).
 */
export type ModuleSource = Uint8Array | ArrayBuffer | WebAssembly.Module | string | URL;

/**
 * Compiles and checks the module; answers it and whether its import types
 * were checked (a module compiled here). A precompiled WebAssembly.Module has no
 * bytes to read, so only its import names can be checked, and a start
 * section in it runs during instantiation (RATIONALE.md, "Start sections").
 */
async function moduleFrom(
  source: ModuleSource,
  { maxMemorySize, unknownImports }: RunOptions,
): Promise<[WebAssembly.Module, boolean, Uint8Array]> {
  if (source instanceof WebAssembly.Module) {
    const needsBytes = maxMemorySize !== undefined
      ? "maxMemorySize"
      : unknownImports === "default"
      ? 'unknownImports: "default"'
      : undefined;
    if (needsBytes) {
      throw new WasiRunError(
        `options.${needsBytes} needs the module's bytes, a path or a URL, not a compiled module`,
      );
    }
    checkImports(source, unknownImports);
    return [source, false, new Uint8Array()];
  }
  const compiled = async (
    bytes: Uint8Array<ArrayBuffer>,
    started?: Promise<WebAssembly.Module>,
  ): Promise<[WebAssembly.Module, boolean, Uint8Array]> => {
    if (maxMemorySize !== undefined) bytes = limitMemory(bytes, maxMemorySize);
    return [await compile(bytes, started, unknownImports), true, bytes];
  };
  let bytes: Uint8Array<ArrayBuffer>;
  if (ArrayBuffer.isView(source)) {
    bytes = new Uint8Array(source.byteLength); // a copy: the caller may reuse its buffer
    bytes.set(new Uint8Array(source.buffer, source.byteOffset, source.byteLength));
  } else if (source instanceof ArrayBuffer) bytes = new Uint8Array(source.slice(0));
  else if (source instanceof URL && source.protocol !== "file:") {
    bytes = await fetchModule(source);
  } else if (typeof source === "string" || source instanceof URL) {
    if (source === "") throw new WasiRunError("run() was given an empty path");
    // Bun compiles a file as it reads it; a file it cannot stream is read (and reported) below.
    // (Not one whose memory is to be limited: the module compiled is another.)
    const streamed = maxMemorySize === undefined ? streamCompile(source) : undefined;
    if (streamed) {
      const read = await streamed.bytes.catch(() => undefined);
      if (read) return await compiled(read, streamed.module);
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
  return await compiled(bytes);
}

/**
 * The bytes at an `http(s):` URL; a WasiRunError in one line when the fetch
 * fails (each runtime's fetch throws a TypeError of its own: Node's says only
 * "fetch failed", with the reason in its `cause`).
 */
async function fetchModule(url: URL): Promise<Uint8Array<ArrayBuffer>> {
  let response: Response;
  try {
    response = await fetch(url);
    if (response.ok) return new Uint8Array(await response.arrayBuffer());
  } catch (e) {
    const cause = (e as { cause?: unknown }).cause;
    const reason = cause instanceof Error ? cause.message : (e as Error)?.message ?? String(e);
    throw new WasiRunError(`cannot fetch ${url}: ${reason.replace(/\s*\n\s*/g, " ")}`);
  }
  throw new WasiRunError(`cannot fetch ${url}: HTTP ${response.status}`);
}

/**
 * One line for a bad `maxMemorySize` or `unknownImports`, or an output
 * option, which run() does not take (WASI checks the rest).
 */
function checkRunOptions(options: RunOptions): void {
  const { maxMemorySize, unknownImports } = options;
  for (const name of ["stdout", "stderr"]) {
    if ((options as Record<string, unknown>)[name] !== undefined) {
      throw new WasiRunError(
        `run() takes no options.${name}: it collects the guest's output into its result ` +
          `(for output of your own, "inherit", a path, an fd or a stream, use new WASI())`,
      );
    }
  }
  // What was given, in a word or two (JSON.stringify throws on a BigInt and says null for NaN).
  const was = (v: unknown) =>
    v === null
      ? "null"
      : typeof v === "string"
      ? JSON.stringify(v)
      : typeof v === "number"
      ? String(v)
      : typeof v;
  if (maxMemorySize !== undefined && !(Number.isInteger(maxMemorySize) && maxMemorySize >= 0)) {
    throw new WasiRunError(
      `options.maxMemorySize must be a number of bytes (a whole number, 0 or more), not ${
        was(maxMemorySize)
      }`,
    );
  }
  if (unknownImports !== undefined && unknownImports !== "trap" && unknownImports !== "default") {
    throw new WasiRunError(
      `options.unknownImports must be "trap" or "default", not ${was(unknownImports)}`,
    );
  }
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

function stdinStream(stdin: RunOptions["stdin"]): ReadableStream<Uint8Array | string> {
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
  const missing = jspiMissingReason(); // before the compile, which needs WebAssembly
  if (missing) throw new WasiRunError(missing);
  const stdin = stdinStream(options.stdin);
  // Compiled here from bytes, its import types are checked (typed imports).
  checkRunOptions(options);
  const [module, typesChecked, bytes] = await moduleFrom(source, options);
  const stdout = collector();
  const stderr = collector();
  const wasi = new WASI({ ...options, stdin, stdout: stdout.stream, stderr: stderr.stream });
  let code: number;
  let instance: WebAssembly.Instance;
  try {
    const imports = typesChecked ? checkedImportObject(wasi, module) : wasi.getImportObject();
    if (options.unknownImports) addUnknownImports(imports, module, bytes, options.unknownImports);
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
