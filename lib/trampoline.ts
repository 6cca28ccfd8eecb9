/**
 * A JSPI import that costs a `Suspending` call only when it waits: a tiny
 * wasm module between the guest and the host calls a plain import first and
 * the `Suspending` one only when the plain one had to hand back a promise
 * (RATIONALE.md, "Pipes without the pool"; bench/trampoline_cost.ts).
 */
import { suspending } from "./jspi.ts";

/** A wasm value type of an import's parameter. */
export type WasmParam = "i32" | "i64";

/** What `now` answers instead of a result when the call must wait (never a WASI errno). */
const WAITS = -1;

const VALTYPE: Record<WasmParam, number> = { i32: 0x7f, i64: 0x7e };

const modules = new Map<string, WebAssembly.Module>();

/**
 * `fn` (params `params`, an i32 result, or a promise of one when it must
 * wait) as a wasm function: a plain import call when `fn` answers a number,
 * a JSPI suspension only when it answers a promise.
 */
export function suspendingWhenWaiting(
  params: readonly WasmParam[],
  // deno-lint-ignore no-explicit-any
  fn: (...args: any[]) => number | Promise<number>,
): unknown {
  let pending: Promise<number> | undefined;
  // deno-lint-ignore no-explicit-any
  const now = function (...args: any[]): number {
    const result = fn(...args);
    if (typeof result === "number") return result;
    pending = result;
    return WAITS;
  };
  const wait = suspending(() => {
    const result = pending!;
    pending = undefined;
    return result;
  });
  const key = params.join(",");
  let module = modules.get(key);
  if (!module) modules.set(key, module = new WebAssembly.Module(trampolineBytes(params)));
  const instance = new WebAssembly.Instance(module, {
    env: { now, wait } as WebAssembly.ModuleImports,
  });
  return instance.exports.f;
}

/**
 * The module: `(func (export "f") (param ...) (result i32) (local $r i32)
 * (if (result i32) (i32.ne (local.tee $r (call $now ...)) (i32.const -1))
 * (then (local.get $r)) (else (call $wait ...))))`.
 */
function trampolineBytes(params: readonly WasmParam[]): Uint8Array<ArrayBuffer> {
  const n = params.length;
  const getArgs = params.flatMap((_, i) => [0x20, i]); // local.get i (n < 128)
  const body = [
    0x01,
    0x01,
    0x7f, // one local: i32 $r (index n)
    ...getArgs,
    0x10,
    0x00, // call $now
    0x22,
    n, // local.tee $r
    0x41,
    0x7f,
    0x47, // i32.const -1, i32.ne
    0x04,
    0x7f, // if (result i32)
    0x20,
    n, // local.get $r
    0x05,
    ...getArgs,
    0x10,
    0x01, // else call $wait
    0x0b,
    0x0b, // end if, end func
  ];
  const type = [0x60, n, ...params.map((p) => VALTYPE[p]), 0x01, 0x7f];
  const section = (id: number, bytes: number[]) => [id, ...leb(bytes.length), ...bytes];
  const name = (s: string) => [s.length, ...[...s].map((c) => c.charCodeAt(0))];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [0x01, ...type]),
    ...section(2, [
      0x02,
      ...name("env"),
      ...name("now"),
      0x00,
      0x00,
      ...name("env"),
      ...name("wait"),
      0x00,
      0x00,
    ]),
    ...section(3, [0x01, 0x00]),
    ...section(7, [0x01, ...name("f"), 0x00, 0x02]),
    ...section(10, [0x01, ...leb(body.length), ...body]),
  ]);
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
