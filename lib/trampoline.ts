/**
 * JSPI imports that cost a `Suspending` call only when they wait: a small
 * wasm module between the guest and the host calls each one as a plain
 * import first, and as a `Suspending` import only when the plain call had to
 * hand back a promise (RATIONALE.md, "Pipes without the pool";
 * bench/trampoline_cost.ts: Bun ~740 ns a Suspending call against ~6 ns
 * through the module, Deno ~130 against ~24).
 */
import { isBun } from "./host/runtime.ts";
import { suspending } from "./jspi.ts";

/** A wasm value type of an import's parameter. */
export type WasmParam = "i32" | "i64";

/** A host function: an i32 result, or a promise of one when it must wait. */
// deno-lint-ignore no-explicit-any
export type MayWait = (...args: any[]) => number | Promise<number>;

/** What `now` answers instead of a result when the call must wait (never a WASI errno). */
const WAITS = -1;

const VALTYPE: Record<WasmParam, number> = { i32: 0x7f, i64: 0x7e };

const modules = new Map<
  string,
  { calling: WebAssembly.Module; waiting: () => WebAssembly.Module }
>();

/**
 * Each of `calls` as a wasm function of its parameters and an i32 result: a
 * plain import call when its host function answers a number, a JSPI
 * suspension only when it answers a promise. One module and one instance
 * serve them all (compiled once per set of signatures).
 *
 * The `Suspending` imports live in a second small module, instantiated at
 * the first call that waits and reached through a table: the first instance
 * with a `Suspending` import costs V8 1.5–10 ms (Deno, Node; measured in a
 * new process), which a run that never waits (a compiler, a hello world)
 * then never pays.
 */
export function suspendingWhenWaiting(
  calls: readonly { params: readonly WasmParam[]; fn: MayWait }[],
): unknown[] {
  const key = calls.map((c) => c.params.join(",")).join(";");
  let compiled = modules.get(key);
  if (!compiled) {
    // On Bun both are compiled now, before the guest runs: at its first wait JSC's one wasm
    // compiler thread may be busy tiering the guest up, and a compile then waits behind it (Ruby's
    // first `sleep 0.5` took 0.9-1.3 s). V8 compiles a module this small on the calling thread
    // at once, so there the waiting one is compiled at the first wait, which a run that never
    // waits (a compiler, a hello world) then never pays (~0.35 ms of Deno's start with a preopen).
    const waitingModule = () => new WebAssembly.Module(waitingBytes(calls));
    let waiting: WebAssembly.Module | undefined = isBun ? waitingModule() : undefined;
    compiled = {
      calling: new WebAssembly.Module(callingBytes(calls)),
      waiting: () => waiting ??= waitingModule(),
    };
    modules.set(key, compiled);
  }
  const pending: (Promise<number> | undefined)[] = calls.map(() => undefined);
  let armed = false;
  const arm = () => {
    const waiting = compiled.waiting();
    const imports: Record<string, unknown> = {};
    calls.forEach((_, i) => {
      imports[`w${i}`] = suspending(() => {
        const result = pending[i]!;
        pending[i] = undefined;
        return result;
      });
    });
    const { exports } = new WebAssembly.Instance(waiting, {
      env: imports as WebAssembly.ModuleImports,
    });
    calls.forEach((_, i) => table.set(i, exports[`g${i}`] as (...args: unknown[]) => number));
    armed = true;
  };
  const imports: Record<string, unknown> = {};
  calls.forEach(({ params, fn }, i) => {
    const settle = (result: number | Promise<number>): number => {
      if (typeof result === "number") return result;
      pending[i] = result;
      if (!armed) arm();
      return WAITS;
    };
    imports[`n${i}`] = plainFirst(params.length, fn, settle);
  });
  const { exports } = new WebAssembly.Instance(compiled.calling, {
    env: imports as WebAssembly.ModuleImports,
  });
  const table = exports.t as WebAssembly.Table; // arm() runs only after this
  return calls.map((_, i) => exports[`f${i}`]);
}

/**
 * `fn` called with exactly `arity` arguments, its result through `settle`:
 * no rest array and no spread on each call (they allocate until the JIT
 * optimises them away, which a short run never waits for).
 */
function plainFirst(
  arity: number,
  fn: MayWait,
  settle: (result: number | Promise<number>) => number,
): (...args: unknown[]) => number {
  switch (arity) {
    case 0:
      return () => settle(fn());
    case 1:
      return (a) => settle(fn(a));
    case 2:
      return (a, b) => settle(fn(a, b));
    case 3:
      return (a, b, c) => settle(fn(a, b, c));
    case 4:
      return (a, b, c, d) => settle(fn(a, b, c, d));
    case 5:
      return (a, b, c, d, e) => settle(fn(a, b, c, d, e));
    case 6:
      return (a, b, c, d, e, f) => settle(fn(a, b, c, d, e, f));
    case 7:
      return (a, b, c, d, e, f, g) => settle(fn(a, b, c, d, e, f, g));
    case 8:
      return (a, b, c, d, e, f, g, h) => settle(fn(a, b, c, d, e, f, g, h));
    case 9: // path_open
      return (a, b, c, d, e, f, g, h, i) => settle(fn(a, b, c, d, e, f, g, h, i));
    default:
      return (...args) => settle(fn(...args));
  }
}

/**
 * The calling module: imports `n{i}`, exports `f{i}` and the table `t` of
 * the waiting functions; `f{i}` calls `n{i}` and, when it answers WAITS,
 * `t[i]` with the same arguments.
 */
function callingBytes(calls: readonly { params: readonly WasmParam[] }[]): Uint8Array<ArrayBuffer> {
  const n = calls.length;
  const imports: number[] = [...leb(n)];
  const exports: number[] = [...leb(n + 1)];
  const code: number[] = [...leb(n)];
  calls.forEach(({ params }, i) => {
    const arity = params.length; // < 128: one-byte local indices
    imports.push(...name("env"), ...name(`n${i}`), 0x00, ...leb(i));
    exports.push(...name(`f${i}`), 0x00, ...leb(n + i));
    const getArgs = localGets(arity);
    const body = [
      0x01,
      0x01,
      0x7f, // one local: i32 $r (index `arity`)
      ...getArgs,
      0x10,
      ...leb(i), // call $n{i}
      0x22,
      arity, // local.tee $r
      0x41,
      0x7f,
      0x47, // i32.const -1, i32.ne
      0x04,
      0x7f, // if (result i32)
      0x20,
      arity, // local.get $r
      0x05,
      ...getArgs,
      0x41,
      ...sleb(i), // else i32.const i
      0x11,
      ...leb(i),
      0x00, // call_indirect (type i) (table 0)
      0x0b,
      0x0b, // end if, end func
    ];
    code.push(...leb(body.length), ...body);
  });
  exports.push(...name("t"), 0x01, 0x00);
  const table = [0x01, 0x70, 0x00, ...leb(n)]; // one funcref table of n entries
  return moduleBytes(calls, imports, table, exports, code);
}

/** The waiting module: imports `w{i}` (Suspending), exports `g{i}` calling it. */
function waitingBytes(calls: readonly { params: readonly WasmParam[] }[]): Uint8Array<ArrayBuffer> {
  const n = calls.length;
  const imports: number[] = [...leb(n)];
  const exports: number[] = [...leb(n)];
  const code: number[] = [...leb(n)];
  calls.forEach(({ params }, i) => {
    imports.push(...name("env"), ...name(`w${i}`), 0x00, ...leb(i));
    exports.push(...name(`g${i}`), 0x00, ...leb(n + i));
    const body = [0x00, ...localGets(params.length), 0x10, ...leb(i), 0x0b];
    code.push(...leb(body.length), ...body);
  });
  return moduleBytes(calls, imports, undefined, exports, code);
}

/** A module with one function type per call and `n` functions of those types. */
function moduleBytes(
  calls: readonly { params: readonly WasmParam[] }[],
  imports: number[],
  table: number[] | undefined,
  exports: number[],
  code: number[],
): Uint8Array<ArrayBuffer> {
  const n = calls.length;
  const types: number[] = [...leb(n)];
  const functions: number[] = [...leb(n)];
  calls.forEach(({ params }, i) => {
    types.push(0x60, ...leb(params.length), ...params.map((p) => VALTYPE[p]), 0x01, 0x7f);
    functions.push(...leb(i));
  });
  const section = (id: number, bytes: number[]) => [id, ...leb(bytes.length), ...bytes];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // magic, version
    ...section(1, types),
    ...section(2, imports),
    ...section(3, functions),
    ...(table ? section(4, table) : []),
    ...section(7, exports),
    ...section(10, code),
  ]);
}

/** `local.get j` for each of `arity` parameters (a loop: no flatMap, see lib/cli/args.ts). */
function localGets(arity: number): number[] {
  const out = [];
  for (let j = 0; j < arity; j++) out.push(0x20, j);
  return out;
}

function name(s: string): number[] {
  return [s.length, ...[...s].map((c) => c.charCodeAt(0))];
}

/** A non-negative i32.const immediate (signed LEB128). */
function sleb(n: number): number[] {
  const out = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if (n === 0 && (byte & 0x40) === 0) return [...out, byte];
    out.push(byte | 0x80);
  }
}

function leb(n: number): number[] {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}
