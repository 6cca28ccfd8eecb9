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

/** WebAssembly: none where the engine runs without its compilers (`--jitless`). */
function wasm(): Partial<JspiWebAssembly> | undefined {
  return (globalThis as { WebAssembly?: unknown }).WebAssembly as
    | Partial<JspiWebAssembly>
    | undefined;
}

/** Whether this JS engine can suspend wasm (JSPI). */
export function hasJspi(): boolean {
  const w = wasm();
  return typeof w?.Suspending === "function" && typeof w.promising === "function";
}

/** Why this runtime cannot run wasirun, or `undefined` when it can. */
export function jspiMissingReason(): string | undefined {
  if (hasJspi()) return undefined;
  if (!wasm()) {
    return "this JavaScript runtime has no WebAssembly (was it started with --jitless?); " +
      "wasirun needs WebAssembly with JSPI";
  }
  return "this JavaScript runtime lacks JSPI (WebAssembly.Suspending and WebAssembly.promising); " +
    "run wasirun with Node.js >= 26, Deno >= 2.9 or Bun >= 1.4 " +
    "(Node.js 24: node --experimental-wasm-jspi)";
}

/** Wraps an import that may return a promise so the guest waits for it. */
export function suspending(fn: AnyFunction): unknown {
  return new (WebAssembly as unknown as JspiWebAssembly).Suspending(fn);
}

/** Wraps an export so calling it may suspend; the call returns a promise. */
export function promising(fn: AnyFunction): (...args: unknown[]) => Promise<unknown> {
  return (WebAssembly as unknown as JspiWebAssembly).promising(fn);
}
