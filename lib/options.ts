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

/** Checks `version` and brings env and preopens to one form. */
export function normalizeOptions(options: WasiOptions): NormalizedOptions {
  const version = (options as { version?: unknown }).version;
  if (version !== undefined && version !== "preview1") {
    throw new WasiRunError(
      version === "unstable"
        ? `WASI version 'unstable' (preview0) is not supported; use version "preview1"`
        : `unknown WASI version '${version}'; use "preview1"`,
    );
  }
  const env = options.env === undefined
    ? []
    : Array.isArray(options.env)
    ? options.env
    : Object.entries(options.env);
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
