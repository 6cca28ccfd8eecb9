/**
 * {@linkcode WasiOptions} in either of its two spellings, made one: wasirun's
 * own (preopens as `{ host, guest, readonly }` entries, stdio as "inherit",
 * "null", a path or a Web stream) and node:wasi's (`version: "preview1"`,
 * preopens as `{ guest: host }`, stdio as host fd numbers, `returnOnExit`).
 * See RATIONALE.md, "Coming from node:wasi".
 */
import { WasiRunError } from "./errors.ts";
import { exitHost } from "./host/process.ts";
import type { Fd } from "./fd/fd.ts";
import {
  fileInput,
  fileOutput,
  hostInput,
  hostOutput,
  nullInput,
  nullOutput,
  streamInput,
  streamOutput,
} from "./fd/stdio.ts";
import type { Preopen, StdinOption, StdoutOption, WasiOptions } from "./wasi.ts";

/** The options with each choice in its one internal form. */
export interface NormalizedOptions {
  args: string[];
  env: [string, string][];
  preopens: Preopen[];
  /** false: `proc_exit` ends the host process with the guest's code (node:wasi). */
  returnOnExit: boolean;
}

/** A bad option's one-line error (`name` "": the options themselves): what it must be, and what it was. */
function badOption(name: string, must: string, value: unknown): WasiRunError {
  const was = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
  return new WasiRunError(`options${name && "."}${name} must be ${must}, not ${was}`);
}

const isString = (v: unknown) => typeof v === "string";

/**
 * The options' types, checked before any is used (a wrong one surfaced as an
 * internal TypeError, or worse was taken: `env: "A=1"` gave the guest `0=A`).
 */
function checkTypes(options: WasiOptions): void {
  if (typeof options !== "object" || options === null) throw badOption("", "an object", options);
  const o = options as Record<string, unknown>;
  if (o.args !== undefined && !(Array.isArray(o.args) && o.args.every(isString))) {
    throw badOption("args", "an array of strings", o.args);
  }
  const env = o.env;
  if (
    env !== undefined &&
    (typeof env !== "object" || env === null ||
      (Array.isArray(env)
        ? !env.every((e) => Array.isArray(e) && e.length === 2 && e.every(isString))
        : !Object.values(env).every((v) => v === undefined || isString(v))))
  ) {
    throw badOption("env", "an object of strings or an array of [name, value] strings", env);
  }
  const preopens = o.preopens;
  if (
    preopens !== undefined &&
    (typeof preopens !== "object" || preopens === null ||
      (Array.isArray(preopens)
        ? !preopens.every((p) => isString(p?.host) && isString(p?.guest))
        : !Object.values(preopens).every(isString)))
  ) {
    throw badOption("preopens", "{ guest: host } strings or { host, guest } entries", preopens);
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
    if (typeof v === "number" && !(Number.isInteger(v) && v >= 0)) {
      throw new WasiRunError(`options.${name} must be a host fd (an integer, 0 or more), not ${v}`);
    }
    const stream = name === "stdin" ? "getReader" : "getWriter";
    if (
      v !== undefined && typeof v !== "number" && typeof v !== "string" &&
      typeof (v as Record<string, unknown>)?.[stream] !== "function"
    ) {
      throw badOption(name, `"inherit", "null", a path, a host fd or a Web stream`, v);
    }
  }
}

/** Checks the options' types and `version`, and brings env and preopens to one form. */
export function normalizeOptions(options: WasiOptions): NormalizedOptions {
  checkTypes(options);
  const version = (options as { version?: unknown }).version;
  if (version !== undefined && version !== "preview1") {
    throw new WasiRunError(
      version === "unstable"
        ? `WASI version 'unstable' (preview0) is not supported; use version "preview1"`
        : `unknown WASI version '${version}'; use "preview1"`,
    );
  }
  const env = options.env === undefined ? [] : Array.isArray(options.env)
    ? options.env
    // node:wasi leaves out a name whose value is undefined
    : Object.entries(options.env).filter(([, v]) => v !== undefined);
  const preopens = options.preopens === undefined
    ? []
    : Array.isArray(options.preopens)
    ? options.preopens
    : Object.entries(options.preopens).map(([guest, host]) => ({ guest, host }));
  return { args: options.args ?? [], env, preopens, returnOnExit: options.returnOnExit ?? true };
}

/** The guest's stdin; a number is a host fd, as in node:wasi. */
export function inputFd(option: StdinOption | undefined): Fd {
  if (option === undefined || option === "inherit") return hostInput(0);
  if (typeof option === "number") return hostInput(option);
  if (option === "null") return nullInput();
  if (typeof option === "string") return fileInput(option);
  return streamInput(option);
}

/** The guest's stdout or stderr (`hostFd` 1 or 2 for "inherit"); a number is a host fd. */
export function outputFd(option: StdoutOption | undefined, hostFd: number): Fd {
  if (option === undefined || option === "inherit") return hostOutput(hostFd);
  if (typeof option === "number") return hostOutput(option);
  if (option === "null") return nullOutput();
  if (typeof option === "string") return fileOutput(option);
  return streamOutput(option);
}

/** node:wasi's `returnOnExit: false`: the host process ends with the guest's code. */
export function exitProcess(code: number): never {
  return exitHost(code);
}
