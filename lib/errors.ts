/** Errors wasirun reports to its user (not to the guest). */

/** A problem with the module or its configuration: one line, exit 1. */
export class WasiRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WasiRunError";
  }
}

/** The guest trapped; `reason` is what the engine said. */
export class GuestTrap extends Error {
  readonly reason: string;
  /** The JS engine's stack ran out (deep guest recursion). */
  readonly stackOverflow: boolean;
  constructor(reason: string, stackOverflow: boolean, options?: ErrorOptions) {
    super(`wasm trap: ${reason}`, options);
    this.name = "GuestTrap";
    this.reason = reason;
    this.stackOverflow = stackOverflow;
  }
}

/** Maps what the engine threw while running guest code to a GuestTrap, or `undefined`. */
export function asTrap(error: unknown): GuestTrap | undefined {
  if (error instanceof WebAssembly.RuntimeError) {
    return new GuestTrap(error.message, false, { cause: error });
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new GuestTrap("call stack exhausted", true, { cause: error });
  }
  return undefined;
}
