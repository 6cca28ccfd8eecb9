/**
 * Command-line parsing with wasmtime's spellings. Options end at the module
 * path (or `--`); everything after it is the guest's, unchanged. A first
 * argument `run` is wasmtime's subcommand, taken and dropped (a module named
 * "run" is then `./run`), `-W max-wasm-stack=N`, `-W max-memory-size=N`,
 * `-W timeout=D` and `-W unknown-imports-trap` (or `-default`) are accepted, and so are the
 * `-S` options that say what wasirun does (`-S inherit-env`, `-S tcplisten=ADDR`,
 * `-S cli`, ...), so that a command written for `wasmtime run` (Go's
 * `go_wasip1_wasm_exec`) runs as it is. wasmtime's code generation options
 * (`-O`, `-C`) are taken and ignored: the JS engine compiles the module; so
 * are its debug options (`-D`: debug-info, address-map, logging, coredump).
 */

export interface CliOptions {
  module: string;
  guestArgs: string[];
  argv0?: string;
  dirs: { host: string; guest: string; readonly: boolean }[];
  env: [string, string][];
  /** `--env NAME` for a host variable the runtime has (its value is in `env`). */
  envCopied: string[];
  /** `--env NAME` for a host variable the runtime does not have (Deno leaves out one not UTF-8). */
  envUnset: string[];
  inheritEnv: boolean;
  /** `--trace` (text) or `--trace=json`; undefined without it. */
  trace?: "text" | "json";
  /** `--trace-file PATH`: trace and stats go there instead of stderr. */
  traceFile?: string;
  /** `--stats`: per-call totals at exit. */
  stats: boolean;
  listen: { host: string; port: number }[];
  /** `--invoke NAME`: call this export instead of `_start`. */
  invoke?: string;
  /** `--sigpipe ignore`: a write into a closed pipe answers EPIPE instead of ending the guest. */
  sigpipe: "exit" | "ignore";
  /** `-W max-wasm-stack=BYTES` (wasmtime's): the guest's stack, where the engine lets it be set. */
  maxWasmStack?: number;
  /** `-W max-memory-size=BYTES` (wasmtime's): how far the guest's memory may grow. */
  maxMemorySize?: number;
  /** `-W unknown-imports-trap` / `-W unknown-imports-default` (wasmtime's; trap wins). */
  unknownImports?: "trap" | "default";
  /** `-W timeout=DURATION` (wasmtime's): the run ends with 142 after this long. */
  timeout?: { ms: number; text: string };
  /** `-S preview0=n` (wasmtime's): a module importing `wasi_unstable` is refused. */
  noPreview0?: boolean;
}

export type ParseResult =
  | { kind: "run"; options: CliOptions }
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "usage-error"; message: string };

const VALUE_OPTIONS = new Set([
  "--dir",
  "--env",
  "--argv0",
  "--listen",
  "--tcplisten",
  "--invoke",
  "--trace-file",
  "--sigpipe",
  "-W",
  "--wasm",
  "-S",
  "--wasi",
  "-O",
  "--optimize",
  "-C",
  "--codegen",
  "-D",
  "--debug",
]);

/**
 * wasmtime's `-W` options wasirun accepts: `max-wasm-stack`, the guest's
 * stack in bytes, which each engine is given at start (lib/host/process.ts:
 * Deno and Bun start again with it, Node sets its V8 flags; README, "Exit
 * codes"); `max-memory-size`, bytes the guest's memory may grow to (its
 * maximum lowered in the module: lib/module.ts); `timeout`, how long the
 * run may last (lib/host/watchdog.ts); and what stands in for a function
 * import wasirun does not provide (`unknown-imports-trap`, `-default`).
 */
const WASM_SIZES = new Set(["max-wasm-stack", "max-memory-size"]);
const WASM_FLAGS = new Set(["unknown-imports-trap", "unknown-imports-default"]);
/**
 * wasmtime's `-W` switches for WebAssembly proposals, taken on (no value or
 * `=y`, as a wasmtime command line a program's docs give has them) and
 * changing nothing: the engine decides what it validates, and a module using
 * a proposal it lacks is refused by its compile, in one line, with the
 * switch or without. Off (`=n`) is a usage error: wasirun cannot make the
 * engine refuse what it takes.
 */
const WASM_PROPOSALS = new Set([
  "all-proposals",
  "branch-hinting",
  "bulk-memory",
  "custom-page-sizes",
  "exceptions",
  "extended-const",
  "function-references",
  "gc",
  "memory64",
  "multi-memory",
  "multi-value",
  "reference-types",
  "relaxed-simd",
  "shared-memory",
  "simd",
  "stack-switching",
  "tail-call",
  "threads",
  "wide-arithmetic",
]);
/**
 * wasmtime's `-S` options that hold for wasirun as they are: preview1 with
 * stdio, clocks, random, files and sockets (`cli`), the host's stdio
 * (`inherit-stdin`...), `wasi_unstable` (`preview0`); whether wasmtime
 * implements preview1 over preview2 changes nothing here, nor do the
 * network options of preview2's sockets (a preview1 guest has only the
 * sockets it is given). Each is taken with no value or `=y`;
 * `-S inherit-env` and `-S tcplisten` act (below), and `-S preview0=n`
 * refuses a `wasi_unstable` module, as wasmtime does.
 */
const WASI_ENABLED = new Set([
  "cli",
  "common",
  "preview0",
  "preview2",
  "inherit-stdin",
  "inherit-stdout",
  "inherit-stderr",
  "inherit-network",
  "allow-ip-name-lookup",
  "tcp",
  "udp",
]);
/**
 * Codegen, optimisation and debug settings (`-O`, `-C`, `-D`): for wasmtime's
 * compiler and its own debugging, not the JS engine.
 */
const IGNORED_OPTIONS = new Set(["-O", "--optimize", "-C", "--codegen", "-D", "--debug"]);
const FLAG_OPTIONS = new Set(["--inherit-env", "--stats", "--help", "-h", "--version", "-V"]);

/**
 * Parses `--dir HOST[::GUEST]`; `:ro` at the end makes it read-only, `:rw`
 * at the end says read-write (the default), so that a name that itself ends
 * in `:ro` can be given: `--dir backup:ro:rw`.
 */
function parseDir(value: string): { host: string; guest: string; readonly: boolean } {
  let spec = value;
  let readonly = false;
  const mode = spec.endsWith("::ro") || spec.endsWith("::rw") ? "" : spec.slice(-3);
  if (mode === ":ro" || mode === ":rw") {
    readonly = mode === ":ro";
    spec = spec.slice(0, -3);
  }
  const sep = spec.indexOf("::");
  if (sep === -1) return { host: spec, guest: spec, readonly };
  return { host: spec.slice(0, sep), guest: spec.slice(sep + 2), readonly };
}

export function parseArgs(
  argv: string[],
  hostEnv: (name: string) => string | undefined,
): ParseResult {
  const options: CliOptions = {
    module: "",
    guestArgs: [],
    dirs: [],
    env: [],
    envCopied: [],
    envUnset: [],
    inheritEnv: false,
    stats: false,
    listen: [],
    sigpipe: "exit",
  };
  let i = argv[0] === "run" ? 1 : 0;
  for (; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      i++;
      break;
    }
    if (!arg.startsWith("-") || arg === "-") break;
    let name = arg;
    let value: string | undefined;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq !== -1) {
      name = arg.slice(0, eq);
      value = arg.slice(eq + 1);
    } else if (/^-[WSOCD]./.test(arg)) {
      // wasmtime's short options also take their value attached: -Sinherit-env, -Wmax-wasm-stack=N.
      name = arg.slice(0, 2);
      value = arg.slice(2);
    }
    if (name === "--trace") {
      // --trace takes its format only as --trace=FORMAT: a module path may follow it.
      if (value !== undefined && value !== "text" && value !== "json") {
        return usage(`invalid --trace format '${value}': expected 'text' or 'json'`);
      }
      options.trace = value === "json" ? "json" : "text";
      continue;
    }
    if (FLAG_OPTIONS.has(name)) {
      if (value !== undefined) return usage(`option '${name}' takes no value`);
      if (name === "--help" || name === "-h") return { kind: "help" };
      if (name === "--version" || name === "-V") return { kind: "version" };
      if (name === "--inherit-env") options.inheritEnv = true;
      if (name === "--stats") options.stats = true;
      continue;
    }
    if (!VALUE_OPTIONS.has(name)) {
      const other = otherRuntimesOption(arg.split("=")[0]);
      return usage(`unknown option '${name}'` + (other ? `: ${other}` : ""));
    }
    if (value === undefined) {
      if (i + 1 >= argv.length) return usage(`option '${name}' needs a value`);
      value = argv[++i];
    }
    if (name === "--dir") {
      const dir = parseDir(value);
      // An empty guest name (`HOST::`) is wasmtime's too: wasi-libc then finds every path there.
      if (dir.host === "") return usage(`invalid --dir '${value}'`);
      options.dirs.push(dir);
    } else if (name === "--env") {
      const sep = value.indexOf("=");
      if (sep === 0) return usage(`invalid --env '${value}': the name is empty`);
      if (sep === -1) {
        const inherited = hostEnv(value);
        if (inherited === undefined) options.envUnset.push(value);
        else options.env.push([value, inherited]), options.envCopied.push(value);
      } else {
        options.env.push([value.slice(0, sep), value.slice(sep + 1)]);
      }
    } else if (name === "--listen" || name === "--tcplisten") {
      const address = parseHostPort(value);
      if (!address) return usage(`invalid ${name} '${value}': expected HOST:PORT`);
      options.listen.push(address);
    } else if (name === "--invoke") {
      options.invoke = value;
    } else if (name === "--trace-file") {
      if (value === "") return usage("invalid --trace-file '': the path is empty");
      options.traceFile = value;
    } else if (name === "--argv0") {
      options.argv0 = value;
    } else if (name === "-W" || name === "--wasm") {
      const error = wasmOptions(name, value, options);
      if (error) return usage(error);
    } else if (name === "-S" || name === "--wasi") {
      const error = wasiOptions(name, value, options);
      if (error) return usage(error);
    } else if (IGNORED_OPTIONS.has(name)) {
      // accepted, as wasmtime's command line has them; nothing here to tune
    } else if (name === "--sigpipe") {
      if (value !== "exit" && value !== "ignore") {
        return usage(`invalid --sigpipe '${value}': expected 'exit' or 'ignore'`);
      }
      options.sigpipe = value;
    }
  }
  if (options.traceFile !== undefined && !options.trace && !options.stats) {
    return usage("--trace-file needs --trace, --trace=json or --stats");
  }
  if (i >= argv.length) return usage("missing the module to run");
  options.module = argv[i];
  options.guestArgs = argv.slice(i + 1);
  // A byte that is not UTF-8 (a lone surrogate: lib/host/names.ts) goes to the guest as it came,
  // in its arguments and variables; wasirun's own paths and names must be UTF-8.
  // A loop, not flatMap and find: each of Bun's (JSC's) builtins is compiled at its first use,
  // ~0.2-0.4 ms of every start for flatMap (RATIONALE.md, "Forty-fifth round").
  const own = [options.module, options.traceFile, options.invoke];
  for (const dir of options.dirs) own.push(dir.host, dir.guest);
  let notUtf8: string | undefined;
  for (const value of own) {
    if (value !== undefined && !value.isWellFormed()) {
      notUtf8 = value;
      break;
    }
  }
  if (notUtf8 !== undefined) {
    return usage(
      `'${notUtf8.toWellFormed()}' is not valid UTF-8 (only the guest's arguments may not be)`,
    );
  }
  return { kind: "run", options };
}

/** `-W KEY=VALUE[,...]` into `options`; an error message for what wasirun does not take. */
function wasmOptions(name: string, value: string, options: CliOptions): string | undefined {
  for (const item of value.split(",")) {
    const sep = item.indexOf("=");
    const key = sep === -1 ? item : item.slice(0, sep);
    const setting = sep === -1 ? undefined : item.slice(sep + 1);
    if (WASM_SIZES.has(key)) {
      // wasmtime's spellings: decimal or 0x hexadecimal, with _ between digits.
      const digits = /^(0x[0-9a-f][0-9a-f_]*|[0-9][0-9_]*)$/i.test(setting ?? "")
        ? setting!.replaceAll("_", "")
        : undefined;
      // Past 2^64 - 1 wasmtime refuses it too (a u64); Number() took it as a huge size.
      if (digits === undefined || BigInt(digits) > U64_MAX) {
        return `invalid ${name} '${item}': expected ${key}=BYTES`;
      }
      // As wasmtime ("max_wasm_stack size cannot be zero"): no stack is no run.
      if (key === "max-wasm-stack" && BigInt(digits) === 0n) {
        return `invalid ${name} '${item}': the guest's stack cannot be zero bytes`;
      }
      if (key === "max-wasm-stack") options.maxWasmStack = Number(digits);
      else options.maxMemorySize = Number(digits);
    } else if (key === "timeout") {
      // wasmtime's spellings: whole seconds, or a number with s, ms, us (μs) or ns; 0 is at once.
      const m = /^(\d+)(s|ms|us|μs|ns)?$/.exec(setting ?? "");
      if (!m || BigInt(m[1]) > U64_MAX) {
        return `invalid ${name} '${item}': expected timeout=N, Ns, Nms, Nus or Nns`;
      }
      options.timeout = { ms: Number(m[1]) * UNIT_MS[m[2] ?? "s"], text: setting! };
    } else if (WASM_FLAGS.has(key)) {
      const on = yesNo(setting);
      if (on === undefined) return `invalid ${name} '${item}': expected ${key}[=y|n]`;
      const mode = key === "unknown-imports-trap" ? "trap" : "default";
      // wasmtime defines the traps first and the defaults only where nothing is: trap wins.
      if (on && (mode === "trap" || options.unknownImports !== "trap")) {
        options.unknownImports = mode;
      } else if (!on && options.unknownImports === mode) options.unknownImports = undefined;
    } else if (WASM_PROPOSALS.has(key)) {
      const on = yesNo(setting);
      if (on === undefined) return `invalid ${name} '${item}': expected ${key}[=y|n]`;
      if (!on) {
        return `unsupported ${name} option '${item}': wasirun cannot turn a proposal off ` +
          "(the engine decides what a module may use)";
      }
    } else {
      return `unsupported ${name} option '${key}': wasirun takes max-wasm-stack, ` +
        "max-memory-size, timeout, unknown-imports-trap, unknown-imports-default " +
        "and the proposals' switches turned on (see --help)";
    }
  }
  return undefined;
}

/** The largest `-W` number wasmtime takes (a u64). */
const U64_MAX = 2n ** 64n - 1n;

/** Milliseconds in each unit of `-W timeout`. */
const UNIT_MS: Record<string, number> = { s: 1000, ms: 1, us: 1e-3, "μs": 1e-3, ns: 1e-6 };

/** wasmtime's spellings of a boolean setting (none is yes); `undefined` for anything else. */
function yesNo(setting: string | undefined): boolean | undefined {
  if (setting === undefined || setting === "y" || setting === "yes" || setting === "true") {
    return true;
  }
  if (setting === "n" || setting === "no" || setting === "false") return false;
  return undefined;
}

/**
 * `-S KEY[=VALUE][,...]` into `options`; an error message for what wasirun
 * does not do (wasmtime's other proposals, or turning off what it always has).
 */
function wasiOptions(name: string, value: string, options: CliOptions): string | undefined {
  for (const item of value.split(",")) {
    const sep = item.indexOf("=");
    const key = sep === -1 ? item : item.slice(0, sep);
    const setting = sep === -1 ? undefined : item.slice(sep + 1);
    if (key === "tcplisten") {
      const address = setting === undefined ? undefined : parseHostPort(setting);
      if (!address) return `invalid ${name} '${item}': expected tcplisten=HOST:PORT`;
      options.listen.push(address);
      continue;
    }
    const unsupported = `unsupported ${name} option '${item}': wasirun acts on inherit-env and ` +
      "tcplisten=HOST:PORT, and takes the ones that always hold here (see --help)";
    if (!WASI_ENABLED.has(key) && key !== "inherit-env") return unsupported;
    const on = yesNo(setting);
    if (on === undefined) return `invalid ${name} '${item}': expected ${key}[=y|n]`;
    if (key === "inherit-env") {
      options.inheritEnv = on;
    } else if (key === "preview0") {
      options.noPreview0 = !on;
    } else if (key === "preview2") {
      // wasmtime's choice of its own preview1 implementation: either way, preview1 here
    } else if (!on) {
      return unsupported;
    }
  }
  return undefined;
}

/** `127.0.0.1:8080`, `localhost:0`, `[::1]:8080`. */
function parseHostPort(value: string): { host: string; port: number } | undefined {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port > 65535) return undefined;
  return { host: m[1] ?? m[2], port };
}

/** wazero's options (Go's flags: one dash or two), and what says the same here. */
const WAZERO_OPTIONS: Record<string, string> = {
  mount: "wazero's -mount=HOST:GUEST is --dir HOST::GUEST here (HOST::GUEST:ro read-only)",
  env: "wazero's -env NAME=VALUE is --env NAME=VALUE here",
  "env-inherit": "wazero's -env-inherit is --inherit-env here",
  timeout: "wazero's -timeout=D is -W timeout=D here",
  listen: "wazero's -listen is --listen HOST:PORT here",
  hostlogging: "wazero's -hostlogging is --trace here",
  cachedir: "wasirun has no compile cache to keep (the JS engine compiles the module)",
};

/** What says here what an option of wazero's (one dash or two) or older wasmtime's would. */
function otherRuntimesOption(option: string): string | undefined {
  if (option === "--mapdir") return "wasmtime's old --mapdir GUEST::HOST is --dir HOST::GUEST here";
  const name = option.replace(/^--?/, "");
  return Object.hasOwn(WAZERO_OPTIONS, name) ? WAZERO_OPTIONS[name] : undefined;
}

function usage(message: string): ParseResult {
  return { kind: "usage-error", message };
}
