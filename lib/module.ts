/**
 * Compiling a module and checking, before it runs, that we can satisfy it:
 * every import is one we provide, with the type the spec gives it
 * (RATIONALE.md, "Link-time checks"). A start section is moved out of
 * instantiation so that its WASI calls behave as from `_start`
 * (RATIONALE.md, "Start sections").
 */
import {
  isI64,
  PREVIEW0,
  preview0Signatures,
  PREVIEW1,
  type Signature,
  SIGNATURES,
} from "./abi/signatures.ts";
import { asTrap, ImportTypeError, UnknownImportError, WasiRunError } from "./errors.ts";
import { unwinding } from "./context.ts";
import { forEngine, leb128 } from "./host/read_file.ts";
import { isBun, isDeno } from "./host/runtime.ts";

const BY_NAME = new Map(SIGNATURES.map((s) => [s.name, s]));

/** The WASI import `module.name` as we provide it, or `undefined`. */
function wasiSignature(module: string, name: string): Signature | undefined {
  if (module === PREVIEW1) return BY_NAME.get(name);
  if (module !== PREVIEW0) return undefined;
  for (const sig of preview0Signatures()) if (sig.name === name) return sig;
  return undefined;
}

/**
 * The export name under which {@linkcode compile} exposes a module's start
 * function after removing its start section. Not a valid C or Rust
 * identifier, so no toolchain emits it; `WASI` runs this export once, before
 * `_start`, `_initialize` or any other export.
 */
export const START_EXPORT = "wasirun:start";

/**
 * Compiles wasm bytes for running under wasirun: a malformed module, an
 * import we do not provide, an import of the wrong type and an entry point
 * JS cannot call (`_start`, `_initialize` or `invoke`, the export `--invoke`
 * names, with a v128 in its type) each become a one-line WasiRunError. A
 * start section is turned into the export {@linkcode START_EXPORT}.
 * `started`: `WebAssembly.compile(bytes)` already under way
 * (lib/cli/early.ts).
 */
export async function compile(
  bytes: Uint8Array<ArrayBuffer>,
  started?: Promise<WebAssembly.Module>,
  unknownImports?: UnknownImports,
  invoke?: string,
): Promise<WebAssembly.Module> {
  if (bytes.byteLength === 0) throw new WasiRunError("file is empty");
  const module = await compileBytes(bytes, started);
  checkImports(module, unknownImports);
  // The module is valid now, so the reader below can trust its counts and sizes.
  const info = readModule(bytes);
  if (info) checkImportTypes(info);
  if (info) checkEntryTypes(info, invoke);
  if (info?.start === undefined) return module;
  return await compileBytes(withoutStartSection(bytes, info));
}

/**
 * `compiling`, with Node's event loop held open until it settles. Node given
 * `--no-wasm-lazy-compilation` compiles a big module on V8's background
 * threads, which do not keep its loop alive: with nothing else pending the
 * process left with exit 13 ("unsettled top-level await") and no output
 * (a Go guest; plain `WebAssembly.compile` in a script exits 0 the same way).
 * Deno and Bun wait for it.
 */
function heldOpen<T>(compiling: Promise<T>): Promise<T>;
function heldOpen<T>(compiling: Promise<T> | undefined): Promise<T> | undefined;
function heldOpen<T>(compiling: Promise<T> | undefined): Promise<T> | undefined {
  if (compiling === undefined || isDeno || isBun) return compiling;
  const timer = setInterval(() => {}, 1 << 30);
  return compiling.finally(() => clearInterval(timer));
}

/**
 * `WebAssembly.compile(bytes)` (or its `started` promise, unless that failed
 * for another reason than the module: a read), a CompileError as a
 * WasiRunError.
 */
async function compileBytes(
  bytes: Uint8Array<ArrayBuffer>,
  started?: Promise<WebAssembly.Module>,
): Promise<WebAssembly.Module> {
  try {
    const early = await heldOpen(
      started?.catch((e) => {
        if (e instanceof WebAssembly.CompileError) throw e;
      }),
    );
    return early ?? await heldOpen(WebAssembly.compile(forEngine(bytes)));
  } catch (e) {
    if (e instanceof WebAssembly.CompileError) {
      const why = e.message.replace(/^WebAssembly\.\w+\(\): /, "");
      // A valid module all the same: wasmtime may run it (memory64 on Bun, wide arithmetic on V8).
      if (MISSING_FEATURE.test(why)) {
        throw new WasiRunError(
          `this JS engine cannot compile the module: it uses a WebAssembly feature the engine ` +
            `has not enabled (${why})`,
        );
      }
      throw new WasiRunError(`not a valid wasm module: ${whatElse(bytes) ?? why}`);
    }
    throw e;
  }
}

/**
 * A compile error that names a proposal the engine has not enabled, which
 * wasmtime may run: JSC's "not enabled" (memory64), V8's "enable with
 * --experimental-wasm-X" where X is such a proposal (wide arithmetic, stack
 * switching), and Node 26's V8, which knows no wide arithmetic (opcodes 0xfc
 * 0x13–0x16: "invalid numeric opcode: 0xfc13"). V8 gives its hint for any
 * unknown opcode of some prefixes too (0xfb: stringref, 0xfd: fp16, 0xfe:
 * shared), proposals wasmtime does not run either: those stay invalid.
 */
const MISSING_FEATURE =
  /not enabled|enable with --experimental-wasm-(?:wide.arithmetic|memory64|wasmfx|stack.switching|custom.page.sizes)\b|invalid numeric opcode: 0xfc1[3-6]\b/i;

/** Whether `bytes` begin with `\0asm`, as modules and components do. */
function hasMagic(bytes: Uint8Array): boolean {
  return bytes[0] === 0x00 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
}

/** The component model's binary version and layer, after `\0asm`. */
const COMPONENT_VERSION = [0x0d, 0x00, 0x01, 0x00];

/**
 * What bytes the engine refused are, when a user may have taken them for a
 * module: a component (WASI 0.2, Rust's wasm32-wasip2), which wasmtime runs,
 * or WebAssembly text, which wasmtime compiles; `undefined` for others.
 */
function whatElse(bytes: Uint8Array): string | undefined {
  const magic = hasMagic(bytes);
  if (magic && COMPONENT_VERSION.every((b, i) => bytes[4 + i] === b)) {
    return "it is a WebAssembly component (WASI 0.2); wasirun runs core modules for " +
      "wasi_snapshot_preview1 (build for wasm32-wasip1)";
  }
  const start = utf8.decode(bytes.subarray(0, 64)).trimStart();
  if (!magic && /^(\(\s*(module|component)\b|;;)/.test(start)) {
    return "it is WebAssembly text; wasirun runs the binary form (wat2wasm makes it)";
  }
  return undefined;
}

/**
 * What stands in for a function import wasirun does not provide: nothing
 * (the module is refused), a function that traps when called (wasmtime's
 * `-W unknown-imports-trap`) or one that returns zeros (`-W
 * unknown-imports-default`).
 */
export type UnknownImports = "trap" | "default";

/**
 * Refuses imports we do not provide, naming the first one; with
 * `unknownImports`, only those that are not functions.
 */
export function checkImports(module: WebAssembly.Module, unknownImports?: UnknownImports): void {
  const imports = WebAssembly.Module.imports(module);
  // wasm32-wasip1-threads: named as such, not by the shared memory it imports first.
  if (imports.some((imp) => imp.module === "wasi" && imp.name === "thread-spawn")) {
    throw new WasiRunError(
      "module uses wasi-threads (it imports 'wasi.thread-spawn': built for " +
        "wasm32-wasip1-threads); wasirun runs single-threaded wasi_snapshot_preview1 modules",
    );
  }
  for (const imp of imports) {
    const wasi = wasiSignature(imp.module, imp.name) !== undefined;
    if (wasi && imp.kind !== "function") {
      throw new WasiRunError(
        `module imports '${imp.module}.${imp.name}' as a ${imp.kind}, but it is a function`,
      );
    }
    if (unknownImports && imp.kind === "function") continue;
    if (!wasi) {
      const toolchain = builtFor(imports, WebAssembly.Module.exports(module));
      // Stand-ins replace functions only: named where every import wasirun lacks is one.
      const standsIn = toolchain === undefined &&
        imports.every((i) =>
          i.kind === "function" || wasiSignature(i.module, i.name) !== undefined
        );
      throw new UnknownImportError(
        `module imports ${importName(imp)}, which wasirun does not provide` + (toolchain ?? ""),
        standsIn,
      );
    }
  }
}

/** An import as `'module.name'`; a module named "" (Porffor's) said so. */
function importName(imp: WebAssembly.ModuleImportDescriptor): string {
  return imp.module === "" ? `'${imp.name}' from a module named ''` : `'${imp.module}.${imp.name}'`;
}

/**
 * What toolchain built a module for a JavaScript host of its own, told by
 * its imports, as the end of the refusal's line; `undefined` for others.
 */
function builtFor(
  imports: WebAssembly.ModuleImportDescriptor[],
  exports: WebAssembly.ModuleExportDescriptor[],
): string | undefined {
  const from = (test: (i: WebAssembly.ModuleImportDescriptor) => boolean) => imports.some(test);
  const glue = "run with the JavaScript it generates beside them";
  if (from((i) => i.module === "env" && /^(_?emscripten_|__syscall_)/.test(i.name))) {
    return `: it was built by Emscripten, whose modules ${glue} (build it for wasm32-wasip1)`;
  }
  if (minifiedByEmscripten(imports, exports)) {
    return `: its imports are minified, as Emscripten's are for the JavaScript it generates ` +
      `beside the module (build it for wasm32-wasip1)`;
  }
  if (from((i) => i.module === "wbg" || i.module.startsWith("__wbindgen_"))) {
    return `: it was built with wasm-bindgen, whose modules ${glue} (build it for wasm32-wasip1)`;
  }
  if (from((i) => i.module === "gojs" || (i.module === "go" && i.name.startsWith("runtime.")))) {
    return ": it was built with GOOS=js, for Go's wasm_exec.js (build it with GOOS=wasip1)";
  }
  if (from((i) => i.module === "js_code")) {
    return `: it was built by Kotlin/Wasm for JavaScript (wasmJs), whose modules ${glue} ` +
      "(build it for wasmWasi)";
  }
  if (from((i) => i.module.startsWith("wasix_"))) {
    return ": it was built for WASIX, Wasmer's extension of WASI (build it for wasm32-wasip1)";
  }
  if (from((i) => i.module === "env" && i.name.startsWith("napi_") || i.module === "napi")) {
    return ": it is a Node-API addon (napi-rs, emnapi), which its package loads in Node with " +
      "JavaScript of its own; it is not a WASI command";
  }
  if (from((i) => i.module === "teavm")) {
    return ": it was built by TeaVM, whose WASI modules also import 'teavm.*' functions " +
      "(-W unknown-imports-default stands in for them)";
  }
  if (from((i) => i.module === "env" && (i.name === "abort" || i.name === "trace"))) {
    return ": it was built by AssemblyScript, whose runtime imports 'env.abort' and 'env.trace' " +
      "unless built with @assemblyscript/wasi-shim";
  }
  return undefined;
}

/**
 * Emscripten's minified imports (-O2 and up, Binaryen's minifier): all from
 * module 'a', the functions named by its generator in order ('a' ... 'z',
 * 'A' ... 'Z', '_', '$', then 'aa', 'ba', ...; a memory or table may keep
 * its name), and no `_start` (its JavaScript calls the exports). A
 * hand-written `(import "a" "b" (func))` is not that (helper-192).
 */
function minifiedByEmscripten(
  imports: WebAssembly.ModuleImportDescriptor[],
  exports: WebAssembly.ModuleExportDescriptor[],
): boolean {
  if (!imports.every((i) => i.module === "a")) return false;
  if (exports.some((e) => e.name === "_start")) return false;
  const names = new Set(imports.filter((i) => i.kind === "function").map((i) => i.name));
  if (names.size === 0) return false;
  for (let i = 0; i < names.size; i++) if (!names.has(minifiedName(i))) return false;
  return true;
}

const MINIFIED_FIRST = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";
const MINIFIED_LATER = MINIFIED_FIRST + "0123456789";

/** Binaryen's `i`th minified name: 'a' ... '$', then 'aa', 'ba', ... */
function minifiedName(i: number): string {
  let name = MINIFIED_FIRST[i % MINIFIED_FIRST.length];
  i = Math.floor(i / MINIFIED_FIRST.length);
  while (i > 0) {
    i--;
    name += MINIFIED_LATER[i % MINIFIED_LATER.length];
    i = Math.floor(i / MINIFIED_LATER.length);
  }
  return name;
}

/**
 * Adds to `imports` a function for each function import of `module` it does
 * not have, as `mode` says: one that ends the run naming the import, or one
 * that returns zeros of its result types (`bytes`, the module's, give them).
 * Names are own properties of null-prototype namespaces: an import named
 * `toString` or `__proto__` gets a stand-in, not what Object.prototype has.
 */
export function addUnknownImports(
  imports: WebAssembly.Imports,
  module: WebAssembly.Module,
  bytes: Uint8Array,
  mode: UnknownImports,
): void {
  const info = readModule(bytes);
  const types = new Map<string, FuncType | undefined>();
  for (const imp of info?.imports ?? []) {
    const key = `${imp.module}\0${imp.name}`;
    const type = types.get(key);
    if (type && imp.type && !sameType(type, imp.type)) {
      // One stand-in cannot be both (wasmtime: "incompatible import type").
      throw new WasiRunError(
        `module imports '${imp.module}.${imp.name}' twice, as ${formatType(type)} and ` +
          formatType(imp.type),
      );
    }
    if (!types.has(key)) types.set(key, imp.type);
  }
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.kind !== "function") continue;
    if (!Object.hasOwn(imports, imp.module)) {
      Object.defineProperty(imports, imp.module, {
        value: Object.create(null),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    const namespace = imports[imp.module];
    if (Object.hasOwn(namespace, imp.name)) continue;
    const name = `'${imp.module}.${imp.name}'`;
    const type = types.get(`${imp.module}\0${imp.name}`);
    if (type && [...type.params, ...type.results].includes("v128")) {
      // JS cannot take or give one: the call would fail before the function ran.
      throw new WasiRunError(
        `module imports ${name}, which wasirun does not provide ` +
          "and cannot stand in for (its type has a v128)",
      );
    }
    let standIn: () => unknown;
    if (mode === "trap") {
      // An error that ends the run, exit 1, as wasmtime's own (not one of its traps: 134),
      // carried out by a trap: a JS exception the guest could catch (`catch_all`) and go on.
      standIn = () => {
        throw unwinding(new WasiRunError(`called ${name}, which wasirun does not provide`));
      };
    } else if (info === undefined) {
      throw new WasiRunError(
        `cannot return zeros for ${name}: the module's type section has types wasirun ` +
          "does not read (a stand-in that ends the run, 'trap', needs no types)",
      );
    } else {
      const noZero = type?.results.find((t) => t !== "v128" && zeroOf(t) === undefined);
      if (noZero !== undefined) {
        throw new WasiRunError(
          `cannot return zeros for ${name}: its result type ${noZero} cannot be null ` +
            "(a stand-in that ends the run, 'trap', can stand in for it)",
        );
      }
      const zeros = (type?.results ?? []).map(zeroOf);
      const result = zeros.length === 1 ? zeros[0] : zeros.length === 0 ? undefined : zeros;
      standIn = () => result;
    }
    Object.defineProperty(namespace, imp.name, { value: standIn, enumerable: true });
  }
}

/** A zero of `type` for a stand-in to return; `undefined` for a reference that cannot be null. */
function zeroOf(type: ValType): unknown {
  if (type === "i64") return 0n;
  if (type === "i32" || type === "f32" || type === "f64") return 0;
  return isNullable(type) ? null : undefined;
}

/** `funcref` and the like, and `(ref null ...)`, hold null; `(ref ...)` does not. */
function isNullable(type: ValType): boolean {
  return type.endsWith("ref") || type.startsWith("(ref null ");
}

/** The wasm type of a preview1 import: i32 for every kind but u64/i64. */
export function signatureType(sig: Signature): FuncType {
  return {
    params: sig.params.map((p) => isI64(p.type) ? "i64" : "i32"),
    results: sig.name === "proc_exit" ? [] : ["i32"],
  };
}

/** `(i32, i64) -> i32`, as wasmtime's link errors spell a function type. */
export function formatType(type: FuncType): string {
  const results = type.results.length === 1 ? type.results[0] : `(${type.results.join(", ")})`;
  return `(${type.params.join(", ")}) -> ${results}`;
}

function sameType(a: FuncType, b: FuncType): boolean {
  return a.params.join() === b.params.join() && a.results.join() === b.results.join();
}

/** Refuses a preview1 import whose function type differs from the spec's. */
function checkImportTypes(info: ModuleInfo): void {
  for (const imp of info.imports) {
    const sig = wasiSignature(imp.module, imp.name);
    if (!sig || imp.type === undefined) continue;
    const expected = signatureType(sig);
    if (!sameType(imp.type, expected)) {
      throw new ImportTypeError(
        `import '${imp.module}.${imp.name}' has type ${formatType(imp.type)}, ` +
          `expected ${formatType(expected)}`,
      );
    }
    // The engine refuses it too, but only where the import is the trampoline's wasm function (a
    // call that may wait: which depends on what stdio is), never where it is a JS function.
    if (imp.type.distinct) {
      throw new ImportTypeError(
        `import '${imp.module}.${imp.name}' has type ${formatType(imp.type)} declared in a ` +
          "recursion group, with a supertype or open to subtypes, which no host function matches " +
          "(as wasmtime: declare it as a plain function type)",
      );
    }
  }
}

/**
 * Refuses an export wasirun would call (`_start`, `_initialize`, the one
 * `--invoke` names) whose type has a v128: a JS engine cannot pass or return
 * one, and refuses the call before the function runs (V8: "type
 * incompatibility when transforming from/to JS"), which was an internal
 * error, exit 70 (RATIONALE.md, "Link-time checks").
 */
function checkEntryTypes(info: ModuleInfo, invoke: string | undefined): void {
  // `--invoke` calls `_initialize` and the export it names, never `_start` (unless named).
  // `""`: the export of that name where there is one (the CLI's default, as wasmtime), else _start.
  const invoked = invoke !== undefined && (invoke !== "" || info.exports.has(""));
  for (const name of invoked ? ["_initialize", invoke] : ["_start", "_initialize"]) {
    const type = info.exports.get(name);
    const all = type ? [...type.params, ...type.results] : [];
    const unpassable = all.includes("v128")
      ? "a v128"
      : all.some((t) => familyOf(t, info.types) === "exn")
      ? "an exception reference"
      : undefined;
    if (unpassable) {
      throw new WasiRunError(
        `cannot call export '${name}': its type ${formatType(type!)} has ${unpassable}, which ` +
          "JavaScript (and so wasirun) cannot pass or receive",
      );
    }
  }
}

/** The families of reference types: what a reference of each may point to. */
export type RefFamily = "func" | "extern" | "exn" | "any";

/**
 * The family of reference type `type` (`funcref`, `(ref null 3)`, ...), as
 * wasmtime names its values (`<funcref>`, `<null anyref>`); `undefined` for
 * a number or a v128. `bytes` are the module's, whose types an index names.
 */
export function referenceFamily(bytes: Uint8Array, type: ValType): RefFamily | undefined {
  return familyOf(type, readModule(bytes)?.types ?? []);
}

function familyOf(type: ValType, types: (FuncType | undefined)[]): RefFamily | undefined {
  const heap = type.startsWith("(ref ")
    ? type.slice(5, -1).replace(/^null /, "")
    : type.endsWith("ref")
    ? type.slice(0, -3).replace(/^null/, "") // funcref, nullfuncref; nullref: none's
    : undefined;
  if (heap === undefined) return undefined;
  if (/^\d+$/.test(heap)) return types[Number(heap)] ? "func" : "any"; // a struct's or array's
  const abstract = heap.replace(/^no/, "");
  return abstract === "func" || abstract === "extern" || abstract === "exn" ? abstract : "any";
}

/**
 * Instantiates, turning link errors into one line and a trap while
 * instantiating (an out-of-bounds data segment) into a GuestTrap.
 */
export async function instantiate(
  module: WebAssembly.Module,
  imports: WebAssembly.Imports,
): Promise<WebAssembly.Instance> {
  try {
    return await WebAssembly.instantiate(module, imports);
  } catch (e) {
    if (e instanceof WebAssembly.LinkError) {
      throw new WasiRunError(
        `cannot link module: ${e.message.replace(/^WebAssembly\.\w+\(\): /, "")}`,
      );
    }
    if ((e as Error)?.name === "SuspendError") {
      // A start section of a precompiled module (compile() moves it out of
      // instantiation) called an import that may wait: JSPI refuses any
      // Suspending import outside WebAssembly.promising.
      throw new WasiRunError(
        "the module's start section called a WASI function that may wait while the module " +
          "was being instantiated; pass the module's bytes instead of a compiled module",
      );
    }
    if (/out of memory/i.test((e as Error)?.message ?? "")) {
      // The host would not reserve the module's memory (ulimit -v, a small container): the
      // engine's RangeError, which read as a bug in wasirun (exit 70; a helper's find).
      throw new WasiRunError(
        "cannot allocate the module's memory: the host is out of memory " +
          "(or its address space is limited: ulimit -v)",
      );
    }
    throw asTrap(e) ?? e;
  }
}

/**
 * A wasm value type as `--invoke` converts arguments and prints results,
 * and link errors spell it: a number type, v128, or a reference type in the
 * text format's words (`funcref`, `externref`, `(ref null 3)`, `(ref func)`).
 */
export type ValType = "i32" | "i64" | "f32" | "f64" | "v128" | RefType;
/** A reference type, as the text format writes it. */
export type RefType = `${string}ref` | `(ref ${string})`;

/** The parameter and result types of a function. */
export interface FuncType {
  params: ValType[];
  results: ValType[];
  /**
   * Declared so that no other function type matches it, a host function's
   * neither (garbage collection's types are told apart by their recursion
   * group and supertypes): in a recursion group of several types, open to
   * subtypes (`sub` without `final`), or a subtype itself.
   */
  distinct?: true;
}

const NUMTYPES: Record<number, ValType> = {
  0x7f: "i32",
  0x7e: "i64",
  0x7d: "f32",
  0x7c: "f64",
  0x7b: "v128",
};

/** The abstract heap types, by their one-byte code (also the short form of their nullable reference). */
const HEAPTYPES: Record<number, string> = {
  0x70: "func",
  0x6f: "extern",
  0x6e: "any",
  0x6d: "eq",
  0x6c: "i31",
  0x6b: "struct",
  0x6a: "array",
  0x69: "exn",
  0x71: "none",
  0x72: "noextern",
  0x73: "nofunc",
  0x74: "noexn",
};

/** The short form of a nullable abstract reference: `funcref`, and `nullref` for `none`'s. */
function shortRef(heap: string): RefType {
  if (heap === "none") return "nullref";
  return heap.startsWith("no") ? `null${heap.slice(2)}ref` : `${heap}ref`;
}

/** Thrown by the module reader at an encoding it does not know (a newer proposal's). */
class Unreadable extends Error {}

/** What the checks and the start-section rewrite need from a module's bytes. */
interface ModuleInfo {
  /** Function imports, with their type when the type section could be read. */
  imports: { module: string; name: string; type: FuncType | undefined }[];
  /** Exported functions by name. */
  exports: Map<string, FuncType | undefined>;
  /** The start section's function index, if there is one. */
  start: number | undefined;
  /** Byte ranges [start, end) of each section, header included. */
  sections: { id: number; start: number; end: number; contentStart: number }[];
  /** Every type by its index: a function type, or undefined for a struct or an array. */
  types: (FuncType | undefined)[];
}

/** Names in a module (one decoder for all: a new one per name cost a cold start ~0.5 ms). */
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * Reads a module's sections. Assumes a module that compiled; `undefined`
 * when it uses an encoding we do not read (a proposal newer than GC's
 * types, typed references and exceptions), in which case nothing is checked.
 */
function readModule(bytes: Uint8Array): ModuleInfo | undefined {
  if (read.has(bytes)) return read.get(bytes);
  let info: ModuleInfo | undefined;
  try {
    info = readSections(bytes);
  } catch (e) {
    if (!(e instanceof Unreadable)) throw e;
  }
  read.set(bytes, info);
  return info;
}

/** The most functions a module may define: V8's and JSC's limit (a count past it is malformed). */
const FUNCTIONS_MAX = 1_000_000;

/**
 * What {@linkcode readModule} found in each module's bytes: the CLI asks
 * again for its entry points (~0.6–1.2 ms a read at start on Bun and Node).
 */
const read = new WeakMap<Uint8Array, ModuleInfo | undefined>();

function readSections(bytes: Uint8Array): ModuleInfo {
  let pos = 8;
  const u32 = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++];
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
  };
  const str = (): string => {
    const len = u32();
    const s = utf8.decode(bytes.subarray(pos, pos + len));
    pos += len;
    return s;
  };
  const heaptype = (): string => {
    const abstract = HEAPTYPES[bytes[pos]];
    if (abstract !== undefined) {
      pos++;
      return abstract;
    }
    if (bytes[pos] & 0x40 && !(bytes[pos] & 0x80)) throw new Unreadable(); // another negative s33
    return String(u32()); // a type index: a non-negative s33, read as the u32 it is
  };
  const valtype = (): ValType => {
    const code = bytes[pos++];
    const num = NUMTYPES[code];
    if (num !== undefined) return num;
    if (code === 0x63) return `(ref null ${heaptype()})`;
    if (code === 0x64) return `(ref ${heaptype()})`;
    const heap = HEAPTYPES[code];
    if (heap === undefined) throw new Unreadable();
    return shortRef(heap);
  };
  const valtypes = (count: number): ValType[] => {
    const list: ValType[] = [];
    for (let i = 0; i < count; i++) list.push(valtype());
    return list;
  };
  const fieldtype = (): void => {
    if (bytes[pos] === 0x78 || bytes[pos] === 0x77) pos++; // packed i8, i16
    else valtype();
    pos++; // mutability
  };
  // Every type index names one: a function type, or a struct or array (undefined here).
  const types: (FuncType | undefined)[] = [];
  const subtype = (inGroup: boolean): void => {
    let distinct = inGroup;
    if (bytes[pos] === 0x50 || bytes[pos] === 0x4f) { // sub, sub final: their supertypes
      if (bytes[pos++] === 0x50) distinct = true;
      for (let n = u32(); n > 0; n--) (u32(), distinct = true);
    }
    const form = bytes[pos++];
    if (form === 0x60) {
      const params = valtypes(u32());
      const results = valtypes(u32());
      types.push(distinct ? { params, results, distinct } : { params, results });
    } else if (form === 0x5f) {
      for (let n = u32(); n > 0; n--) fieldtype();
      types.push(undefined);
    } else if (form === 0x5e) {
      fieldtype();
      types.push(undefined);
    } else {
      throw new Unreadable();
    }
  };
  // The type index of every function, imports first (a typed array: GHC's modules have ~10^6).
  const importedTypes: number[] = [];
  let funcTypes: Uint32Array | number[] = importedTypes;
  const info: ModuleInfo = {
    imports: [],
    exports: new Map(),
    start: undefined,
    sections: [],
    types,
  };
  while (pos < bytes.length) {
    const sectionStart = pos;
    const id = bytes[pos++];
    const size = u32();
    const end = pos + size;
    info.sections.push({ id, start: sectionStart, end, contentStart: pos });
    if (id === 1) {
      for (let n = u32(); n > 0; n--) {
        if (bytes[pos] === 0x4e) { // a recursion group: its types take the next indices
          pos++;
          const size = u32();
          for (let m = size; m > 0; m--) subtype(size > 1);
        } else {
          subtype(false);
        }
      }
    } else if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        const module = str();
        const name = str();
        const kind = bytes[pos++];
        if (kind === 0) {
          const type = u32();
          importedTypes.push(type);
          info.imports.push({ module, name, type: types[type] });
        } else if (kind === 1 || kind === 2) {
          if (kind === 1) valtype(); // table: element reftype
          const flags = bytes[pos++];
          u32();
          if (flags & 1) u32(); // limits: min, max
          if (flags & 8) u32(); // a memory's page size (custom-page-sizes)
        } else if (kind === 3) (valtype(), pos++); // global: valtype, mutability
        else if (kind === 4) (pos++, u32()); // tag: attribute, type
        else throw new Unreadable();
      }
    } else if (id === 3) {
      const count = u32();
      if (count > FUNCTIONS_MAX) throw new Unreadable();
      funcTypes = new Uint32Array(importedTypes.length + count);
      funcTypes.set(importedTypes);
      for (let i = importedTypes.length; i < funcTypes.length; i++) funcTypes[i] = u32();
    } else if (id === 7) {
      for (let n = u32(); n > 0; n--) {
        const exportName = str();
        const kind = bytes[pos++];
        const index = u32();
        if (kind === 0) info.exports.set(exportName, types[funcTypes[index]]);
      }
    } else if (id === 8) {
      info.start = u32();
    }
    pos = end;
  }
  return info;
}

/**
 * Reads the type of exported function `name` from the module's bytes (JS
 * has no type reflection for wasm functions yet). `undefined` when there is
 * no such function export. Assumes a module that compiled.
 */
export function exportedFuncType(bytes: Uint8Array, name: string): FuncType | undefined {
  return readModule(bytes)?.exports.get(name);
}

/** Whether `module` was built by Go's compiler (its "producers" section says "Go cmd/compile"). */
export function isGoModule(module: WebAssembly.Module): boolean {
  return hasBytes(WebAssembly.Module.customSections(module, "producers"), "Go cmd/compile");
}

/**
 * Whether the Go module `module` may call signal.Notify: `os_signal.Notify`
 * is in its "name" section, or it has none (built with `-ldflags=-s`:
 * nothing tells). Once os/signal's loop runs, Go's wasip1 runtime never waits
 * for readiness (RATIONALE.md, "A Go guest whose signal loop runs").
 */
export function mayStartGoSignalLoop(module: WebAssembly.Module): boolean {
  const names = WebAssembly.Module.customSections(module, "name");
  return names.length === 0 || hasBytes(names, "os_signal.Notify");
}

/** Whether one of `sections` holds the ASCII `text`. */
function hasBytes(sections: ArrayBuffer[], text: string): boolean {
  // Not Uint8Array.from(text, fn): JSC compiles that builtin at its first use (~0.4 ms of a
  // start on Bun; RATIONALE.md, "Forty-fifth round").
  const wanted = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) wanted[i] = text.charCodeAt(i);
  return sections.some((s) => includesBytes(new Uint8Array(s), wanted));
}

/**
 * Whether `wanted` occurs in `bytes`. The engine's own `indexOf` finds each
 * place of `wanted`'s last uppercase letter (or last byte), rarer in Go's
 * names than its first (58 KB of a Go hello's names: 98 'N' against 1,736
 * 'o'), and only those are compared: a start pays ~0.05 ms, not ~0.5.
 */
function includesBytes(bytes: Uint8Array, wanted: Uint8Array): boolean {
  let anchor = wanted.length - 1;
  for (let i = anchor; i >= 0; i--) {
    if (wanted[i] >= 0x41 && wanted[i] <= 0x5a) {
      anchor = i;
      break;
    }
  }
  const key = wanted[anchor];
  for (let at = bytes.indexOf(key, anchor); at >= 0; at = bytes.indexOf(key, at + 1)) {
    const start = at - anchor;
    if (start + wanted.length > bytes.length) return false;
    let i = 0;
    while (i < wanted.length && bytes[start + i] === wanted[i]) i++;
    if (i === wanted.length) return true;
  }
  return false;
}

function section(id: number, content: number[] | Uint8Array): Uint8Array {
  const header = [id, ...leb128(content.length)];
  const out = new Uint8Array(header.length + content.length);
  out.set(header);
  out.set(content, header.length);
  return out;
}

/**
 * The same module without its start section and with the start function
 * exported as {@linkcode START_EXPORT}: the export section gets one more
 * entry (or is created where the start section was, which is where the
 * binary format's section order puts it).
 */
function withoutStartSection(bytes: Uint8Array, info: ModuleInfo): Uint8Array<ArrayBuffer> {
  if (info.exports.has(START_EXPORT)) {
    throw new WasiRunError(`module exports '${START_EXPORT}', a name wasirun reserves`);
  }
  const name = new TextEncoder().encode(START_EXPORT);
  const entry = [...leb128(name.length), ...name, 0, ...leb128(info.start!)];
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  const hasExports = info.sections.some((s) => s.id === 7);
  for (const s of info.sections) {
    if (s.id === 7) {
      // Re-count: the old count's LEB is followed by the old entries.
      let pos = s.contentStart;
      let count = 0;
      for (let shift = 0;; shift += 7) {
        const b = bytes[pos++];
        count |= (b & 0x7f) << shift;
        if ((b & 0x80) === 0) break;
      }
      const rest = bytes.subarray(pos, s.end);
      const content = new Uint8Array([...leb128((count >>> 0) + 1), ...rest, ...entry]);
      parts.push(section(7, content));
    } else if (s.id === 8) {
      if (!hasExports) parts.push(section(7, [1, ...entry]));
    } else {
      parts.push(bytes.subarray(s.start, s.end));
    }
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) out.set(p, off), off += p.length;
  return out;
}

/** wasm32's largest memory, in 64 KiB pages. */
const MAX_PAGES = 65536;

/**
 * The module with every memory it defines given a maximum of at most
 * `maxBytes` (wasmtime's `-W max-memory-size`, `run()`'s `maxMemorySize`):
 * `memory.grow` past it answers -1, as there. A memory whose minimum is
 * already more is refused; so is a 64-bit one. The bytes are walked before
 * anything validated them: whatever does not parse is returned as it is,
 * for the compile to report.
 */
export function limitMemory(
  bytes: Uint8Array<ArrayBuffer>,
  maxBytes: number,
): Uint8Array<ArrayBuffer> {
  // Anything without "\0asm" is the compile's to name.
  if (bytes.length < 8 || !hasMagic(bytes)) return bytes;
  let pos = 8;
  /** An unsigned LEB128 of at most `bits` (32 or 64), as a number; `undefined` past 2^53. */
  const leb = (bits = 32): number | undefined => {
    let result = 0;
    for (let shift = 0; shift < bits + 6; shift += 7) {
      if (pos >= bytes.length) return undefined;
      const b = bytes[pos++];
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result <= Number.MAX_SAFE_INTEGER ? result : undefined;
    }
    return undefined;
  };
  while (pos < bytes.length) {
    const start = pos;
    const id = bytes[pos++];
    const size = leb();
    if (size === undefined || pos + size > bytes.length) return bytes;
    const end = pos + size;
    if (id !== 5) {
      pos = end;
      continue;
    }
    const count = leb();
    if (count === undefined) return bytes;
    const content = leb128(count);
    for (let i = 0; i < count; i++) {
      // Limits flags: 1 a maximum, 2 shared, 4 64-bit (memory64); 8 (custom page sizes) and
      // anything else are left to the engine.
      const flags = bytes[pos++];
      if (flags === undefined || flags > 7 || pos > end) return bytes;
      const wide = (flags & 4) !== 0;
      const cap = wide ? 2 ** 48 : MAX_PAGES;
      const min = leb(wide ? 64 : 32);
      const max = flags & 1 ? leb(wide ? 64 : 32) : cap;
      // Nothing the engine would refuse may become valid here: a shared memory with no
      // maximum, a maximum below the minimum or above what the memory's index type allows.
      if (min === undefined || max === undefined || pos > end) return bytes;
      if ((flags & 3) === 2 || min > max || max > cap) return bytes;
      const limit = Math.min(cap, Math.floor(maxBytes / 65536));
      if (min > limit) {
        return refuse(
          bytes,
          `the module's memory starts at ${min} pages of 64 KiB; ` +
            `a limit of ${maxBytes} bytes allows ${limit}`,
        );
      }
      content.push(flags | 1, ...leb128(min), ...leb128(Math.min(max, limit)));
    }
    if (pos !== end) return bytes;
    const patched = section(5, content);
    const out = new Uint8Array(bytes.length - (end - start) + patched.length);
    out.set(bytes.subarray(0, start));
    out.set(patched, start);
    out.set(bytes.subarray(end), start + patched.length);
    return out;
  }
  return bytes;
}

/**
 * Refuses a module with `message`, unless it is not a valid module at all:
 * then it is returned as it is, for the compile to say so, as without a limit.
 */
function refuse(bytes: Uint8Array<ArrayBuffer>, message: string): Uint8Array<ArrayBuffer> {
  if (!WebAssembly.validate(bytes)) return bytes;
  throw new WasiRunError(message);
}
