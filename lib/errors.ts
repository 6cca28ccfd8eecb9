/** Errors wasirun reports to its user (not to the guest). */

/** A problem with the module or its configuration: one line, exit 1. */
export class WasiRunError extends Error {
  /** `message` is one sentence-case line without the file name. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "WasiRunError";
  }
}

/**
 * A module's import wasirun does not provide. `standsIn`: a function of no
 * toolchain wasirun names, which a stand-in (`unknownImports`, the CLI's
 * `-W unknown-imports-default`) could replace.
 */
export class UnknownImportError extends WasiRunError {
  readonly standsIn: boolean;
  constructor(message: string, standsIn: boolean) {
    super(message);
    this.standsIn = standsIn;
  }
}

/**
 * A `wasi_snapshot_preview1` import declared with a type other than the
 * spec's (an i64 where the spec has an i32, a missing result, ...): the
 * module cannot be linked. The message names the import and both types.
 */
export class ImportTypeError extends WasiRunError {
  /** `message` names the import, the type found and the type expected; `cause`, the engine's error. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ImportTypeError";
  }
}

/**
 * A bug in wasirun: an exception escaped a WASI call. `call` names the call
 * and its decoded arguments; `cause` is what was thrown.
 */
export class InternalError extends Error {
  /** The call that raised it, e.g. `fd_write(fd=1, iovs={2 iovecs, 30 bytes})`. */
  readonly call: string;
  /** Wraps `cause`, thrown while wasirun served `call`. */
  constructor(call: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`internal error in wasirun during ${call}: ${reason}`, { cause });
    this.name = "InternalError";
    this.call = call;
  }
}

/**
 * The guest trapped, or a wasm exception no guest frame caught escaped it
 * (`reason` "thrown Wasm exception"); `cause` is what the engine threw (the
 * `WebAssembly.Exception` for the latter).
 * A `WebAssembly.RuntimeError`, as node:wasi's traps are (a stack overflow
 * too, which node:wasi lets through as a RangeError).
 */
export class GuestTrap extends WebAssembly.RuntimeError {
  /** Why, in wasmtime's words (e.g. "wasm `unreachable` instruction executed"). */
  readonly reason: string;
  /** The JS engine's stack ran out (deep guest recursion). */
  readonly stackOverflow: boolean;
  /** From `run()`: what the guest wrote to stdout before it trapped. */
  stdout?: Uint8Array;
  /** From `run()`: what the guest wrote to stderr before it trapped (a Rust panic's message). */
  stderr?: Uint8Array;
  /** Wraps what the engine threw. */
  constructor(reason: string, stackOverflow: boolean, options?: ErrorOptions) {
    super(`wasm trap: ${reason}`);
    if (options && "cause" in options) this.cause = options.cause;
    this.name = "GuestTrap";
    this.reason = reason;
    this.stackOverflow = stackOverflow;
  }
}

/** V8's and JavaScriptCore's trap messages, in wasmtime's words. */
const TRAP_REASONS: [RegExp, string][] = [
  [/unreachable/i, "wasm `unreachable` instruction executed"],
  [/memory access out of bounds|out of bounds memory access/i, "out of bounds memory access"],
  [/divi(de|sion) by zero|remainder by zero/i, "integer divide by zero"],
  [/integer overflow/i, "integer overflow"],
  // A NaN (wasmtime: "invalid conversion to integer") or a float out of the integer's range
  // ("integer overflow"): both engines say the same for the two, so both are named.
  [
    /float unrepresentable|out of bounds trunc/i,
    "integer overflow or invalid conversion to integer",
  ],
  [
    /table index is out of bounds|out of bounds call_indirect|out of bounds table access/i,
    "undefined element: out of bounds table access",
  ],
  // Both engines say the same for a null table entry and a wrong signature, which wasmtime tells
  // apart ("uninitialized element", "indirect call type mismatch"): both named.
  [
    /signature mismatch|null function|signature that does not match/i,
    "uninitialized element or indirect call type mismatch",
  ],
  [/divide result unrepresentable/i, "integer overflow"],
  // The proposals after the MVP: garbage collection, exception handling, threads. A segment read
  // past its end is a memory access for wasmtime when it holds data, a table access for elements.
  [
    /data segment (\d+ )?(is )?out of bounds|invalid data segment|in array\.new_data/i,
    "out of bounds memory access",
  ],
  [
    /element segment (\d+ )?(is )?out of bounds|out of bounds table index|in array\.new_elem/i,
    "undefined element: out of bounds table access",
  ],
  // JSC says the same for an array's overrun and its segment's (wasmtime: a memory or a table
  // access), so both are named.
  [/out of bounds array\.init_data/i, "out of bounds array access or out of bounds memory access"],
  [
    /out of bounds array\.init_elem/i,
    "out of bounds array access or undefined element: out of bounds table access",
  ],
  [/illegal cast|failed to cast/i, "cast failure"],
  [/null pointer|null reference|rethrowing null/i, "null reference"],
  [/array element access out of bounds|out of bounds array\b/i, "out of bounds array access"],
  [/new array is too large|failed to allocate new array/i, "allocation size too large"],
  [/unaligned/i, "unaligned atomic"],
  // V8's, for `memory.atomic.wait32/64` on a memory that is not shared (JSC says out of bounds).
  [/Atomics\.wait cannot be called in this context/i, "atomic wait on non-shared memory"],
];

/**
 * wasmtime's words for the engine's `message`. JavaScriptCore (Bun) ends a
 * message with the JS call that raised it, ` (evaluating '...')`: wasirun's own
 * code, not the guest's, so it is dropped from a reason passed on as it is.
 */
function trapReason(message: string): string {
  for (const [pattern, reason] of TRAP_REASONS) if (pattern.test(message)) return reason;
  return message.replace(/ \(evaluating '.*'\)$/s, "");
}

/** Maps what the engine threw while running guest code to a GuestTrap, or `undefined`. */
export function asTrap(error: unknown): GuestTrap | undefined {
  if (error instanceof GuestTrap) return error;
  if (error instanceof WebAssembly.RuntimeError) {
    return new GuestTrap(trapReason(error.message), false, { cause: error });
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new GuestTrap("call stack exhausted", true, { cause: error });
  }
  // A `throw` (exception-handling proposal) that no guest frame caught: wasmtime's "thrown Wasm
  // exception", the guest's failure, not a bug in wasirun (the CLI exits 1 for it, as wasmtime).
  if (isWasmException(error)) {
    return new GuestTrap("thrown Wasm exception", false, { cause: error });
  }
  return undefined;
}

/** Whether `error` is a wasm exception (a `WebAssembly.Exception`, where the engine has them). */
export function isWasmException(error: unknown): boolean {
  const Exc = (WebAssembly as { Exception?: abstract new (...a: never[]) => unknown }).Exception;
  return Exc !== undefined && error instanceof Exc;
}

/**
 * What the engine threw because it could not suspend the guest, as a
 * WasiRunError, or `undefined`. JavaScriptCore's JSPI (Bun) fails to walk a
 * stack where the guest tail-called (`return_call`) an import that then waits,
 * or exported such an import as its entry ("JSPI stack scan failed"); V8
 * suspends both.
 */
export function engineRefusal(error: unknown): WasiRunError | undefined {
  const message = (error as Error | null)?.message;
  if (typeof message !== "string" || !message.startsWith("JSPI stack scan failed")) {
    return undefined;
  }
  return new WasiRunError(
    "the engine cannot suspend the guest in a WASI call that waits here (" + message +
      "; JavaScriptCore's, when the call is a tail call or the entry itself): run it on Deno or Node",
  );
}
