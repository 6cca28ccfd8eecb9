/**
 * The only file that loads a native library through the runtime's FFI:
 * `Deno.dlopen` under Deno (needs `--allow-ffi` or `-A`), `bun:ffi` under
 * Bun, and for the libraries that ask for it (`node: true`: the sandbox's
 * and the files' calls, lib/host/libc.ts; the signal switch, lib/host/signals.ts;
 * the command's exit, lib/host/process.ts) Node's experimental `node:ffi`
 * (Node >= 26.1; stdio keeps Node's own streams). Everything else sees
 * {@linkcode openLibrary}: plain functions over numbers and byte buffers,
 * and the calling thread's `errno`.
 */
import { isBun, isDeno } from "./runtime.ts";

/** A parameter: a 32-bit int, a 64-bit int (passed as a number), or a buffer's address (or null). */
export type FfiParam = "i32" | "i64" | "buffer";

/** An argument: an int (an "i64" one may be a BigInt, Deno's fast path), or a buffer (or null). */
export type FfiArg = number | bigint | Uint8Array | null;

/** A loaded function: ints and buffers in, a C `int` (or a truncated `long`) out. */
export type FfiFunction = (...args: FfiArg[]) => number;

/** A loaded library. */
export interface FfiLibrary {
  /** The functions asked for, by name. */
  fn: Record<string, FfiFunction>;
  /** The calling thread's errno, right after a call that failed. */
  errno(): number;
}

/**
 * Loads `path` with the functions in `signatures` (each returns an int), or
 * answers `undefined` when this runtime cannot (no FFI, no permission).
 */
export function openLibrary(
  path: string,
  signatures: Record<string, FfiParam[]>,
  { eager = false, node = false, wide = [], cold = false }: {
    eager?: boolean;
    node?: boolean;
    /**
     * Deno: functions (all, or those named) bound without their fast-call
     * trampoline, for calls made a few times in a run (see {@linkcode int32Of}).
     */
    cold?: boolean | readonly string[];
    /**
     * Functions whose result is a 64-bit integer (an `off_t`): answered as the
     * runtime gives it, a number or a BigInt (the caller takes either).
     */
    wide?: readonly string[];
  } = {},
): FfiLibrary | undefined {
  try {
    if (isDeno) {
      return denoMayLoad(path)
        ? lazyLibrary(DENO_BINDER, path, signatures, eager, wide, cold)
        : undefined;
    }
    if (isBun) return lazyLibrary(BUN_BINDER, path, signatures, eager, wide, cold);
    // Node's FFI is experimental: only libraries that ask for it use it (node: true).
    const lib = node ? nodeLibrary(path, signatures, wide) : undefined;
    if (!lib) return undefined;
    const fn: Record<string, FfiFunction> = {};
    for (const name of Object.keys(signatures)) fn[name] = retried(name, lib.fn[name], lib.errno);
    return { fn, errno: lib.errno };
  } catch {
    return undefined; // no --allow-ffi, or no such library
  }
}

/** `call` as every library gives it: made once more after an errno it cannot answer. */
function retried(name: string, call: FfiFunction, errno: () => number): FfiFunction {
  return AGAIN_IS_AN_ANSWER.has(name) ? onceMoreIfImpossible(call, errno) : againOnce(call, errno);
}

/**
 * The calls whose EAGAIN is an answer (a non-blocking read, write or send
 * that would wait): never made again by {@linkcode againOnce}.
 */
const AGAIN_IS_AN_ANSWER = new Set(["read", "write", "send"]);

/** Whether Deno allows loading `path`: asked first, so that Deno does not prompt on a terminal. */
function denoMayLoad(path: string): boolean {
  return Deno.permissions.querySync({ name: "ffi", path }).state === "granted";
}

/**
 * One runtime's FFI for {@linkcode lazyLibrary}: binds `symbols` (name →
 * parameters, whether the result is 64-bit, and whether it is bound cold)
 * in one dlopen of `path`; and the calling thread's errno, from the
 * library's `__errno_location`.
 */
interface Binder {
  bind(path: string, symbols: Record<string, FfiSymbol>): Record<string, FfiFunction>;
  errno(path: string): () => number;
}

/** A function to bind: its parameters, whether its result is 64-bit, whether cold (Deno). */
interface FfiSymbol {
  params: readonly FfiParam[];
  wide: boolean;
  cold: boolean;
}

/** What has been bound from each library path, by name and signature (see lazyLibrary). */
const bound = new Map<string, Map<string, FfiFunction>>();

/**
 * A library whose functions are bound at their first call, each with a
 * dlopen of its own: Deno builds a Cranelift trampoline per function (~0.2 ms
 * each, the process's first ~0.3 ms more) and Bun a TinyCC one, so binding
 * all ~30 up front cost a C hello ~5 ms of start-up on Deno (Bun ~0.5 ms
 * with a preopen) for the few it calls. An `eager` library (stdio's few
 * calls, nearly all made at start) binds all of its functions in one dlopen
 * instead. A function bound for one library serves every library of the same
 * path, signature and `cold`ness.
 */
function lazyLibrary(
  binder: Binder,
  path: string,
  signatures: Record<string, FfiParam[]>,
  eager: boolean,
  wide: readonly string[],
  cold: boolean | readonly string[],
): FfiLibrary {
  const isCold = (name: string) => cold === true || (cold !== false && cold.includes(name));
  const key = (name: string, params: readonly FfiParam[]) =>
    `${name}(${params.join()})${wide.includes(name) ? "i64" : "i32"}${isCold(name) ? " cold" : ""}`;
  const symbol = (name: string): FfiSymbol => ({
    params: signatures[name],
    wide: wide.includes(name),
    cold: isCold(name),
  });
  // The errno function first, so that a missing library or permission shows here.
  const errno = binder.errno(path);
  let already = bound.get(path);
  if (!already) bound.set(path, already = new Map());
  const boundAlready = already;
  if (eager) {
    const unbound: Record<string, FfiSymbol> = {};
    let any = false;
    for (const name of Object.keys(signatures)) {
      if (boundAlready.has(key(name, signatures[name]))) continue;
      unbound[name] = symbol(name);
      any = true;
    }
    if (any) {
      const symbols = binder.bind(path, unbound);
      for (const name of Object.keys(unbound)) {
        boundAlready.set(key(name, signatures[name]), retried(name, symbols[name], errno));
      }
    }
  }
  const fn: Record<string, FfiFunction> = {};
  for (const name of Object.keys(signatures)) {
    const params = signatures[name];
    // A plain property whose first call puts the bound function in its place
    // (a caller that kept the first function binds once too, then calls through).
    const id = key(name, params);
    let f: FfiFunction | undefined = boundAlready.get(id);
    if (f) {
      fn[name] = f;
      continue;
    }
    fn[name] = (...args) => {
      if (!f) {
        f = boundAlready.get(id);
        if (!f) {
          const raw = binder.bind(path, { [name]: symbol(name) })[name];
          f = retried(name, raw, errno);
          boundAlready.set(id, f);
        }
        fn[name] = f;
      }
      return f(...args);
    };
  }
  return { fn, errno };
}

/** Deno's FFI (`Deno.dlopen`). */
const DENO_BINDER: Binder = {
  bind(path, symbols) {
    const spec: Deno.ForeignLibraryInterface = {};
    for (const [name, { params, wide, cold }] of Object.entries(symbols)) {
      const result = wide ? "i64" : "i32";
      spec[name] = {
        parameters: params as FfiParam[],
        result: cold ? { struct: [result] } : result,
      };
    }
    const fns = Deno.dlopen(path, spec).symbols as unknown as Record<string, FfiFunction>;
    for (const [name, { wide, cold }] of Object.entries(symbols)) {
      if (!cold) continue;
      const call = fns[name] as unknown as (...args: FfiArg[]) => Uint8Array;
      fns[name] = wide
        ? (...args) => int64Of(call(...args)) as number // an off_t: the caller takes either
        : (...args) => int32Of(call(...args));
    }
    return fns;
  },
  errno(path) {
    let errno = denoErrno.get(path);
    if (!errno) {
      const { symbols } = Deno.dlopen(path, {
        // Called once: cold (see int32Of).
        __errno_location: { parameters: [], result: { struct: ["pointer"] } },
      });
      // errno is thread-local and every call runs on this one thread: one view serves them all.
      let view: Deno.UnsafePointerView | undefined;
      errno = () => {
        if (!view) {
          const at = symbols.__errno_location() as unknown as Uint8Array;
          const ptr = Deno.UnsafePointer.create(BigInt.asUintN(64, int64Of(at, true)));
          if (ptr === null) return 0;
          view = new Deno.UnsafePointerView(ptr);
        }
        return view.getInt32();
      };
      denoErrno.set(path, errno);
    }
    return errno;
  },
};

/** The errno function of each library path Deno has opened (its first dlopen costs ~0.9 ms). */
const denoErrno = new Map<string, () => number>();

/**
 * Cold calls on Deno: a function whose result is a struct of one integer is
 * called through libffi, and Deno compiles no fast-call trampoline for it
 * (ext/ffi/turbocall.rs `is_compatible`: none where a struct is passed or
 * answered): its dlopen costs ~0.1 ms where a function with its trampoline
 * costs ~0.2 more, and the process's first ~0.3 more again (Cranelift's
 * set-up), but each call ~1 µs more (1.65 µs a `write` against 0.6 from
 * unoptimised code, 0.2 from optimised). For the calls a run makes a few
 * times: classifying stdio, a signal's action, the exit's signal. x86-64's
 * and aarch64's C calling conventions give back such a struct in the
 * register an `int` or a `long` comes in, so the function is called as it
 * is; the answer comes as the struct's bytes (little-endian). Here: a C
 * `int` from those 4 bytes.
 */
function int32Of(bytes: Uint8Array): number {
  return bytes[0] | bytes[1] << 8 | bytes[2] << 16 | bytes[3] << 24;
}

/** A 64-bit result from its 8 bytes: a number where exact, else a BigInt (callers take either, as from Deno). */
function int64Of(bytes: Uint8Array): number | bigint;
function int64Of(bytes: Uint8Array, big: true): bigint;
function int64Of(bytes: Uint8Array, big = false): number | bigint {
  const value = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigInt64(0, true);
  if (big) return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

/**
 * bun:ffi, loaded at its first use under Bun only (a Deno process never
 * loads it). Taken synchronously rather than by a top-level `await import`,
 * which would keep lib/cli/main.ts from bundling as CommonJS, the form Bun
 * loads from bytecode (bin/bundle.ts).
 */
let bunFfi: BunFfi | undefined;

interface BunFfi {
  dlopen(
    path: string,
    symbols: Record<string, { args: string[]; returns: string }>,
  ): { symbols: Record<string, (...args: unknown[]) => number> };
  read: { i32(ptr: number, offset: number): number };
  ptr(buffer: ArrayBufferView): number;
  toArrayBuffer(ptr: number, byteOffset: number, byteLength: number): ArrayBuffer;
}

/**
 * The address of `buffer`'s first byte, for a pointer to it inside memory
 * handed to a C function (Deno, Bun); `undefined` elsewhere or without FFI.
 * The engine must not move it meanwhile: typed arrays of 4 KiB or more live
 * off V8's heap, and JSC does not move a typed array's storage.
 */
export function bufferAddress(buffer: Uint8Array): bigint | undefined {
  try {
    if (isDeno) return BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(buffer)));
    if (isBun) return BigInt(loadBunFfi().ptr(buffer));
  } catch {
    // no --allow-ffi
  }
  return undefined;
}

function loadBunFfi(): BunFfi {
  return bunFfi ??= (globalThis as unknown as {
    process: { getBuiltinModule(id: string): BunFfi };
  }).process.getBuiltinModule("bun:ffi");
}

const PROT_READ_WRITE = 3;
const MAP_SHARED_POPULATE = 0x8001;
/** Above any user-space address on x86-64 and arm64: mmap's MAP_FAILED (-1) and its errnos. */
const NOT_AN_ADDRESS = 2 ** 48;

/** Whether mmap answered an address, not MAP_FAILED or an errno (as its FFI gives it back). */
const isAddress = (value: number | bigint): boolean => value > 0 && value < NOT_AN_ADDRESS;

/** mmap's arguments for a shared mapping of `length` bytes of `fd` from `offset`, 64-bit ones as BigInt. */
const sharedMapArgs = (fd: number, length: number, offset: number) =>
  [null, BigInt(length), PROT_READ_WRITE, MAP_SHARED_POPULATE, fd, BigInt(offset)] as const;

/** mmap(2) and munmap(2) in this runtime's FFI dialect, bound once (see {@linkcode mapShared}). */
interface MapCalls {
  /** The address of a shared, readable and writable mapping of `fd`, or `undefined`. */
  map(fd: number, length: number, offset: number): unknown;
  /** An ArrayBuffer over the memory at `ptr` (a view, not a copy). */
  view(ptr: unknown, length: number): ArrayBuffer;
  unmap(ptr: unknown, length: number): void;
}

/** The calls, once loaded; `null` where this runtime cannot make them. */
let mapCalls: MapCalls | null | undefined;

function loadMapCalls(): MapCalls | null {
  if (isDeno) {
    if (!denoMayLoad(LIBC)) return null;
    const { symbols } = Deno.dlopen(LIBC, {
      mmap: { parameters: ["pointer", "usize", "i32", "i32", "i32", "i64"], result: "pointer" },
      munmap: { parameters: ["pointer", "usize"], result: "i32" },
    });
    return {
      map: (fd, length, offset) => {
        const ptr = symbols.mmap(...sharedMapArgs(fd, length, offset));
        return ptr !== null && isAddress(Deno.UnsafePointer.value(ptr)) ? ptr : undefined;
      },
      view: (ptr, length) =>
        Deno.UnsafePointerView.getArrayBuffer(ptr as Deno.PointerObject, length),
      unmap: (ptr, length) => void symbols.munmap(ptr as Deno.PointerValue, BigInt(length)),
    };
  }
  if (isBun) {
    const ffi = loadBunFfi();
    const { symbols } = ffi.dlopen(LIBC, {
      mmap: { args: ["ptr", "u64", "i32", "i32", "i32", "i64"], returns: "ptr" },
      munmap: { args: ["ptr", "u64"], returns: "i32" },
    });
    return {
      map: (fd, length, offset) => {
        const ptr = symbols.mmap(null, length, PROT_READ_WRITE, MAP_SHARED_POPULATE, fd, offset);
        return typeof ptr === "number" && isAddress(ptr) ? ptr : undefined;
      },
      view: (ptr, length) => ffi.toArrayBuffer(ptr as number, 0, length),
      unmap: (ptr, length) => void symbols.munmap(ptr, length),
    };
  }
  if (nodeFfi === undefined) nodeFfi = loadNodeFfi();
  const ffi = nodeFfi;
  if (!ffi) return null;
  const { functions } = ffi.dlopen(LIBC, {
    mmap: {
      arguments: ["pointer", "uint64", "int32", "int32", "int32", "int64"],
      return: "pointer",
    },
    munmap: { arguments: ["pointer", "uint64"], return: "int32" },
  });
  return {
    map: (fd, length, offset) => {
      const ptr = functions.mmap(...sharedMapArgs(fd, length, offset));
      return typeof ptr === "bigint" && isAddress(ptr) ? ptr : undefined;
    },
    view: (ptr, length) => ffi.toArrayBuffer(ptr, length, false),
    unmap: (ptr, length) => void functions.munmap(ptr, BigInt(length)),
  };
}

/**
 * mmap(2) of `length` bytes of `fd` from `offset`, shared, readable and
 * writable, as an ArrayBuffer over that memory, mapped until
 * {@linkcode unmapShared}; `undefined` where it fails (no FFI, no permission).
 * For memory the kernel shares with the process (lib/host/poll_ring.ts).
 */
export function mapShared(fd: number, length: number, offset: number): ArrayBuffer | undefined {
  try {
    if (mapCalls === undefined) mapCalls = loadMapCalls();
    const ptr = mapCalls?.map(fd, length, offset);
    if (ptr === undefined) return undefined;
    const buffer = mapCalls!.view(ptr, length);
    mappings.set(buffer, { ptr, length });
    return buffer;
  } catch {
    return undefined; // no FFI, or no permission
  }
}

/** Each {@linkcode mapShared} buffer's address (as that runtime's FFI gives it) and length. */
const mappings = new WeakMap<ArrayBuffer, { ptr: unknown; length: number }>();

/**
 * munmap(2) of a {@linkcode mapShared} buffer: the caller must never touch
 * `buffer` again (its memory is gone). Nothing where it was not so mapped.
 */
export function unmapShared(buffer: ArrayBuffer): void {
  const m = mappings.get(buffer);
  if (!m || !mapCalls) return;
  mappings.delete(buffer);
  try {
    mapCalls.unmap(m.ptr, m.length);
  } catch {
    // the memory stays mapped
  }
}

/** The C library every FFI call here is made from (glibc's soname: Linux only). */
export const LIBC = "libc.so.6";

/** Bun's FFI (`bun:ffi`). */
const BUN_BINDER: Binder = {
  // bun:ffi's TinyCC trampolines cost little to build: nothing is bound cold.
  bind(path, symbols) {
    const spec: Record<string, { args: string[]; returns: string }> = {};
    for (const [name, { params, wide }] of Object.entries(symbols)) {
      const args: string[] = [];
      for (const p of params) args.push(p === "buffer" ? "ptr" : p);
      spec[name] = { args, returns: wide ? "i64" : "i32" };
    }
    return loadBunFfi().dlopen(path, spec).symbols as unknown as Record<string, FfiFunction>;
  },
  errno(path) {
    let errno = bunErrno.get(path);
    if (!errno) {
      const { dlopen, read } = loadBunFfi();
      const s = dlopen(path, { __errno_location: { args: [], returns: "ptr" } }).symbols;
      // errno is thread-local and every call runs on this one thread.
      const errnoAt = s.__errno_location();
      errno = () => read.i32(errnoAt, 0);
      bunErrno.set(path, errno);
    }
    return errno;
  },
};

/** The errno function of each library path Bun has opened. */
const bunErrno = new Map<string, () => number>();

/** What wasirun uses of Node's experimental `node:ffi` (Node >= 26.1). */
interface NodeFfi {
  dlopen(
    path: string,
    definitions: Record<string, { arguments: string[]; return: string }>,
  ): { functions: Record<string, (...args: unknown[]) => unknown> };
  getInt32(pointer: unknown, offset: number): number;
  /** With `copy` false, a view of the memory at `pointer`, not a copy. */
  toArrayBuffer(pointer: unknown, length: number, copy: boolean): ArrayBuffer;
}

const NODE_TYPES: Record<FfiParam, string> = { i32: "int32", i64: "int64", buffer: "buffer" };

/** `node:ffi`, loaded once; `null` where this Node has none (older, or `--no-experimental-ffi`). */
let nodeFfi: NodeFfi | null | undefined;

function loadNodeFfi(): NodeFfi | null {
  const process = (globalThis as unknown as {
    process: { getBuiltinModule(id: string): unknown; emitWarning: (...args: unknown[]) => void };
  }).process;
  // Loading it emits an ExperimentalWarning on stderr, which is the guest's: not passed on.
  const emitWarning = process.emitWarning;
  process.emitWarning = (warning: unknown, ...rest: unknown[]) => {
    if (!String(warning).includes("FFI")) emitWarning.call(process, warning, ...rest);
  };
  try {
    return (process.getBuiltinModule("node:ffi") as NodeFfi | undefined) ?? null;
  } catch {
    return null;
  } finally {
    process.emitWarning = emitWarning;
  }
}

function nodeLibrary(
  path: string,
  signatures: Record<string, FfiParam[]>,
  wide: readonly string[],
): FfiLibrary | undefined {
  if (nodeFfi === undefined) nodeFfi = loadNodeFfi();
  const ffi = nodeFfi;
  if (!ffi) return undefined;
  const definitions: Record<string, { arguments: string[]; return: string }> = {
    __errno_location: { arguments: [], return: "pointer" },
  };
  for (const [name, params] of Object.entries(signatures)) {
    const result = wide.includes(name) ? "int64" : "int32";
    definitions[name] = { arguments: params.map((p) => NODE_TYPES[p]), return: result };
  }
  const functions = ffi.dlopen(path, definitions).functions;
  // errno is thread-local and every call runs on this one thread. Its address
  // is taken once, now: an FFI call made after a failed one clears errno.
  const errnoAt = functions.__errno_location();
  const errno = () => ffi.getInt32(errnoAt, 0);
  return { fn: functions as Record<string, FfiFunction>, errno };
}

/**
 * `call`, made a second time when it fails and errno reads EAGAIN. A CI run
 * on Node saw rmdir answer EAGAIN, which it cannot give (Go's os tests,
 * removing an empty directory; not seen again in 60 runs under load), and
 * one on Deno a statx of a too-long name (tests/trace_test.ts, once in ~40
 * runs under load): errno is read after the call is back in JavaScript,
 * where the engine may have run code of its own (finishing a compile takes
 * locks). A failed call changes nothing and one that really answered EAGAIN
 * (openat2 after a rename elsewhere) may always be made again, so the second
 * try costs nothing but the call, and only then. Every runtime, every call
 * but {@linkcode AGAIN_IS_AN_ANSWER}'s.
 */
export function againOnce(call: FfiFunction, errno: () => number): FfiFunction {
  return (...args) => {
    const r = call(...args) as number;
    return r < 0 && errno() === EAGAIN ? call(...args) as number : r;
  };
}

/**
 * `call` (a read, write or send), made a second time when it fails and errno
 * reads as what such a call cannot answer ({@linkcode NOT_FROM_IO}): a
 * benchmark run on Deno saw a blocking read of a stdin pipe answer ENOENT
 * (testdata/c/main.wasm `cat`, once in ~10 runs of the pipe row; not seen
 * again in 100 runs, with and without load), as {@linkcode againOnce}'s
 * EAGAIN was seen where it cannot be: errno read back in JavaScript is not
 * always the call's. A failed read, write or send moved nothing, so the
 * second try is safe, and made only then.
 */
function onceMoreIfImpossible(call: FfiFunction, errno: () => number): FfiFunction {
  return (...args) => {
    const r = call(...args) as number;
    return r < 0 && NOT_FROM_IO.has(errno()) ? call(...args) as number : r;
  };
}

/**
 * Errnos of path lookups and processes, which read(2), write(2) and send(2)
 * never answer: ENOENT, ESRCH, E2BIG, ENOEXEC, ECHILD, EEXIST, EXDEV,
 * ENOTDIR, ENOTTY, EMLINK, ENAMETOOLONG, ENOTEMPTY, ELOOP.
 */
const NOT_FROM_IO = new Set([2, 3, 7, 8, 10, 17, 18, 20, 25, 31, 36, 39, 40]);

/** Linux's EAGAIN (x86_64 and aarch64 agree). */
const EAGAIN = 11;

/**
 * Deno only: `name` from `path` as a call that runs on Deno's FFI thread
 * (`nonblocking: true`) and resolves to its C `int`; `undefined` elsewhere
 * (Bun's FFI has no such calls) or without permission. For calls that wait,
 * e.g. `poll(2)` with no timeout: the event loop keeps running meanwhile.
 */
export function openWaitingFunction(
  path: string,
  name: string,
  params: FfiParam[],
): ((...args: (number | Uint8Array | null)[]) => Promise<number>) | undefined {
  if (!isDeno || !denoMayLoad(path)) return undefined;
  try {
    const lib = Deno.dlopen(path, {
      [name]: { parameters: params, result: "i32", nonblocking: true },
    });
    return lib.symbols[name] as unknown as (
      ...args: (number | Uint8Array | null)[]
    ) => Promise<number>;
  } catch {
    return undefined;
  }
}
