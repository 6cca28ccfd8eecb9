/**
 * The host's `process` (Node, Bun, and Deno 2 all have it as a global), taken
 * from the global rather than imported: on Node, `import ... from
 * "node:process"` builds `process.stdin`/`stdout`/`stderr`, which switches
 * stdio pipes to O_NONBLOCK, and that flag is shared with every process
 * holding the pipe (RATIONALE.md, "Host fds someone else made non-blocking").
 */
import type nodeProcess from "node:process";

/** The runtime's `process` object, without Node's stdio side effects. */
export const process: typeof nodeProcess =
  (globalThis as unknown as { process: typeof nodeProcess }).process;
