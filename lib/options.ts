/**
 * {@linkcode WasiOptions} in either of its two spellings, made one: wasirun's
 * own (preopens as `{ host, guest, readonly }` entries, stdio as "inherit",
 * "null", a path or a Web stream) and node:wasi's (`version: "preview1"`,
 * preopens as `{ guest: host }`, stdio as host fd numbers, `returnOnExit`).
 * See RATIONALE.md, "Coming from node:wasi".
 */
import { WasiRunError } from "./errors.ts";
import { describeFsError } from "./host/errors.ts";
import type { TcpListener } from "./host/net.ts";
import { exitHost } from "./host/process.ts";
import { stdioKind } from "./host/stdio.ts";
import { Fd } from "./fd/fd.ts";
import { GIVEN_UP } from "./fd/fifo.ts";
import {
  fileInput,
  fileOutput,
  hostInput,
  hostOutput,
  nullInput,
  nullOutput,
  type PendingStdio,
  streamInput,
  streamOutput,
} from "./fd/stdio.ts";
import type { Preopen, StdinOption, StdoutOption, WasiOptions } from "./wasi.ts";

/** The options with each choice in its one internal form. */
export interface NormalizedOptions {
  version: "preview1" | "unstable" | undefined;
  args: string[];
  env: [string, string][];
  preopens: Preopen[];
  /** Each free (no other WASI's, not closed) and given once. */
  listeners: TcpListener[];
  /** false: `proc_exit` ends the host process with the guest's code (node:wasi). */
  returnOnExit: boolean;
}

/**
 * Whether `value` is a TcpListener, by the mark lib/host/net.ts gives each:
 * not `instanceof`, whose import would load the sockets' module at every
 * start, sockets or none (RATIONALE.md, "Forty-fifth round").
 */
function isTcpListener(value: unknown): boolean {
  return (value as { [TCP_LISTENER]?: unknown } | undefined)?.[TCP_LISTENER] === true;
}
const TCP_LISTENER = Symbol.for("wasirun.TcpListener");

/** A bad option's one-line error (`name` "": the options themselves): what it must be, and what it was. */
function badOption(name: string, must: string, value: unknown): WasiRunError {
  const was = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
  return new WasiRunError(`options${name && "."}${name} must be ${must}, not ${was}`);
}

const isString = (v: unknown) => typeof v === "string";

/**
 * A string, or what node:wasi turns into one for args and env values: a
 * number, a bigint or a boolean (`env: { PORT: 8080 }`). Anything else is
 * refused (node:wasi would pass "[object Object]").
 */
const isText = (v: unknown) =>
  typeof v === "string" || typeof v === "number" || typeof v === "bigint" ||
  typeof v === "boolean";

/** Whether `list` is an array whose every element (holes included) passes `test`. */
function isArrayOf(list: unknown, test: (item: unknown) => boolean): boolean {
  if (!Array.isArray(list)) return false;
  for (let i = 0; i < list.length; i++) if (!test(list[i])) return false;
  return true;
}

/** A string no C program could be given whole: it would end at the NUL. */
function checkNoNul(name: string, value: string): void {
  if (value.includes("\0")) throw new WasiRunError(`options.${name} contains a NUL byte`);
}

/** An environment entry a guest can read back as it was given. */
function checkEnvEntry(name: string, value: string): void {
  if (name === "" || name.includes("=")) {
    throw new WasiRunError(`options.env has the name ${JSON.stringify(name)}: empty or with '='`);
  }
  checkNoNul(`env.${name}`, name + value);
}

/**
 * The options' types, checked before any is used (a wrong one surfaced as an
 * internal TypeError, or worse was taken: `env: "A=1"` gave the guest `0=A`).
 */
function checkTypes(options: WasiOptions): void {
  if (typeof options !== "object" || options === null) throw badOption("", "an object", options);
  const o = options as Record<string, unknown>;
  if (o.args !== undefined && !Array.isArray(o.args)) {
    throw badOption("args", "an array of strings", o.args);
  }
  const args = (o.args ?? []) as unknown[];
  for (let i = 0; i < args.length; i++) { // holes included
    if (!isText(args[i])) throw badOption(`args[${i}]`, "a string", args[i]);
    checkNoNul(`args[${i}]`, String(args[i]));
  }
  const env = o.env;
  if (env !== undefined && (typeof env !== "object" || env === null)) {
    throw badOption("env", "an object of strings or an array of [name, value] strings", env);
  }
  if (Array.isArray(env)) {
    if (!isArrayOf(env, (e) => isArrayOf(e, isString) && (e as string[]).length === 2)) {
      throw badOption("env", "an object of strings or an array of [name, value] strings", env);
    }
  } else if (env !== undefined) {
    for (const [name, value] of Object.entries(env)) {
      if (value !== undefined && !isText(value)) {
        throw badOption(`env.${name}`, "a string (or undefined: left out)", value);
      }
    }
  }
  checkPreopens(o.preopens);
  if (o.listeners !== undefined && !isArrayOf(o.listeners, isTcpListener)) {
    throw badOption("listeners", "an array of TcpListener (TcpListener.listen())", o.listeners);
  }
  if (o.returnOnExit !== undefined && typeof o.returnOnExit !== "boolean") {
    throw badOption("returnOnExit", "a boolean", o.returnOnExit);
  }
  for (const name of ["trace", "onWait"]) {
    if (o[name] !== undefined && typeof o[name] !== "function") {
      throw badOption(name, "a function", o[name]);
    }
  }
  if (o.sigpipe !== undefined && o.sigpipe !== "exit" && o.sigpipe !== "ignore") {
    throw new WasiRunError(
      `options.sigpipe must be "exit" or "ignore", not ${JSON.stringify(o.sigpipe)}`,
    );
  }
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    throw badOption("signal", "an AbortSignal", o.signal);
  }
  for (const name of ["stdin", "stdout", "stderr"]) {
    const v = o[name];
    if (typeof v === "number" && !(Number.isInteger(v) && v >= 0 && v <= MAX_FD)) {
      throw new WasiRunError(
        `options.${name} must be a host fd (an integer from 0 to ${MAX_FD}), not ${v}`,
      );
    }
    if (v === "") throw new WasiRunError(`options.${name} is an empty path`);
    if (typeof v === "string") checkNoNul(name, v);
    const stream = name === "stdin" ? "getReader" : "getWriter";
    if (
      v !== undefined && typeof v !== "number" && typeof v !== "string" &&
      typeof (v as Record<string, unknown>)?.[stream] !== "function"
    ) {
      throw badOption(name, `"inherit", "null", a path, a host fd or a Web stream`, v);
    }
    if ((v as { locked?: unknown } | undefined)?.locked === true) {
      const holder = name === "stdin" ? "reader" : "writer";
      const oneRun = name === "stdin"
        ? ""
        : " (a stream serves one run: wasirun closes it at the end)";
      throw new WasiRunError(
        `options.${name} is a locked stream: another ${holder} holds it${oneRun}`,
      );
    }
  }
}

/**
 * `preopens`: `{ guest: host }` strings (node:wasi's) or `{ host, guest }`
 * entries; a wrong one is named by its index or guest path.
 */
function checkPreopens(preopens: unknown): void {
  if (preopens === undefined) return;
  const must = "{ guest: host } strings or { host, guest } entries";
  if (typeof preopens !== "object" || preopens === null) {
    throw badOption("preopens", must, preopens);
  }
  if (!Array.isArray(preopens)) {
    for (const [guest, host] of Object.entries(preopens)) {
      if (!isString(host)) {
        throw badOption(`preopens[${JSON.stringify(guest)}]`, "a host path (a string)", host);
      }
    }
    return;
  }
  for (let i = 0; i < preopens.length; i++) { // holes included
    const entry = preopens[i] as Partial<Preopen> | undefined;
    const name = `preopens[${i}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw badOption(name, "a { host, guest } entry", entry);
    }
    for (const key of ["host", "guest"] as const) {
      if (!isString(entry[key])) throw badOption(`${name}.${key}`, "a string", entry[key]);
    }
  }
}

/** Checks the options' types and `version`, and brings env and preopens to one form. */
export function normalizeOptions(options: WasiOptions): NormalizedOptions {
  checkTypes(options);
  const version = (options as { version?: unknown }).version;
  if (version !== undefined && version !== "preview1" && version !== "unstable") {
    throw new WasiRunError(`unknown WASI version '${version}'; use "preview1" or "unstable"`);
  }
  const env: [string, string][] = options.env === undefined
    ? []
    : Array.isArray(options.env)
    ? options.env
    // node:wasi leaves out a name whose value is undefined, and writes the others as strings
    : Object.entries(options.env).filter(([, v]) => v !== undefined).map((
      [k, v],
    ) => [k, String(v)]);
  const preopens = options.preopens === undefined
    ? []
    : Array.isArray(options.preopens)
    ? options.preopens
    : Object.entries(options.preopens).map(([guest, host]) => ({ guest, host }));
  for (const [name, value] of env) checkEnvEntry(name, value);
  preopens.forEach((p, i) => checkNoNul(`preopens[${i}]`, p.host + p.guest));
  const listeners = options.listeners ?? [];
  listeners.forEach((l) => l.checkFree());
  if (new Set(listeners).size !== listeners.length) {
    throw new WasiRunError("options.listeners names one listener twice");
  }
  return {
    version,
    args: (options.args ?? []).map(String),
    env,
    preopens,
    listeners,
    returnOnExit: options.returnOnExit ?? true,
  };
}

/** The largest fd number a host call takes (an `int`: Node and Deno refuse more, Bun wraps it). */
const MAX_FD = 2 ** 31 - 1;

/**
 * A host fd the options name by number, which must be open (as node:wasi's
 * uvwasi requires): a closed one would only fail at the guest's first read
 * or write. The inherited 0, 1 and 2 are not checked: a guest started with
 * a closed stdio fd gets EBADF, as a native program does.
 */
function openHostFd(name: string, fd: number): number {
  if (stdioKind(fd) === "closed") throw new WasiRunError(`options.${name}: fd ${fd} is not open`);
  return fd;
}

/** The guest's stdin; a number is a host fd, as in node:wasi. */
export function inputFd(option: StdinOption | undefined): Fd | PendingStdio<Fd> {
  if (option === undefined || option === "inherit") return hostInput(0);
  if (typeof option === "number") return hostInput(openHostFd("stdin", option));
  if (option === "null") return nullInput();
  if (typeof option === "string") return openPath("stdin", option, fileInput);
  return openStream("stdin", () => streamInput(option));
}

/** The guest's stdout or stderr (`hostFd` 1 or 2 for "inherit"); a number is a host fd. */
export function outputFd(
  option: StdoutOption | undefined,
  hostFd: number,
): Fd | PendingStdio<Fd> {
  if (option === undefined || option === "inherit") return hostOutput(hostFd);
  if (typeof option === "number") {
    return hostOutput(openHostFd(hostFd === 1 ? "stdout" : "stderr", option));
  }
  if (option === "null") return nullOutput();
  if (typeof option === "string") {
    return openPath(hostFd === 1 ? "stdout" : "stderr", option, fileOutput);
  }
  return openStream(hostFd === 1 ? "stdout" : "stderr", () => streamOutput(option));
}

/**
 * A stdio stream taken (its reader or writer made); a WasiRunError naming
 * the option when the stream refuses (one that only looks like a Web stream).
 */
function openStream<T>(name: string, open: () => T): T {
  try {
    return open();
  } catch (e) {
    throw new WasiRunError(`options.${name}: cannot use the stream: ${(e as Error)?.message ?? e}`);
  }
}

/**
 * A stdio file the options name, opened (a FIFO whose other end has not
 * come: opening); a WasiRunError naming the option when it cannot be.
 */
function openPath<T extends Fd>(
  name: string,
  path: string,
  open: (path: string) => T | PendingStdio<T>,
): T | PendingStdio<T> {
  const failed = (e: unknown) =>
    e === GIVEN_UP
      ? e
      : new WasiRunError(describeFsError(e, `cannot open options.${name} '${path}'`));
  let opened: T | PendingStdio<T>;
  try {
    opened = open(path);
  } catch (e) {
    throw failed(e);
  }
  if (opened instanceof Fd) return opened;
  const { wait, giveUp } = opened;
  return { wait: () => wait().catch((e) => Promise.reject(failed(e))), giveUp };
}

/** node:wasi's `returnOnExit: false`: the host process ends with the guest's code. */
export function exitProcess(code: number): never {
  return exitHost(code);
}
