/**
 * JSPI imports that cost a `Suspending` call only when they wait: a small
 * wasm module between the guest and the host calls each one as a plain
 * import first, and as a `Suspending` import only when the plain call had to
 * hand back a promise (RATIONALE.md, "Pipes without the pool";
 * bench/trampoline_cost.ts: Bun ~740 ns a Suspending call against ~6 ns
 * through the module, Deno ~130 against ~24).
 */
import { suspending } from "./jspi.ts";

/** A wasm value type of an import's parameter. */
export type WasmParam = "i32" | "i64";

/** A host function: an i32 result, or a promise of one when it must wait. */
// deno-lint-ignore no-explicit-any
export type MayWait = (...args: any[]) => number | Promise<number>;

/** What `now` answers instead of a result when the call must wait (never a WASI errno). */
const WAITS = -1;

const VALTYPE: Record<WasmParam, number> = { i32: 0x7f, i64: 0x7e };

const modules = new Map<string, WebAssembly.Module>();

/**
 * Each of `calls` as a wasm function of its parameters and an i32 result: a
 * plain import call when its host function answers a number, a JSPI
 * suspension only when it answers a promise. One module and one instance
 * serve them all (compiled once per set of signatures).
 */
export function suspendingWhenWaiting(
  calls: readonly { params: readonly WasmParam[]; fn: MayWait }[],
): unknown[] {
  const imports: Record<string, unknown> = {};
  calls.forEach(({ params, fn }, i) => {
    let pending: Promise<number> | undefined;
    const settle = (result: number | Promise<number>): number => {
      if (typeof result === "number") return result;
      pending = result;
      return WAITS;
    };
    imports[`n${i}`] = plainFirst(params.length, fn, settle);
    imports[`w${i}`] = suspending(() => {
      const result = pending!;
      pending = undefined;
      return result;
    });
  });
  const key = calls.map((c) => c.params.join(",")).join(";");
  let module = modules.get(key);
  if (!module) modules.set(key, module = new WebAssembly.Module(trampolineBytes(calls)));
  const { exports } = new WebAssembly.Instance(module, {
    env: imports as WebAssembly.ModuleImports,
  });
  return calls.map((_, i) => exports[`f${i}`]);
}

/**
 * The module: for each call i, type i, imports `env.n{i}` and `env.w{i}`
 * (functions 2i and 2i+1), and `(func (export "f{i}") (param ...) (result
 * i32) (local $r i32) (if (result i32) (i32.ne (local.tee $r (call $n{i}
 * ...)) (i32.const -1)) (then (local.get $r)) (else (call $w{i} ...))))`.
 */
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
    default:
      return (...args) => settle(fn(...args));
  }
}

function trampolineBytes(
  calls: readonly { params: readonly WasmParam[] }[],
): Uint8Array<ArrayBuffer> {
  const n = calls.length;
  const types: number[] = [...leb(n)];
  const importSection: number[] = [...leb(2 * n)];
  const functions: number[] = [...leb(n)];
  const exportSection: number[] = [...leb(n)];
  const code: number[] = [...leb(n)];
  calls.forEach(({ params }, i) => {
    const arity = params.length; // < 128: one-byte local indices
    types.push(0x60, arity, ...params.map((p) => VALTYPE[p]), 0x01, 0x7f);
    importSection.push(...name("env"), ...name(`n${i}`), 0x00, ...leb(i));
    importSection.push(...name("env"), ...name(`w${i}`), 0x00, ...leb(i));
    functions.push(...leb(i));
    exportSection.push(...name(`f${i}`), 0x00, ...leb(2 * n + i));
    const getArgs = params.flatMap((_, j) => [0x20, j]); // local.get j
    const body = [
      0x01,
      0x01,
      0x7f, // one local: i32 $r (index `arity`)
      ...getArgs,
      0x10,
      ...leb(2 * i), // call $n{i}
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
      0x10,
      ...leb(2 * i + 1), // else call $w{i}
      0x0b,
      0x0b, // end if, end func
    ];
    code.push(...leb(body.length), ...body);
  });
  const section = (id: number, bytes: number[]) => [id, ...leb(bytes.length), ...bytes];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00, // magic, version
    ...section(1, types),
    ...section(2, importSection),
    ...section(3, functions),
    ...section(7, exportSection),
    ...section(10, code),
  ]);
}

function name(s: string): number[] {
  return [s.length, ...[...s].map((c) => c.charCodeAt(0))];
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
