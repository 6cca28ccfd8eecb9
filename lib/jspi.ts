/**
 * The only file that touches JSPI (WebAssembly.Suspending / promising): the
 * guest is suspended while the host awaits. On by default in Deno 2.9, Bun 1.4
 * and Node 26; Node 24 has it behind --experimental-wasm-jspi, Node 20 not at
 * all.
 */

// deno-lint-ignore no-explicit-any
type AnyFunction = (...args: any[]) => any;

interface JspiWebAssembly {
  Suspending: new (fn: AnyFunction) => unknown;
  promising: (fn: AnyFunction) => (...args: unknown[]) => Promise<unknown>;
}

const wasm = WebAssembly as unknown as Partial<JspiWebAssembly>;

/** Whether this JS engine can suspend wasm (JSPI). */
export function hasJspi(): boolean {
  return typeof wasm.Suspending === "function" && typeof wasm.promising === "function";
}

/** Why this runtime cannot run wasirun, or `undefined` when it can. */
export function jspiMissingReason(): string | undefined {
  if (hasJspi()) return undefined;
  return "this JavaScript runtime lacks JSPI (WebAssembly.Suspending and WebAssembly.promising); " +
    "run wasirun with Node.js >= 26, Deno >= 2.9 or Bun >= 1.4 " +
    "(Node.js 24: node --experimental-wasm-jspi)";
}

/** Wraps an import that may return a promise so the guest waits for it. */
export function suspending(fn: AnyFunction): unknown {
  return new wasm.Suspending!(fn);
}

/** Wraps an export so calling it may suspend; the call returns a promise. */
export function promising(fn: AnyFunction): (...args: unknown[]) => Promise<unknown> {
  return wasm.promising!(fn);
}
