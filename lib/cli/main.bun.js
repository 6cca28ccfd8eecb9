// @bun @bytecode @bun-cjs
(function(exports, require, module, __filename, __dirname) {var __defProp = Object.defineProperty;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __hasOwnProp = Object.prototype.hasOwnProperty;
function __accessProp(key) {
  return this[key];
}
var __toCommonJS = (from) => {
  var entry = (__moduleCache ??= new WeakMap).get(from), desc;
  if (entry)
    return entry;
  entry = __defProp({}, "__esModule", { value: true });
  if (from && typeof from === "object" || typeof from === "function") {
    for (var key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(entry, key))
        __defProp(entry, key, {
          get: __accessProp.bind(from, key),
          enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable
        });
  }
  __moduleCache.set(from, entry);
  return entry;
};
var __moduleCache;
var __returnValue = (v) => v;
function __exportSetter(name, newValue) {
  this[name] = __returnValue.bind(null, newValue);
}
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, {
      get: all[name],
      enumerable: true,
      configurable: true,
      set: __exportSetter.bind(all, name)
    });
};

// main.bundle.js
var exports_main_bundle = {};
__export(exports_main_bundle, {
  EXIT_FAILURE: () => EXIT_FAILURE,
  EXIT_INTERNAL: () => EXIT_INTERNAL,
  EXIT_TRAP: () => EXIT_TRAP,
  EXIT_USAGE: () => EXIT_USAGE,
  HELP: () => HELP,
  main: () => main,
  processExitCode: () => processExitCode,
  runCommand: () => runCommand
});
module.exports = __toCommonJS(exports_main_bundle);
var openLibrary = function openLibrary(path, signatures, { eager = false, node = false } = {}) {
  try {
    if (isDeno)
      return denoMayLoad(path) ? denoLibrary(path, signatures, eager) : undefined;
    if (isBun)
      return bunLibrary(path, signatures);
    if (node)
      return nodeLibrary(path, signatures);
  } catch {}
  return;
};
var denoMayLoad = function denoMayLoad(path) {
  return Deno.permissions.querySync({
    name: "ffi",
    path
  }).state === "granted";
};
var denoLibrary = function denoLibrary(path, signatures, eager) {
  const key = (name2, params) => `${name2}(${params.join()})`;
  let shared = denoOpened.get(path);
  if (!shared || eager) {
    const spec = {};
    if (!shared)
      spec.__errno_location = {
        parameters: [],
        result: "pointer"
      };
    const unbound = eager ? Object.entries(signatures).filter(([n, p]) => !shared?.bound.has(key(n, p))) : [];
    for (const [name2, params] of unbound)
      spec[name2] = {
        parameters: params,
        result: "i32"
      };
    const symbols = Deno.dlopen(path, spec).symbols;
    shared ??= {
      errnoLocation: symbols.__errno_location,
      bound: /* @__PURE__ */ new Map
    };
    denoOpened.set(path, shared);
    for (const [name2, params] of unbound) {
      shared.bound.set(key(name2, params), symbols[name2]);
    }
  }
  const { errnoLocation, bound: boundAlready } = shared;
  const fn = {};
  for (const [name2, params] of Object.entries(signatures)) {
    const id = key(name2, params);
    let bound = boundAlready.get(id);
    if (bound) {
      fn[name2] = bound;
      continue;
    }
    fn[name2] = (...args) => {
      if (!bound) {
        bound = boundAlready.get(id);
        if (!bound) {
          const symbols = Deno.dlopen(path, {
            [name2]: {
              parameters: params,
              result: "i32"
            }
          }).symbols;
          bound = symbols[name2];
          boundAlready.set(id, bound);
        }
        fn[name2] = bound;
      }
      return bound(...args);
    };
  }
  let view;
  const errno = () => {
    if (!view) {
      const ptr = errnoLocation();
      if (ptr === null)
        return 0;
      view = new Deno.UnsafePointerView(ptr);
    }
    return view.getInt32();
  };
  return {
    fn,
    errno
  };
};
var bunLibrary = function bunLibrary(path, signatures) {
  bunFfi ??= globalThis.process.getBuiltinModule("bun:ffi");
  const { dlopen, read: read3 } = bunFfi;
  const spec = {
    __errno_location: {
      args: [],
      returns: "ptr"
    }
  };
  for (const [name2, params] of Object.entries(signatures)) {
    spec[name2] = {
      args: params.map((p) => p === "buffer" ? "ptr" : p),
      returns: "i32"
    };
  }
  const s = dlopen(path, spec).symbols;
  const errnoAt = s.__errno_location();
  return {
    fn: s,
    errno: () => read3.i32(errnoAt, 0)
  };
};
var loadNodeFfi = function loadNodeFfi() {
  const process = globalThis.process;
  const emitWarning = process.emitWarning;
  process.emitWarning = (warning, ...rest) => {
    if (!String(warning).includes("FFI"))
      emitWarning.call(process, warning, ...rest);
  };
  try {
    return process.getBuiltinModule("node:ffi") ?? null;
  } catch {
    return null;
  } finally {
    process.emitWarning = emitWarning;
  }
};
var nodeLibrary = function nodeLibrary(path, signatures) {
  if (nodeFfi === undefined)
    nodeFfi = loadNodeFfi();
  const ffi2 = nodeFfi;
  if (!ffi2)
    return;
  const definitions = {
    __errno_location: {
      arguments: [],
      return: "pointer"
    }
  };
  for (const [name2, params] of Object.entries(signatures)) {
    definitions[name2] = {
      arguments: params.map((p) => NODE_TYPES[p]),
      return: "int32"
    };
  }
  const functions = ffi2.dlopen(path, definitions).functions;
  const errnoAt = functions.__errno_location();
  const errno = () => ffi2.getInt32(errnoAt, 0);
  const fn = {};
  for (const name2 of Object.keys(signatures))
    fn[name2] = againOnce(functions[name2], errno);
  return {
    fn,
    errno
  };
};
var againOnce = function againOnce(call, errno) {
  return (...args) => {
    const r = call(...args);
    return r < 0 && errno() === EAGAIN ? call(...args) : r;
  };
};
var openWaitingFunction = function openWaitingFunction(path, name2, params) {
  if (!isDeno || !denoMayLoad(path))
    return;
  try {
    const lib = Deno.dlopen(path, {
      [name2]: {
        parameters: params,
        result: "i32",
        nonblocking: true
      }
    });
    return lib.symbols[name2];
  } catch {
    return;
  }
};
var hostProcess = function hostProcess() {
  return globalThis.process;
};
var programArgs = function programArgs() {
  return isDeno ? [
    ...Deno.args
  ] : hostProcess().argv.slice(2);
};
var getEnv = function getEnv(name2) {
  try {
    if (!isDeno)
      return hostProcess().env[name2];
    const allowed = Deno.permissions.querySync({
      name: "env",
      variable: name2
    }).state === "granted";
    return allowed ? Deno.env.get(name2) : undefined;
  } catch {
    return;
  }
};
var mayWrite = function mayWrite(path) {
  try {
    if (isDeno)
      return Deno.permissions.querySync({
        name: "write",
        path
      }).state === "granted";
    const permission = hostProcess().permission;
    return permission ? permission.has("fs.write", path) : true;
  } catch {
    return true;
  }
};
var envEntries = function envEntries() {
  if (isDeno && Deno.permissions.querySync({
    name: "env"
  }).state !== "granted") {
    throw new Deno.errors.NotCapable("no env permission");
  }
  const env = isDeno ? Deno.env.toObject() : hostProcess().env;
  return Object.entries(env).filter((e) => e[1] !== undefined);
};
var onSignal = function onSignal(signal, listener) {
  if (isDeno)
    Deno.addSignalListener(signal, listener);
  else
    hostProcess().on(signal, listener);
};
var offSignal = function offSignal(signal, listener) {
  if (isDeno)
    Deno.removeSignalListener(signal, listener);
  else
    hostProcess().off(signal, listener);
};
var exitHost = function exitHost(code) {
  return isDeno ? Deno.exit(code) : hostProcess().exit(code);
};
var exitCommand = function exitCommand(code) {
  if (!isDeno && !isBun && !writesAtExit()) {
    try {
      const exit = openLibrary("libc.so.6", {
        _exit: [
          "i32"
        ]
      }, {
        node: true
      })?.fn._exit;
      if (exit) {
        flushCompileCache();
        exit(code);
      }
    } catch {}
  }
  return exitHost(code);
};
var flushCompileCache = function flushCompileCache() {
  try {
    builtin("node:module").flushCompileCache?.();
  } catch {}
};
var writesAtExit = function writesAtExit() {
  const process = hostProcess();
  return process.env.NODE_V8_COVERAGE !== undefined || process.execArgv.some((a) => /^--(cpu-prof|heap-prof|prof)\b/.test(a)) || /(^|\s)--(cpu-prof|heap-prof|prof)\b/.test(process.env.NODE_OPTIONS ?? "");
};
var builtin = function builtin(name2) {
  return loaded[name2] ??= hostProcess().getBuiltinModule(name2);
};
var nodeFs = function nodeFs() {
  return builtin("node:fs");
};
var setImmediate = function setImmediate(callback) {
  return globalThis.setImmediate(callback);
};
var clearImmediate = function clearImmediate(handle) {
  globalThis.clearImmediate(handle);
};
var trapReason = function trapReason(message) {
  for (const [pattern, reason] of TRAP_REASONS)
    if (pattern.test(message))
      return reason;
  return message;
};
var asTrap = function asTrap(error) {
  if (error instanceof GuestTrap)
    return error;
  if (error instanceof WebAssembly.RuntimeError) {
    return new GuestTrap(trapReason(error.message), false, {
      cause: error
    });
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new GuestTrap("call stack exhausted", true, {
      cause: error
    });
  }
  const Exc = WebAssembly.Exception;
  if (Exc !== undefined && error instanceof Exc) {
    return new GuestTrap("thrown Wasm exception", false, {
      cause: error
    });
  }
  return;
};
var parseDir = function parseDir(value) {
  let spec = value;
  let readonly = false;
  if (spec.endsWith(":ro") && !spec.endsWith("::ro")) {
    readonly = true;
    spec = spec.slice(0, -3);
  }
  const sep = spec.indexOf("::");
  if (sep === -1)
    return {
      host: spec,
      guest: spec,
      readonly
    };
  return {
    host: spec.slice(0, sep),
    guest: spec.slice(sep + 2),
    readonly
  };
};
var parseArgs = function parseArgs(argv, hostEnv) {
  const options = {
    module: "",
    guestArgs: [],
    dirs: [],
    env: [],
    inheritEnv: false,
    stats: false,
    listen: [],
    sigpipe: "exit"
  };
  let i = argv[0] === "run" ? 1 : 0;
  for (;i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      i++;
      break;
    }
    if (!arg.startsWith("-") || arg === "-")
      break;
    let name2 = arg;
    let value;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq !== -1) {
      name2 = arg.slice(0, eq);
      value = arg.slice(eq + 1);
    } else if (/^-[WSOC]./.test(arg)) {
      name2 = arg.slice(0, 2);
      value = arg.slice(2);
    }
    if (name2 === "--trace") {
      if (value !== undefined && value !== "text" && value !== "json") {
        return usage(`invalid --trace format '${value}': expected 'text' or 'json'`);
      }
      options.trace = value === "json" ? "json" : "text";
      continue;
    }
    if (FLAG_OPTIONS.has(name2)) {
      if (value !== undefined)
        return usage(`option '${name2}' takes no value`);
      if (name2 === "--help" || name2 === "-h")
        return {
          kind: "help"
        };
      if (name2 === "--version" || name2 === "-V")
        return {
          kind: "version"
        };
      if (name2 === "--inherit-env")
        options.inheritEnv = true;
      if (name2 === "--stats")
        options.stats = true;
      continue;
    }
    if (!VALUE_OPTIONS.has(name2))
      return usage(`unknown option '${name2}'`);
    if (value === undefined) {
      if (i + 1 >= argv.length)
        return usage(`option '${name2}' needs a value`);
      value = argv[++i];
    }
    if (name2 === "--dir") {
      const dir = parseDir(value);
      if (dir.host === "" || dir.guest === "")
        return usage(`invalid --dir '${value}'`);
      options.dirs.push(dir);
    } else if (name2 === "--env") {
      const sep = value.indexOf("=");
      if (sep === 0)
        return usage(`invalid --env '${value}': the name is empty`);
      if (sep === -1) {
        const inherited = hostEnv(value);
        if (inherited !== undefined)
          options.env.push([
            value,
            inherited
          ]);
      } else {
        options.env.push([
          value.slice(0, sep),
          value.slice(sep + 1)
        ]);
      }
    } else if (name2 === "--listen" || name2 === "--tcplisten") {
      const address = parseHostPort(value);
      if (!address)
        return usage(`invalid ${name2} '${value}': expected HOST:PORT`);
      options.listen.push(address);
    } else if (name2 === "--invoke") {
      options.invoke = value;
    } else if (name2 === "--trace-file") {
      if (value === "")
        return usage("invalid --trace-file '': the path is empty");
      options.traceFile = value;
    } else if (name2 === "--argv0") {
      options.argv0 = value;
    } else if (name2 === "-W" || name2 === "--wasm") {
      const error = wasmOptions(name2, value, options);
      if (error)
        return usage(error);
    } else if (name2 === "-S" || name2 === "--wasi") {
      const error = wasiOptions(name2, value, options);
      if (error)
        return usage(error);
    } else if (IGNORED_OPTIONS.has(name2)) {} else if (name2 === "--sigpipe") {
      if (value !== "exit" && value !== "ignore") {
        return usage(`invalid --sigpipe '${value}': expected 'exit' or 'ignore'`);
      }
      options.sigpipe = value;
    }
  }
  if (options.traceFile !== undefined && !options.trace && !options.stats) {
    return usage("--trace-file needs --trace, --trace=json or --stats");
  }
  if (i >= argv.length)
    return usage("missing the module to run");
  options.module = argv[i];
  options.guestArgs = argv.slice(i + 1);
  return {
    kind: "run",
    options
  };
};
var wasmOptions = function wasmOptions(name2, value, options) {
  for (const item of value.split(",")) {
    const sep = item.indexOf("=");
    const key = sep === -1 ? item : item.slice(0, sep);
    const setting = sep === -1 ? undefined : item.slice(sep + 1);
    if (WASM_SIZES.has(key)) {
      const digits = /^(0x[0-9a-f][0-9a-f_]*|[0-9][0-9_]*)$/i.test(setting ?? "") ? setting.replaceAll("_", "") : undefined;
      if (digits === undefined)
        return `invalid ${name2} '${item}': expected ${key}=BYTES`;
      if (key === "max-wasm-stack")
        options.maxWasmStack = Number(digits);
      else
        options.maxMemorySize = Number(digits);
    } else if (key === "timeout") {
      const m = /^(\d+)(s|ms|us|\u03BCs|ns)?$/.exec(setting ?? "");
      if (!m)
        return `invalid ${name2} '${item}': expected timeout=N, Ns, Nms, Nus or Nns`;
      options.timeout = {
        ms: Number(m[1]) * UNIT_MS[m[2] ?? "s"],
        text: setting
      };
    } else if (WASM_FLAGS.has(key)) {
      const on = yesNo(setting);
      if (on === undefined)
        return `invalid ${name2} '${item}': expected ${key}[=y|n]`;
      const mode = key === "unknown-imports-trap" ? "trap" : "default";
      if (on && (mode === "trap" || options.unknownImports !== "trap")) {
        options.unknownImports = mode;
      } else if (!on && options.unknownImports === mode)
        options.unknownImports = undefined;
    } else {
      return `unsupported ${name2} option '${key}': wasirun takes max-wasm-stack, max-memory-size, timeout, unknown-imports-trap and unknown-imports-default`;
    }
  }
  return;
};
var yesNo = function yesNo(setting) {
  if (setting === undefined || setting === "y" || setting === "yes" || setting === "true") {
    return true;
  }
  if (setting === "n" || setting === "no" || setting === "false")
    return false;
  return;
};
var wasiOptions = function wasiOptions(name2, value, options) {
  for (const item of value.split(",")) {
    const sep = item.indexOf("=");
    const key = sep === -1 ? item : item.slice(0, sep);
    const setting = sep === -1 ? undefined : item.slice(sep + 1);
    if (key === "tcplisten") {
      const address = setting === undefined ? undefined : parseHostPort(setting);
      if (!address)
        return `invalid ${name2} '${item}': expected tcplisten=HOST:PORT`;
      options.listen.push(address);
      continue;
    }
    const on = yesNo(setting);
    if (on === undefined)
      return `invalid ${name2} '${item}': expected ${key}[=y|n]`;
    if (key === "inherit-env") {
      options.inheritEnv = on;
    } else if (key === "preview2") {} else if (!WASI_ENABLED.has(key) || !on) {
      return `unsupported ${name2} option '${item}': wasirun acts on inherit-env and tcplisten=HOST:PORT, and takes the ones that always hold here (see --help)`;
    }
  }
  return;
};
var parseHostPort = function parseHostPort(value) {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  if (!m)
    return;
  const port = Number(m[3]);
  if (port > 65535)
    return;
  return {
    host: m[1] ?? m[2],
    port
  };
};
var usage = function usage(message) {
  return {
    kind: "usage-error",
    message
  };
};
var readModuleBytes = async function readModuleBytes(path) {
  if (isBun) {
    const file2 = globalThis.Bun.file(path);
    if (file2.size !== Infinity) {
      checkSize(file2.size);
      return await file2.bytes();
    }
  }
  const file = isDeno ? denoFile(path) : nodeFile(path);
  try {
    checkSize(file.size);
    if (file.size === 0) {
      const buf = new Uint8Array(1 << 20);
      return readBounded(() => {
        const n = file.read(buf);
        return n === 0 ? undefined : buf.slice(0, n);
      });
    }
    const ranges = file.size >= STREAM_MIN && withoutDwarf(file) || [
      [
        0,
        file.size
      ]
    ];
    return readRanges(file, ranges) ?? file.readAll();
  } finally {
    file.close();
  }
};
var tooLarge = function tooLarge() {
  return new RangeError("larger than 1 GiB, the most a WebAssembly engine takes");
};
var checkSize = function checkSize(size) {
  if (size > MODULE_MAX)
    throw tooLarge();
};
var readBounded = function readBounded(next) {
  const chunks = [];
  let total = 0;
  for (let chunk = next();chunk !== undefined; chunk = next()) {
    chunks.push(chunk);
    total += chunk.length;
    if (total > MODULE_MAX)
      throw tooLarge();
    if (total >= PREAMBLE.length && chunks.length === 1 && !isModule(chunk))
      break;
  }
  const bytes = pageAlignedBytes(total);
  let off = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, off);
    off += chunk.length;
  }
  return bytes;
};
var isModule = function isModule(bytes) {
  return PREAMBLE.every((b, i) => bytes[i] === b);
};
var denoFile = function denoFile(path) {
  const file = Deno.openSync(path);
  try {
    const { size, isFile } = file.statSync();
    return {
      size: isFile ? size : 0,
      readAt(buf, pos) {
        file.seekSync(pos, Deno.SeekMode.Start);
        return file.readSync(buf) ?? 0;
      },
      read: (buf) => file.readSync(buf) ?? 0,
      readAll: () => Deno.readFileSync(path),
      close: () => file.close()
    };
  } catch (e) {
    file.close();
    throw e;
  }
};
var nodeFile = function nodeFile(path) {
  const fs = nodeFs();
  const fd = fs.openSync(path, "r");
  try {
    const stat = fs.fstatSync(fd);
    return {
      size: stat.isFile() ? stat.size : 0,
      readAt: (buf, pos) => fs.readSync(fd, buf, 0, buf.length, pos),
      read: (buf) => fs.readSync(fd, buf, 0, buf.length, null),
      readAll: () => new Uint8Array(fs.readFileSync(path)),
      close: () => fs.closeSync(fd)
    };
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
};
var readRanges = function readRanges(file, ranges) {
  const bytes = pageAlignedBytes(ranges.reduce((n, [start, end]) => n + end - start, 0));
  let off = 0;
  for (const [start, end] of ranges) {
    for (let pos = start;pos < end; ) {
      const n = file.readAt(bytes.subarray(off, off + end - pos), pos);
      if (n === 0)
        return;
      pos += n;
      off += n;
    }
  }
  return file.readAt(new Uint8Array(1), file.size) === 0 ? bytes : undefined;
};
var sectionAt = function sectionAt(buf, at2, limit) {
  const size = leb(buf, at2 + 1, limit);
  if (at2 >= limit || size === undefined)
    return;
  const contentEnd = size[1] + size[0];
  const length = contentEnd - at2;
  if (buf[at2] !== 0)
    return {
      length,
      dwarf: false
    };
  const name2 = leb(buf, size[1], limit);
  if (name2 === undefined)
    return;
  const [nameLength, nameStart] = name2;
  if (nameLength < DEBUG.length || nameStart + nameLength > contentEnd) {
    return {
      length,
      dwarf: false
    };
  }
  if (nameStart + DEBUG.length > limit)
    return;
  return {
    length,
    dwarf: DEBUG.every((b, i) => buf[nameStart + i] === b)
  };
};
var leb = function leb(buf, at2, limit) {
  let value = 0;
  for (let i = 0;i < 5 && at2 + i < limit; i++) {
    const b = buf[at2 + i];
    value += (b & 127) * 2 ** (7 * i);
    if ((b & 128) === 0)
      return [
        value,
        at2 + i + 1
      ];
  }
  return;
};
var withoutDwarf = function withoutDwarf(file) {
  const header = new Uint8Array(HEADER_MAX);
  const n = file.readAt(header.subarray(0, PREAMBLE.length), 0);
  if (n !== PREAMBLE.length || !isModule(header))
    return;
  const ranges = [];
  let keepFrom = 0;
  for (let pos = PREAMBLE.length;pos < file.size; ) {
    const section2 = sectionAt(header, 0, file.readAt(header, pos));
    if (section2 === undefined || pos + section2.length > file.size)
      break;
    if (section2.dwarf) {
      if (pos > keepFrom)
        ranges.push([
          keepFrom,
          pos
        ]);
      keepFrom = pos + section2.length;
    }
    pos += section2.length;
  }
  if (keepFrom === 0)
    return;
  if (keepFrom < file.size)
    ranges.push([
      keepFrom,
      file.size
    ]);
  return ranges;
};
var pageAlignedBytes = function pageAlignedBytes(size) {
  try {
    const memory = new WebAssembly.Memory({
      initial: Math.ceil(size / 65536)
    });
    return new Uint8Array(memory.buffer, 0, size);
  } catch {
    return new Uint8Array(size);
  }
};
var errnoName = function errnoName(errno) {
  return NAMES[errno] ?? `errno ${errno}`;
};
var errnoOfHost = function errnoOfHost(hostErrno2) {
  return BY_NUMBER[hostErrno2] ?? Errno.IO;
};
var hostErrnoName = function hostErrnoName(hostErrno2) {
  return NAME_OF_NUMBER[hostErrno2] ?? `errno ${hostErrno2}`;
};
var hostError = function hostError(hostErrno2, call) {
  const code = hostErrnoName(hostErrno2);
  return Object.assign(new Error(`${code}: ${call} failed`), {
    code,
    errno: -hostErrno2
  });
};
var checkHost = function checkHost(result, call) {
  if (result < 0)
    throw hostError(-result, call);
  return result;
};
var hostErrno = function hostErrno(error) {
  if (error instanceof Error) {
    const { code, errno } = error;
    if (typeof code === "string" && Object.hasOwn(BY_CODE, code))
      return BY_CODE[code];
    if (typeof errno === "number" && errno !== 0)
      return errnoOfHost(Math.abs(errno));
    const os = OS_ERROR.exec(error.message);
    if (os)
      return errnoOfHost(Number(os[1]));
    if (Object.hasOwn(BY_NAME, error.name))
      return BY_NAME[error.name];
  }
  throw error;
};
var tryHost = function tryHost(call) {
  try {
    return [
      call(),
      0
    ];
  } catch (e) {
    return [
      undefined,
      hostErrno(e)
    ];
  }
};
var describeFsError = function describeFsError(e, what) {
  const code = e.code;
  const name2 = e.name;
  const reason = code === "ENOENT" || name2 === "NotFound" ? "no such file or directory" : code === "EISDIR" || name2 === "IsADirectory" ? "is a directory" : code === "ENOTDIR" || name2 === "NotADirectory" ? "not a directory" : code === "EACCES" || code === "EPERM" || code === "ERR_ACCESS_DENIED" || name2 === "NotCapable" || name2 === "PermissionDenied" ? "permission denied" : e.message;
  return `${what}: ${reason}`;
};
var filetypeOfMode = function filetypeOfMode(mode) {
  return FILETYPE_BY_MODE[mode & S_IFMT] ?? Filetype.UNKNOWN;
};
var encodeTimespec = function encodeTimespec(out, at2, time2) {
  if (time2 === "now" || time2 === "omit") {
    out.setBigInt64(at2, 0n, true);
    out.setBigInt64(at2 + 8, BigInt(time2 === "now" ? UTIME_NOW : UTIME_OMIT), true);
  } else {
    out.setBigInt64(at2, time2 / 1000000000n, true);
    out.setBigInt64(at2 + 8, time2 % 1000000000n, true);
  }
};
var nanoseconds = function nanoseconds(from, at2, to, out) {
  const lo = from.getUint32(at2, true), hi = from.getUint32(at2 + 4, true);
  if (hi & 2147483648) {
    to.setUint32(out, 0, true);
    to.setUint32(out + 4, 0, true);
    return;
  }
  const nsec = from.getUint32(at2 + 8, true);
  const upper = (lo >>> 16) * 1e9;
  const low = (lo & 65535) * 1e9 + nsec + upper % 65536 * 65536;
  const carry = Math.floor(low / 4294967296) + Math.floor(upper / 65536);
  to.setUint32(out, low >>> 0, true);
  to.setUint32(out + 4, carry + Math.imul(hi, 1e9) >>> 0, true);
};
var makedev = function makedev(major, minor) {
  if (major < 4096 && minor < 256)
    return BigInt(major << 8 | minor);
  const ma = BigInt(major), mi = BigInt(minor);
  return (ma & 0xfffff000n) << 32n | (ma & 0xfffn) << 8n | (mi & 0xffffff00n) << 12n | mi & 0xffn;
};
var libc = function libc() {
  if (loaded2 === undefined)
    loaded2 = load();
  return loaded2 ?? undefined;
};
var requestedResolver = function requestedResolver() {
  return getEnv("WASIRUN_RESOLVER") || undefined;
};
var fdLibc = function fdLibc() {
  const wanted = requestedResolver();
  return wanted === "procfs" || wanted === "paths" ? undefined : libc();
};
var load = function load() {
  if (platform !== "linux")
    return null;
  const lib = openLibrary("libc.so.6", SIGNATURES, {
    node: true
  });
  if (!lib)
    return null;
  return new Libc(lib.fn, lib.errno);
};
var streamLibc = function streamLibc() {
  stdioPool ??= getEnv("WASIRUN_STDIO") === "pool";
  return stdioPool ? undefined : streamCalls();
};
var streamCalls = function streamCalls() {
  if (streams === undefined)
    streams = loadStreams();
  return streams ?? undefined;
};
var loadStreams = function loadStreams() {
  if (platform !== "linux")
    return null;
  const start = openLibrary("libc.so.6", START_STREAM_SIGNATURES, {
    eager: true
  });
  const later = start && openLibrary("libc.so.6", LATER_STREAM_SIGNATURES);
  if (!later)
    return null;
  const fn = Object.assign(later.fn, start.fn);
  return new StreamLibc(fn, start.errno);
};
var stdioKind = function stdioKind(fd) {
  if (ffi)
    return kindOfMode(fd, ffi.mode(fd), ffi.rdevMajor());
  let stat;
  try {
    stat = nodeFs().fstatSync(fd);
  } catch {
    return "closed";
  }
  if (stat.isFile())
    return "file";
  if (stat.isFIFO())
    return "pipe";
  if (stat.isSocket())
    return "socket";
  if (stat.isCharacterDevice())
    return !isMemoryDevice(stat) && isatty(fd) ? "tty" : "device";
  return "file";
};
var streamIdentity = function streamIdentity(fd) {
  if (ffi) {
    const id = ffi.identity(fd);
    return typeof id === "string" ? id : undefined;
  }
  try {
    const stat = nodeFs().fstatSync(fd, {
      bigint: true
    });
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return;
  }
};
var isMemoryDevice = function isMemoryDevice(stat) {
  return (stat.rdev >> 8 & 4095) === 1;
};
var kindOfMode = function kindOfMode(fd, mode, rdevMajor) {
  if (mode < 0)
    return "closed";
  const kind = KIND_OF_TYPE[mode & S_IFMT2] ?? "file";
  return kind === "device" && rdevMajor !== 1 && ffi.isatty(fd) ? "tty" : kind;
};
var isatty = function isatty(fd) {
  if (isDeno && fd <= 2)
    return [
      Deno.stdin,
      Deno.stdout,
      Deno.stderr
    ][fd].isTerminal();
  return builtin("node:tty").isatty(fd);
};
var readSync = function readSync(fd, dst) {
  if (ffi)
    return checkHost(ffi.read(fd, dst), "read");
  return nodeFs().readSync(fd, dst, 0, dst.length, null);
};
var writeSync = function writeSync(fd, src) {
  if (ffi)
    return checkHost(ffi.write(fd, src), "write");
  return nodeFs().writeSync(fd, src, 0, src.length);
};
var nonBlocking = function nonBlocking(fd, direction) {
  if (!ffi)
    return;
  const access = direction === "read" ? L.O_RDONLY : L.O_WRONLY;
  const own = ffi.reopen(fd, access | L.O_NONBLOCK);
  if (own < 0)
    return;
  const calls = ffi;
  let open = true;
  let grow = true;
  let polling = 0;
  let closed = false;
  const release2 = () => {
    if (!closed)
      calls.close(own);
    closed = true;
  };
  const wouldWait = (r) => {
    if (r === WOULD_BLOCK && grow) {
      grow = false;
      growPipe(calls, own);
    }
    return r;
  };
  const nb = {
    read: (dst) => open ? wouldWait(calls.read(own, dst)) : -EBADF,
    write: (src) => open ? wouldWait(calls.write(own, src)) : -EBADF,
    close: () => {
      open = false;
      if (polling === 0)
        release2();
    }
  };
  if (isBun && direction === "write") {
    nb.waitingWrite = bunWaitingWrite(fd, nb, own);
    return nb;
  }
  if (isBun) {
    nb.waitingRead = bunWaitingRead(fd, nb);
    return nb;
  }
  if (!calls.canWait)
    return nb;
  const waiting = (op) => async (buf) => {
    for (;; ) {
      const r = op(buf);
      if (r !== WOULD_BLOCK)
        return checkHost(r, direction);
      polling++;
      try {
        await calls.waitFor(own, direction, WAIT_SLICE_MS);
      } finally {
        if (--polling === 0 && !open)
          release2();
      }
    }
  };
  nb.waitingRead = waiting(nb.read);
  nb.waitingWrite = waiting(nb.write);
  return nb;
};
var growPipe = function growPipe(calls, fd) {
  const size = calls.fcntl(fd, F_GETPIPE_SZ, 0);
  if (size > 0 && size < PIPE_SIZE)
    calls.fcntl(fd, F_SETPIPE_SZ, PIPE_SIZE);
};
var bunWaitingRead = function bunWaitingRead(fd, nb) {
  return async (dst) => {
    if (exitsExplicitly && bunPoolReads < BUN_POOL_READS) {
      bunPoolReads++;
      try {
        return await read(fd, dst);
      } finally {
        bunPoolReads--;
      }
    }
    for (let delay = 1;; delay = Math.min(delay * 2, MAX_POLLED_WAIT_MS)) {
      const r = nb.read(dst);
      if (r !== WOULD_BLOCK)
        return checkHost(r, "read");
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  };
};
var processExitsExplicitly = function processExitsExplicitly() {
  exitsExplicitly = true;
};
var bunWaitingWrite = function bunWaitingWrite(fd, nb, own) {
  let sink;
  return async (src) => {
    if (src.length < DIRECT_WRITE_MIN)
      return write(fd, src);
    const r = nb.write(src);
    if (r !== WOULD_BLOCK)
      return checkHost(r, "write");
    if (!sink) {
      const bun = globalThis.Bun;
      sink = bun.file(own).writer({
        highWaterMark: 64 * 1024
      });
      sink.unref();
    }
    sink.ref();
    try {
      const written = sink.write(src);
      await sink.flush();
      await written;
      if ((libc()?.pollWritable(own) ?? 0) & POLLERR)
        checkHost(-EPIPE, "write");
    } finally {
      sink.unref();
    }
    return src.length;
  };
};
var openFile = function openFile(path, flags) {
  return nodeFs().openSync(path, flags);
};
var closeFile = function closeFile(fd) {
  nodeFs().closeSync(fd);
};
var reader = function reader(fd) {
  const pool = {
    read: (dst) => read(fd, dst),
    close: () => {}
  };
  if (isDeno || isBun)
    return pool;
  let made;
  const make = () => {
    if (!made) {
      const stream = nodeStream(fd);
      made = stream ? streamReader(stream) : pool;
    }
    return made;
  };
  return {
    read: (dst) => make().read(dst),
    close: () => made?.close(),
    tryNow: (dst) => make().tryNow?.(dst) ?? WOULD_BLOCK
  };
};
var nodeStream = function nodeStream(fd) {
  const fs = nodeFs();
  const { O_RDONLY, O_NONBLOCK, O_NOCTTY: O_NOCTTY2 } = fs.constants;
  let own;
  try {
    own = nodeFs().openSync(`/proc/self/fd/${fd}`, O_RDONLY | O_NONBLOCK | O_NOCTTY2);
  } catch {
    if (fd > 2)
      return;
  }
  const handleFd = own ?? fd;
  try {
    if (isatty(handleFd))
      return new (builtin("node:tty")).ReadStream(handleFd);
    return new (builtin("node:net")).Socket({
      fd: handleFd,
      readable: true,
      writable: false,
      manualStart: true
    });
  } catch {
    if (own !== undefined)
      nodeFs().closeSync(own);
    return;
  }
};
var writer = function writer(fd) {
  if (isDeno || isBun)
    return;
  const fs = nodeFs();
  let own;
  try {
    own = fs.openSync(`/proc/self/fd/${fd}`, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
  } catch {
    return;
  }
  let socket;
  try {
    socket = new (builtin("node:net")).Socket({
      fd: own,
      readable: false,
      writable: true
    });
  } catch {
    fs.closeSync(own);
    return;
  }
  socket.on("error", () => {});
  socket.unref();
  return {
    write: (src) => new Promise((resolve, reject) => {
      socket.write(src, (err) => err ? reject(err) : resolve(src.length));
    }),
    close: () => socket.destroy()
  };
};
var streamReader = function streamReader(stream) {
  const handleFd = stream._handle?.fd;
  let leftover;
  let ended = false;
  let failure;
  stream.on("end", () => ended = true);
  stream.on("close", () => ended = true);
  stream.on("error", (e) => failure = e);
  const changed = () => new Promise((resolve) => {
    const done = () => {
      for (const ev of [
        "readable",
        "end",
        "close",
        "error"
      ])
        stream.off(ev, done);
      resolve();
    };
    for (const ev of [
      "readable",
      "end",
      "close",
      "error"
    ])
      stream.on(ev, done);
  });
  const take = (from, dst) => {
    const n = Math.min(dst.length, from.length);
    dst.set(from.subarray(0, n));
    leftover = from.subarray(n);
    return n;
  };
  return {
    async read(dst) {
      while (!leftover?.length) {
        if (failure)
          throw failure;
        if (ended)
          return 0;
        const chunk = stream.read();
        if (chunk !== null)
          leftover = chunk;
        else
          await changed();
      }
      return take(leftover, dst);
    },
    tryNow(dst) {
      if (!leftover?.length) {
        if (failure)
          return WOULD_BLOCK;
        if (ended)
          return 0;
        const chunk = stream.readableLength > 0 ? stream.read() : null;
        if (chunk !== null)
          leftover = chunk;
        else {
          if (handleFd === undefined || handleFd < 0)
            return WOULD_BLOCK;
          try {
            const n = nodeFs().readSync(handleFd, dst, 0, dst.length, null);
            if (n === 0)
              ended = true;
            return n;
          } catch {
            return WOULD_BLOCK;
          }
        }
      }
      return take(leftover, dst);
    },
    close: () => stream.destroy()
  };
};
var read = function read(fd, dst) {
  return retryAgain(() => new Promise((resolve, reject) => {
    nodeFs().read(fd, dst, 0, dst.length, null, (err, n) => err ? reject(err) : resolve(n));
  }));
};
var write = function write(fd, src) {
  return retryAgain(() => new Promise((resolve, reject) => {
    nodeFs().write(fd, src, 0, src.length, null, (err, n) => err ? reject(err) : resolve(n));
  }));
};
var retryAgain = async function retryAgain(op) {
  for (let delay = 0.5;; delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS)) {
    try {
      return await op();
    } catch (e) {
      const code = e.code;
      if (code !== "EAGAIN" && code !== "EWOULDBLOCK")
        throw e;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
};
var takeEarly = function takeEarly(path) {
  const started = state[STARTED];
  if (started?.path !== path)
    return;
  state[STARTED] = undefined;
  return started.early;
};
var fail = function fail(r) {
  return errnoOfHost(-r);
};
var isAscii = function isAscii(text) {
  for (let i = 0;i < text.length; i++)
    if (text.charCodeAt(i) > 127)
      return false;
  return true;
};
var eventNames = function eventNames(buf, at2, len, name2) {
  if (name2.length >= len || buf[at2 + name2.length] !== 0)
    return false;
  for (let i = 0;i < name2.length; i++)
    if (buf[at2 + i] !== name2.charCodeAt(i))
      return false;
  return true;
};
var sameName = function sameName(cached, name2, end) {
  if (typeof name2 === "string")
    return cached === name2;
  if (cached.length !== end)
    return false;
  for (let i = 0;i < end; i++)
    if (cached.charCodeAt(i) !== name2[i])
      return false;
  return true;
};
var hasOpenat2 = function hasOpenat2(c) {
  const fd = c.openat2(L.AT_FDCWD, ".", L.O_PATH | L.O_DIRECTORY, RESOLVE);
  if (fd >= 0)
    c.close(fd);
  return fd >= 0;
};
var openAsync = function openAsync(path, flags) {
  return new Promise((resolve, reject) => {
    nodeFs().open(path, flags, 438, (err, fd) => err ? reject(err) : resolve(fd));
  });
};
var samePrefix = function samePrefix(a, b, end) {
  for (let i = 0;i < end; i++)
    if (a[i] !== b[i])
      return false;
  return true;
};
var deepParent = function deepParent(path, slash) {
  return slash > 0 && path.lastIndexOf(47, slash - 1) >= 0;
};
var ignoreFileSizeSignal = function ignoreFileSizeSignal() {
  if (fileSizeSignalIgnored)
    return;
  fileSizeSignalIgnored = true;
  if (isBun || platform === "win32")
    return;
  const any = isDeno ? libc() : undefined;
  if (any)
    return any.ignoreFileSizeSignal();
  try {
    if (isDeno)
      Deno.addSignalListener("SIGXFSZ", () => {});
    else
      hostProcess().on("SIGXFSZ", () => {});
  } catch {}
};
var close = function close(fd) {
  const ffi2 = fdFfi();
  if (ffi2)
    checkHost(ffi2.close(fd), "close");
  else
    nodeFs().closeSync(fd);
};
var pread = function pread(fd, dst, pos) {
  const ffi2 = dataFfi();
  if (ffi2)
    return checkHost(ffi2.pread(fd, dst, pos), "pread");
  return nodeFs().readSync(fd, dst, 0, dst.length, pos);
};
var pwrite = function pwrite(fd, src, pos) {
  const ffi2 = dataFfi();
  if (ffi2)
    return checkHost(ffi2.pwrite(fd, src, pos), "pwrite");
  return nodeFs().writeSync(fd, src, 0, src.length, pos);
};
var read2 = function read2(fd, dst) {
  const ffi2 = dataFfi() && streamCalls();
  if (ffi2)
    return checkHost(ffi2.read(fd, dst), "read");
  return nodeFs().readSync(fd, dst, 0, dst.length, null);
};
var write2 = function write2(fd, src) {
  const ffi2 = dataFfi() && streamCalls();
  if (ffi2)
    return checkHost(ffi2.write(fd, src), "write");
  return nodeFs().writeSync(fd, src, 0, src.length, null);
};
var fstat = function fstat(fd) {
  const any = libc();
  if (any) {
    checkHost(any.fstatx(fd), "statx");
    return any.stat();
  }
  return fromNode(nodeFs().fstatSync(fd, {
    bigint: true
  }));
};
var filetype = function filetype(fd) {
  const any = libc();
  if (any) {
    checkHost(any.fstatx(fd), "statx");
    return any.statType();
  }
  return fstat(fd).filetype;
};
var lstat = function lstat(path) {
  const any = libc();
  if (any) {
    checkHost(any.statx(L.AT_FDCWD, path, L.AT_SYMLINK_NOFOLLOW), "statx");
    return any.stat();
  }
  return fromNode(nodeFs().lstatSync(path, {
    bigint: true
  }));
};
var fromNode = function fromNode(s) {
  return {
    dev: s.dev,
    ino: s.ino,
    filetype: filetypeOfMode(Number(s.mode)),
    nlink: s.nlink,
    size: s.size,
    atim: s.atimeNs,
    mtim: s.mtimeNs,
    ctim: s.ctimeNs
  };
};
var truncate = function truncate(fd, size) {
  const ffi2 = fdFfi();
  if (ffi2)
    checkHost(ffi2.ftruncate(fd, Number(size)), "ftruncate");
  else
    nodeFs().ftruncateSync(fd, Number(size));
};
var fsync = function fsync(fd) {
  const ffi2 = fdFfi();
  if (ffi2)
    checkHost(ffi2.fsync(fd), "fsync");
  else
    nodeFs().fsyncSync(fd);
};
var fdatasync = function fdatasync(fd) {
  const ffi2 = fdFfi();
  if (ffi2)
    checkHost(ffi2.fdatasync(fd), "fdatasync");
  else
    nodeFs().fdatasyncSync(fd);
};
var setAppend = function setAppend(fd, append, flags) {
  const ffi2 = fdFfi();
  if (ffi2) {
    checkHost(ffi2.setStatusFlag(fd, L.O_APPEND, append), "fcntl");
    return fd;
  }
  const reopened = nodeFs().openSync(`/proc/self/fd/${fd}`, append ? flags | O.APPEND : flags, 438);
  nodeFs().closeSync(fd);
  return reopened;
};
var fifoWriterCame = function fifoWriterCame(fd) {
  const revents = libc()?.pollReadable(fd) ?? 0;
  return revents > 0 && (revents & (POLLIN2 | POLLHUP)) !== 0;
};
var awaitFifoWriter = function awaitFifoWriter(fd) {
  const c = libc();
  if (!c)
    return;
  while (c.pollReadable(fd, -1) === -EINTR) {}
};
var canTellFifoWriter = function canTellFifoWriter() {
  return libc() !== undefined;
};
var setBlocking = function setBlocking(fd) {
  const ffi2 = fdFfi();
  if (ffi2)
    checkHost(ffi2.setStatusFlag(fd, L.O_NONBLOCK, false), "fcntl");
};
var setTimes = function setTimes(path, follow, atim, mtim) {
  const any = libc();
  if (any) {
    const flags = follow ? 0 : L.AT_SYMLINK_NOFOLLOW;
    checkHost(any.utimensat(L.AT_FDCWD, path, atim, mtim, flags), "utimensat");
    return;
  }
  const current = atim === "omit" || mtim === "omit" ? fromNode(follow ? nodeFs().statSync(path, {
    bigint: true
  }) : nodeFs().lstatSync(path, {
    bigint: true
  })) : undefined;
  const a = seconds(atim, current?.atim);
  const m = seconds(mtim, current?.mtim);
  if (follow)
    nodeFs().utimesSync(path, a, m);
  else
    nodeFs().lutimesSync(path, a, m);
};
var setFdTimes = function setFdTimes(fd, atim, mtim) {
  const any = libc();
  if (any) {
    checkHost(any.futimens(fd, atim, mtim), "futimens");
    return;
  }
  const current = atim === "omit" || mtim === "omit" ? fstat(fd) : undefined;
  nodeFs().futimesSync(fd, seconds(atim, current?.atim), seconds(mtim, current?.mtim));
};
var seconds = function seconds(time2, current) {
  if (time2 === "now")
    return Date.now() / 1000;
  const ns = time2 === "omit" ? current : time2;
  return Number(ns / 1000000000n) + Number(ns % 1000000000n) / 1e9;
};
var procfsUsable = function procfsUsable() {
  if (isDeno && Deno.permissions.querySync({
    name: "read",
    path: "/proc/self/fd"
  }).state !== "granted") {
    return false;
  }
  const [fd] = tryHost(() => nodeFs().openSync(".", nodeFs().constants.O_RDONLY | nodeFs().constants.O_DIRECTORY));
  if (fd === undefined)
    return false;
  try {
    return nodeFs().statSync(`/proc/self/fd/${fd}/.`).isDirectory();
  } catch {
    return false;
  } finally {
    tryHost(() => nodeFs().closeSync(fd));
  }
};
var dirOps = function dirOps() {
  if (chosen)
    return chosen;
  const wanted = requestedResolver();
  const ffi2 = fdLibc();
  if (ffi2)
    chosen = new FfiDirOps(ffi2, wanted !== "fd-walk");
  else if (wanted !== "paths" && procfsUsable())
    chosen = new NodeDirOps("procfs");
  else
    chosen = new NodeDirOps("paths");
  return chosen;
};
var resolverKind = function resolverKind() {
  return dirOps().kind;
};
var resolverWarning = function resolverWarning() {
  if (resolverKind() !== "paths")
    return;
  return "wasirun: warning: no FFI (--allow-ffi: Deno; Node under --permission) and no usable /proc/self/fd: the filesystem sandbox is best effort (a host process swapping directories can redirect path calls; see README)";
};
var release = function release(l, ops = dirOps()) {
  if (l.owned)
    ops.close(l.dir);
};
var components = function components(path) {
  return path.split("/").filter((c) => c !== "" && c !== ".");
};
var endsAsDir = function endsAsDir(path) {
  return path.endsWith("/") || path.endsWith("/.") || path === ".";
};
var creatingStops = function creatingStops(target) {
  return target.endsWith("/") && !endsWithDot(target);
};
var endsWithDot = function endsWithDot(path) {
  return /(^|\/)\.\/*$/.test(path);
};
var refusePath = function refusePath(path) {
  if (path.includes("\x00"))
    return Errno.INVAL;
  if (path === "")
    return Errno.NOENT;
  if (path.startsWith("/"))
    return Errno.PERM;
  return Errno.SUCCESS;
};
var plainPath = function plainPath(path, n = path.length) {
  let slash = -1;
  for (let i = 0;i < n; i++) {
    const b = path[i];
    if (b === 0 || b >= 128)
      return NOT_PLAIN;
    if (b === 47) {
      if (!isPlainName(path, slash + 1, i))
        return NOT_PLAIN;
      slash = i;
    }
  }
  return isPlainName(path, slash + 1, n) ? slash : NOT_PLAIN;
};
var isPlainName = function isPlainName(path, start, end) {
  const n = end - start;
  if (n === 0)
    return false;
  if (n > 2 || path[start] !== 46)
    return true;
  return n === 2 && path[start + 1] !== 46;
};
var escapeIsPerm = function escapeIsPerm(errno) {
  return errno === Errno.XDEV ? Errno.PERM : errno;
};
var decodeTarget = function decodeTarget(bytes) {
  try {
    return [
      utf82.decode(bytes),
      0
    ];
  } catch {
    return [
      undefined,
      Errno.ILSEQ
    ];
  }
};
var locate = function locate(root, path, follow, creating = false) {
  return locateWith(dirOps(), root, path, follow, creating);
};
var locateWith = function locateWith(ops, root, path, follow, creating = false) {
  const refused = refusePath(path);
  if (refused)
    return [
      undefined,
      refused
    ];
  const plain = follow ? undefined : locatePlain(ops, root, path);
  if (plain)
    return [
      plain,
      0
    ];
  if (ops.beneath === undefined || ops.kind !== "openat2") {
    return walk(ops, root, path, follow, creating);
  }
  const result = locateBeneath(ops, root, path, follow, plain === undefined, creating);
  return result ?? walk(ops, root, path, follow, creating);
};
var isName = function isName(c) {
  return c !== "" && c !== "." && c !== "..";
};
var locatePlain = function locatePlain(ops, root, path) {
  const slash = path.indexOf("/");
  if (slash < 0) {
    return isName(path) ? {
      dir: root,
      owned: false,
      name: path,
      mustBeDir: false
    } : undefined;
  }
  if (ops.cachedDir === undefined || path.indexOf("/", slash + 1) >= 0)
    return;
  const dirName = path.slice(0, slash), name2 = path.slice(slash + 1);
  if (!isName(dirName) || !isName(name2))
    return;
  const dir = ops.cachedDir(root, dirName);
  return dir === undefined ? null : {
    dir,
    owned: false,
    name: name2,
    mustBeDir: false
  };
};
var locateBeneath = function locateBeneath(ops, root, path, follow, useCache, creating) {
  let mustBeDir = endsAsDir(path);
  let dot = endsWithDot(path);
  let stop = false;
  for (let hops = 0;; hops++) {
    const parts = components(path);
    if (parts.length === 0)
      return [
        {
          dir: root,
          owned: false,
          name: "",
          mustBeDir: true
        },
        0
      ];
    const last = parts[parts.length - 1];
    const dirPath = last === ".." ? parts.join("/") : parts.slice(0, -1).join("/");
    let dir = root;
    let owned = false;
    const cached = (useCache || hops > 0) && parts.length === 2 && last !== ".." && dirPath !== ".." ? ops.cachedDir?.(root, dirPath) : undefined;
    if (cached !== undefined) {
      dir = cached;
    } else if (dirPath !== "") {
      const opened = ops.beneath(root, dirPath, L.O_PATH | L.O_DIRECTORY);
      if (opened === undefined)
        return;
      if (opened[0] === undefined)
        return [
          undefined,
          escapeIsPerm(opened[1])
        ];
      dir = opened[0];
      owned = true;
    }
    if (last === "..")
      return [
        {
          dir,
          owned,
          name: "",
          mustBeDir: true
        },
        0
      ];
    if (!follow && !mustBeDir || stop)
      return [
        {
          dir,
          owned,
          name: last,
          mustBeDir,
          dot
        },
        0
      ];
    const [bytes, err] = ops.readlink(dir, last);
    if (bytes === undefined) {
      if (err === Errno.INVAL || err === Errno.NOENT) {
        return [
          {
            dir,
            owned,
            name: last,
            mustBeDir,
            dot
          },
          0
        ];
      }
      if (owned)
        ops.close(dir);
      return [
        undefined,
        err
      ];
    }
    if (owned)
      ops.close(dir);
    const [target, e] = decodeTarget(bytes);
    if (target === undefined) {
      if (e !== Errno.ILSEQ)
        return [
          undefined,
          e
        ];
      const linkPath = (dirPath === "" ? "" : dirPath + "/") + last;
      const opened = ops.beneath(root, linkPath, L.O_PATH);
      if (opened === undefined)
        return;
      if (opened[0] === undefined)
        return [
          undefined,
          escapeIsPerm(opened[1])
        ];
      const [stat, se] = ops.stat(opened[0], "");
      if (stat === undefined) {
        ops.close(opened[0]);
        return [
          undefined,
          se
        ];
      }
      if (mustBeDir && stat.filetype !== Filetype.DIRECTORY) {
        ops.close(opened[0]);
        return [
          undefined,
          Errno.NOTDIR
        ];
      }
      return [
        {
          dir: opened[0],
          owned: true,
          name: "",
          mustBeDir: stat.filetype === Filetype.DIRECTORY
        },
        0
      ];
    }
    if (target.startsWith("/"))
      return [
        undefined,
        Errno.PERM
      ];
    if (hops + 1 > MAX_SYMLINK_HOPS)
      return [
        undefined,
        Errno.LOOP
      ];
    if (endsAsDir(target))
      mustBeDir = true;
    if (endsWithDot(target))
      dot = true;
    if (creating && creatingStops(target))
      stop = true;
    path = (dirPath === "" ? "" : dirPath + "/") + target + (mustBeDir ? "/" : "");
    if (path.length * 3 >= PATH_MAX && new TextEncoder().encode(path).length >= PATH_MAX) {
      return;
    }
  }
};
var walk = function walk(ops, root, path, follow, creating = false) {
  const refused = refusePath(path);
  if (refused)
    return [
      undefined,
      refused
    ];
  const stack = [];
  const current = () => stack.length > 0 ? stack[stack.length - 1] : root;
  const fail2 = (errno) => {
    for (const dir of stack)
      ops.close(dir);
    return [
      undefined,
      errno
    ];
  };
  const found = (name2, mustBeDir2) => {
    const dir = stack.pop() ?? root;
    for (const d of stack)
      ops.close(d);
    return [
      {
        dir,
        owned: dir !== root,
        name: name2,
        mustBeDir: mustBeDir2,
        dot
      },
      0
    ];
  };
  const todo = components(path).reverse();
  let mustBeDir = endsAsDir(path);
  let dot = endsWithDot(path);
  let stop = false;
  let hops = 0;
  while (todo.length > 0) {
    const name2 = todo.pop();
    const last = todo.length === 0;
    if (name2 === "..") {
      if (stack.length === 0)
        return fail2(Errno.PERM);
      ops.close(stack.pop());
      continue;
    }
    if (last && (!follow && !mustBeDir || stop))
      return found(name2, mustBeDir);
    if (!last) {
      const [dir, err2] = ops.openDir(current(), name2);
      if (dir !== undefined) {
        stack.push(dir);
        continue;
      }
      if (err2 !== Errno.NOTDIR && err2 !== Errno.LOOP)
        return fail2(err2);
    }
    const [bytes, err] = ops.readlink(current(), name2);
    if (bytes === undefined) {
      if (!last)
        return fail2(err === Errno.INVAL ? Errno.NOTDIR : err);
      if (err === Errno.INVAL || err === Errno.NOENT)
        return found(name2, mustBeDir);
      return fail2(err);
    }
    const [target, e] = decodeTarget(bytes);
    if (target === undefined)
      return fail2(e);
    if (target.startsWith("/"))
      return fail2(Errno.PERM);
    if (++hops > MAX_SYMLINK_HOPS)
      return fail2(Errno.LOOP);
    if (last && endsAsDir(target))
      mustBeDir = true;
    if (last && endsWithDot(target))
      dot = true;
    if (last && creating && creatingStops(target))
      stop = true;
    todo.push(...components(target).reverse());
  }
  return found("", true);
};
var checkMustBeDir = function checkMustBeDir(l) {
  if (!l.mustBeDir || l.name === "")
    return Errno.SUCCESS;
  const [stat] = dirOps().stat(l.dir, l.name);
  return stat !== undefined && stat.filetype !== Filetype.DIRECTORY ? Errno.NOTDIR : Errno.SUCCESS;
};
var targetEscapes = function targetEscapes(target, depth) {
  if (target.startsWith("/"))
    return true;
  let up = 0;
  for (const c of components(target))
    if (c === "..")
      up++;
  return up > depth;
};
var depthBelow = function depthBelow(dir, root, ops = dirOps()) {
  let current = dir;
  let depth = 0;
  try {
    for (;depth < 4096; depth++) {
      const [stat] = ops.stat(current, "");
      if (stat === undefined)
        return;
      if (stat.dev === root.dev && stat.ino === root.ino)
        return depth;
      const [up] = ops.openDir(current, "..");
      if (up === undefined)
        return;
      const [upStat] = ops.stat(up, "");
      if (current !== dir)
        ops.close(current);
      current = up;
      if (upStat !== undefined && upStat.ino === stat.ino && upStat.dev === stat.dev) {
        return;
      }
    }
    return;
  } finally {
    if (current !== dir)
      ops.close(current);
  }
};
var watchdogRefusal = function watchdogRefusal() {
  if (isDeno) {
    const granted = (name2) => Deno.permissions.querySync({
      name: name2
    }).state === "granted";
    if (granted("run") || granted("ffi"))
      return;
    return "-W timeout needs Deno's --allow-run or --allow-ffi (to signal itself)";
  }
  const permission = hostProcess().permission;
  if (permission && !permission.has("worker")) {
    return "-W timeout needs Node's --allow-worker with --permission (its watchdog is a thread)";
  }
  return;
};
var startWatchdog = async function startWatchdog(ms, message) {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const setup = {
    deadline: Date.now() + ms,
    flag,
    message: message + `
`
  };
  const taken = () => void Atomics.store(flag, 0, 1);
  if (isDeno) {
    const code2 = `${WATCH}
      const kill = (signal) => {
        try { Deno.kill(Deno.pid, signal === 9 ? "SIGKILL" : "SIGALRM"); } catch {
          const libc = Deno.dlopen("libc.so.6", { kill: { parameters: ["i32", "i32"], result: "i32" } });
          libc.symbols.kill(Deno.pid, signal);
        }
      };
      const say = (text) => Deno.stderr.writeSync(new TextEncoder().encode(text));
      self.onmessage = ({ data }) => start(data.deadline, data.flag, data.message);`;
    const url = URL.createObjectURL(new Blob([
      code2
    ], {
      type: "text/javascript"
    }));
    const worker2 = new Worker(url, {
      type: "module"
    });
    URL.revokeObjectURL(url);
    worker2.postMessage(setup);
    return {
      taken,
      stop: () => worker2.terminate()
    };
  }
  const threads = await import("worker_threads");
  const code = `${WATCH}
    const kill = (signal) => process.kill(${hostProcess().pid}, signal);
    const say = (text) => require("node:fs").writeSync(2, text);
    const { deadline, flag, message } = require("node:worker_threads").workerData;
    start(deadline, flag, message);`;
  const worker = new threads.Worker(code, {
    eval: true,
    workerData: setup
  });
  worker.unref();
  return {
    taken,
    stop: () => void worker.terminate()
  };
};
var hasJspi = function hasJspi() {
  return typeof wasm.Suspending === "function" && typeof wasm.promising === "function";
};
var jspiMissingReason = function jspiMissingReason() {
  if (hasJspi())
    return;
  return "this JavaScript runtime lacks JSPI (WebAssembly.Suspending and WebAssembly.promising); run wasirun with Node.js >= 26, Deno >= 2.9 or Bun >= 1.4 (Node.js 24: node --experimental-wasm-jspi)";
};
var suspending = function suspending(fn) {
  return new wasm.Suspending(fn);
};
var promising = function promising(fn) {
  return wasm.promising(fn);
};
var parseAll = function parseAll(text) {
  const out = [];
  for (let at2 = 0;at2 < text.length; ) {
    let eol = text.indexOf(`
`, at2);
    if (eol < 0)
      eol = text.length;
    if (eol > at2)
      out.push(parse(text, at2, eol));
    at2 = eol + 1;
  }
  return out;
};
var parse = function parse(text, start, end) {
  const open = text.indexOf("(", start), close2 = text.lastIndexOf(")", end);
  const rest = text.slice(close2 + 1, end).trim();
  if (open <= start || open > end || close2 < open || rest !== "" && rest !== "suspends") {
    throw new Error(`bad signature declaration: ${text.slice(start, end)}`);
  }
  const params = [];
  for (let at2 = open + 1;at2 < close2; ) {
    const colon = text.indexOf(": ", at2);
    let comma = text.indexOf(", ", colon);
    if (comma < 0 || comma > close2)
      comma = close2;
    const type = text.slice(colon + 2, comma);
    if (colon < 0 || colon > close2 || !TYPES.has(type)) {
      throw new Error(`bad parameter type in: ${text.slice(start, end)}`);
    }
    params.push({
      name: text.slice(at2, colon),
      type
    });
    at2 = comma + 2;
  }
  return {
    name: text.slice(start, open),
    params,
    suspends: rest === "suspends"
  };
};
var isI64 = function isI64(type) {
  return type === "u64" || type === "i64" || type === "rights";
};
var compile = async function compile(bytes, started, unknownImports) {
  if (bytes.byteLength === 0)
    throw new WasiRunError("file is empty");
  const module2 = await compileBytes(bytes, started);
  checkImports(module2, unknownImports);
  const info = readModule(bytes);
  if (info)
    checkImportTypes(info);
  if (info?.start === undefined)
    return module2;
  return await compileBytes(withoutStartSection(bytes, info));
};
var compileBytes = async function compileBytes(bytes, started) {
  try {
    const early = await started?.catch((e) => {
      if (e instanceof WebAssembly.CompileError)
        throw e;
    });
    return early ?? await WebAssembly.compile(bytes);
  } catch (e) {
    if (e instanceof WebAssembly.CompileError) {
      throw new WasiRunError(`not a valid wasm module: ${e.message.replace(/^WebAssembly\.\w+\(\): /, "")}`);
    }
    throw e;
  }
};
var checkImports = function checkImports(module2, unknownImports) {
  for (const imp of WebAssembly.Module.imports(module2)) {
    if (imp.module === "wasi_unstable") {
      throw new WasiRunError(`module imports '${imp.module}.${imp.name}': WASI preview0 (wasi_unstable) is not supported; rebuild it for wasm32-wasip1`);
    }
    if (imp.module === PREVIEW1 && BY_NAME2.has(imp.name) && imp.kind !== "function") {
      throw new WasiRunError(`module imports '${imp.module}.${imp.name}' as a ${imp.kind}, but it is a function`);
    }
    if (unknownImports && imp.kind === "function")
      continue;
    if (imp.module !== PREVIEW1 || !BY_NAME2.has(imp.name) || imp.kind !== "function") {
      throw new WasiRunError(`module imports '${imp.module}.${imp.name}', which wasirun does not provide`);
    }
  }
};
var addUnknownImports = function addUnknownImports(imports, module2, bytes, mode) {
  const info = readModule(bytes);
  const types = /* @__PURE__ */ new Map;
  for (const imp of info?.imports ?? []) {
    const key = `${imp.module}\x00${imp.name}`;
    const type = types.get(key);
    if (type && imp.type && !sameType(type, imp.type)) {
      throw new WasiRunError(`module imports '${imp.module}.${imp.name}' twice, as ${formatType(type)} and ` + formatType(imp.type));
    }
    if (!types.has(key))
      types.set(key, imp.type);
  }
  for (const imp of WebAssembly.Module.imports(module2)) {
    if (imp.kind !== "function")
      continue;
    if (!Object.hasOwn(imports, imp.module)) {
      Object.defineProperty(imports, imp.module, {
        value: /* @__PURE__ */ Object.create(null),
        enumerable: true,
        writable: true,
        configurable: true
      });
    }
    const namespace = imports[imp.module];
    if (Object.hasOwn(namespace, imp.name))
      continue;
    const name2 = `'${imp.module}.${imp.name}'`;
    const type = types.get(`${imp.module}\x00${imp.name}`);
    if (type && [
      ...type.params,
      ...type.results
    ].includes("v128")) {
      throw new WasiRunError(`module imports ${name2}, which wasirun does not provide and cannot stand in for (its type has a v128)`);
    }
    let standIn;
    if (mode === "trap") {
      standIn = () => {
        throw new WasiRunError(`called ${name2}, which wasirun does not provide`);
      };
    } else if (info === undefined) {
      throw new WasiRunError(`cannot return zeros for ${name2}: the module's type section has GC types, which wasirun does not read (a stand-in that ends the run, 'trap', needs no types)`);
    } else {
      const zeros = (type?.results ?? []).map(zeroOf);
      const result = zeros.length === 1 ? zeros[0] : zeros.length === 0 ? undefined : zeros;
      standIn = () => result;
    }
    Object.defineProperty(namespace, imp.name, {
      value: standIn,
      enumerable: true
    });
  }
};
var zeroOf = function zeroOf(type) {
  return type === "i64" ? 0n : type === "ref" ? null : 0;
};
var signatureType = function signatureType(sig) {
  return {
    params: sig.params.map((p) => isI64(p.type) ? "i64" : "i32"),
    results: sig.name === "proc_exit" ? [] : [
      "i32"
    ]
  };
};
var formatType = function formatType(type) {
  const results = type.results.length === 1 ? type.results[0] : `(${type.results.join(", ")})`;
  return `(${type.params.join(", ")}) -> ${results}`;
};
var sameType = function sameType(a, b) {
  return a.params.join() === b.params.join() && a.results.join() === b.results.join();
};
var checkImportTypes = function checkImportTypes(info) {
  for (const imp of info.imports) {
    const sig = BY_NAME2.get(imp.name);
    if (imp.module !== PREVIEW1 || !sig || imp.type === undefined)
      continue;
    const expected = signatureType(sig);
    if (!sameType(imp.type, expected)) {
      throw new ImportTypeError(`import '${PREVIEW1}.${imp.name}' has type ${formatType(imp.type)}, expected ${formatType(expected)}`);
    }
  }
};
var instantiate = async function instantiate(module2, imports) {
  try {
    return await WebAssembly.instantiate(module2, imports);
  } catch (e) {
    if (e instanceof WebAssembly.LinkError) {
      throw new WasiRunError(`cannot link module: ${e.message.replace(/^WebAssembly\.\w+\(\): /, "")}`);
    }
    if (e?.name === "SuspendError") {
      throw new WasiRunError("the module's start section called a WASI function that may wait while the module was being instantiated; pass the module's bytes instead of a compiled module");
    }
    throw asTrap(e) ?? e;
  }
};
var readModule = function readModule(bytes) {
  let pos = 8;
  const u32 = () => {
    let result = 0;
    let shift = 0;
    for (;; ) {
      const b = bytes[pos++];
      result |= (b & 127) << shift;
      if ((b & 128) === 0)
        return result >>> 0;
      shift += 7;
    }
  };
  const str = () => {
    const len = u32();
    const s = utf83.decode(bytes.subarray(pos, pos + len));
    pos += len;
    return s;
  };
  const valtypes = (count) => {
    const list = [];
    for (let i = 0;i < count; i++)
      list.push(VALTYPES[bytes[pos++]] ?? "ref");
    return list;
  };
  const types = [];
  const funcTypes = [];
  const info = {
    imports: [],
    exports: /* @__PURE__ */ new Map,
    start: undefined,
    sections: []
  };
  while (pos < bytes.length) {
    const sectionStart = pos;
    const id = bytes[pos++];
    const size = u32();
    const end = pos + size;
    info.sections.push({
      id,
      start: sectionStart,
      end,
      contentStart: pos
    });
    if (id === 1) {
      for (let n = u32();n > 0; n--) {
        if (bytes[pos++] !== 96)
          return;
        const params = valtypes(u32());
        const results = valtypes(u32());
        types.push({
          params,
          results
        });
      }
    } else if (id === 2) {
      for (let n = u32();n > 0; n--) {
        const module2 = str();
        const name2 = str();
        const kind = bytes[pos++];
        if (kind === 0) {
          const type = u32();
          funcTypes.push(type);
          info.imports.push({
            module: module2,
            name: name2,
            type: types[type]
          });
        } else if (kind === 1 || kind === 2) {
          if (kind === 1)
            pos++;
          const flags = bytes[pos++];
          u32();
          if (flags & 1)
            u32();
        } else if (kind === 3)
          pos += 2;
        else if (kind === 4)
          pos++, u32();
      }
    } else if (id === 3) {
      for (let n = u32();n > 0; n--)
        funcTypes.push(u32());
    } else if (id === 7) {
      for (let n = u32();n > 0; n--) {
        const exportName = str();
        const kind = bytes[pos++];
        const index = u32();
        if (kind === 0)
          info.exports.set(exportName, types[funcTypes[index]]);
      }
    } else if (id === 8) {
      info.start = u32();
    }
    pos = end;
  }
  return info;
};
var exportedFuncType = function exportedFuncType(bytes, name2) {
  return readModule(bytes)?.exports.get(name2);
};
var leb128 = function leb128(value) {
  const out = [];
  do {
    const low = value % 128;
    value = Math.floor(value / 128);
    out.push(value === 0 ? low : low | 128);
  } while (value !== 0);
  return out;
};
var section = function section(id, content) {
  const header = [
    id,
    ...leb128(content.length)
  ];
  const out = new Uint8Array(header.length + content.length);
  out.set(header);
  out.set(content, header.length);
  return out;
};
var withoutStartSection = function withoutStartSection(bytes, info) {
  if (info.exports.has(START_EXPORT)) {
    throw new WasiRunError(`module exports '${START_EXPORT}', a name wasirun reserves`);
  }
  const name2 = new TextEncoder().encode(START_EXPORT);
  const entry = [
    ...leb128(name2.length),
    ...name2,
    0,
    ...leb128(info.start)
  ];
  const parts = [
    bytes.subarray(0, 8)
  ];
  const hasExports = info.sections.some((s) => s.id === 7);
  for (const s of info.sections) {
    if (s.id === 7) {
      let pos = s.contentStart;
      let count = 0;
      for (let shift = 0;; shift += 7) {
        const b = bytes[pos++];
        count |= (b & 127) << shift;
        if ((b & 128) === 0)
          break;
      }
      const rest = bytes.subarray(pos, s.end);
      const content = new Uint8Array([
        ...leb128((count >>> 0) + 1),
        ...rest,
        ...entry
      ]);
      parts.push(section(7, content));
    } else if (s.id === 8) {
      if (!hasExports)
        parts.push(section(7, [
          1,
          ...entry
        ]));
    } else {
      parts.push(bytes.subarray(s.start, s.end));
    }
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts)
    out.set(p, off), off += p.length;
  return out;
};
var limitMemory = function limitMemory(bytes, maxBytes) {
  const magic = [
    0,
    97,
    115,
    109
  ];
  if (bytes.length < 8 || magic.some((b, i) => bytes[i] !== b))
    return bytes;
  let pos = 8;
  const leb3 = (bits = 32) => {
    let result = 0;
    for (let shift = 0;shift < bits + 6; shift += 7) {
      if (pos >= bytes.length)
        return;
      const b = bytes[pos++];
      result += (b & 127) * 2 ** shift;
      if ((b & 128) === 0)
        return result <= Number.MAX_SAFE_INTEGER ? result : undefined;
    }
    return;
  };
  while (pos < bytes.length) {
    const start = pos;
    const id = bytes[pos++];
    const size = leb3();
    if (size === undefined || pos + size > bytes.length)
      return bytes;
    const end = pos + size;
    if (id !== 5) {
      pos = end;
      continue;
    }
    const count = leb3();
    if (count === undefined)
      return bytes;
    const content = leb128(count);
    for (let i = 0;i < count; i++) {
      const flags = bytes[pos++];
      if (flags === undefined || flags > 7 || pos > end)
        return bytes;
      const wide = (flags & 4) !== 0;
      const cap = wide ? 281474976710656 : MAX_PAGES;
      const min = leb3(wide ? 64 : 32);
      const max = flags & 1 ? leb3(wide ? 64 : 32) : cap;
      if (min === undefined || max === undefined || pos > end)
        return bytes;
      if ((flags & 3) === 2 || min > max || max > cap)
        return bytes;
      const limit = Math.min(cap, Math.floor(maxBytes / 65536));
      if (min > limit) {
        return refuse(bytes, `the module's memory starts at ${min} pages of 64 KiB; a limit of ${maxBytes} bytes allows ${limit}`);
      }
      content.push(flags | 1, ...leb128(min), ...leb128(Math.min(max, limit)));
    }
    if (pos !== end)
      return bytes;
    const patched = section(5, content);
    const out = new Uint8Array(bytes.length - (end - start) + patched.length);
    out.set(bytes.subarray(0, start));
    out.set(patched, start);
    out.set(bytes.subarray(end), start + patched.length);
    return out;
  }
  return bytes;
};
var refuse = function refuse(bytes, message) {
  if (!WebAssembly.validate(bytes))
    return bytes;
  throw new WasiRunError(message);
};
var again = function again(reason) {
  againReason = reason;
  return Errno.AGAIN;
};
var takeAgainReason = function takeAgainReason() {
  const reason = againReason;
  againReason = undefined;
  return reason;
};
var scatter = function scatter(src, bufs) {
  let off = 0;
  for (const buf of bufs) {
    if (off >= src.length)
      break;
    const n = Math.min(buf.length, src.length - off);
    buf.set(src.subarray(off, off + n));
    off += n;
  }
  return off;
};
var totalLength = function totalLength(bufs) {
  let n = 0;
  for (const b of bufs)
    n += b.length;
  return n;
};
var drainProgress = function drainProgress() {
  return drained;
};
var concat = function concat(chunks) {
  const out = new Uint8Array(totalLength(chunks));
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
};
var subscribe = function subscribe(promise, settle) {
  let waiting = relays.get(promise);
  if (!waiting) {
    const set = waiting = /* @__PURE__ */ new Set;
    relays.set(promise, set);
    const fire = (fulfilled) => (value) => {
      relays.delete(promise);
      for (const s of set)
        s(fulfilled, value);
      set.clear();
    };
    promise.then(fire(true), fire(false));
  }
  waiting.add(settle);
  return () => waiting.delete(settle);
};
var race = function race(promises) {
  return new Promise((resolve, reject) => {
    const leave = [];
    const settle = (fulfilled, value) => {
      for (const l of leave)
        l();
      if (fulfilled)
        resolve(value);
      else
        reject(value);
    };
    for (const p of promises)
      leave.push(subscribe(p, settle));
  });
};
var round = function round(value, scale) {
  return Math.round(value * scale) / scale;
};
var finish = function finish(record, sig, args, ctx, errno) {
  record.errno = errnoName(errno);
  if (errno === 0) {
    const result = decodeResults(sig, args, ctx);
    if (result)
      record.result = result;
    if (sig.name === "poll_oneoff") {
      record.events = decodeEvents(ctx, args[1], Number(record.result?.nevents ?? 0));
    }
  } else if (record.errno === "AGAIN") {
    const reason = takeAgainReason();
    if (reason !== undefined)
      record.reason = reason;
  }
};
var woke = function woke(record, errno) {
  if (errno !== 0)
    return "error";
  const call = record.call;
  if (call === "poll_oneoff") {
    const fd = record.events?.find((e) => e.type !== "clock");
    if (!fd)
      return "timer";
    if (fd.error !== "SUCCESS")
      return "error";
    if (fd.flags?.includes("HANGUP"))
      return fd.type === "fd_read" ? "eof" : "hangup";
    return fd.type === "fd_read" ? "data" : "room";
  }
  if (call === "fd_read" || call === "sock_recv") {
    const n = record.result?.nread ?? record.result?.ro_datalen;
    return n === 0 ? "eof" : "data";
  }
  if (call === "fd_write" || call === "sock_send")
    return "room";
  if (call === "sock_accept")
    return "connection";
  if (call === "sched_yield")
    return "turn";
  return "ready";
};
var u64 = function u64(value) {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
};
var flagNames = function flagNames(names, value) {
  const out = [];
  let rest = value >>> 0;
  for (const [name2, bit] of Object.entries(names)) {
    if (rest & bit) {
      out.push(name2);
      rest &= ~bit;
    }
  }
  if (rest)
    out.push(`0x${(rest >>> 0).toString(16)}`);
  return out;
};
var rightsNames = function rightsNames(value) {
  const v = BigInt.asUintN(64, value);
  if ((v & ALL_RIGHTS) === ALL_RIGHTS)
    return v === ALL_RIGHTS ? [
      "ALL"
    ] : [
      "ALL",
      hex(v)
    ];
  const out = Object.entries(Rights).filter(([, bit]) => v & bit).map(([name2]) => name2);
  const rest = v & ~ALL_RIGHTS;
  if (rest)
    out.push(hex(rest));
  return out;
};
var hex = function hex(value) {
  return `0x${value.toString(16)}`;
};
var enumName = function enumName(names, value) {
  const v = value >>> 0;
  for (const [name2, n] of Object.entries(names))
    if (n === v)
      return name2;
  return v;
};
var decodeArgs = function decodeArgs(sig, args, ctx) {
  const out = {};
  const params = sig.params;
  for (let i = 0;i < params.length; i++) {
    const { name: name2, type } = params[i];
    const v = args[i];
    switch (type) {
      case "out32":
      case "out64":
        break;
      case "str":
        out[name2] = guestString(ctx, v, args[i + 1]);
        i++;
        break;
      case "iovs":
        out[name2] = iovecTotals(ctx, v, args[i + 1]);
        i++;
        break;
      case "ptr":
        out[name2] = hex(v >>> 0);
        break;
      case "u64":
        out[name2] = u64(BigInt.asUintN(64, v));
        break;
      case "i64": {
        const n = BigInt.asIntN(64, v);
        out[name2] = n >= -BigInt(Number.MAX_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
        break;
      }
      case "rights":
        out[name2] = rightsNames(v);
        break;
      case "fd":
      case "u32":
        out[name2] = v >>> 0;
        break;
      default: {
        const flags = FLAG_NAMES[type];
        out[name2] = flags ? flagNames(flags, v) : enumName(ENUM_NAMES[type], v);
      }
    }
  }
  return out;
};
var guestString = function guestString(ctx, ptr, len) {
  try {
    return ctx.memory.string(ptr, len) ?? "<invalid utf-8>";
  } catch {
    return "<out of bounds>";
  }
};
var iovecTotals = function iovecTotals(ctx, ptr, count) {
  try {
    const m = ctx.memory;
    const n = count >>> 0;
    const base = m.check(ptr, n * IOVEC_SIZE);
    let bytes = 0;
    for (let i = 0;i < n; i++)
      bytes += m.getU32(base + i * IOVEC_SIZE + 4);
    return {
      count: n,
      bytes
    };
  } catch {
    return "<out of bounds>";
  }
};
var decodeResults = function decodeResults(sig, args, ctx) {
  let result;
  sig.params.forEach((p, i) => {
    try {
      if (p.type === "out32")
        (result ??= {})[p.name] = ctx.memory.getU32(args[i]);
      else if (p.type === "out64")
        (result ??= {})[p.name] = u64(ctx.memory.getU64(args[i]));
    } catch {}
  });
  return result;
};
var eventType = function eventType(tag) {
  return EVENT_TYPES[tag] ?? "unknown";
};
var decodeSubscriptions = function decodeSubscriptions(ctx, args) {
  const [inPtr, , n] = args;
  const subs = [];
  try {
    const m = ctx.memory;
    for (let i = 0;i < n >>> 0; i++) {
      const p = (inPtr >>> 0) + i * SUBSCRIPTION_SIZE;
      const tag = m.getU8(p + SUBSCRIPTION_TAG);
      const sub = {
        userdata: u64(m.getU64(p + SUBSCRIPTION_USERDATA)),
        type: eventType(tag)
      };
      if (tag === Eventtype.CLOCK) {
        sub.clock = String(enumName(Clockid, m.getU32(p + SUBSCRIPTION_CLOCK_ID)));
        sub.timeout_ns = u64(m.getU64(p + SUBSCRIPTION_CLOCK_TIMEOUT));
        sub.abstime = (m.getU16(p + SUBSCRIPTION_CLOCK_FLAGS) & Subclockflags.ABSTIME) !== 0;
      } else if (tag === Eventtype.FD_READ || tag === Eventtype.FD_WRITE) {
        sub.fd = m.getU32(p + SUBSCRIPTION_FD);
      }
      subs.push(sub);
    }
  } catch {}
  return subs;
};
var decodeEvents = function decodeEvents(ctx, outPtr, n) {
  const events = [];
  const m = ctx.memory;
  for (let i = 0;i < n; i++) {
    const p = (outPtr >>> 0) + i * EVENT_SIZE;
    const tag = m.getU8(p + EVENT_TYPE);
    const event = {
      userdata: u64(m.getU64(p + EVENT_USERDATA)),
      type: eventType(tag),
      error: errnoName(m.getU16(p + EVENT_ERROR))
    };
    if (tag !== Eventtype.CLOCK) {
      event.nbytes = u64(m.getU64(p + EVENT_NBYTES));
      event.flags = flagNames(Eventrwflags, m.getU16(p + EVENT_FLAGS));
    }
    events.push(event);
  }
  return events;
};
var formatText = function formatText(r) {
  let line = `${r.t_ms.toFixed(3)}ms ${r.call}(${textArgs(r.call, r.args)})`;
  if (r.subscriptions)
    line += ` subscriptions=[${r.subscriptions.map(textSub).join(", ")}]`;
  if (r.exit !== undefined)
    line += ` -> exit ${r.exit}`;
  else if (r.error !== undefined)
    line += ` -> threw ${r.error}`;
  else
    line += ` = ${r.errno}`;
  for (const [k, v] of Object.entries(r.result ?? {}))
    line += ` ${k}=${v}`;
  if (r.events)
    line += ` events=[${r.events.map(textEvent).join(", ")}]`;
  if (r.reason)
    line += ` (${r.reason})`;
  if (r.woke)
    line += ` [woke: ${r.woke} after ${(r.wait_us / 1000).toFixed(3)}ms]`;
  return `${line} <${(r.dur_us / 1000).toFixed(3)}ms>`;
};
var describeCall = function describeCall(sig, args, ctx) {
  return `${sig.name}(${textArgs(sig.name, decodeArgs(sig, args, ctx))})`;
};
var textArgs = function textArgs(call, args) {
  stringParams ??= new Map(SIGNATURES2.map((s) => [
    s.name,
    new Set(s.params.filter((p) => p.type === "str").map((p) => p.name))
  ]));
  const strings = stringParams.get(call);
  return Object.entries(args).map(([k, v]) => `${k}=${strings?.has(k) ? JSON.stringify(v) : textValue(v)}`).join(", ");
};
var textValue = function textValue(v) {
  if (typeof v === "string" || typeof v === "number")
    return String(v);
  if (Array.isArray(v))
    return v.length ? v.join("|") : "0";
  return `{${v.count} iovec${v.count === 1 ? "" : "s"}, ${v.bytes} bytes}`;
};
var textSub = function textSub(s) {
  if (s.type === "clock") {
    return `${s.userdata}:clock ${s.clock} ${s.abstime ? "at" : "in"} ${s.timeout_ns}ns`;
  }
  return s.fd === undefined ? `${s.userdata}:${s.type}` : `${s.userdata}:${s.type} fd=${s.fd}`;
};
var textEvent = function textEvent(e) {
  let s = `${e.userdata}:${e.type}`;
  if (e.error !== "SUCCESS")
    s += ` ${e.error}`;
  if (e.nbytes !== undefined)
    s += ` nbytes=${e.nbytes}`;
  if (e.flags?.length)
    s += ` ${e.flags.join("|")}`;
  return s;
};
var hostFilestat = function hostFilestat(fd, filetype2) {
  if (fd === undefined)
    return;
  try {
    return {
      ...fstat(fd),
      filetype: filetype2
    };
  } catch {
    return;
  }
};
var deviceSeek = function deviceSeek(whence) {
  return whence <= 2 ? [
    0n,
    Errno.SUCCESS
  ] : [
    0n,
    Errno.INVAL
  ];
};
var hostInput = function hostInput(fd, onClose) {
  const kind = stdioKind(fd);
  const waits = kind === "tty" || kind === "pipe" || kind === "socket";
  const input = waits ? streamingInput(fd, kind, onClose) : new InputFd(FILETYPE[kind], (dst) => readSync(fd, dst), onClose, kind === "device");
  input.hostFd = fd;
  return input;
};
var streamingInput = function streamingInput(fd, kind, onClose) {
  const now = kind === "socket" ? undefined : nonBlocking(fd, "read");
  let reader2;
  const wait2 = now?.waitingRead ?? ((dst) => (reader2 ??= reader(fd)).read(dst));
  const tryNow = now?.read ?? (kind === "pipe" && readerTriesNow ? (dst) => (reader2 ??= reader(fd)).tryNow?.(dst) ?? WOULD_BLOCK : undefined);
  const source = new Readahead(wait2, undefined, tryNow);
  return new InputFd(FILETYPE[kind], source, () => {
    now?.close();
    reader2?.close();
    onClose?.();
  });
};
var hostOutput = function hostOutput(fd, onClose) {
  const kind = stdioKind(fd);
  const output = kind === "pipe" || kind === "socket" ? queuedOutput(fd, kind, onClose) : new OutputFd(FILETYPE[kind], (src) => writeSync(fd, src), onClose, kind === "device");
  if (kind === "file")
    ignoreFileSizeSignal();
  output.hostFd = fd;
  return output;
};
var queuedOutput = function queuedOutput(fd, kind, onClose) {
  const id = streamIdentity(fd);
  let shared = id === undefined ? undefined : queues.get(id);
  if (!shared) {
    const now = kind === "pipe" ? nonBlocking(fd, "write") : undefined;
    const node = kind === "pipe" && !now ? writer(fd) : undefined;
    const wait2 = now?.waitingWrite ?? node?.write ?? ((src) => write(fd, src));
    const queue2 = new WriteQueue(wait2, undefined, now?.write, DIRECT_WRITE_MIN);
    shared = {
      queue: queue2,
      users: 0,
      close: () => {
        now?.close();
        node?.close();
      }
    };
    if (id !== undefined)
      queues.set(id, shared);
  }
  const { queue } = shared;
  shared.users++;
  return new OutputFd(FILETYPE[kind], queue, () => {
    if (--shared.users === 0) {
      shared.close();
      if (id !== undefined && queues.get(id) === shared)
        queues.delete(id);
    }
    onClose?.();
  });
};
var fileInput = function fileInput(path) {
  const fd = openFile(path, "r");
  return hostInput(fd, () => closeFile(fd));
};
var fileOutput = function fileOutput(path) {
  const fd = openFile(path, "w");
  return hostOutput(fd, () => closeFile(fd));
};
var nullInput = function nullInput() {
  return new InputFd(Filetype.CHARACTER_DEVICE, () => 0, undefined, true);
};
var nullOutput = function nullOutput() {
  return new OutputFd(Filetype.CHARACTER_DEVICE, (src) => src.length, undefined, true);
};
var asBytes = function asBytes(chunk) {
  if (chunk instanceof Uint8Array)
    return chunk;
  if (ArrayBuffer.isView(chunk)) {
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  if (chunk instanceof ArrayBuffer)
    return new Uint8Array(chunk);
  const what = chunk === null ? "null" : typeof chunk;
  throw Object.assign(new Error(`stdin stream gave a ${what}, not bytes (Uint8Array)`), {
    code: "EIO"
  });
};
var streamInput = function streamInput(stream) {
  const reader2 = stream.getReader();
  let leftover;
  const source = async (dst) => {
    while (!leftover?.length) {
      const { value, done } = await reader2.read().catch((e) => {
        throw Object.assign(new Error(`stdin stream failed: ${e}`), {
          code: "EIO"
        });
      });
      if (done)
        return 0;
      leftover = asBytes(value);
    }
    const n = Math.min(dst.length, leftover.length);
    dst.set(leftover.subarray(0, n));
    leftover = leftover.subarray(n);
    return n;
  };
  return new InputFd(Filetype.UNKNOWN, new Readahead(source), () => {
    reader2.cancel().catch(() => {});
  });
};
var streamOutput = function streamOutput(stream) {
  let shared = streamQueues.get(stream);
  if (!shared) {
    const writer2 = stream.getWriter();
    const sink = async (src) => {
      try {
        await writer2.ready;
        await writer2.write(src);
      } catch (e) {
        throw Object.assign(new Error(`output stream failed: ${e}`), {
          code: "EPIPE"
        });
      }
      return src.length;
    };
    const close2 = () => void writer2.close().catch(() => {});
    shared = {
      queue: new WriteQueue(sink),
      users: 0,
      close: close2
    };
    streamQueues.set(stream, shared);
  }
  const users = shared;
  users.users++;
  return new OutputFd(Filetype.UNKNOWN, users.queue, () => {
    if (--users.users === 0) {
      streamQueues.delete(stream);
      users.close();
    }
  });
};
var fileRights = function fileRights(readable2, writable2) {
  return FILE_RIGHTS[(readable2 ? 2 : 0) + (writable2 ? 1 : 0)];
};
var overflows = function overflows(offset, bufs) {
  let length = 0;
  for (const buf of bufs)
    length += buf.length;
  return offset + BigInt(length) > MAX_I64;
};
var withoutTrailingSlashes = function withoutTrailingSlashes(path) {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed === "" ? path : trimmed;
};
var endsInSlash = function endsInSlash(path) {
  return /[^/]\/+$/.test(path);
};
var at = function at(l, act) {
  try {
    return act(l);
  } finally {
    release(l);
  }
};
var statOf = function statOf(l) {
  const [stat, e] = dirOps().stat(l.dir, l.name);
  if (stat === undefined)
    return [
      undefined,
      e
    ];
  if (l.mustBeDir && stat.filetype !== Filetype.DIRECTORY)
    return [
      undefined,
      Errno.NOTDIR
    ];
  return [
    stat,
    0
  ];
};
var pathText = function pathText(path) {
  return typeof path === "string" ? path : String.fromCharCode(...path);
};
var atDot = function atDot(l, onDir) {
  if (!l.dot || l.name === "")
    return;
  const [stat, e] = dirOps().stat(l.dir, l.name);
  if (stat === undefined)
    return e;
  if (stat.filetype === Filetype.SYMBOLIC_LINK)
    return Errno.NOENT;
  return stat.filetype === Filetype.DIRECTORY ? onDir : Errno.NOTDIR;
};
var nameBeforeSlash = function nameBeforeSlash(path) {
  if (!path.endsWith("/"))
    return;
  const trimmed = path.replace(/\/+$/, "");
  const last = trimmed.slice(trimmed.lastIndexOf("/") + 1);
  return last === "" || last === "." || last === ".." ? undefined : trimmed;
};
var refuseOpenAt = function refuseOpenAt(l, oflags) {
  if (l.name === "" && oflags & Oflags.CREAT) {
    return oflags & Oflags.EXCL ? Errno.EXIST : Errno.ISDIR;
  }
  if (!l.mustBeDir || l.name === "" || !(oflags & Oflags.CREAT))
    return Errno.SUCCESS;
  if (!l.dot)
    return Errno.ISDIR;
  const [stat] = dirOps().stat(l.dir, l.name);
  if (stat === undefined)
    return Errno.NOENT;
  if (stat.filetype !== Filetype.DIRECTORY)
    return Errno.NOTDIR;
  return oflags & Oflags.EXCL ? Errno.EXIST : Errno.ISDIR;
};
var writable = function writable(req) {
  return req.write || (req.oflags & Oflags.TRUNC) !== 0;
};
var readable = function readable(req) {
  return req.read || !req.write;
};
var untilWriter = async function untilWriter(opening2, probe) {
  if (!canTellFifoWriter())
    return await opening2;
  for (;; ) {
    const tick = new Promise((resolve) => setTimeout(() => resolve(undefined), 50));
    const result = await race([
      opening2,
      tick
    ]);
    if (result !== undefined)
      return result;
    if (fifoWriterCame(probe))
      return;
  }
};
var accessMode = function accessMode(req) {
  if (!readable(req))
    return O.WRONLY;
  return writable(req) ? O.RDWR : O.RDONLY;
};
var hostOpenFlags = function hostOpenFlags(req) {
  let flags = accessMode(req);
  if (req.oflags & Oflags.CREAT)
    flags |= O.CREAT;
  if (req.oflags & Oflags.EXCL)
    flags |= O.EXCL;
  if (req.oflags & Oflags.TRUNC)
    flags |= O.TRUNC;
  if (req.oflags & Oflags.DIRECTORY)
    flags |= O.DIRECTORY;
  if (req.fdflags & Fdflags.APPEND)
    flags |= O.APPEND;
  if (req.fdflags & Fdflags.DSYNC)
    flags |= O.DSYNC;
  if (req.fdflags & (Fdflags.SYNC | Fdflags.RSYNC))
    flags |= O.SYNC;
  return flags;
};
var socketErrno = function socketErrno(error) {
  try {
    return hostErrno(error);
  } catch {
    return Errno.IO;
  }
};
var suspendingWhenWaiting = function suspendingWhenWaiting(calls) {
  const key = calls.map((c) => c.params.join(",")).join(";");
  let compiled = modules.get(key);
  if (!compiled) {
    compiled = {
      calling: new WebAssembly.Module(callingBytes(calls)),
      waiting: new WebAssembly.Module(waitingBytes(calls))
    };
    modules.set(key, compiled);
  }
  const pending = calls.map(() => {
    return;
  });
  let armed = false;
  const arm = () => {
    const waiting = compiled.waiting;
    const imports2 = {};
    calls.forEach((_, i) => {
      imports2[`w${i}`] = suspending(() => {
        const result = pending[i];
        pending[i] = undefined;
        return result;
      });
    });
    const { exports: exports2 } = new WebAssembly.Instance(waiting, {
      env: imports2
    });
    calls.forEach((_, i) => table.set(i, exports2[`g${i}`]));
    armed = true;
  };
  const imports = {};
  calls.forEach(({ params, fn }, i) => {
    const settle = (result) => {
      if (typeof result === "number")
        return result;
      pending[i] = result;
      if (!armed)
        arm();
      return WAITS;
    };
    imports[`n${i}`] = plainFirst(params.length, fn, settle);
  });
  const { exports: exports2 } = new WebAssembly.Instance(compiled.calling, {
    env: imports
  });
  const table = exports2.t;
  return calls.map((_, i) => exports2[`f${i}`]);
};
var plainFirst = function plainFirst(arity, fn, settle) {
  switch (arity) {
    case 0:
      return () => settle(fn());
    case 1:
      return (a) => settle(fn(a));
    case 2:
      return (a, b) => settle(fn(a, b));
    case 3:
      return (a, b, c) => settle(fn(a, b, c));
    case 4:
      return (a, b, c, d) => settle(fn(a, b, c, d));
    case 5:
      return (a, b, c, d, e) => settle(fn(a, b, c, d, e));
    case 6:
      return (a, b, c, d, e, f) => settle(fn(a, b, c, d, e, f));
    case 7:
      return (a, b, c, d, e, f, g) => settle(fn(a, b, c, d, e, f, g));
    case 8:
      return (a, b, c, d, e, f, g, h) => settle(fn(a, b, c, d, e, f, g, h));
    case 9:
      return (a, b, c, d, e, f, g, h, i) => settle(fn(a, b, c, d, e, f, g, h, i));
    default:
      return (...args) => settle(fn(...args));
  }
};
var callingBytes = function callingBytes(calls) {
  const n = calls.length;
  const imports = [
    ...leb2(n)
  ];
  const exports2 = [
    ...leb2(n + 1)
  ];
  const code = [
    ...leb2(n)
  ];
  calls.forEach(({ params }, i) => {
    const arity = params.length;
    imports.push(...name("env"), ...name(`n${i}`), 0, ...leb2(i));
    exports2.push(...name(`f${i}`), 0, ...leb2(n + i));
    const getArgs = params.flatMap((_, j) => [
      32,
      j
    ]);
    const body = [
      1,
      1,
      127,
      ...getArgs,
      16,
      ...leb2(i),
      34,
      arity,
      65,
      127,
      71,
      4,
      127,
      32,
      arity,
      5,
      ...getArgs,
      65,
      ...sleb(i),
      17,
      ...leb2(i),
      0,
      11,
      11
    ];
    code.push(...leb2(body.length), ...body);
  });
  exports2.push(...name("t"), 1, 0);
  const table = [
    1,
    112,
    0,
    ...leb2(n)
  ];
  return moduleBytes(calls, imports, table, exports2, code);
};
var waitingBytes = function waitingBytes(calls) {
  const n = calls.length;
  const imports = [
    ...leb2(n)
  ];
  const exports2 = [
    ...leb2(n)
  ];
  const code = [
    ...leb2(n)
  ];
  calls.forEach(({ params }, i) => {
    imports.push(...name("env"), ...name(`w${i}`), 0, ...leb2(i));
    exports2.push(...name(`g${i}`), 0, ...leb2(n + i));
    const body = [
      0,
      ...params.flatMap((_, j) => [
        32,
        j
      ]),
      16,
      ...leb2(i),
      11
    ];
    code.push(...leb2(body.length), ...body);
  });
  return moduleBytes(calls, imports, undefined, exports2, code);
};
var moduleBytes = function moduleBytes(calls, imports, table, exports2, code) {
  const n = calls.length;
  const types = [
    ...leb2(n)
  ];
  const functions = [
    ...leb2(n)
  ];
  calls.forEach(({ params }, i) => {
    types.push(96, ...leb2(params.length), ...params.map((p) => VALTYPE[p]), 1, 127);
    functions.push(...leb2(i));
  });
  const section2 = (id, bytes) => [
    id,
    ...leb2(bytes.length),
    ...bytes
  ];
  return new Uint8Array([
    ...[
      0,
      97,
      115,
      109,
      1,
      0,
      0,
      0
    ],
    ...section2(1, types),
    ...section2(2, imports),
    ...section2(3, functions),
    ...table ? section2(4, table) : [],
    ...section2(7, exports2),
    ...section2(10, code)
  ]);
};
var name = function name(s) {
  return [
    s.length,
    ...[
      ...s
    ].map((c) => c.charCodeAt(0))
  ];
};
var sleb = function sleb(n) {
  const out = [];
  for (;; ) {
    const byte = n & 127;
    n >>= 7;
    if (n === 0 && (byte & 64) === 0)
      return [
        ...out,
        byte
      ];
    out.push(byte | 128);
  }
};
var leb2 = function leb2(n) {
  const out = [];
  do {
    let byte = n & 127;
    n >>>= 7;
    if (n)
      byte |= 128;
    out.push(byte);
  } while (n);
  return out;
};
var badOption = function badOption(name2, must, value) {
  const was = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
  return new WasiRunError(`options${name2 && "."}${name2} must be ${must}, not ${was}`);
};
var isArrayOf = function isArrayOf(list, test) {
  if (!Array.isArray(list))
    return false;
  for (let i = 0;i < list.length; i++)
    if (!test(list[i]))
      return false;
  return true;
};
var checkNoNul = function checkNoNul(name2, value) {
  if (value.includes("\x00"))
    throw new WasiRunError(`options.${name2} contains a NUL byte`);
};
var checkEnvEntry = function checkEnvEntry(name2, value) {
  if (name2 === "" || name2.includes("=")) {
    throw new WasiRunError(`options.env has the name ${JSON.stringify(name2)}: empty or with '='`);
  }
  checkNoNul(`env.${name2}`, name2 + value);
};
var checkTypes = function checkTypes(options) {
  if (typeof options !== "object" || options === null)
    throw badOption("", "an object", options);
  const o = options;
  if (o.args !== undefined && !isArrayOf(o.args, isString)) {
    throw badOption("args", "an array of strings", o.args);
  }
  o.args?.forEach((a, i) => checkNoNul(`args[${i}]`, a));
  const env = o.env;
  if (env !== undefined && (typeof env !== "object" || env === null || (Array.isArray(env) ? !isArrayOf(env, (e) => isArrayOf(e, isString) && e.length === 2) : !Object.values(env).every((v) => v === undefined || isString(v))))) {
    throw badOption("env", "an object of strings or an array of [name, value] strings", env);
  }
  const preopens = o.preopens;
  if (preopens !== undefined && (typeof preopens !== "object" || preopens === null || (Array.isArray(preopens) ? !isArrayOf(preopens, (p) => isString(p?.host) && isString(p?.guest)) : !Object.values(preopens).every(isString)))) {
    throw badOption("preopens", "{ guest: host } strings or { host, guest } entries", preopens);
  }
  if (o.listeners !== undefined && !isArrayOf(o.listeners, (l) => l instanceof TcpListener)) {
    throw badOption("listeners", "an array of TcpListener (TcpListener.listen())", o.listeners);
  }
  if (o.returnOnExit !== undefined && typeof o.returnOnExit !== "boolean") {
    throw badOption("returnOnExit", "a boolean", o.returnOnExit);
  }
  for (const name2 of [
    "trace",
    "onWait"
  ]) {
    if (o[name2] !== undefined && typeof o[name2] !== "function") {
      throw badOption(name2, "a function", o[name2]);
    }
  }
  if (o.sigpipe !== undefined && o.sigpipe !== "exit" && o.sigpipe !== "ignore") {
    throw new WasiRunError(`options.sigpipe must be "exit" or "ignore", not ${JSON.stringify(o.sigpipe)}`);
  }
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    throw badOption("signal", "an AbortSignal", o.signal);
  }
  for (const name2 of [
    "stdin",
    "stdout",
    "stderr"
  ]) {
    const v = o[name2];
    if (typeof v === "number" && !(Number.isInteger(v) && v >= 0)) {
      throw new WasiRunError(`options.${name2} must be a host fd (an integer, 0 or more), not ${v}`);
    }
    if (v === "")
      throw new WasiRunError(`options.${name2} is an empty path`);
    if (typeof v === "string")
      checkNoNul(name2, v);
    const stream = name2 === "stdin" ? "getReader" : "getWriter";
    if (v !== undefined && typeof v !== "number" && typeof v !== "string" && typeof v?.[stream] !== "function") {
      throw badOption(name2, `"inherit", "null", a path, a host fd or a Web stream`, v);
    }
  }
};
var normalizeOptions = function normalizeOptions(options) {
  checkTypes(options);
  const version = options.version;
  if (version !== undefined && version !== "preview1") {
    throw new WasiRunError(version === "unstable" ? `WASI version 'unstable' (preview0) is not supported; use version "preview1"` : `unknown WASI version '${version}'; use "preview1"`);
  }
  const env = options.env === undefined ? [] : Array.isArray(options.env) ? options.env : Object.entries(options.env).filter(([, v]) => v !== undefined);
  const preopens = options.preopens === undefined ? [] : Array.isArray(options.preopens) ? options.preopens : Object.entries(options.preopens).map(([guest, host]) => ({
    guest,
    host
  }));
  for (const [name2, value] of env)
    checkEnvEntry(name2, value);
  preopens.forEach((p, i) => checkNoNul(`preopens[${i}]`, p.host + p.guest));
  const listeners = options.listeners ?? [];
  listeners.forEach((l) => l.checkFree());
  if (new Set(listeners).size !== listeners.length) {
    throw new WasiRunError("options.listeners names one listener twice");
  }
  return {
    args: options.args ?? [],
    env,
    preopens,
    listeners,
    returnOnExit: options.returnOnExit ?? true
  };
};
var inputFd = function inputFd(option) {
  if (option === undefined || option === "inherit")
    return hostInput(0);
  if (typeof option === "number")
    return hostInput(option);
  if (option === "null")
    return nullInput();
  if (typeof option === "string")
    return openPath("stdin", option, fileInput);
  return streamInput(option);
};
var outputFd = function outputFd(option, hostFd) {
  if (option === undefined || option === "inherit")
    return hostOutput(hostFd);
  if (typeof option === "number")
    return hostOutput(option);
  if (option === "null")
    return nullOutput();
  if (typeof option === "string") {
    return openPath(hostFd === 1 ? "stdout" : "stderr", option, fileOutput);
  }
  return streamOutput(option);
};
var openPath = function openPath(name2, path, open) {
  try {
    return open(path);
  } catch (e) {
    throw new WasiRunError(describeFsError(e, `cannot open options.${name2} '${path}'`));
  }
};
var exitProcess = function exitProcess(code) {
  return exitHost(code);
};
var sizes = function sizes(items) {
  let n = 0;
  for (const item of items)
    n += item.length + 1;
  return n;
};
var args_sizes_get = function args_sizes_get(ctx, argcPtr, bufSizePtr) {
  ctx.memory.check(argcPtr, 4);
  ctx.memory.check(bufSizePtr, 4);
  ctx.memory.setU32(argcPtr, ctx.args.length);
  ctx.memory.setU32(bufSizePtr, sizes(ctx.args));
  return Errno.SUCCESS;
};
var args_get = function args_get(ctx, argvPtr, bufPtr) {
  ctx.memory.writeStringList(ctx.args, argvPtr, bufPtr);
  return Errno.SUCCESS;
};
var environ_sizes_get = function environ_sizes_get(ctx, countPtr, bufSizePtr) {
  ctx.memory.check(countPtr, 4);
  ctx.memory.check(bufSizePtr, 4);
  ctx.memory.setU32(countPtr, ctx.env.length);
  ctx.memory.setU32(bufSizePtr, sizes(ctx.env));
  return Errno.SUCCESS;
};
var environ_get = function environ_get(ctx, environPtr, bufPtr) {
  ctx.memory.writeStringList(ctx.env, environPtr, bufPtr);
  return Errno.SUCCESS;
};
var realtimeOffset = function realtimeOffset() {
  return fixedOffset ??= BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6)) - hrtime();
};
var monotonicNs = function monotonicNs() {
  return hrtime();
};
var realtimeNs = function realtimeNs() {
  return hrtime() + realtimeOffset();
};
var realtimeToMonotonicMs = function realtimeToMonotonicMs(ns) {
  return Number(ns - realtimeOffset()) / 1e6;
};
var monotonicMs = function monotonicMs() {
  return Number(hrtime()) / 1e6;
};
var fastClock = function fastClock(realtime, out) {
  if (!gettime) {
    if (gettime === undefined && ++reads > FFI_AFTER)
      gettime = loadGettime();
    return false;
  }
  gettime();
  let s = timespec[0] + (realtime ? realS : monoS);
  let ns = timespec[2] + (realtime ? realNs : monoNs);
  if (ns >= 1e9) {
    ns -= 1e9;
    s++;
  }
  const x = s * 1953125;
  const low = x % 8388608 * 512 + ns;
  out[0] = low >>> 0;
  out[1] = Math.floor(x / 8388608) + (low >= 4294967296 ? 1 : 0);
  return true;
};
var secondsAndNanos = function secondsAndNanos(ns) {
  let s = ns / 1000000000n, rest = ns % 1000000000n;
  if (rest < 0n) {
    rest += 1000000000n;
    s--;
  }
  return [
    Number(s),
    Number(rest)
  ];
};
var loadGettime = function loadGettime() {
  if (!isDeno || platform !== "linux")
    return null;
  const lib = openLibrary("libc.so.6", {
    clock_gettime: [
      "i32",
      "buffer"
    ]
  });
  if (!lib)
    return null;
  const bytes = new Uint8Array(timespec.buffer);
  const read3 = () => void lib.fn.clock_gettime(CLOCK_MONOTONIC, bytes);
  read3();
  const offset = hrtime() - (BigInt(timespec[0]) * 1000000000n + BigInt(timespec[2]));
  [monoS, monoNs] = secondsAndNanos(offset);
  [realS, realNs] = secondsAndNanos(offset + realtimeOffset());
  return read3;
};
var waitToward = function waitToward(ms, wake) {
  if (isDeno) {
    if (ms > DENO_SLACK_MS + 1) {
      const timer = setTimeout(wake, Math.min(Math.floor(ms - DENO_SLACK_MS), MAX_TIMER_MS));
      return () => clearTimeout(timer);
    }
    if (nanosleep === undefined)
      nanosleep = loadNanosleep();
    if (nanosleep) {
      nanosleep(ms).then(wake);
      return () => {};
    }
  } else if (ms >= 0.5) {
    const timer = setTimeout(wake, Math.min(Math.round(ms), MAX_TIMER_MS));
    return () => clearTimeout(timer);
  }
  const turn = setImmediate(wake);
  return () => clearImmediate(turn);
};
var loadNanosleep = function loadNanosleep() {
  if (platform !== "linux")
    return null;
  const sleep = openWaitingFunction("libc.so.6", "clock_nanosleep", [
    "i32",
    "i32",
    "buffer",
    "buffer"
  ]);
  if (!sleep)
    return null;
  return (ms) => {
    const ns = Math.max(0, Math.round(ms * 1e6));
    const request = new BigInt64Array([
      BigInt(Math.floor(ns / 1e9)),
      BigInt(ns % 1e9)
    ]);
    return sleep(CLOCK_MONOTONIC, 0, new Uint8Array(request.buffer), null);
  };
};
var clockErrno = function clockErrno(id) {
  if (id === Clockid.REALTIME || id === Clockid.MONOTONIC)
    return Errno.SUCCESS;
  if (id === Clockid.PROCESS_CPUTIME_ID || id === Clockid.THREAD_CPUTIME_ID)
    return Errno.BADF;
  return Errno.INVAL;
};
var clock_res_get = function clock_res_get(ctx, id, resolutionPtr) {
  const errno = clockErrno(id);
  if (errno)
    return errno;
  ctx.memory.setU64(resolutionPtr, RESOLUTION_NS);
  return Errno.SUCCESS;
};
var clock_time_get = function clock_time_get(ctx, id, _precision, timePtr) {
  if (id !== Clockid.MONOTONIC && id !== Clockid.REALTIME)
    return clockErrno(id);
  const memory = ctx.memory;
  const realtime = id === Clockid.REALTIME;
  if (fastClock(realtime, time)) {
    memory.check(timePtr, 8);
    memory.setU32(timePtr, time[0]);
    memory.setU32(timePtr + 4, time[1]);
  } else {
    memory.setU64(timePtr, realtime ? realtimeNs() : monotonicNs());
  }
  return Errno.SUCCESS;
};
var guestPath = function guestPath(memory, ptr, len) {
  if (len >>> 0 >= PATH_MAX2)
    return [
      undefined,
      Errno.NAMETOOLONG
    ];
  const path = memory.string(ptr, len);
  return path === undefined ? [
    undefined,
    Errno.ILSEQ
  ] : [
    path,
    0
  ];
};
var guestPathBytes = function guestPathBytes(memory, ptr, len, into = PATH_BYTES) {
  if (len >>> 0 >= PATH_MAX2)
    return Errno.NAMETOOLONG;
  memory.copyOut(ptr, len, into);
  return Errno.SUCCESS;
};
var writeFilestat = function writeFilestat(memory, ptr, stat) {
  memory.bytes(ptr, FILESTAT_SIZE).fill(0);
  memory.setU64(ptr + FILESTAT_DEV, stat.dev);
  memory.setU64(ptr + FILESTAT_INO, stat.ino);
  memory.setU8(ptr + FILESTAT_FILETYPE, stat.filetype);
  memory.setU64(ptr + FILESTAT_NLINK, stat.nlink);
  memory.setU64(ptr + FILESTAT_SIZE_FIELD, stat.size);
  memory.setU64(ptr + FILESTAT_ATIM, guestTime(stat.atim));
  memory.setU64(ptr + FILESTAT_MTIM, guestTime(stat.mtim));
  memory.setU64(ptr + FILESTAT_CTIM, guestTime(stat.ctim));
};
var guestTime = function guestTime(ns) {
  return ns < 0n ? 0n : ns;
};
var timeSpec = function timeSpec(time2, set, now) {
  if (set && now)
    return;
  return set ? BigInt.asUintN(64, time2) : now ? "now" : "omit";
};
var timeSpecs = function timeSpecs(atim, mtim, flags) {
  if (flags & ~KNOWN_FSTFLAGS)
    return [
      undefined,
      Errno.INVAL
    ];
  const a = timeSpec(atim, (flags & Fstflags.ATIM) !== 0, (flags & Fstflags.ATIM_NOW) !== 0);
  const m = timeSpec(mtim, (flags & Fstflags.MTIM) !== 0, (flags & Fstflags.MTIM_NOW) !== 0);
  return a === undefined || m === undefined ? [
    undefined,
    Errno.INVAL
  ] : [
    [
      a,
      m
    ],
    0
  ];
};
var packDirents = function packDirents(out, listing, cookie) {
  const view = new DataView(out.buffer, out.byteOffset, out.length);
  const end = out.length;
  let off = 0;
  for (let i = cookie < BigInt(listing.length) ? Number(cookie) : listing.length;i < listing.length; i++) {
    const { name: name2, type, ino } = listing[i];
    if (off + DIRENT_SIZE > end) {
      return off + partialHeader(out, off, i + 1, ino, name2.length, type);
    }
    view.setUint32(off + DIRENT_NEXT, i + 1, true);
    view.setUint32(off + DIRENT_NEXT + 4, 0, true);
    if (typeof ino === "number") {
      view.setUint32(off + DIRENT_INO, ino >>> 0, true);
      view.setUint32(off + DIRENT_INO + 4, Math.floor(ino / 4294967296), true);
    } else {
      view.setBigUint64(off + DIRENT_INO, ino, true);
    }
    view.setUint32(off + DIRENT_NAMLEN, name2.length, true);
    view.setUint32(off + DIRENT_TYPE, type, true);
    off += DIRENT_SIZE;
    if (off + name2.length >= end) {
      out.set(name2.subarray(0, end - off), off);
      return end;
    }
    out.set(name2, off);
    off += name2.length;
  }
  return off;
};
var partialHeader = function partialHeader(out, off, next, ino, namlen, type) {
  const header = new Uint8Array(DIRENT_SIZE);
  const view = new DataView(header.buffer);
  view.setUint32(DIRENT_NEXT, next, true);
  view.setBigUint64(DIRENT_INO, BigInt(ino), true);
  view.setUint32(DIRENT_NAMLEN, namlen, true);
  view.setUint8(DIRENT_TYPE, type);
  out.set(header.subarray(0, out.length - off), off);
  return out.length - off;
};
var isBlocking = function isBlocking(handle) {
  return (handle.fdflags & Fdflags.NONBLOCK) === 0;
};
var untilReady = function untilReady(handle, direction, attempt, done) {
  const [value, errno] = attempt();
  if (errno === Errno.AGAIN && isBlocking(handle)) {
    return afterReady(handle, direction, attempt, done);
  }
  return errno || done(value);
};
var afterReady = async function afterReady(handle, direction, attempt, done) {
  for (;; ) {
    await handle.ready(direction);
    const [value, errno] = attempt();
    if (errno === Errno.AGAIN)
      continue;
    return errno || done(value);
  }
};
var readInto = function readInto(ctx, handle, iovs, iovsLen, countPtr) {
  const memory = ctx.memory;
  memory.check(countPtr, 4);
  const [n, errno] = handle.read(memory.iovecs(iovs, iovsLen));
  if (errno === Errno.SUCCESS) {
    memory.setU32(countPtr, n);
    return Errno.SUCCESS;
  }
  if (errno !== Errno.AGAIN || !isBlocking(handle))
    return errno;
  return afterReady(handle, "read", () => handle.read(memory.iovecs(iovs, iovsLen)), (n2) => {
    memory.setU32(countPtr, n2);
    return Errno.SUCCESS;
  });
};
var writeFrom = function writeFrom(ctx, handle, iovs, iovsLen, countPtr) {
  const memory = ctx.memory;
  memory.check(countPtr, 4);
  const bufs = memory.iovecs(iovs, iovsLen);
  const [n, errno] = handle.write(bufs);
  if (errno === Errno.SUCCESS) {
    if (n >= BLOCKING_MAX && isBlocking(handle) && handle.waitsFor("write")) {
      const total = totalLength(bufs);
      if (n < total)
        return writeRest(memory, handle, iovs, iovsLen, countPtr, n, total);
    }
    return wrote(memory, handle, countPtr, n);
  }
  if (errno !== Errno.AGAIN || !isBlocking(handle))
    return errno;
  return afterReady(handle, "write", () => handle.write(memory.iovecs(iovs, iovsLen)), (n2) => wrote(memory, handle, countPtr, n2));
};
var writeRest = async function writeRest(memory, handle, iovs, iovsLen, countPtr, done, total) {
  while (done < total) {
    await handle.ready("write");
    const lost = handle.lostWhileWaiting();
    if (lost)
      return lost;
    const [n, errno] = handle.write(skip(memory.iovecs(iovs, iovsLen), done));
    if (errno === Errno.AGAIN)
      continue;
    if (errno)
      return errno;
    done += n;
  }
  return wrote(memory, handle, countPtr, total);
};
var skip = function skip(bufs, n) {
  const out = [];
  for (const buf of bufs) {
    if (n >= buf.length) {
      n -= buf.length;
      continue;
    }
    out.push(n > 0 ? buf.subarray(n) : buf);
    n = 0;
  }
  return out;
};
var wrote = function wrote(memory, handle, countPtr, n) {
  memory.setU32(countPtr, n);
  const room = isBlocking(handle) ? handle.ready("write") : undefined;
  return room ? room.then(() => handle.lostWhileWaiting()) : Errno.SUCCESS;
};
var fd_read = function fd_read(ctx, fd, iovs, iovsLen, nreadPtr) {
  const handle = ctx.fds.at(fd);
  if (!handle)
    return Errno.BADF;
  if (!handle.allows(Rights.FD_READ))
    return Errno.NOTCAPABLE;
  return readInto(ctx, handle, iovs, iovsLen, nreadPtr);
};
var fd_write = function fd_write(ctx, fd, iovs, iovsLen, nwrittenPtr) {
  const handle = ctx.fds.at(fd);
  if (!handle)
    return Errno.BADF;
  if (!handle.allows(Rights.FD_WRITE))
    return Errno.NOTCAPABLE;
  return writeFrom(ctx, handle, iovs, iovsLen, nwrittenPtr);
};
var fd_close = function fd_close(ctx, fd) {
  const handle = ctx.fds.remove(fd);
  if (!handle)
    return Errno.BADF;
  return handle.close();
};
var fd_fdstat_get = function fd_fdstat_get(ctx, fd, statPtr) {
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle)
    return errno;
  const m = ctx.memory;
  m.bytes(statPtr, FDSTAT_SIZE).fill(0);
  m.setU8(statPtr + FDSTAT_FILETYPE, handle.filetype);
  m.setU16(statPtr + FDSTAT_FLAGS, handle.fdflags);
  m.setU64(statPtr + FDSTAT_RIGHTS_BASE, handle.rightsBase);
  m.setU64(statPtr + FDSTAT_RIGHTS_INHERITING, handle.rightsInheriting);
  return Errno.SUCCESS;
};
var fd_fdstat_set_flags = function fd_fdstat_set_flags(ctx, fd, flags) {
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle)
    return errno;
  if (flags & ~KNOWN_FDFLAGS)
    return Errno.INVAL;
  return handle.setFdflags(flags);
};
var fd_prestat_get = function fd_prestat_get(ctx, fd, prestatPtr) {
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle)
    return errno;
  const name2 = handle.prestatName();
  if (!name2)
    return Errno.BADF;
  ctx.memory.bytes(prestatPtr, PRESTAT_SIZE).fill(0);
  ctx.memory.setU8(prestatPtr + PRESTAT_TAG, Preopentype.DIR);
  ctx.memory.setU32(prestatPtr + PRESTAT_NAME_LEN, name2.length);
  return Errno.SUCCESS;
};
var fd_prestat_dir_name = function fd_prestat_dir_name(ctx, fd, pathPtr, len) {
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle)
    return errno;
  const name2 = handle.prestatName();
  if (!name2)
    return Errno.BADF;
  if (len >>> 0 < name2.length)
    return Errno.NAMETOOLONG;
  ctx.memory.bytes(pathPtr, name2.length).set(name2);
  return Errno.SUCCESS;
};
var fd_seek = function fd_seek(ctx, fd, offset, whence, newOffsetPtr) {
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle)
    return errno;
  ctx.memory.check(newOffsetPtr, 8);
  const [pos, err] = handle.seek(offset, whence);
  if (err)
    return err;
  ctx.memory.setU64(newOffsetPtr, pos);
  return Errno.SUCCESS;
};
var fd_tell = function fd_tell(ctx, fd, offsetPtr) {
  return fd_seek(ctx, fd, 0n, 1, offsetPtr);
};
var fd_pread = function fd_pread(ctx, fd, iovs, iovsLen, offset, nreadPtr) {
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle)
    return errno;
  ctx.memory.check(nreadPtr, 4);
  const [n, err] = handle.pread(ctx.memory.iovecs(iovs, iovsLen), BigInt.asUintN(64, offset));
  if (err)
    return err;
  ctx.memory.setU32(nreadPtr, n);
  return Errno.SUCCESS;
};
var fd_pwrite = function fd_pwrite(ctx, fd, iovs, iovsLen, offset, nwrittenPtr) {
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle)
    return errno;
  ctx.memory.check(nwrittenPtr, 4);
  const [n, err] = handle.pwrite(ctx.memory.iovecs(iovs, iovsLen), BigInt.asUintN(64, offset));
  if (err)
    return err;
  ctx.memory.setU32(nwrittenPtr, n);
  return Errno.SUCCESS;
};
var fd_filestat_get = function fd_filestat_get(ctx, fd, statPtr) {
  const [handle, errno] = ctx.fds.get(fd, Rights.FD_FILESTAT_GET);
  if (!handle)
    return errno;
  ctx.memory.check(statPtr, FILESTAT_SIZE);
  const [stat, err] = handle.filestat();
  if (err)
    return err;
  writeFilestat(ctx.memory, statPtr, stat);
  return Errno.SUCCESS;
};
var fd_filestat_set_size = function fd_filestat_set_size(ctx, fd, size) {
  const [file, errno] = ctx.fds.getFile(fd, Rights.FD_FILESTAT_SET_SIZE);
  return file ? file.setSize(BigInt.asUintN(64, size)) : errno;
};
var fd_filestat_set_times = function fd_filestat_set_times(ctx, fd, atim, mtim, fstFlags) {
  const [times, errno] = timeSpecs(atim, mtim, fstFlags);
  if (!times)
    return errno;
  const [handle, errno2] = ctx.fds.get(fd, Rights.FD_FILESTAT_SET_TIMES);
  return handle ? handle.setTimes(...times) : errno2;
};
var fd_sync = function fd_sync(ctx, fd) {
  const [handle, errno] = ctx.fds.getSyncable(fd, Rights.FD_SYNC);
  return handle ? handle.sync(false) : errno;
};
var fd_datasync = function fd_datasync(ctx, fd) {
  const [handle, errno] = ctx.fds.getSyncable(fd, Rights.FD_DATASYNC);
  return handle ? handle.sync(true) : errno;
};
var fd_advise = function fd_advise(ctx, fd, offset, len, advice) {
  if (advice >>> 0 >= ADVICE_COUNT)
    return Errno.INVAL;
  const [file, errno] = ctx.fds.getFile(fd, Rights.FD_ADVISE);
  if (!file)
    return errno;
  if (BigInt.asUintN(64, len) > I64_MAX)
    return Errno.INVAL;
  return file.advise(BigInt.asUintN(64, offset), BigInt.asUintN(64, len), advice);
};
var fd_allocate = function fd_allocate(ctx, fd, offset, len) {
  const [file, errno] = ctx.fds.getFile(fd, Rights.FD_ALLOCATE);
  if (!file)
    return errno;
  return file.allocate(BigInt.asUintN(64, offset), BigInt.asUintN(64, len));
};
var fd_fdstat_set_rights = function fd_fdstat_set_rights(ctx, fd, rightsBase, rightsInheriting) {
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle)
    return errno;
  return handle.setRights(BigInt.asUintN(64, rightsBase), BigInt.asUintN(64, rightsInheriting));
};
var fd_readdir = function fd_readdir(ctx, fd, buf, bufLen, cookie, bufusedPtr) {
  const [dir, errno] = ctx.fds.getDir(fd, Rights.FD_READDIR);
  if (!dir)
    return errno;
  ctx.memory.check(bufusedPtr, 4);
  const out = ctx.memory.bytes(buf, bufLen);
  const from = BigInt.asUintN(64, cookie);
  const [entries, err] = dir.readdir(from);
  if (!entries)
    return err;
  ctx.memory.setU32(bufusedPtr, packDirents(out, entries, from));
  return Errno.SUCCESS;
};
var fd_renumber = function fd_renumber(ctx, fd, to) {
  return ctx.fds.renumber(fd, to);
};
var follows = function follows(lookupflags) {
  if (lookupflags & ~Lookupflags.SYMLINK_FOLLOW)
    return;
  return (lookupflags & Lookupflags.SYMLINK_FOLLOW) !== 0;
};
var path_open = function path_open(ctx, fd, dirflags, pathPtr, pathLen, oflags, rightsBase, _rightsInheriting, fdflags, openedFdPtr) {
  const [dir, errno] = ctx.fds.getDir(fd, Rights.PATH_OPEN);
  if (!dir)
    return errno;
  if (oflags & Oflags.TRUNC && !dir.allows(Rights.PATH_FILESTAT_SET_SIZE))
    return Errno.PERM;
  const follow = follows(dirflags);
  if (follow === undefined || oflags & ~KNOWN_OFLAGS || fdflags & ~KNOWN_FDFLAGS2) {
    return Errno.INVAL;
  }
  ctx.memory.check(openedFdPtr, 4);
  const e = guestPathBytes(ctx.memory, pathPtr, pathLen);
  if (e)
    return e;
  let path = PATH_BYTES.subarray(0, pathLen);
  if (plainPath(PATH_BYTES, pathLen) === NOT_PLAIN) {
    const [text, err] = guestPath(ctx.memory, pathPtr, pathLen);
    if (text === undefined)
      return err;
    path = text;
  }
  const rights = BigInt.asUintN(64, rightsBase);
  const read3 = (rights & Rights.FD_READ) !== 0n;
  const write4 = (rights & Rights.FD_WRITE) !== 0n;
  const opened = dir.open(path, {
    follow,
    oflags,
    fdflags,
    read: read3,
    write: write4,
    fifoMayWait: ctx.mayWait.read && ctx.mayWait.write,
    sigpipe: ctx.sigpipe
  });
  if (opened instanceof Promise)
    return opened.then((r) => opening(ctx, r, openedFdPtr));
  return opening(ctx, opened, openedFdPtr);
};
var opening = function opening(ctx, [handle, e], fdPtr) {
  if (!handle)
    return e;
  ctx.memory.setU32(fdPtr, ctx.fds.insert(handle));
  return Errno.SUCCESS;
};
var path_create_directory = function path_create_directory(ctx, fd, ptr, len) {
  const [dir, errno] = ctx.fds.getDir(fd, Rights.PATH_CREATE_DIRECTORY);
  if (!dir)
    return errno;
  const [path, err] = guestPath(ctx.memory, ptr, len);
  return path === undefined ? err : dir.createDirectory(path);
};
var path_remove_directory = function path_remove_directory(ctx, fd, ptr, len) {
  const [dir, errno] = ctx.fds.getDir(fd, Rights.PATH_REMOVE_DIRECTORY);
  if (!dir)
    return errno;
  const [path, err] = guestPath(ctx.memory, ptr, len);
  return path === undefined ? err : dir.removeDirectory(path);
};
var path_unlink_file = function path_unlink_file(ctx, fd, ptr, len) {
  const [dir, errno] = ctx.fds.getDir(fd, Rights.PATH_UNLINK_FILE);
  if (!dir)
    return errno;
  const e = guestPathBytes(ctx.memory, ptr, len);
  if (e)
    return e;
  const slash = plainPath(PATH_BYTES, len);
  const done = slash === NOT_PLAIN ? undefined : dir.unlinkPlain(PATH_BYTES, len, slash);
  if (done !== undefined)
    return done;
  const [path, err] = guestPath(ctx.memory, ptr, len);
  return path === undefined ? err : dir.unlinkFile(path);
};
var path_rename = function path_rename(ctx, fd, oldPtr, oldLen, newFd, newPtr, newLen) {
  const [from, errno] = ctx.fds.getDir(fd, Rights.PATH_RENAME_SOURCE);
  if (!from)
    return errno;
  const [to, errno2] = ctx.fds.getDir(newFd, Rights.PATH_RENAME_TARGET);
  if (!to)
    return errno2;
  const e = guestPathBytes(ctx.memory, oldPtr, oldLen);
  if (e)
    return e;
  const slash = plainPath(PATH_BYTES, oldLen);
  if (slash !== NOT_PLAIN && !guestPathBytes(ctx.memory, newPtr, newLen, PATH_BYTES_2)) {
    const toSlash = plainPath(PATH_BYTES_2, newLen);
    const done = toSlash === NOT_PLAIN ? undefined : from.renamePlain(PATH_BYTES, oldLen, slash, to, PATH_BYTES_2, newLen, toSlash);
    if (done !== undefined)
      return done;
  }
  const [oldPath, err] = guestPath(ctx.memory, oldPtr, oldLen);
  if (oldPath === undefined)
    return err;
  const [newPath, err2] = guestPath(ctx.memory, newPtr, newLen);
  return newPath === undefined ? err2 : from.rename(oldPath, to, newPath);
};
var path_link = function path_link(ctx, oldFd, oldFlags, oldPtr, oldLen, newFd, newPtr, newLen) {
  const [from, errno] = ctx.fds.getDir(oldFd, Rights.PATH_LINK_SOURCE);
  if (!from)
    return errno;
  const [to, errno2] = ctx.fds.getDir(newFd, Rights.PATH_LINK_TARGET);
  if (!to)
    return errno2;
  if (follows(oldFlags) !== false)
    return Errno.INVAL;
  const [oldPath, err] = guestPath(ctx.memory, oldPtr, oldLen);
  if (oldPath === undefined)
    return err;
  const [newPath, err2] = guestPath(ctx.memory, newPtr, newLen);
  return newPath === undefined ? err2 : from.link(oldPath, to, newPath);
};
var path_symlink = function path_symlink(ctx, targetPtr, targetLen, fd, pathPtr, pathLen) {
  const [dir, errno] = ctx.fds.getDir(fd, Rights.PATH_SYMLINK);
  if (!dir)
    return errno;
  const [target, err] = guestPath(ctx.memory, targetPtr, targetLen);
  if (target === undefined)
    return err;
  const [path, err2] = guestPath(ctx.memory, pathPtr, pathLen);
  return path === undefined ? err2 : dir.symlink(target, path);
};
var path_readlink = function path_readlink(ctx, fd, pathPtr, pathLen, buf, bufLen, bufusedPtr) {
  const [dir, errno] = ctx.fds.getDir(fd, Rights.PATH_READLINK);
  if (!dir)
    return errno;
  ctx.memory.check(bufusedPtr, 4);
  const out = ctx.memory.bytes(buf, bufLen);
  const [path, err] = guestPath(ctx.memory, pathPtr, pathLen);
  if (path === undefined)
    return err;
  const [target, e] = dir.readlink(path);
  if (!target)
    return e;
  const n = Math.min(target.length, out.length);
  out.set(target.subarray(0, n));
  ctx.memory.setU32(bufusedPtr, n);
  return Errno.SUCCESS;
};
var path_filestat_get = function path_filestat_get(ctx, fd, flags, pathPtr, pathLen, statPtr) {
  const [dir, errno] = ctx.fds.getDir(fd, Rights.PATH_FILESTAT_GET);
  if (!dir)
    return errno;
  const follow = follows(flags);
  if (follow === undefined)
    return Errno.INVAL;
  ctx.memory.check(statPtr, FILESTAT_SIZE);
  const e0 = guestPathBytes(ctx.memory, pathPtr, pathLen);
  if (e0)
    return e0;
  const slash = plainPath(PATH_BYTES, pathLen);
  const done = slash === NOT_PLAIN ? undefined : dir.statPlain(PATH_BYTES, pathLen, slash, follow, FILESTAT_BYTES);
  if (done === Errno.SUCCESS)
    ctx.memory.copyIn(statPtr, FILESTAT_BYTES);
  if (done !== undefined)
    return done;
  const [path, err] = guestPath(ctx.memory, pathPtr, pathLen);
  if (path === undefined)
    return err;
  const [stat, e] = dir.statAt(path, follow);
  if (!stat)
    return e;
  writeFilestat(ctx.memory, statPtr, stat);
  return Errno.SUCCESS;
};
var path_filestat_set_times = function path_filestat_set_times(ctx, fd, flags, pathPtr, pathLen, atim, mtim, fstFlags) {
  const [times, errno] = timeSpecs(atim, mtim, fstFlags);
  if (!times)
    return errno;
  const [dir, errno2] = ctx.fds.getDir(fd, Rights.PATH_FILESTAT_SET_TIMES);
  if (!dir)
    return errno2;
  const follow = follows(flags);
  if (follow === undefined)
    return Errno.INVAL;
  const [path, err] = guestPath(ctx.memory, pathPtr, pathLen);
  return path === undefined ? err : dir.setTimesAt(path, follow, ...times);
};
var decode = function decode(ctx, inPtr, n) {
  const m = ctx.memory;
  m.check(inPtr, n * SUBSCRIPTION_SIZE);
  let now = NaN;
  const subs = [];
  for (let i = 0;i < n; i++) {
    const p = (inPtr >>> 0) + i * SUBSCRIPTION_SIZE;
    const sub = {
      userdataLo: m.getU32(p + SUBSCRIPTION_USERDATA),
      userdataHi: m.getU32(p + SUBSCRIPTION_USERDATA + 4),
      type: m.getU8(p + SUBSCRIPTION_TAG),
      deadline: Infinity,
      fd: -1,
      errno: Errno.SUCCESS
    };
    if (sub.type === Eventtype.CLOCK) {
      const id = m.getU32(p + SUBSCRIPTION_CLOCK_ID);
      const lo = m.getU32(p + SUBSCRIPTION_CLOCK_TIMEOUT);
      const hi = m.getU32(p + SUBSCRIPTION_CLOCK_TIMEOUT + 4);
      const timeoutMs = (hi * 4294967296 + lo) / 1e6;
      const flags = m.getU16(p + SUBSCRIPTION_CLOCK_FLAGS);
      const absolute = (flags & Subclockflags.ABSTIME) !== 0;
      if (id !== Clockid.MONOTONIC && id !== Clockid.REALTIME || flags & ~Subclockflags.ABSTIME) {
        sub.errno = Errno.INVAL;
      } else if (!absolute && lo === 0 && hi === 0) {
        sub.deadline = -Infinity;
      } else if (absolute) {
        sub.deadline = id === Clockid.MONOTONIC ? timeoutMs : realtimeToMonotonicMs(m.getU64(p + SUBSCRIPTION_CLOCK_TIMEOUT));
      } else {
        if (Number.isNaN(now))
          now = monotonicMs();
        sub.deadline = now + timeoutMs;
      }
    } else if (sub.type === Eventtype.FD_READ || sub.type === Eventtype.FD_WRITE) {
      sub.fd = m.getU32(p + SUBSCRIPTION_FD);
    } else {
      sub.errno = Errno.INVAL;
    }
    subs.push(sub);
  }
  return subs;
};
var check = function check(ctx, subs, waits, lagging) {
  let now = NaN;
  const events = [];
  for (const sub of subs) {
    const event = {
      userdataLo: sub.userdataLo,
      userdataHi: sub.userdataHi,
      errno: sub.errno,
      type: sub.type,
      nbytes: 0n,
      flags: 0
    };
    if (sub.errno) {
      events.push(event);
    } else if (sub.type === Eventtype.CLOCK) {
      if (sub.deadline !== -Infinity && Number.isNaN(now))
        now = monotonicMs();
      if (sub.deadline <= now || sub.deadline === -Infinity)
        events.push(event);
    } else {
      const [handle, errno] = ctx.fds.get(sub.fd);
      const direction = sub.type === Eventtype.FD_READ ? "read" : "write";
      if (!handle) {
        event.errno = errno;
        events.push(event);
        continue;
      }
      const state2 = handle.poll(direction);
      if (state2) {
        event.errno = state2.errno ?? Errno.SUCCESS;
        event.nbytes = state2.nbytes;
        event.flags = state2.hangup ? Eventrwflags.HANGUP : 0;
        events.push(event);
      } else if (waits) {
        const ready = handle.ready(direction);
        if (ready)
          waits.push(ready);
      } else if (lagging && handle.readinessLags(direction)) {
        const ready = handle.ready(direction);
        if (ready)
          lagging.push(ready);
      }
    }
  }
  return events;
};
var write3 = function write3(ctx, outPtr, neventsPtr, events) {
  const m = ctx.memory;
  for (let i = 0;i < events.length; i++) {
    const e = events[i];
    const p = (outPtr >>> 0) + i * EVENT_SIZE;
    writeEvent(m, p, e.userdataLo, e.userdataHi, e.errno, e.type);
    if (e.type !== Eventtype.CLOCK) {
      m.setU64(p + EVENT_NBYTES, e.nbytes);
      m.setU32(p + EVENT_FLAGS, e.flags);
    }
  }
  m.setU32(neventsPtr, events.length);
  return Errno.SUCCESS;
};
var writeEvent = function writeEvent(m, p, userdataLo, userdataHi, errno, type) {
  m.setU32(p + EVENT_USERDATA, userdataLo);
  m.setU32(p + EVENT_USERDATA + 4, userdataHi);
  m.setU32(p + EVENT_ERROR, errno | type << 16);
  m.setU32(p + 12, 0);
  m.setU32(p + EVENT_NBYTES, 0);
  m.setU32(p + EVENT_NBYTES + 4, 0);
  m.setU32(p + EVENT_FLAGS, 0);
  m.setU32(p + EVENT_FLAGS + 4, 0);
};
var zeroTimeoutClock = function zeroTimeoutClock(m, inPtr, outPtr, neventsPtr) {
  const p = m.check(inPtr, SUBSCRIPTION_SIZE);
  if (m.getU8(p + SUBSCRIPTION_TAG) !== Eventtype.CLOCK)
    return false;
  if (m.getU16(p + SUBSCRIPTION_CLOCK_FLAGS) !== 0)
    return false;
  const timeout = p + SUBSCRIPTION_CLOCK_TIMEOUT;
  if (m.getU32(timeout) !== 0 || m.getU32(timeout + 4) !== 0)
    return false;
  const id = m.getU32(p + SUBSCRIPTION_CLOCK_ID);
  if (id !== Clockid.MONOTONIC && id !== Clockid.REALTIME)
    return false;
  const out = m.check(outPtr, EVENT_SIZE);
  m.check(neventsPtr, 4);
  const userdata = p + SUBSCRIPTION_USERDATA;
  writeEvent(m, out, m.getU32(userdata), m.getU32(userdata + 4), Errno.SUCCESS, Eventtype.CLOCK);
  m.setU32(neventsPtr, 1);
  return true;
};
var poll_oneoff = function poll_oneoff(ctx, inPtr, outPtr, nsubscriptions, neventsPtr) {
  const n = nsubscriptions >>> 0;
  if (n === 0 || n > MAX_SUBSCRIPTIONS)
    return Errno.INVAL;
  if (n === 1 && zeroTimeoutClock(ctx.memory, inPtr, outPtr, neventsPtr))
    return Errno.SUCCESS;
  const subs = decode(ctx, inPtr, n);
  ctx.memory.check(outPtr, n * EVENT_SIZE);
  ctx.memory.check(neventsPtr, 4);
  const lagging = [];
  const events = check(ctx, subs, undefined, lagging);
  if (events.length === 0)
    return wait(ctx, subs, outPtr, neventsPtr);
  if (lagging.length === 0)
    return write3(ctx, outPtr, neventsPtr, events);
  return afterOneTurn(ctx, subs, outPtr, neventsPtr, lagging);
};
var afterOneTurn = async function afterOneTurn(ctx, subs, outPtr, neventsPtr, lagging) {
  await race([
    ...lagging,
    new Promise((resolve) => setImmediate(resolve))
  ]);
  return write3(ctx, outPtr, neventsPtr, check(ctx, subs, undefined));
};
var wait = async function wait(ctx, subs, outPtr, neventsPtr) {
  let deadline = Infinity;
  for (const sub of subs) {
    if (sub.type === Eventtype.CLOCK)
      deadline = Math.min(deadline, sub.deadline);
  }
  for (;; ) {
    const waits = [];
    const events = check(ctx, subs, waits);
    if (events.length > 0)
      return write3(ctx, outPtr, neventsPtr, events);
    let cancel;
    if (deadline !== Infinity) {
      const ms = deadline - monotonicMs();
      waits.push(new Promise((resolve) => cancel = waitToward(ms, resolve)));
    }
    if (waits.length === 0) {
      return Errno.INVAL;
    }
    try {
      await race([
        ...waits,
        ctx.interrupted
      ]);
    } finally {
      cancel?.();
    }
  }
};
var proc_exit = function proc_exit(_ctx, code) {
  throw new ProcExit(code >>> 0);
};
var proc_raise = function proc_raise(_ctx, sig) {
  return sig >>> 0 > 30 ? Errno.INVAL : Errno.NOSYS;
};
var fillRandom = function fillRandom(buf) {
  if (!isDeno && !isBun) {
    if (urandom === undefined) {
      try {
        urandom = nodeFs().openSync("/dev/urandom", "r");
      } catch {
        urandom = null;
      }
    }
    if (urandom !== null) {
      const fs = nodeFs();
      for (let off = 0;off < buf.length; ) {
        off += fs.readSync(urandom, buf, off, buf.length - off, null);
      }
      return;
    }
  }
  for (let off = 0;off < buf.length; off += MAX_CHUNK) {
    crypto.getRandomValues(buf.subarray(off, off + MAX_CHUNK));
  }
};
var random_get = function random_get(ctx, bufPtr, len) {
  fillRandom(ctx.memory.bytes(bufPtr, len));
  return Errno.SUCCESS;
};
var sched_yield = function sched_yield(_ctx) {
  if (performance.now() - lastTurn < TURN_EVERY_MS)
    return Errno.SUCCESS;
  return new Promise((resolve) => setImmediate(() => {
    lastTurn = performance.now();
    resolve(Errno.SUCCESS);
  }));
};
var sock_accept = function sock_accept(ctx, fd, flags, fdOutPtr) {
  const [listener, errno] = ctx.fds.get(fd);
  if (!listener)
    return errno;
  if (flags & ~Fdflags.NONBLOCK)
    return Errno.INVAL;
  ctx.memory.check(fdOutPtr, 4);
  return untilReady(listener, "read", () => listener.accept(), (connection) => {
    connection.fdflags = flags & Fdflags.NONBLOCK;
    ctx.memory.setU32(fdOutPtr, ctx.fds.insert(connection));
    return Errno.SUCCESS;
  });
};
var sock_recv = function sock_recv(ctx, fd, iovs, iovsLen, riFlags, datalenPtr, roFlagsPtr) {
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle)
    return errno;
  if (riFlags & ~(Riflags.RECV_PEEK | Riflags.RECV_WAITALL))
    return Errno.INVAL;
  if (handle.filetype !== Filetype.SOCKET_STREAM)
    return Errno.NOTSOCK;
  ctx.memory.check(datalenPtr, 4);
  ctx.memory.check(roFlagsPtr, 2);
  const peek = (riFlags & Riflags.RECV_PEEK) !== 0;
  const waitAll = (riFlags & Riflags.RECV_WAITALL) !== 0 && !peek;
  const finish2 = (n) => {
    ctx.memory.setU32(datalenPtr, n);
    ctx.memory.setU16(roFlagsPtr, 0);
    return Errno.SUCCESS;
  };
  const room = ctx.memory.iovecs(iovs, iovsLen).some((b) => b.length > 0);
  if (waitAll && room)
    return recvAll(ctx, handle, iovs, iovsLen, finish2);
  if (peek && riFlags & Riflags.RECV_WAITALL && room && isBlocking(handle)) {
    return peekAll(ctx, handle, iovs, iovsLen, finish2);
  }
  return untilReady(handle, "read", () => handle.recv(ctx.memory.iovecs(iovs, iovsLen), peek), finish2);
};
var recvAll = async function recvAll(ctx, handle, iovs, iovsLen, finish2) {
  let total = 0;
  for (;; ) {
    const bufs = skip(ctx.memory.iovecs(iovs, iovsLen), total);
    if (bufs.length === 0)
      return finish2(total);
    const [n, errno] = handle.recv(bufs, false);
    if (errno === Errno.AGAIN) {
      if (!isBlocking(handle))
        return total > 0 ? finish2(total) : Errno.AGAIN;
      await handle.ready("read");
      continue;
    }
    if (errno)
      return total > 0 ? finish2(total) : errno;
    if (n === 0)
      return finish2(total);
    total += n;
  }
};
var peekAll = async function peekAll(ctx, handle, iovs, iovsLen, finish2) {
  for (;; ) {
    const bufs = ctx.memory.iovecs(iovs, iovsLen);
    const [n, errno] = handle.recv(bufs, true);
    if (errno === Errno.AGAIN) {
      await handle.ready("read");
      continue;
    }
    if (errno)
      return errno;
    const more = n < totalLength(bufs) && handle.arrivals();
    if (!more)
      return finish2(n);
    await more;
  }
};
var sock_send = function sock_send(ctx, fd, iovs, iovsLen, siFlags, datalenPtr) {
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle)
    return errno;
  if (siFlags !== 0)
    return Errno.INVAL;
  if (handle.filetype !== Filetype.SOCKET_STREAM)
    return Errno.NOTSOCK;
  return writeFrom(ctx, handle, iovs, iovsLen, datalenPtr);
};
var sock_shutdown = function sock_shutdown(ctx, fd, how) {
  const [handle, errno] = ctx.fds.get(fd);
  if (!handle)
    return errno;
  if (handle.filetype !== Filetype.SOCKET_STREAM)
    return Errno.NOTSOCK;
  if (how === 0 || how & ~(Sdflags.RD | Sdflags.WR))
    return Errno.INVAL;
  return handle.shutdown(how);
};
var exactArity = function exactArity(arity, run2) {
  const u = undefined;
  switch (arity) {
    case 0:
      return () => run2(u, u, u, u, u, u, u, u, u);
    case 1:
      return (a) => run2(a, u, u, u, u, u, u, u, u);
    case 2:
      return (a, b) => run2(a, b, u, u, u, u, u, u, u);
    case 3:
      return (a, b, c) => run2(a, b, c, u, u, u, u, u, u);
    case 4:
      return (a, b, c, d) => run2(a, b, c, d, u, u, u, u, u);
    case 5:
      return (a, b, c, d, e) => run2(a, b, c, d, e, u, u, u, u);
    case 6:
      return (a, b, c, d, e, f) => run2(a, b, c, d, e, f, u, u, u);
    case 7:
      return (a, b, c, d, e, f, g) => run2(a, b, c, d, e, f, g, u, u);
    case 8:
      return (a, b, c, d, e, f, g, h) => run2(a, b, c, d, e, f, g, h, u);
    default:
      return run2;
  }
};
var notImplemented = function notImplemented() {
  return Errno.NOSYS;
};
var answer = function answer(error, sig, args, ctx) {
  if (error instanceof GuestError)
    return error.errno;
  if (error instanceof ProcExit || error instanceof WasiRunError || error instanceof RangeError && /call stack/i.test(error.message))
    throw error;
  const mismatch = typeMismatch(sig, args);
  if (mismatch)
    throw mismatch;
  if (!ctx.hasMemory) {
    throw new WasiRunError(`'${sig.name}' was called before the module's memory was known: while it was being instantiated (a start section; run it with wasirun's run() or CLI), or it does not export its memory as 'memory'` + (ctx.started ? "" : ", or it was instantiated with the imports of a WASI object it was not started with"));
  }
  throw new InternalError(describeCall(sig, args, ctx), error);
};
var typeMismatch = function typeMismatch(sig, args) {
  const expected = signatureType(sig);
  const found = args.map((a) => typeof a === "bigint" ? "i64" : Number.isInteger(a) ? "i32" : "f64");
  if (found.join() === expected.params.join())
    return;
  return new ImportTypeError(`import 'wasi_snapshot_preview1.${sig.name}' was called with (${found.join(", ")}), expected ${formatType(expected)}`);
};
var checkedImportObject = function checkedImportObject(wasi, module2) {
  return checkedImports(wasi, module2);
};
var writeAllSync = function writeAllSync(fd, text) {
  const bytes = new TextEncoder().encode(text);
  for (let off = 0;off < bytes.length; ) {
    try {
      off += writeSome(fd, bytes.subarray(off));
    } catch (e) {
      if (isDeno && e instanceof Deno.errors.BrokenPipe)
        return;
      const code = e.code;
      if (code === "EPIPE")
        return;
      const wouldBlock = code === "EAGAIN" || code === "EWOULDBLOCK" || isDeno && e instanceof Deno.errors.WouldBlock;
      if (!wouldBlock)
        throw e;
      Atomics.wait(PAUSE, 0, 0, 1);
    }
  }
};
var say = function say(fd, text) {
  try {
    writeAllSync(fd, text);
  } catch {}
};
var writeSome = function writeSome(fd, bytes) {
  if (fd === 1 || fd === 2) {
    if (isDeno)
      return (fd === 1 ? Deno.stdout : Deno.stderr).writeSync(bytes);
    return writeSync(fd, bytes);
  }
  return nodeFs().writeSync(fd, bytes);
};
var main = async function main2(args, io = defaultIo) {
  const parsed = parseArgs(args, io.getEnv);
  switch (parsed.kind) {
    case "help":
      io.print(HELP + `
`);
      return 0;
    case "version":
      io.print(`wasirun ${VERSION}
`);
      return 0;
    case "usage-error":
      io.error(`error: ${parsed.message}`);
      io.error("hint: usage is 'wasirun [options] <module.wasm> [args...]'; see 'wasirun --help'");
      return EXIT_USAGE;
  }
  const missing = jspiMissingReason();
  if (missing) {
    io.error(`error: ${missing}`);
    return EXIT_FAILURE;
  }
  const options = parsed.options;
  try {
    return await run(options, io);
  } catch (e) {
    if (e instanceof WasiRunError) {
      io.error(`error: ${options.module}: ${e.message}`);
      return EXIT_FAILURE;
    }
    if (e instanceof GuestTrap) {
      io.error(`error: ${options.module}: wasm trap: ${e.reason}`);
      if (e.stackOverflow)
        io.error(stackHint(options.maxWasmStack));
      return EXIT_TRAP;
    }
    if (e instanceof InternalError) {
      io.error(`error: ${e.message}`);
      io.error(INTERNAL_HINT);
      if (io.getEnv("WASIRUN_DEBUG"))
        io.error(`${e.cause?.stack ?? e.cause}`);
      return EXIT_INTERNAL;
    }
    throw e;
  }
};
var stackHint = function stackHint(given) {
  const start = "hint: the guest recursed deeper than the JS engine's stack allows";
  if (given !== undefined && given >= MAX_STACK_BYTES2) {
    return `${start}, even at wasirun's largest stack (-W max-wasm-stack=${MAX_STACK_BYTES2})`;
  }
  const next = Math.min(MAX_STACK_BYTES2, given ? given * 4 : isDeno || isBun ? 16777216 : 67108864);
  const now = given ? ` (this run had ${given})` : "";
  return `${start}; raise it with wasmtime's '-W max-wasm-stack=${next}' (bytes)${now}` + (isDeno ? `, or where Deno has no --allow-ffi, 'deno run --v8-flags=--stack-size=${(next >> 10) - 384},--wasm-stack-switching-stack-size=${next >> 10} ...' (KiB)` : isBun ? "; Bun's depth also depends on its JIT's timing" : "");
};
var run = async function run(options, io) {
  const early = takeEarly(options.module);
  const read3 = await readModule2(options.module, early?.bytes);
  const bytes = options.maxMemorySize === undefined ? read3 : limitMemory(read3, options.maxMemorySize);
  const module2 = await compile(bytes, early?.module, options.unknownImports);
  const env = new Map(options.inheritEnv ? io.allEnv() : []);
  for (const [k, v] of options.env)
    env.set(k, v);
  for (const dir of options.dirs)
    checkDir(dir.host);
  const refusal = options.timeout && watchdogRefusal();
  if (refusal)
    throw new WasiRunError(refusal);
  const weakSandbox = options.dirs.length > 0 ? resolverWarning() : undefined;
  if (weakSandbox)
    io.error(weakSandbox);
  const listeners = await Promise.all(options.listen.map(listen));
  listeners.forEach((l, i) => io.error(`wasirun: listening on ${formatAddress(l.host, l.port)} (fd ${3 + options.dirs.length + i})`));
  const report = openReport(options, io);
  const stats = options.stats ? new TraceStats : undefined;
  const format = options.trace === "json" ? JSON.stringify : options.trace === "text" ? (r) => report.prefix + formatText(r) : undefined;
  const trace = format || stats ? (record) => {
    stats?.add(record);
    if (format)
      report.write(format(record));
  } : undefined;
  let watchdog;
  const signals = new SignalExits(options.timeout ? () => watchdog?.taken() : undefined);
  const wasi = new WASI({
    args: [
      options.argv0 ?? baseName(options.module),
      ...options.guestArgs
    ],
    env: [
      ...env
    ],
    preopens: options.dirs,
    listeners,
    trace,
    onWait: (waiting) => signals.listen(waiting),
    sigpipe: options.sigpipe
  });
  signals.onSignal = (code) => wasi.interrupt(code);
  try {
    if (options.timeout) {
      watchdog = await startWatchdog(options.timeout.ms, `error: ${options.module}: the guest ran past -W timeout=${options.timeout.text}`);
    }
    const imports = checkedImportObject(wasi, module2);
    if (options.unknownImports)
      addUnknownImports(imports, module2, bytes, options.unknownImports);
    const instance = await instantiate(module2, imports);
    if (options.invoke !== undefined)
      return await invoke(wasi, instance, bytes, options, io);
    return await wasi.start(instance);
  } finally {
    watchdog?.stop();
    if (stats && options.trace === "json")
      io.error(stats.format());
    else if (stats)
      report.write(stats.format());
    report.close();
  }
};
var openReport = function openReport(options, io) {
  const path = options.traceFile;
  if (path === undefined) {
    return {
      prefix: "[trace] ",
      write: (text) => io.error(text),
      close: () => {}
    };
  }
  let fd;
  try {
    fd = nodeFs().openSync(path, "w");
  } catch (e) {
    throw new WasiRunError(describeFsError(e, `cannot open trace file '${path}'`));
  }
  let failed = false;
  return {
    prefix: "",
    write: (text) => {
      if (failed)
        return;
      try {
        writeAllSync(fd, text + `
`);
      } catch (e) {
        failed = true;
        io.error(`wasirun: ${describeFsError(e, `cannot write trace file '${path}'`)}`);
      }
    },
    close: () => nodeFs().closeSync(fd)
  };
};
var invoke = async function invoke(wasi, instance, bytes, options, io) {
  const name2 = options.invoke;
  const type = exportedFuncType(bytes, name2);
  if (!type)
    throw new WasiRunError(`module has no exported function '${name2}'`);
  if (options.guestArgs.length !== type.params.length) {
    throw new WasiRunError(`'${name2}' takes ${type.params.length} argument(s) (${type.params.join(", ") || "none"}), got ${options.guestArgs.length}`);
  }
  const args = type.params.map((t, i) => parseValue(t, options.guestArgs[i]));
  try {
    await wasi.initialize(instance);
    const result = await wasi.call(instance, name2, ...args);
    const results = type.results.length > 1 ? result : type.results.length ? [
      result
    ] : [];
    for (const value of results)
      io.print(`${value}
`);
    await wasi.close();
    return 0;
  } catch (e) {
    if (e instanceof ProcExit)
      return e.code;
    throw e;
  }
};
var parseValue = function parseValue(type, text) {
  const bad = () => new WasiRunError(`invalid ${type} argument '${text}'`);
  if (type === "i32") {
    if (!/^[-+]?(\d+|0x[0-9a-f]+)$/i.test(text))
      throw bad();
    return Number(BigInt.asIntN(32, BigInt(text.replace(/^\+/, ""))));
  }
  if (type === "i64") {
    if (!/^[-+]?(\d+|0x[0-9a-f]+)$/i.test(text))
      throw bad();
    return BigInt.asIntN(64, BigInt(text.replace(/^\+/, "")));
  }
  if (type === "f32" || type === "f64") {
    const value = Number(text);
    if (text.trim() === "" || Number.isNaN(value) && text !== "NaN")
      throw bad();
    return value;
  }
  throw new WasiRunError(`cannot pass a ${type} argument from the command line`);
};
var ignoredAtStart = function ignoredAtStart() {
  const ignored = /* @__PURE__ */ new Set;
  if (!isBun)
    return ignored;
  try {
    const status = nodeFs().readFileSync("/proc/self/status", "utf8");
    const mask = BigInt("0x" + (/^SigIgn:\s*([0-9a-f]+)/m.exec(status)?.[1] ?? "0"));
    if (mask & 1n << 1n)
      ignored.add("SIGINT");
    if (mask & 1n << 14n)
      ignored.add("SIGTERM");
  } catch {}
  return ignored;
};
var listen = async function listen(address) {
  const { TcpListener: TcpListener2 } = await Promise.resolve().then(() => (init_net(), net_exports));
  try {
    return await TcpListener2.listen(address.host, address.port);
  } catch (e) {
    const code = e.code;
    const reason = code === "EADDRINUSE" ? "address already in use" : code === "EACCES" || code === "EPERM" || e.name === "NotCapable" ? "permission denied" : code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN" ? "address not available" : e.message;
    throw new WasiRunError(`cannot listen on ${formatAddress(address.host, address.port)}: ${reason}`);
  }
};
var formatAddress = function formatAddress(host, port) {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
};
var readModule2 = async function readModule2(path, early) {
  try {
    return await (early ?? readModuleBytes(path));
  } catch (e) {
    throw new WasiRunError(describeFsError(e, "cannot read module"));
  }
};
var checkDir = function checkDir(host) {
  let isDirectory;
  try {
    isDirectory = isDeno ? Deno.statSync(host).isDirectory : nodeFs().statSync(host).isDirectory();
  } catch (e) {
    throw new WasiRunError(describeFsError(e, `cannot preopen '${host}'`));
  }
  if (!isDirectory)
    throw new WasiRunError(`cannot preopen '${host}': not a directory`);
};
var runCommand = async function runCommand2() {
  processExitsExplicitly();
  let code;
  try {
    code = await main(programArgs());
  } catch (e) {
    say(2, `error: internal error in wasirun: ${e instanceof Error ? e.message : e}
`);
    say(2, INTERNAL_HINT + `
`);
    if (getEnv("WASIRUN_DEBUG"))
      say(2, `${e instanceof Error ? e.stack : e}
`);
    code = EXIT_INTERNAL;
  }
  exitCommand(processExitCode(code));
};
var processExitCode = function processExitCode2(code) {
  const low = code & 255;
  return low === 0 && code !== 0 ? 1 : low;
};
var baseName = function baseName(path) {
  return path.split(/[\\/]/).pop() || path;
};
var __defProp2 = Object.defineProperty;
var __getOwnPropNames2 = Object.getOwnPropertyNames;
var __esm = (fn, res) => function __init() {
  return fn && (res = (0, fn[__getOwnPropNames2(fn)[0]])(fn = 0)), res;
};
var __export2 = (target, all) => {
  for (var name2 in all)
    __defProp2(target, name2, { get: all[name2], enumerable: true });
};
var isDeno;
var isBun;
var init_runtime = __esm({
  "lib/host/runtime.ts"() {
    isDeno = typeof globalThis.Deno === "object";
    isBun = typeof globalThis.Bun === "object";
  }
});
var denoOpened;
var bunFfi;
var NODE_TYPES;
var nodeFfi;
var EAGAIN;
var init_ffi = __esm({
  "lib/host/ffi.ts"() {
    init_runtime();
    denoOpened = /* @__PURE__ */ new Map;
    NODE_TYPES = {
      i32: "int32",
      i64: "int64",
      buffer: "buffer"
    };
    EAGAIN = 11;
  }
});
var platform;
var BIG_MODULE;
var TUNE_ASKED;
var JSC_STACK_BYTES;
var MAX_STACK_BYTES;
var loaded;
var init_process = __esm({
  "lib/host/process.ts"() {
    init_ffi();
    init_runtime();
    platform = isDeno ? Deno.build.os === "windows" ? "win32" : Deno.build.os : hostProcess().platform;
    BIG_MODULE = 4194304;
    TUNE_ASKED = Symbol.for("wasirun.tuneBunEngine");
    JSC_STACK_BYTES = 5242880;
    MAX_STACK_BYTES = 1073741824;
    loaded = {};
  }
});
var WasiRunError;
var ImportTypeError;
var InternalError;
var GuestTrap;
var TRAP_REASONS;
var init_errors = __esm({
  "lib/errors.ts"() {
    WasiRunError = class extends Error {
      constructor(message) {
        super(message);
        this.name = "WasiRunError";
      }
    };
    ImportTypeError = class extends WasiRunError {
      constructor(message) {
        super(message);
        this.name = "ImportTypeError";
      }
    };
    InternalError = class extends Error {
      call;
      constructor(call, cause) {
        const reason = cause instanceof Error ? cause.message : String(cause);
        super(`internal error in wasirun during ${call}: ${reason}`, {
          cause
        });
        this.name = "InternalError";
        this.call = call;
      }
    };
    GuestTrap = class extends Error {
      reason;
      stackOverflow;
      stdout;
      stderr;
      constructor(reason, stackOverflow, options) {
        super(`wasm trap: ${reason}`, options);
        this.name = "GuestTrap";
        this.reason = reason;
        this.stackOverflow = stackOverflow;
      }
    };
    TRAP_REASONS = [
      [
        /unreachable/i,
        "wasm `unreachable` instruction executed"
      ],
      [
        /memory access out of bounds|out of bounds memory access/i,
        "out of bounds memory access"
      ],
      [
        /divi(de|sion) by zero|remainder by zero/i,
        "integer divide by zero"
      ],
      [
        /integer overflow/i,
        "integer overflow"
      ],
      [
        /float unrepresentable|out of bounds trunc/i,
        "invalid conversion to integer"
      ],
      [
        /table index is out of bounds|out of bounds call_indirect/i,
        "undefined element: out of bounds table access"
      ],
      [
        /signature mismatch|null function|signature that does not match/i,
        "uninitialized element or indirect call type mismatch"
      ],
      [
        /divide result unrepresentable/i,
        "integer overflow"
      ]
    ];
  }
});
var net_exports = {};
__export2(net_exports, {
  TcpConnection: () => TcpConnection,
  TcpListener: () => TcpListener
});
var TcpConnection;
var BACKLOG;
var TcpListener;
var init_net = __esm({
  "lib/host/net.ts"() {
    init_errors();
    init_process();
    TcpConnection = class {
      #socket;
      #events;
      #failure;
      #ended = false;
      constructor(socket) {
        this.#socket = socket;
        socket.on("error", (e) => {
          this.#failure ??= e;
          this.#events?.error(e);
        });
        socket.on("end", () => {
          this.#ended = true;
          this.#events?.end();
        });
        socket.on("data", (chunk) => this.#events?.data(new Uint8Array(chunk)));
        socket.pause();
      }
      get failure() {
        return this.#failure;
      }
      listen(events) {
        this.#events = events;
        if (this.#ended)
          events.end();
        if (this.#failure)
          events.error(this.#failure);
      }
      #paused = true;
      pause() {
        if (this.#paused)
          return;
        this.#paused = true;
        this.#socket.pause();
      }
      resume() {
        if (!this.#paused || this.#socket.destroyed)
          return;
        this.#paused = false;
        this.#socket.resume();
      }
      write(src) {
        return new Promise((resolve, reject) => {
          if (this.#failure)
            return reject(this.#failure);
          if (this.#socket.destroyed || this.#socket.writableEnded) {
            return reject(Object.assign(new Error("socket is closed for writing"), {
              code: "EPIPE"
            }));
          }
          this.#socket.write(src, (err) => err ? reject(err) : resolve(src.length));
        });
      }
      endWrite() {
        if (!this.#socket.destroyed)
          this.#socket.end();
      }
      destroy() {
        this.#socket.destroy();
      }
    };
    BACKLOG = 511;
    TcpListener = class _TcpListener {
      host;
      port;
      #server;
      #early = [];
      #taken = false;
      #closed = false;
      onConnection = (c) => {
        if (this.#early.length < BACKLOG)
          this.#early.push(c);
        else
          c.destroy();
      };
      constructor(server) {
        if (!server) {
          throw new WasiRunError("a TcpListener is made with TcpListener.listen(host, port)");
        }
        this.#server = server;
        const address = server.address();
        this.host = address.address;
        this.port = address.port;
        server.on("connection", (socket) => this.onConnection(new TcpConnection(socket)));
        server.on("error", () => {});
      }
      static listen(host, port) {
        return new Promise((resolve, reject) => {
          const server = builtin("node:net").createServer({
            pauseOnConnect: true,
            allowHalfOpen: true
          });
          server.once("error", reject);
          server.listen({
            host,
            port,
            backlog: BACKLOG
          }, () => {
            server.off("error", reject);
            resolve(new _TcpListener(server));
          });
        });
      }
      take() {
        this.checkFree();
        this.#taken = true;
        const early = this.#early;
        this.#early = [];
        return early;
      }
      checkFree() {
        if (this.#closed)
          throw new WasiRunError(`the listener on port ${this.port} is closed`);
        if (this.#taken) {
          throw new WasiRunError(`the listener on port ${this.port} is another WASI's already`);
        }
      }
      close() {
        this.#closed = true;
        this.#server.close();
        for (const connection of this.#early)
          connection.destroy();
        this.#early = [];
      }
    };
  }
});
init_process();
var VALUE_OPTIONS = /* @__PURE__ */ new Set([
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
  "--codegen"
]);
var WASM_SIZES = /* @__PURE__ */ new Set([
  "max-wasm-stack",
  "max-memory-size"
]);
var WASM_FLAGS = /* @__PURE__ */ new Set([
  "unknown-imports-trap",
  "unknown-imports-default"
]);
var WASI_ENABLED = /* @__PURE__ */ new Set([
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
  "udp"
]);
var IGNORED_OPTIONS = /* @__PURE__ */ new Set([
  "-O",
  "--optimize",
  "-C",
  "--codegen"
]);
var FLAG_OPTIONS = /* @__PURE__ */ new Set([
  "--inherit-env",
  "--stats",
  "--help",
  "-h",
  "--version",
  "-V"
]);
var UNIT_MS = {
  s: 1000,
  ms: 1,
  us: 0.001,
  "\u03BCs": 0.001,
  ns: 0.000001
};
init_errors();
init_process();
init_runtime();
var MODULE_MAX = 1073741824;
var PREAMBLE = [
  0,
  97,
  115,
  109,
  1,
  0,
  0,
  0
];
var DEBUG = [
  46,
  100,
  101,
  98,
  117,
  103,
  95
];
var HEADER_MAX = 32;
var STREAM_MIN = 1048576;
var Errno = {
  SUCCESS: 0,
  "2BIG": 1,
  ACCES: 2,
  ADDRINUSE: 3,
  ADDRNOTAVAIL: 4,
  AFNOSUPPORT: 5,
  AGAIN: 6,
  ALREADY: 7,
  BADF: 8,
  BADMSG: 9,
  BUSY: 10,
  CANCELED: 11,
  CHILD: 12,
  CONNABORTED: 13,
  CONNREFUSED: 14,
  CONNRESET: 15,
  DEADLK: 16,
  DESTADDRREQ: 17,
  DOM: 18,
  DQUOT: 19,
  EXIST: 20,
  FAULT: 21,
  FBIG: 22,
  HOSTUNREACH: 23,
  IDRM: 24,
  ILSEQ: 25,
  INPROGRESS: 26,
  INTR: 27,
  INVAL: 28,
  IO: 29,
  ISCONN: 30,
  ISDIR: 31,
  LOOP: 32,
  MFILE: 33,
  MLINK: 34,
  MSGSIZE: 35,
  MULTIHOP: 36,
  NAMETOOLONG: 37,
  NETDOWN: 38,
  NETRESET: 39,
  NETUNREACH: 40,
  NFILE: 41,
  NOBUFS: 42,
  NODEV: 43,
  NOENT: 44,
  NOEXEC: 45,
  NOLCK: 46,
  NOLINK: 47,
  NOMEM: 48,
  NOMSG: 49,
  NOPROTOOPT: 50,
  NOSPC: 51,
  NOSYS: 52,
  NOTCONN: 53,
  NOTDIR: 54,
  NOTEMPTY: 55,
  NOTRECOVERABLE: 56,
  NOTSOCK: 57,
  NOTSUP: 58,
  NOTTY: 59,
  NXIO: 60,
  OVERFLOW: 61,
  OWNERDEAD: 62,
  PERM: 63,
  PIPE: 64,
  PROTO: 65,
  PROTONOSUPPORT: 66,
  PROTOTYPE: 67,
  RANGE: 68,
  ROFS: 69,
  SPIPE: 70,
  SRCH: 71,
  STALE: 72,
  TIMEDOUT: 73,
  TXTBSY: 74,
  XDEV: 75,
  NOTCAPABLE: 76
};
var NAMES = [];
for (const [name2, value] of Object.entries(Errno))
  NAMES[value] = name2;
init_process();
var LINUX_ERRNO = {
  E2BIG: 7,
  EACCES: 13,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  EAFNOSUPPORT: 97,
  EAGAIN: 11,
  EALREADY: 114,
  EBADF: 9,
  EBADMSG: 74,
  EBUSY: 16,
  ECANCELED: 125,
  ECHILD: 10,
  ECONNABORTED: 103,
  ECONNREFUSED: 111,
  ECONNRESET: 104,
  EDEADLK: 35,
  EDESTADDRREQ: 89,
  EDOM: 33,
  EDQUOT: 122,
  EEXIST: 17,
  EFAULT: 14,
  EFBIG: 27,
  EHOSTUNREACH: 113,
  EIDRM: 43,
  EILSEQ: 84,
  EINPROGRESS: 115,
  EINTR: 4,
  EINVAL: 22,
  EIO: 5,
  EISCONN: 106,
  EISDIR: 21,
  ELOOP: 40,
  EMFILE: 24,
  EMLINK: 31,
  EMSGSIZE: 90,
  EMULTIHOP: 72,
  ENAMETOOLONG: 36,
  ENETDOWN: 100,
  ENETRESET: 102,
  ENETUNREACH: 101,
  ENFILE: 23,
  ENOBUFS: 105,
  ENODATA: 61,
  ENODEV: 19,
  ENOENT: 2,
  ENOEXEC: 8,
  ENOLCK: 37,
  ENOLINK: 67,
  ENOMEM: 12,
  ENOMSG: 42,
  ENOPROTOOPT: 92,
  ENOSPC: 28,
  ENOSR: 63,
  ENOSTR: 60,
  ENOSYS: 38,
  ENOTCONN: 107,
  ENOTDIR: 20,
  ENOTEMPTY: 39,
  ENOTSOCK: 88,
  ENOTSUP: 95,
  ENOTTY: 25,
  ENXIO: 6,
  EOPNOTSUPP: 95,
  EOVERFLOW: 75,
  EPERM: 1,
  EPIPE: 32,
  EPROTO: 71,
  EPROTONOSUPPORT: 93,
  EPROTOTYPE: 91,
  ERANGE: 34,
  EROFS: 30,
  ESPIPE: 29,
  ESRCH: 3,
  ESTALE: 116,
  ETIME: 62,
  ETIMEDOUT: 110,
  ETXTBSY: 26,
  EWOULDBLOCK: 11,
  EXDEV: 18
};
var HOST_ERRNO = platform === "linux" ? LINUX_ERRNO : builtin("node:os").constants.errno;
var BY_CODE = {
  ERR_ACCESS_DENIED: Errno.ACCES,
  E2BIG: Errno["2BIG"],
  EACCES: Errno.ACCES,
  EADDRINUSE: Errno.ADDRINUSE,
  EADDRNOTAVAIL: Errno.ADDRNOTAVAIL,
  EAFNOSUPPORT: Errno.AFNOSUPPORT,
  EAGAIN: Errno.AGAIN,
  EWOULDBLOCK: Errno.AGAIN,
  EALREADY: Errno.ALREADY,
  EBADF: Errno.BADF,
  EBADMSG: Errno.BADMSG,
  EBUSY: Errno.BUSY,
  ECANCELED: Errno.CANCELED,
  ECHILD: Errno.CHILD,
  ECONNABORTED: Errno.CONNABORTED,
  ECONNREFUSED: Errno.CONNREFUSED,
  ECONNRESET: Errno.CONNRESET,
  EDEADLK: Errno.DEADLK,
  EDESTADDRREQ: Errno.DESTADDRREQ,
  EDOM: Errno.DOM,
  EDQUOT: Errno.DQUOT,
  EEXIST: Errno.EXIST,
  EFAULT: Errno.FAULT,
  EFBIG: Errno.FBIG,
  EHOSTUNREACH: Errno.HOSTUNREACH,
  EIDRM: Errno.IDRM,
  EILSEQ: Errno.ILSEQ,
  EINPROGRESS: Errno.INPROGRESS,
  EINTR: Errno.INTR,
  EINVAL: Errno.INVAL,
  EIO: Errno.IO,
  EISCONN: Errno.ISCONN,
  EISDIR: Errno.ISDIR,
  ELOOP: Errno.LOOP,
  EMFILE: Errno.MFILE,
  EMLINK: Errno.MLINK,
  EMSGSIZE: Errno.MSGSIZE,
  EMULTIHOP: Errno.MULTIHOP,
  ENAMETOOLONG: Errno.NAMETOOLONG,
  ENETDOWN: Errno.NETDOWN,
  ENETRESET: Errno.NETRESET,
  ENETUNREACH: Errno.NETUNREACH,
  ENFILE: Errno.NFILE,
  ENOBUFS: Errno.NOBUFS,
  ENODEV: Errno.NODEV,
  ENOENT: Errno.NOENT,
  ENOEXEC: Errno.NOEXEC,
  ENOLCK: Errno.NOLCK,
  ENOLINK: Errno.NOLINK,
  ENOMEM: Errno.NOMEM,
  ENOMSG: Errno.NOMSG,
  ENOPROTOOPT: Errno.NOPROTOOPT,
  ENOSPC: Errno.NOSPC,
  ENOSYS: Errno.NOSYS,
  ENOTCONN: Errno.NOTCONN,
  ENOTDIR: Errno.NOTDIR,
  ENOTEMPTY: Errno.NOTEMPTY,
  ENOTRECOVERABLE: Errno.NOTRECOVERABLE,
  ENOTSOCK: Errno.NOTSOCK,
  ENOTSUP: Errno.NOTSUP,
  EOPNOTSUPP: Errno.NOTSUP,
  ENOTTY: Errno.NOTTY,
  ENXIO: Errno.NXIO,
  EOVERFLOW: Errno.OVERFLOW,
  EOWNERDEAD: Errno.OWNERDEAD,
  EPERM: Errno.PERM,
  EPIPE: Errno.PIPE,
  EPROTO: Errno.PROTO,
  EPROTONOSUPPORT: Errno.PROTONOSUPPORT,
  EPROTOTYPE: Errno.PROTOTYPE,
  ERANGE: Errno.RANGE,
  EROFS: Errno.ROFS,
  ESPIPE: Errno.SPIPE,
  ESRCH: Errno.SRCH,
  ESTALE: Errno.STALE,
  ETIMEDOUT: Errno.TIMEDOUT,
  ETXTBSY: Errno.TXTBSY,
  EXDEV: Errno.XDEV
};
var BY_NAME = {
  NotFound: Errno.NOENT,
  PermissionDenied: Errno.ACCES,
  NotCapable: Errno.ACCES,
  BadResource: Errno.BADF,
  Busy: Errno.BUSY,
  NotSupported: Errno.NOTSUP,
  NetworkUnreachable: Errno.NETUNREACH,
  AlreadyExists: Errno.EXIST,
  BrokenPipe: Errno.PIPE,
  ConnectionReset: Errno.CONNRESET,
  ConnectionRefused: Errno.CONNREFUSED,
  ConnectionAborted: Errno.CONNABORTED,
  NotConnected: Errno.NOTCONN,
  AddrInUse: Errno.ADDRINUSE,
  AddrNotAvailable: Errno.ADDRNOTAVAIL,
  TimedOut: Errno.TIMEDOUT,
  WouldBlock: Errno.AGAIN,
  Interrupted: Errno.INTR,
  IsADirectory: Errno.ISDIR,
  NotADirectory: Errno.NOTDIR,
  FilesystemLoop: Errno.LOOP,
  InvalidData: Errno.INVAL
};
var NAME_OF_NUMBER = {};
for (const [name2, value] of Object.entries(HOST_ERRNO))
  NAME_OF_NUMBER[value] ??= name2;
var BY_NUMBER = [];
for (const [name2, value] of Object.entries(HOST_ERRNO)) {
  if (Object.hasOwn(BY_CODE, name2))
    BY_NUMBER[value] = BY_CODE[name2];
}
var OS_ERROR = /\(os error (\d+)\)$/;
init_process();
var Filetype = {
  UNKNOWN: 0,
  BLOCK_DEVICE: 1,
  CHARACTER_DEVICE: 2,
  DIRECTORY: 3,
  REGULAR_FILE: 4,
  SOCKET_DGRAM: 5,
  SOCKET_STREAM: 6,
  SYMBOLIC_LINK: 7
};
var Fdflags = {
  APPEND: 1,
  DSYNC: 2,
  NONBLOCK: 4,
  RSYNC: 8,
  SYNC: 16
};
var Clockid = {
  REALTIME: 0,
  MONOTONIC: 1,
  PROCESS_CPUTIME_ID: 2,
  THREAD_CPUTIME_ID: 3
};
var Whence = {
  SET: 0,
  CUR: 1,
  END: 2
};
var Eventtype = {
  CLOCK: 0,
  FD_READ: 1,
  FD_WRITE: 2
};
var Subclockflags = {
  ABSTIME: 1
};
var Eventrwflags = {
  HANGUP: 1
};
var Oflags = {
  CREAT: 1,
  DIRECTORY: 2,
  EXCL: 4,
  TRUNC: 8
};
var Lookupflags = {
  SYMLINK_FOLLOW: 1
};
var Fstflags = {
  ATIM: 1,
  ATIM_NOW: 2,
  MTIM: 4,
  MTIM_NOW: 8
};
var Advice = {
  NORMAL: 0,
  SEQUENTIAL: 1,
  RANDOM: 2,
  WILLNEED: 3,
  DONTNEED: 4,
  NOREUSE: 5
};
var Preopentype = {
  DIR: 0
};
var Rights = {
  FD_DATASYNC: 1n << 0n,
  FD_READ: 1n << 1n,
  FD_SEEK: 1n << 2n,
  FD_FDSTAT_SET_FLAGS: 1n << 3n,
  FD_SYNC: 1n << 4n,
  FD_TELL: 1n << 5n,
  FD_WRITE: 1n << 6n,
  FD_ADVISE: 1n << 7n,
  FD_ALLOCATE: 1n << 8n,
  PATH_CREATE_DIRECTORY: 1n << 9n,
  PATH_CREATE_FILE: 1n << 10n,
  PATH_LINK_SOURCE: 1n << 11n,
  PATH_LINK_TARGET: 1n << 12n,
  PATH_OPEN: 1n << 13n,
  FD_READDIR: 1n << 14n,
  PATH_READLINK: 1n << 15n,
  PATH_RENAME_SOURCE: 1n << 16n,
  PATH_RENAME_TARGET: 1n << 17n,
  PATH_FILESTAT_GET: 1n << 18n,
  PATH_FILESTAT_SET_SIZE: 1n << 19n,
  PATH_FILESTAT_SET_TIMES: 1n << 20n,
  FD_FILESTAT_GET: 1n << 21n,
  FD_FILESTAT_SET_SIZE: 1n << 22n,
  FD_FILESTAT_SET_TIMES: 1n << 23n,
  PATH_SYMLINK: 1n << 24n,
  PATH_REMOVE_DIRECTORY: 1n << 25n,
  PATH_UNLINK_FILE: 1n << 26n,
  POLL_FD_READWRITE: 1n << 27n,
  SOCK_SHUTDOWN: 1n << 28n,
  SOCK_ACCEPT: 1n << 29n
};
var ALL_RIGHTS = (1n << 30n) - 1n;
var Signal = {
  NONE: 0,
  HUP: 1,
  INT: 2,
  KILL: 9,
  TERM: 15
};
var Riflags = {
  RECV_PEEK: 1,
  RECV_WAITALL: 2
};
var Sdflags = {
  RD: 1,
  WR: 2
};
init_ffi();
init_runtime();
var L = {
  AT_FDCWD: -100,
  AT_SYMLINK_NOFOLLOW: 256,
  AT_REMOVEDIR: 512,
  AT_EMPTY_PATH: 4096,
  O_RDONLY: 0,
  O_WRONLY: 1,
  O_RDWR: 2,
  O_CREAT: 64,
  O_EXCL: 128,
  O_TRUNC: 512,
  O_APPEND: 1024,
  O_NONBLOCK: 2048,
  O_DSYNC: 4096,
  O_DIRECTORY: 65536,
  O_NOFOLLOW: 131072,
  O_CLOEXEC: 524288,
  O_SYNC: 1052672,
  O_PATH: 2097152,
  RESOLVE_NO_MAGICLINKS: 2,
  RESOLVE_BENEATH: 8
};
var SYS_OPENAT2 = 437;
var SIGXFSZ = 25;
var SIG_IGN = 1;
var F_GETFL = 3;
var F_SETFL = 4;
var STATX_BASIC_STATS = 2047;
var STATX_SIZE = 256;
var UTIME_NOW = 1073741823;
var UTIME_OMIT = 1073741822;
var MAX_IO = 1073741824;
var smallInts = [];
var i64 = isBun ? (n) => n : (n) => n < 65536 ? smallInts[n] ??= BigInt(n) : BigInt(n);
var OPENAT2 = i64(SYS_OPENAT2);
var HOW_SIZE = i64(24);
var S_IFMT = 61440;
var FILETYPE_BY_MODE = {
  16384: Filetype.DIRECTORY,
  32768: Filetype.REGULAR_FILE,
  40960: Filetype.SYMBOLIC_LINK,
  8192: Filetype.CHARACTER_DEVICE,
  24576: Filetype.BLOCK_DEVICE,
  49152: Filetype.SOCKET_STREAM
};
var SIGNATURES = {
  syscall: [
    "i64",
    "i64",
    "buffer",
    "buffer",
    "i64"
  ],
  openat: [
    "i32",
    "buffer",
    "i32",
    "i32"
  ],
  close: [
    "i32"
  ],
  statx: [
    "i32",
    "buffer",
    "i32",
    "i32",
    "buffer"
  ],
  mkdirat: [
    "i32",
    "buffer",
    "i32"
  ],
  unlinkat: [
    "i32",
    "buffer",
    "i32"
  ],
  renameat: [
    "i32",
    "buffer",
    "i32",
    "buffer"
  ],
  linkat: [
    "i32",
    "buffer",
    "i32",
    "buffer",
    "i32"
  ],
  symlinkat: [
    "buffer",
    "i32",
    "buffer"
  ],
  readlinkat: [
    "i32",
    "buffer",
    "buffer",
    "i64"
  ],
  utimensat: [
    "i32",
    "buffer",
    "buffer",
    "i32"
  ],
  futimens: [
    "i32",
    "buffer"
  ],
  getdents64: [
    "i32",
    "buffer",
    "i64"
  ],
  lseek64: [
    "i32",
    "i64",
    "i32"
  ],
  pread64: [
    "i32",
    "buffer",
    "i64",
    "i64"
  ],
  pwrite64: [
    "i32",
    "buffer",
    "i64",
    "i64"
  ],
  ftruncate64: [
    "i32",
    "i64"
  ],
  fsync: [
    "i32"
  ],
  fdatasync: [
    "i32"
  ],
  fcntl: [
    "i32",
    "i32",
    "i64"
  ],
  signal: [
    "i32",
    "i64"
  ],
  poll: [
    "buffer",
    "i64",
    "i32"
  ],
  read: [
    "i32",
    "buffer",
    "i64"
  ],
  fstatfs: [
    "i32",
    "buffer"
  ],
  inotify_init1: [
    "i32"
  ],
  inotify_add_watch: [
    "i32",
    "buffer",
    "i32"
  ],
  inotify_rm_watch: [
    "i32",
    "i32"
  ]
};
var Libc = class {
  #f;
  #errno;
  #path = [
    new Uint8Array(1024),
    new Uint8Array(1024)
  ];
  #how = new Uint8Array(24);
  #howView = new DataView(this.#how.buffer);
  #statx = new Uint8Array(STATX_SIZE);
  #statxView = new DataView(this.#statx.buffer);
  #filestat = new Uint8Array(64);
  #filestatView = new DataView(this.#filestat.buffer);
  #times = new Uint8Array(32);
  #timesView = new DataView(this.#times.buffer);
  #link = new Uint8Array(4096);
  #empty = new Uint8Array(1);
  constructor(f, errno) {
    this.#f = f;
    this.#errno = errno;
  }
  #r(result) {
    return result < 0 ? -this.#errno() : result;
  }
  #c(path, slot = 0) {
    let buf = this.#path[slot];
    if (typeof path !== "string") {
      if (path.length + 1 > buf.length)
        buf = this.#path[slot] = new Uint8Array(path.length + 1);
      buf.set(path);
      buf[path.length] = 0;
      return buf;
    }
    if (path.length * 3 + 1 > buf.length) {
      buf = this.#path[slot] = new Uint8Array(path.length * 3 + 1);
    }
    const { written } = utf8.encodeInto(path, buf);
    buf[written] = 0;
    return buf;
  }
  #range(path, start, end, slot = 0) {
    let buf = this.#path[slot];
    if (end - start + 1 > buf.length)
      buf = this.#path[slot] = new Uint8Array(end - start + 1);
    for (let i = start;i < end; i++)
      buf[i - start] = path[i];
    buf[end - start] = 0;
    return buf;
  }
  openat2(dirfd, path, flags, resolve) {
    const how = this.#howView;
    how.setUint32(0, flags | L.O_CLOEXEC, true);
    how.setUint32(8, flags & L.O_CREAT ? 438 : 0, true);
    how.setUint32(16, resolve, true);
    return this.#r(this.#f.syscall(OPENAT2, i64(dirfd), this.#c(path), this.#how, HOW_SIZE));
  }
  openat2Bytes(dirfd, path, start, end, flags, resolve) {
    const how = this.#howView;
    how.setUint32(0, flags | L.O_CLOEXEC, true);
    how.setUint32(8, flags & L.O_CREAT ? 438 : 0, true);
    how.setUint32(16, resolve, true);
    const name2 = this.#range(path, start, end);
    return this.#r(this.#f.syscall(OPENAT2, i64(dirfd), name2, this.#how, HOW_SIZE));
  }
  openat(dirfd, path, flags) {
    return this.#r(this.#f.openat(dirfd, this.#c(path), flags | L.O_CLOEXEC, 438));
  }
  close(fd) {
    return this.#r(this.#f.close(fd));
  }
  ignoreFileSizeSignal() {
    this.#f.signal(SIGXFSZ, i64(SIG_IGN));
  }
  statx(dirfd, path, flags) {
    return this.#r(this.#f.statx(dirfd, this.#c(path), flags, STATX_BASIC_STATS, this.#statx));
  }
  statxBytes(dirfd, path, start, end, flags) {
    const name2 = this.#range(path, start, end);
    return this.#r(this.#f.statx(dirfd, name2, flags, STATX_BASIC_STATS, this.#statx));
  }
  fstatx(fd) {
    return this.#r(this.#f.statx(fd, this.#empty, L.AT_EMPTY_PATH, STATX_BASIC_STATS, this.#statx));
  }
  statMode() {
    return this.#statxView.getUint16(28, true);
  }
  statRdevMajor() {
    return this.#statxView.getUint32(128, true);
  }
  statType() {
    return filetypeOfMode(this.#statxView.getUint16(28, true));
  }
  statIdentity(id, save = false) {
    const v = this.#statxView;
    const major = v.getUint32(136, true), minor = v.getUint32(140, true);
    const lo = v.getUint32(32, true), hi = v.getUint32(36, true);
    if (save) {
      id[0] = major, id[1] = minor, id[2] = lo, id[3] = hi;
      return true;
    }
    return id[2] === lo && id[3] === hi && id[0] === major && id[1] === minor;
  }
  filestatInto(out) {
    const v = this.#statxView, o = this.#filestatView;
    const major = v.getUint32(136, true), minor = v.getUint32(140, true);
    o.setUint32(0, ((major & 4095) << 8 | (minor & 1048320) << 12 | minor & 255) >>> 0, true);
    o.setUint32(4, (major & 4294963200 | minor >>> 20) >>> 0, true);
    o.setUint32(8, v.getUint32(32, true), true);
    o.setUint32(12, v.getUint32(36, true), true);
    o.setUint32(16, filetypeOfMode(v.getUint16(28, true)), true);
    o.setUint32(24, v.getUint32(16, true), true);
    o.setUint32(32, v.getUint32(40, true), true);
    o.setUint32(36, v.getUint32(44, true), true);
    nanoseconds(v, 64, o, 40);
    nanoseconds(v, 112, o, 48);
    nanoseconds(v, 96, o, 56);
    out.set(this.#filestat);
  }
  stat() {
    const v = this.#statxView;
    const time2 = (off) => v.getBigInt64(off, true) * 1000000000n + BigInt(v.getUint32(off + 8, true));
    return {
      dev: makedev(v.getUint32(136, true), v.getUint32(140, true)),
      ino: v.getBigUint64(32, true),
      filetype: filetypeOfMode(v.getUint16(28, true)),
      nlink: BigInt(v.getUint32(16, true)),
      size: v.getBigUint64(40, true),
      atim: time2(64),
      mtim: time2(112),
      ctim: time2(96)
    };
  }
  mkdirat(dirfd, path) {
    return this.#r(this.#f.mkdirat(dirfd, this.#c(path), 511));
  }
  unlinkat(dirfd, path, flags) {
    return this.#r(this.#f.unlinkat(dirfd, this.#c(path), flags));
  }
  unlinkatBytes(dirfd, path, start, end, flags) {
    return this.#r(this.#f.unlinkat(dirfd, this.#range(path, start, end), flags));
  }
  renameatBytes(from, path, start, end, to, toPath, toStart, toEnd) {
    const name2 = this.#range(path, start, end);
    return this.#r(this.#f.renameat(from, name2, to, this.#range(toPath, toStart, toEnd, 1)));
  }
  renameat(from, fromPath, to, toPath) {
    return this.#r(this.#f.renameat(from, this.#c(fromPath), to, this.#c(toPath, 1)));
  }
  linkat(from, fromPath, to, toPath) {
    return this.#r(this.#f.linkat(from, this.#c(fromPath), to, this.#c(toPath, 1), 0));
  }
  symlinkat(target, dirfd, path) {
    return this.#r(this.#f.symlinkat(this.#c(target, 1), dirfd, this.#c(path)));
  }
  readlinkat(dirfd, path) {
    for (;; ) {
      const buf = this.#link;
      const n = this.#r(this.#f.readlinkat(dirfd, this.#c(path), buf, i64(buf.length)));
      if (n < 0)
        return n;
      if (n < buf.length)
        return buf.slice(0, n);
      this.#link = new Uint8Array(buf.length * 2);
    }
  }
  utimensat(dirfd, path, atim, mtim, flags) {
    encodeTimespec(this.#timesView, 0, atim);
    encodeTimespec(this.#timesView, 16, mtim);
    return this.#r(this.#f.utimensat(dirfd, this.#c(path), this.#times, flags));
  }
  futimens(fd, atim, mtim) {
    encodeTimespec(this.#timesView, 0, atim);
    encodeTimespec(this.#timesView, 16, mtim);
    return this.#r(this.#f.futimens(fd, this.#times));
  }
  getdents64(fd, buf) {
    return this.#r(this.#f.getdents64(fd, buf, i64(buf.length)));
  }
  rewind(fd) {
    return this.#r(this.#f.lseek64(fd, i64(0), 0));
  }
  pread(fd, dst, pos) {
    const buf = dst.length > MAX_IO ? dst.subarray(0, MAX_IO) : dst;
    return this.#r(this.#f.pread64(fd, buf, i64(buf.length), i64(pos)));
  }
  pwrite(fd, src, pos) {
    const buf = src.length > MAX_IO ? src.subarray(0, MAX_IO) : src;
    return this.#r(this.#f.pwrite64(fd, buf, i64(buf.length), i64(pos)));
  }
  ftruncate(fd, size) {
    return this.#r(this.#f.ftruncate64(fd, i64(size)));
  }
  fsync(fd) {
    return this.#r(this.#f.fsync(fd));
  }
  fdatasync(fd) {
    return this.#r(this.#f.fdatasync(fd));
  }
  read(fd, dst) {
    const buf = dst.length > MAX_IO ? dst.subarray(0, MAX_IO) : dst;
    return this.#r(this.#f.read(fd, buf, i64(buf.length)));
  }
  #statfs = new Uint8Array(120);
  #statfsView = new DataView(this.#statfs.buffer);
  filesystemType(fd) {
    const r = this.#r(this.#f.fstatfs(fd, this.#statfs));
    return r < 0 ? r : this.#statfsView.getUint32(0, true);
  }
  inotifyInit() {
    return this.#r(this.#f.inotify_init1(L.O_NONBLOCK | L.O_CLOEXEC));
  }
  inotifyWatch(inotify, fd, mask) {
    return this.#r(this.#f.inotify_add_watch(inotify, this.#c(`/proc/self/fd/${fd}`), mask | 0));
  }
  inotifyUnwatch(inotify, wd) {
    return this.#r(this.#f.inotify_rm_watch(inotify, wd));
  }
  #pollfd = new Uint8Array(8);
  #pollView = new DataView(this.#pollfd.buffer);
  pollReadable(fd, timeoutMs = 0) {
    return this.#pollOne(fd, POLLIN, timeoutMs);
  }
  pollWritable(fd) {
    return this.#pollOne(fd, POLLOUT, 0);
  }
  #pollOne(fd, events, timeoutMs) {
    const v = this.#pollView;
    v.setInt32(0, fd, true);
    v.setInt16(4, events, true);
    v.setInt16(6, 0, true);
    const r = this.#f.poll(this.#pollfd, i64(1), timeoutMs);
    return r < 0 ? -this.#errno() : v.getInt16(6, true);
  }
  setStatusFlag(fd, flag, on) {
    const flags = this.#r(this.#f.fcntl(fd, F_GETFL, i64(0)));
    if (flags < 0)
      return flags;
    const next = on ? flags | flag : flags & ~flag;
    return this.#r(this.#f.fcntl(fd, F_SETFL, i64(next)));
  }
};
var utf8 = new TextEncoder;
var loaded2;
var EAGAIN2 = 11;
var EPIPE = 32;
var EINTR = 4;
var STATX_TYPE = 1;
var STATX_INO = 256;
var START_STREAM_SIGNATURES = {
  write: [
    "i32",
    "buffer",
    "i64"
  ],
  openat: [
    "i32",
    "buffer",
    "i32",
    "i32"
  ],
  close: [
    "i32"
  ],
  statx: [
    "i32",
    "buffer",
    "i32",
    "i32",
    "buffer"
  ]
};
var LATER_STREAM_SIGNATURES = {
  read: [
    "i32",
    "buffer",
    "i64"
  ],
  isatty: [
    "i32"
  ],
  fcntl: [
    "i32",
    "i32",
    "i32"
  ]
};
var StreamLibc = class {
  #f;
  #errno;
  #statx = new Uint8Array(STATX_SIZE);
  #statxView = new DataView(this.#statx.buffer);
  #empty = new Uint8Array(1);
  constructor(f, errno) {
    this.#f = f;
    this.#errno = errno;
  }
  read(fd, dst) {
    const buf = dst.length > MAX_IO ? dst.subarray(0, MAX_IO) : dst;
    for (;; ) {
      const n = this.#f.read(fd, buf, i64(buf.length));
      if (n >= 0)
        return n;
      const e = this.#errno();
      if (e !== EINTR)
        return -e;
    }
  }
  write(fd, src) {
    const buf = src.length > MAX_IO ? src.subarray(0, MAX_IO) : src;
    for (;; ) {
      const n = this.#f.write(fd, buf, i64(buf.length));
      if (n >= 0)
        return n;
      const e = this.#errno();
      if (e !== EINTR)
        return -e;
    }
  }
  isatty(fd) {
    return this.#f.isatty(fd) === 1;
  }
  reopen(fd, flags) {
    const path = utf8.encode(`/proc/self/fd/${fd}\x00`);
    const r = this.#f.openat(L.AT_FDCWD, path, flags | L.O_CLOEXEC | O_NOCTTY, 0);
    return r < 0 ? -this.#errno() : r;
  }
  close(fd) {
    return this.#f.close(fd) < 0 ? -this.#errno() : 0;
  }
  mode(fd) {
    const r = this.#f.statx(fd, this.#empty, L.AT_EMPTY_PATH, STATX_TYPE, this.#statx);
    return r < 0 ? -this.#errno() : this.#statxView.getUint16(28, true);
  }
  identity(fd) {
    const r = this.#f.statx(fd, this.#empty, L.AT_EMPTY_PATH, STATX_TYPE | STATX_INO, this.#statx);
    if (r < 0)
      return -this.#errno();
    const v = this.#statxView;
    return `${v.getUint32(136, true)}:${v.getUint32(140, true)}:${v.getBigUint64(32, true)}`;
  }
  rdevMajor() {
    return this.#statxView.getUint32(128, true);
  }
  fcntl(fd, cmd, arg) {
    const r = this.#f.fcntl(fd, cmd, arg);
    return r < 0 ? -this.#errno() : r;
  }
  #poll;
  get canWait() {
    if (this.#poll === undefined) {
      this.#poll = openWaitingFunction("libc.so.6", "poll", [
        "buffer",
        "i64",
        "i32"
      ]) ?? null;
    }
    return this.#poll !== null;
  }
  waitFor(fd, direction, timeoutMs = -1) {
    if (!this.canWait)
      return;
    const pollfd = new Uint8Array(8);
    const view = new DataView(pollfd.buffer);
    view.setInt32(0, fd, true);
    view.setInt16(4, direction === "read" ? POLLIN : POLLOUT, true);
    return this.#poll(pollfd, 1, timeoutMs);
  }
};
var POLLIN = 1;
var POLLOUT = 4;
var POLLERR = 8;
var O_NOCTTY = 256;
var streams;
var stdioPool;
init_process();
init_runtime();
var ffi = streamLibc();
var S_IFMT2 = 61440;
var KIND_OF_TYPE = {
  32768: "file",
  4096: "pipe",
  49152: "socket",
  8192: "device"
};
var WOULD_BLOCK = -EAGAIN2;
var readerTriesNow = !isDeno && !isBun;
var EBADF = 9;
var WAIT_SLICE_MS = 250;
var F_SETPIPE_SZ = 1031;
var F_GETPIPE_SZ = 1032;
var PIPE_SIZE = 1048576;
var exitsExplicitly = false;
var bunPoolReads = 0;
var BUN_POOL_READS = 1;
var MAX_POLLED_WAIT_MS = 32;
var DIRECT_WRITE_MIN = 4096;
var MAX_RETRY_DELAY_MS = 8;
init_process();
init_process();
init_runtime();
init_process();
var bunFile = isBun ? globalThis.Bun.file : undefined;
var STARTED = Symbol.for("wasirun.early");
var state = globalThis;
init_runtime();
init_process();
var FILETYPE_BY_DT = {
  1: Filetype.UNKNOWN,
  2: Filetype.CHARACTER_DEVICE,
  4: Filetype.DIRECTORY,
  6: Filetype.BLOCK_DEVICE,
  8: Filetype.REGULAR_FILE,
  10: Filetype.SYMBOLIC_LINK,
  12: Filetype.SOCKET_STREAM
};
var DT_UNKNOWN = 0;
var RESOLVE = L.RESOLVE_BENEATH | L.RESOLVE_NO_MAGICLINKS;
var PARENT_FLAGS = L.O_PATH | L.O_DIRECTORY;
var FfiDirOps = class {
  kind;
  #c;
  #dents = new Uint8Array(32768);
  constructor(c, useOpenat2) {
    this.#c = c;
    this.kind = useOpenat2 && hasOpenat2(c) ? "openat2" : "fd-walk";
  }
  openRoot(path) {
    const fd = this.#c.openat(L.AT_FDCWD, path, L.O_RDONLY | L.O_DIRECTORY);
    return fd < 0 ? [
      undefined,
      fail(fd)
    ] : [
      fd,
      0
    ];
  }
  openDir(dir, name2) {
    const flags = L.O_PATH | L.O_DIRECTORY | L.O_NOFOLLOW;
    const fd = this.#c.openat(dir, name2, flags);
    return fd < 0 ? [
      undefined,
      fail(fd)
    ] : [
      fd,
      0
    ];
  }
  close(dir) {
    this.#c.close(dir);
    const cache = this.#cache;
    for (let i = cache.length - 1;i >= 0; i--) {
      if (cache[i].root === dir)
        this.#evict(cache.splice(i, 1)[0]);
    }
  }
  readlink(dir, name2) {
    const r = this.#c.readlinkat(dir, name2);
    return typeof r === "number" ? [
      undefined,
      fail(r)
    ] : [
      r,
      0
    ];
  }
  stat(dir, name2) {
    const r = name2 === "" ? this.#c.fstatx(dir) : this.#c.statx(dir, name2, L.AT_SYMLINK_NOFOLLOW);
    return r < 0 ? [
      undefined,
      fail(r)
    ] : [
      this.#c.stat(),
      0
    ];
  }
  #typeOf(dir, name2) {
    const r = this.#c.statx(dir, name2, L.AT_SYMLINK_NOFOLLOW);
    return r < 0 ? undefined : this.#c.statType();
  }
  mkdir(dir, name2) {
    const r = this.#c.mkdirat(dir, name2);
    return r < 0 ? fail(r) : 0;
  }
  remove(dir, name2, isDir) {
    const r = this.#c.unlinkat(dir, name2, isDir ? L.AT_REMOVEDIR : 0);
    return r < 0 ? fail(r) : 0;
  }
  rename(dir, name2, to, toName) {
    const r = this.#c.renameat(dir, name2, to, toName);
    return r < 0 ? fail(r) : 0;
  }
  link(dir, name2, to, toName) {
    const r = this.#c.linkat(dir, name2, to, toName);
    return r < 0 ? fail(r) : 0;
  }
  symlink(target, dir, name2) {
    const r = this.#c.symlinkat(target, dir, name2);
    return r < 0 ? fail(r) : 0;
  }
  setTimes(dir, name2, atim, mtim) {
    const flags = name2 === "" ? L.AT_EMPTY_PATH : L.AT_SYMLINK_NOFOLLOW;
    const r = this.#c.utimensat(dir, name2, atim, mtim, flags);
    return r < 0 ? fail(r) : 0;
  }
  open(dir, name2, flags) {
    const fd = this.#c.openat(dir, name2 === "" ? "." : name2, flags | L.O_NOFOLLOW);
    return fd < 0 ? [
      undefined,
      fail(fd)
    ] : [
      fd,
      0
    ];
  }
  async openAsync(dir, name2, flags) {
    try {
      const path = `/proc/self/fd/${dir}/${name2}`;
      return [
        await openAsync(path, flags | L.O_NOFOLLOW),
        0
      ];
    } catch (e) {
      return [
        undefined,
        hostErrno(e)
      ];
    }
  }
  adopt(fd) {
    return fd;
  }
  list(dir, entries) {
    const fd = dir;
    const c = this.#c;
    const r = c.rewind(fd);
    if (r < 0)
      return [
        undefined,
        fail(r)
      ];
    const buf = this.#dents;
    const view = new DataView(buf.buffer);
    for (;; ) {
      const n = c.getdents64(fd, buf);
      if (n === -ENOENT)
        return [
          entries,
          0
        ];
      if (n < 0)
        return [
          undefined,
          fail(n)
        ];
      if (n === 0)
        return [
          entries,
          0
        ];
      const chunk = buf.slice(0, n);
      for (let off = 0;off < n; ) {
        const reclen = view.getUint16(off + 16, true);
        const dtype = buf[off + 18];
        let end = off + 19;
        while (buf[end] !== 0)
          end++;
        const name2 = chunk.subarray(off + 19, end);
        const dots = name2.length <= 2 && name2[0] === 46 && (name2.length === 1 || name2[1] === 46);
        if (!dots) {
          let type = FILETYPE_BY_DT[dtype] ?? Filetype.UNKNOWN;
          if (dtype === DT_UNKNOWN) {
            const t = this.#typeOf(fd, name2);
            if (t === undefined) {
              off += reclen;
              continue;
            }
            type = t;
          }
          const lo = view.getUint32(off, true), hi = view.getUint32(off + 4, true);
          const ino = hi < 2097152 ? hi * 4294967296 + lo : view.getBigUint64(off, true);
          entries.push({
            name: name2,
            type,
            ino
          });
        }
        off += reclen;
      }
    }
  }
  #cache = [];
  cachedDir(dir, name2) {
    if (name2 === ".." || name2 === "." || name2.includes("/"))
      return;
    return this.#cached(dir, name2);
  }
  #cached(root, name2, end = name2.length) {
    const c = this.#c;
    const cache = this.#cache;
    if (this.#watches.size > 0)
      this.#drain();
    for (let i = 0;i < cache.length; i++) {
      const hit = cache[i];
      if (hit.fresh && hit.root === root && sameName(hit.name, name2, end))
        return this.#use(i);
    }
    if (!this.#isDirectory(root, name2, end))
      return;
    for (const entry of cache) {
      if (entry.root !== root || entry.wd !== UNWATCHED || !sameName(entry.name, name2, end)) {
        continue;
      }
      if (++entry.checks >= WATCH_AFTER) {
        entry.wd = this.#watch(root, entry.name);
        if (entry.wd >= 0 && !this.#isDirectory(root, name2, end))
          return;
      }
      break;
    }
    for (let i = 0;i < cache.length; i++) {
      const hit = cache[i];
      if (hit.root !== root || !sameName(hit.name, name2, end) || !c.statIdentity(hit.id))
        continue;
      hit.fresh = hit.wd >= 0;
      return this.#use(i);
    }
    const text = typeof name2 === "string" ? name2 : String.fromCharCode(...name2.subarray(0, end));
    const fd = c.openat(root, text, L.O_PATH | L.O_DIRECTORY | L.O_NOFOLLOW);
    if (fd < 0 || c.fstatx(fd) < 0) {
      if (fd >= 0)
        c.close(fd);
      return;
    }
    const id = new Uint32Array(4);
    c.statIdentity(id, true);
    cache.unshift({
      root,
      name: text,
      id,
      fd,
      wd: UNWATCHED,
      checks: 0,
      fresh: false
    });
    if (cache.length > 4)
      this.#evict(cache.pop());
    return fd;
  }
  #isDirectory(root, name2, end) {
    const c = this.#c;
    const r = typeof name2 === "string" ? c.statx(root, name2, L.AT_SYMLINK_NOFOLLOW) : c.statxBytes(root, name2, 0, end, L.AT_SYMLINK_NOFOLLOW);
    return r >= 0 && c.statType() === Filetype.DIRECTORY;
  }
  #use(i) {
    const cache = this.#cache, hit = cache[i];
    if (i > 0) {
      cache.splice(i, 1);
      cache.unshift(hit);
    }
    return hit.fd;
  }
  #evict(entry) {
    this.#c.close(entry.fd);
    this.#unwatch(entry.wd);
  }
  #inotify = -2;
  #watches = /* @__PURE__ */ new Map;
  #events = new Uint8Array(4096);
  #eventsView = new DataView(this.#events.buffer);
  #watch(root, name2) {
    const c = this.#c;
    if (this.#inotify === -2)
      this.#inotify = Math.max(c.inotifyInit(), -1);
    if (this.#inotify < 0 || !isAscii(name2))
      return UNWATCHABLE;
    if (!LOCAL_FILESYSTEMS.has(c.filesystemType(root)))
      return UNWATCHABLE;
    const wd = c.inotifyWatch(this.#inotify, root, WATCHED);
    if (wd < 0)
      return UNWATCHABLE;
    this.#watches.set(wd, (this.#watches.get(wd) ?? 0) + 1);
    return wd;
  }
  #unwatch(wd) {
    const users = this.#watches.get(wd);
    if (users === undefined)
      return;
    if (users > 1) {
      this.#watches.set(wd, users - 1);
      return;
    }
    this.#watches.delete(wd);
    this.#c.inotifyUnwatch(this.#inotify, wd);
  }
  #drain() {
    const c = this.#c, buf = this.#events, v = this.#eventsView;
    for (let reads2 = 0;; reads2++) {
      if (reads2 === MAX_DRAIN_READS) {
        for (const entry of this.#cache)
          entry.fresh = false;
        return;
      }
      const n = c.read(this.#inotify, buf);
      if (n === -EAGAIN3)
        return;
      if (n <= 0) {
        for (const entry of this.#cache)
          entry.fresh = false, entry.wd = UNWATCHABLE;
        this.#watches.clear();
        c.close(this.#inotify);
        this.#inotify = -1;
        return;
      }
      for (let off = 0;off < n; ) {
        const wd = v.getInt32(off, true), mask = v.getUint32(off + 4, true);
        const len = v.getUint32(off + 12, true);
        const gone = (mask & IN_IGNORED) !== 0;
        if (gone)
          this.#watches.delete(wd);
        for (const entry of this.#cache) {
          if (mask & IN_Q_OVERFLOW || entry.wd === wd && (gone || eventNames(buf, off + 16, len, entry.name))) {
            entry.fresh = false;
            if (gone)
              entry.wd = UNWATCHED, entry.checks = 0;
          }
        }
        off += 16 + len;
      }
    }
  }
  plainDir(root, path, slash) {
    if (slash < 0)
      return root;
    if (!deepParent(path, slash))
      return this.#cached(root, path, slash);
    if (this.kind !== "openat2")
      return;
    const fd = this.#c.openat2Bytes(root, path, 0, slash, PARENT_FLAGS, RESOLVE);
    if (fd < 0)
      return;
    this.#transient = fd;
    return fd;
  }
  releasePlainDir(dir) {
    if (dir !== this.#transient)
      return;
    this.#transient = -1;
    this.#c.close(dir);
  }
  renamePlain(root, path, len, slash, toRoot, toPath, toLen, toSlash) {
    const sameParent = root === toRoot && slash === toSlash && samePrefix(path, toPath, slash);
    if (!sameParent && deepParent(toPath, toSlash)) {
      return;
    }
    const from = this.plainDir(root, path, slash);
    if (from === undefined)
      return;
    const to = sameParent ? from : this.plainDir(toRoot, toPath, toSlash);
    let done;
    const c = this.#c;
    if (to !== undefined && c.statxBytes(from, path, slash + 1, len, L.AT_SYMLINK_NOFOLLOW) >= 0 && c.statType() !== Filetype.SYMBOLIC_LINK) {
      const r = c.renameatBytes(from, path, slash + 1, len, to, toPath, toSlash + 1, toLen);
      done = r < 0 ? fail(r) : 0;
    }
    this.releasePlainDir(from);
    return done;
  }
  #transient = -1;
  statPlain(dir, path, start, end, follow, out) {
    const c = this.#c;
    const r = c.statxBytes(dir, path, start, end, L.AT_SYMLINK_NOFOLLOW);
    if (r < 0)
      return fail(r);
    if (follow && c.statType() === Filetype.SYMBOLIC_LINK)
      return;
    c.filestatInto(out);
    return 0;
  }
  unlinkPlain(dir, path, start, end) {
    const r = this.#c.unlinkatBytes(dir, path, start, end, 0);
    return r < 0 ? fail(r) : 0;
  }
  beneath(dir, path, flags) {
    if (this.kind !== "openat2")
      return;
    for (let attempt = 0;attempt < 4; attempt++) {
      const fd = this.#c.openat2(dir, path, flags, RESOLVE);
      if (fd >= 0)
        return [
          fd,
          0
        ];
      const errno = -fd;
      if (errno === EAGAIN3)
        continue;
      if (errno === ENOSYS) {
        this.kind = "fd-walk";
        return;
      }
      return [
        undefined,
        fail(fd)
      ];
    }
    return;
  }
};
var IN_MOVED_FROM = 64;
var IN_MOVED_TO = 128;
var IN_DELETE = 512;
var IN_Q_OVERFLOW = 16384;
var IN_IGNORED = 32768;
var IN_ONLYDIR = 16777216;
var WATCHED = IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE | IN_ONLYDIR;
var UNWATCHED = -1;
var UNWATCHABLE = -2;
var WATCH_AFTER = 16;
var MAX_DRAIN_READS = 4;
var LOCAL_FILESYSTEMS = /* @__PURE__ */ new Set([
  61267,
  1481003842,
  2435016766,
  16914836,
  2240043254,
  4076150800,
  2035054128
]);
var ENOENT = 2;
var EAGAIN3 = 11;
var ENOSYS = 38;
init_process();
init_process();
init_runtime();
var O = {
  RDONLY: L.O_RDONLY,
  WRONLY: L.O_WRONLY,
  RDWR: L.O_RDWR,
  CREAT: L.O_CREAT,
  EXCL: L.O_EXCL,
  TRUNC: L.O_TRUNC,
  APPEND: L.O_APPEND,
  NONBLOCK: L.O_NONBLOCK,
  DIRECTORY: L.O_DIRECTORY,
  NOFOLLOW: L.O_NOFOLLOW,
  SYNC: L.O_SYNC,
  DSYNC: L.O_DSYNC
};
var fdCalls;
var fdFfi = () => fdCalls === undefined ? fdCalls = fdLibc() ?? null : fdCalls;
var dataFfi = isDeno || isBun ? fdFfi : () => null;
var fileSizeSignalIgnored = false;
var MAX_OFFSET = BigInt(Number.MAX_SAFE_INTEGER);
var POLLIN2 = 1;
var POLLHUP = 16;
init_runtime();
var NodeDirOps = class {
  kind;
  #at;
  constructor(kind) {
    this.kind = kind;
    this.#at = kind === "procfs" ? (dir, name2) => name2 === "" ? `/proc/self/fd/${dir}/.` : `/proc/self/fd/${dir}/${name2}` : (dir, name2) => name2 === "" ? dir : `${dir}/${name2}`;
  }
  openRoot(path) {
    if (this.kind === "paths") {
      const [stat, err] = tryHost(() => nodeFs().statSync(path));
      if (stat === undefined)
        return [
          undefined,
          err
        ];
      if (!stat.isDirectory())
        return [
          undefined,
          Errno.NOTDIR
        ];
      return tryHost(() => nodeFs().realpathSync(builtin("node:path").resolve(path)));
    }
    return tryHost(() => nodeFs().openSync(path, nodeFs().constants.O_RDONLY | nodeFs().constants.O_DIRECTORY));
  }
  openDir(dir, name2) {
    const path = this.#at(dir, name2);
    if (this.kind === "paths") {
      const [stat, err] = tryHost(() => nodeFs().lstatSync(path));
      if (stat === undefined)
        return [
          undefined,
          err
        ];
      return stat.isDirectory() ? [
        path,
        0
      ] : [
        undefined,
        Errno.NOTDIR
      ];
    }
    const flags = nodeFs().constants.O_RDONLY | nodeFs().constants.O_DIRECTORY | nodeFs().constants.O_NOFOLLOW;
    return tryHost(() => nodeFs().openSync(path, flags));
  }
  close(dir) {
    if (typeof dir === "number")
      tryHost(() => nodeFs().closeSync(dir));
  }
  readlink(dir, name2) {
    try {
      return [
        nodeFs().readlinkSync(this.#at(dir, name2), {
          encoding: "buffer"
        }),
        0
      ];
    } catch (e) {
      return [
        undefined,
        e?.name === "InvalidData" ? Errno.ILSEQ : hostErrno(e)
      ];
    }
  }
  stat(dir, name2) {
    if (name2 === "" && typeof dir === "number")
      return tryHost(() => fstat(dir));
    return tryHost(() => lstat(this.#at(dir, name2)));
  }
  mkdir(dir, name2) {
    return tryHost(() => nodeFs().mkdirSync(this.#at(dir, name2), 511))[1];
  }
  remove(dir, name2, isDir) {
    const path = this.#at(dir, name2);
    if (isDir)
      return tryHost(() => nodeFs().rmdirSync(path))[1];
    if (isDeno) {
      const [stat, err] = tryHost(() => nodeFs().lstatSync(path));
      if (stat === undefined)
        return err;
      if (stat.isDirectory())
        return Errno.ISDIR;
    }
    return tryHost(() => nodeFs().unlinkSync(path))[1];
  }
  rename(dir, name2, to, toName) {
    return tryHost(() => nodeFs().renameSync(this.#at(dir, name2), this.#at(to, toName)))[1];
  }
  link(dir, name2, to, toName) {
    return tryHost(() => nodeFs().linkSync(this.#at(dir, name2), this.#at(to, toName)))[1];
  }
  symlink(target, dir, name2) {
    return tryHost(() => nodeFs().symlinkSync(target, this.#at(dir, name2)))[1];
  }
  setTimes(dir, name2, atim, mtim) {
    return tryHost(() => setTimes(this.#at(dir, name2), false, atim, mtim))[1];
  }
  open(dir, name2, flags) {
    const path = this.#at(dir, name2 === "." ? "" : name2);
    const before = this.#notSymlink(path, flags);
    if (typeof before === "number")
      return [
        undefined,
        before
      ];
    const opened = tryHost(() => nodeFs().openSync(path, flags | nodeFs().constants.O_NOFOLLOW, 438));
    return this.#sameAsLooked(opened, path, before);
  }
  openAsync(dir, name2, flags) {
    const path = this.#at(dir, name2);
    const before = this.#notSymlink(path, flags);
    if (typeof before === "number")
      return Promise.resolve([
        undefined,
        before
      ]);
    return new Promise((resolve) => {
      nodeFs().open(path, flags | nodeFs().constants.O_NOFOLLOW, 438, (err, fd) => {
        resolve(this.#sameAsLooked(err ? [
          undefined,
          hostErrno(err)
        ] : [
          fd,
          0
        ], path, before));
      });
    });
  }
  #notSymlink(path, flags) {
    if (this.kind !== "paths")
      return;
    const [stat, err] = tryHost(() => lstat(path));
    if (stat === undefined)
      return err === Errno.NOENT ? undefined : err;
    if (stat.filetype !== Filetype.SYMBOLIC_LINK)
      return stat;
    const c = nodeFs().constants;
    if ((flags & (c.O_CREAT | c.O_EXCL)) === (c.O_CREAT | c.O_EXCL))
      return Errno.EXIST;
    return flags & c.O_DIRECTORY ? Errno.NOTDIR : Errno.LOOP;
  }
  #sameAsLooked(opened, path, before) {
    const [fd] = opened;
    if (this.kind !== "paths" || fd === undefined)
      return opened;
    const [own] = tryHost(() => fstat(fd));
    const [now] = tryHost(() => lstat(path));
    const same = (a, b) => a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
    if (same(own, now) && (before === undefined || same(own, before)))
      return opened;
    tryHost(() => nodeFs().closeSync(fd));
    return [
      undefined,
      Errno.LOOP
    ];
  }
  #cache = [];
  cachedDir(dir, name2) {
    if (this.kind !== "procfs" || name2 === "." || name2 === ".." || name2.includes("/")) {
      return;
    }
    let stat;
    try {
      stat = nodeFs().lstatSync(this.#at(dir, name2), {
        bigint: true,
        throwIfNoEntry: false
      });
    } catch {
      return;
    }
    if (stat === undefined || !stat.isDirectory())
      return;
    const cache = this.#cache;
    for (let i = 0;i < cache.length; i++) {
      const hit = cache[i];
      if (hit.root !== dir || hit.name !== name2 || hit.ino !== stat.ino || hit.dev !== stat.dev) {
        continue;
      }
      if (i > 0) {
        cache.splice(i, 1);
        cache.unshift(hit);
      }
      return hit.fd;
    }
    const [fd] = this.openDir(dir, name2);
    if (typeof fd !== "number")
      return;
    const [own] = tryHost(() => nodeFs().fstatSync(fd, {
      bigint: true
    }));
    if (own === undefined) {
      this.close(fd);
      return;
    }
    cache.unshift({
      root: dir,
      name: name2,
      dev: own.dev,
      ino: own.ino,
      fd
    });
    if (cache.length > 4)
      this.close(cache.pop().fd);
    return fd;
  }
  adopt(fd, dir, name2) {
    if (this.kind === "procfs")
      return fd;
    tryHost(() => nodeFs().closeSync(fd));
    return this.#at(dir, name2);
  }
  list(dir, entries) {
    const path = this.kind === "procfs" ? `/proc/self/fd/${dir}` : dir;
    const [names, err] = tryHost(() => nodeFs().readdirSync(path, {
      encoding: "buffer"
    }));
    if (names === undefined)
      return err === Errno.NOENT ? [
        entries,
        0
      ] : [
        undefined,
        err
      ];
    const decoder = new TextDecoder("utf-8", {
      fatal: true
    });
    for (const name2 of names) {
      let text;
      try {
        text = decoder.decode(name2);
      } catch {
        return [
          undefined,
          Errno.ILSEQ
        ];
      }
      const [stat, e] = this.stat(dir, text);
      if (stat === undefined && e === Errno.NOENT)
        continue;
      if (stat === undefined)
        return [
          undefined,
          e
        ];
      entries.push({
        name: name2,
        type: stat.filetype,
        ino: stat.ino
      });
    }
    return [
      entries,
      0
    ];
  }
};
var MAX_SYMLINK_HOPS = 40;
var chosen;
var NOT_PLAIN = -2;
var utf82 = new TextDecoder("utf-8", {
  fatal: true
});
var PATH_MAX = 4096;
init_ffi();
init_process();
init_runtime();
var NUMBERS = {
  SIGINT: 2,
  SIGTERM: 15,
  SIGALRM: 14
};
var SIGACTION_BYTES = 256;
var DEFAULT_ACTION = new Uint8Array(SIGACTION_BYTES);
var SignalSwitch = class {
  #handlers;
  #on = false;
  #saved;
  #sigaction;
  constructor(handlers) {
    this.#handlers = handlers;
    if (!isDeno && !isBun) {
      const libc2 = openLibrary("libc.so.6", {
        sigaction: [
          "i32",
          "buffer",
          "buffer"
        ]
      }, {
        node: true
      });
      this.#sigaction = libc2?.fn.sigaction;
    }
  }
  set(on) {
    if (on === this.#on)
      return;
    this.#on = on;
    if (this.#sigaction)
      this.#swap(this.#sigaction, on);
    else
      this.#toggle(on);
  }
  #toggle(on) {
    for (const [name2, handler] of this.#handlers) {
      if (on)
        onSignal(name2, handler);
      else
        offSignal(name2, handler);
    }
  }
  #swap(sigaction, on) {
    if (this.#saved === undefined) {
      this.#saved = /* @__PURE__ */ new Map;
      for (const [name2, handler] of this.#handlers) {
        onSignal(name2, handler);
        const saved = new Uint8Array(SIGACTION_BYTES);
        sigaction(NUMBERS[name2], null, saved);
        this.#saved.set(name2, saved);
      }
    }
    for (const [name2] of this.#handlers) {
      sigaction(NUMBERS[name2], on ? this.#saved.get(name2) : DEFAULT_ACTION, null);
    }
  }
};
init_runtime();
init_process();
var WATCH = `
function start(deadline, flag, message) {
  const arm = () => {
    const left = deadline - Date.now();
    // setTimeout takes at most 2^31 - 1 ms (a longer delay fires at once): re-armed.
    if (left > 0) return void setTimeout(arm, Math.min(left, 2147483647));
    say(message);
    let sent = 0;
    const send = () => {
      if (Atomics.load(flag, 0) !== 0) return;
      if (sent++ === 20) return void kill(9);
      kill(14);
      setTimeout(send, 100);
    };
    send();
  };
  arm();
}`;
var wasm = WebAssembly;
var PARAM_TYPES = [
  "fd",
  "u32",
  "u64",
  "i64",
  "ptr",
  "str",
  "iovs",
  "out32",
  "out64",
  "fdflags",
  "oflags",
  "lookupflags",
  "fstflags",
  "riflags",
  "sdflags",
  "rights",
  "whence",
  "clockid",
  "advice",
  "signal"
];
var DECLARATIONS = `
args_get(argv: ptr, argv_buf: ptr)
args_sizes_get(argc: out32, argv_buf_size: out32)
environ_get(environ: ptr, environ_buf: ptr)
environ_sizes_get(count: out32, buf_size: out32)
clock_res_get(id: clockid, resolution: out64)
clock_time_get(id: clockid, precision: u64, time: out64)
fd_advise(fd: fd, offset: u64, len: u64, advice: advice)
fd_allocate(fd: fd, offset: u64, len: u64)
fd_close(fd: fd)
fd_datasync(fd: fd)
fd_fdstat_get(fd: fd, stat: ptr)
fd_fdstat_set_flags(fd: fd, flags: fdflags)
fd_fdstat_set_rights(fd: fd, rights_base: rights, rights_inheriting: rights)
fd_filestat_get(fd: fd, stat: ptr)
fd_filestat_set_size(fd: fd, size: u64)
fd_filestat_set_times(fd: fd, atim: u64, mtim: u64, fst_flags: fstflags)
fd_pread(fd: fd, iovs: iovs, iovs_len: u32, offset: u64, nread: out32)
fd_prestat_get(fd: fd, prestat: ptr)
fd_prestat_dir_name(fd: fd, path: ptr, path_len: u32)
fd_pwrite(fd: fd, iovs: iovs, iovs_len: u32, offset: u64, nwritten: out32)
fd_read(fd: fd, iovs: iovs, iovs_len: u32, nread: out32) suspends
fd_readdir(fd: fd, buf: ptr, buf_len: u32, cookie: u64, bufused: out32)
fd_renumber(fd: fd, to: fd)
fd_seek(fd: fd, offset: i64, whence: whence, newoffset: out64)
fd_sync(fd: fd)
fd_tell(fd: fd, offset: out64)
fd_write(fd: fd, iovs: iovs, iovs_len: u32, nwritten: out32) suspends
path_create_directory(fd: fd, path: str, path_len: u32)
path_filestat_get(fd: fd, flags: lookupflags, path: str, path_len: u32, stat: ptr)
path_filestat_set_times(fd: fd, flags: lookupflags, path: str, path_len: u32, atim: u64, mtim: u64, fst_flags: fstflags)
path_link(old_fd: fd, old_flags: lookupflags, old_path: str, old_path_len: u32, new_fd: fd, new_path: str, new_path_len: u32)
path_open(fd: fd, dirflags: lookupflags, path: str, path_len: u32, oflags: oflags, fs_rights_base: rights, fs_rights_inheriting: rights, fdflags: fdflags, opened_fd: out32) suspends
path_readlink(fd: fd, path: str, path_len: u32, buf: ptr, buf_len: u32, bufused: out32)
path_remove_directory(fd: fd, path: str, path_len: u32)
path_rename(fd: fd, old_path: str, old_path_len: u32, new_fd: fd, new_path: str, new_path_len: u32)
path_symlink(old_path: str, old_path_len: u32, fd: fd, new_path: str, new_path_len: u32)
path_unlink_file(fd: fd, path: str, path_len: u32)
poll_oneoff(in: ptr, out: ptr, nsubscriptions: u32, nevents: out32) suspends
proc_exit(rval: u32)
proc_raise(sig: signal)
sched_yield() suspends
random_get(buf: ptr, buf_len: u32)
sock_accept(fd: fd, flags: fdflags, fd_out: out32) suspends
sock_recv(fd: fd, ri_data: iovs, ri_data_len: u32, ri_flags: riflags, ro_datalen: out32, ro_flags: out32) suspends
sock_send(fd: fd, si_data: iovs, si_data_len: u32, si_flags: u32, so_datalen: out32) suspends
sock_shutdown(fd: fd, how: sdflags)
`;
var TYPES = new Set(PARAM_TYPES);
var SIGNATURES2 = parseAll(DECLARATIONS);
init_errors();
var PREVIEW1 = "wasi_snapshot_preview1";
var BY_NAME2 = new Map(SIGNATURES2.map((s) => [
  s.name,
  s
]));
var START_EXPORT = "wasirun:start";
var VALTYPES = {
  127: "i32",
  126: "i64",
  125: "f32",
  124: "f64",
  123: "v128",
  112: "ref",
  111: "ref"
};
var utf83 = new TextDecoder;
var MAX_PAGES = 65536;
var IOVEC_SIZE = 8;
var FDSTAT_SIZE = 24;
var FDSTAT_FILETYPE = 0;
var FDSTAT_FLAGS = 2;
var FDSTAT_RIGHTS_BASE = 8;
var FDSTAT_RIGHTS_INHERITING = 16;
var PRESTAT_SIZE = 8;
var PRESTAT_TAG = 0;
var PRESTAT_NAME_LEN = 4;
var FILESTAT_SIZE = 64;
var FILESTAT_DEV = 0;
var FILESTAT_INO = 8;
var FILESTAT_FILETYPE = 16;
var FILESTAT_NLINK = 24;
var FILESTAT_SIZE_FIELD = 32;
var FILESTAT_ATIM = 40;
var FILESTAT_MTIM = 48;
var FILESTAT_CTIM = 56;
var SUBSCRIPTION_SIZE = 48;
var SUBSCRIPTION_USERDATA = 0;
var SUBSCRIPTION_TAG = 8;
var SUBSCRIPTION_CLOCK_ID = 16;
var SUBSCRIPTION_CLOCK_TIMEOUT = 24;
var SUBSCRIPTION_CLOCK_FLAGS = 40;
var SUBSCRIPTION_FD = 16;
var EVENT_SIZE = 32;
var EVENT_USERDATA = 0;
var EVENT_ERROR = 8;
var EVENT_TYPE = 10;
var EVENT_NBYTES = 16;
var EVENT_FLAGS = 24;
var DIRENT_SIZE = 24;
var DIRENT_NEXT = 0;
var DIRENT_INO = 8;
var DIRENT_NAMLEN = 16;
var DIRENT_TYPE = 20;
var GuestError = class extends Error {
  errno;
  constructor(errno, message) {
    super(message);
    this.name = "GuestError";
    this.errno = errno;
  }
};
var GuestFault = class extends GuestError {
  constructor(ptr, len) {
    super(Errno.FAULT, `guest pointer ${ptr} with length ${len} is out of bounds`);
    this.name = "GuestFault";
  }
};
var IOV_MAX = 1024;
var MAX_RW_COUNT = 2147479552;
var utf84 = new TextDecoder("utf-8", {
  fatal: true
});
var ASCII_FAST_MAX = 64;
var ASCII_IN_JS = "Deno" in globalThis;
var GuestMemory = class {
  memory;
  #buffer;
  #u8;
  #view;
  constructor(memory) {
    this.memory = memory;
    this.#buffer = memory.buffer;
    this.#u8 = new Uint8Array(this.#buffer);
    this.#view = new DataView(this.#buffer);
  }
  #fresh() {
    const buffer = this.memory.buffer;
    if (buffer !== this.#buffer) {
      this.#buffer = buffer;
      this.#u8 = new Uint8Array(buffer);
      this.#view = new DataView(buffer);
    }
  }
  check(ptr, len) {
    const p = ptr >>> 0;
    if (p + len >= this.#u8.length) {
      this.#fresh();
      if (p + len > this.#u8.length && len !== 0)
        throw new GuestFault(p, len);
    }
    return p;
  }
  bytes(ptr, len) {
    const p = this.check(ptr, len >>> 0);
    return this.#u8.subarray(p, p + (len >>> 0));
  }
  copyOut(ptr, len, dst) {
    const p = this.check(ptr, len >>> 0);
    const u8 = this.#u8;
    for (let i = 0;i < len; i++)
      dst[i] = u8[p + i];
  }
  copyIn(ptr, src) {
    const p = this.check(ptr, src.length);
    if (src.length !== 0)
      this.#u8.set(src, p);
  }
  getU8(ptr) {
    const p = this.check(ptr, 1);
    return this.#u8[p];
  }
  getU16(ptr) {
    const p = this.check(ptr, 2);
    return this.#view.getUint16(p, true);
  }
  getU32(ptr) {
    const p = this.check(ptr, 4);
    return this.#view.getUint32(p, true);
  }
  getU64(ptr) {
    const p = this.check(ptr, 8);
    return this.#view.getBigUint64(p, true);
  }
  setU8(ptr, value) {
    const p = this.check(ptr, 1);
    this.#u8[p] = value;
  }
  setU16(ptr, value) {
    const p = this.check(ptr, 2);
    this.#view.setUint16(p, value, true);
  }
  setU32(ptr, value) {
    const p = this.check(ptr, 4);
    this.#view.setUint32(p, value, true);
  }
  setU64(ptr, value) {
    const p = this.check(ptr, 8);
    this.#view.setBigUint64(p, BigInt.asUintN(64, value), true);
  }
  iovecs(ptr, count) {
    const n = count >>> 0;
    if (n > IOV_MAX)
      throw new GuestError(Errno.INVAL, `${n} iovecs is more than IOV_MAX`);
    const base = this.check(ptr, n * IOVEC_SIZE);
    const view = this.#view;
    const out = new Array(n);
    let left = MAX_RW_COUNT;
    for (let i = 0;i < n; i++) {
      const buf = view.getUint32(base + i * IOVEC_SIZE, true);
      const len = view.getUint32(base + i * IOVEC_SIZE + 4, true);
      const all = this.bytes(buf, len);
      out[i] = all.length <= left ? all : all.subarray(0, left);
      left -= out[i].length;
    }
    return out;
  }
  string(ptr, len) {
    const bytes = this.bytes(ptr, len);
    if (ASCII_IN_JS && bytes.length <= ASCII_FAST_MAX) {
      for (let i = 0;i < bytes.length; i++) {
        if (bytes[i] >= 128)
          return this.#decode(bytes);
      }
      return String.fromCharCode.apply(null, bytes);
    }
    return this.#decode(bytes);
  }
  #decode(bytes) {
    try {
      return utf84.decode(bytes);
    } catch (e) {
      if (e instanceof TypeError)
        return;
      throw e;
    }
  }
  writeStringList(items, ptrs, buf) {
    let total = 0;
    for (const item of items)
      total += item.length + 1;
    const dst = this.bytes(buf, total);
    this.check(ptrs, items.length * 4);
    let off = 0;
    let p = ptrs >>> 0;
    for (const item of items) {
      this.#view.setUint32(p, (buf >>> 0) + off >>> 0, true);
      p += 4;
      dst.set(item, off);
      off += item.length;
      dst[off++] = 0;
    }
  }
};
var Context = class {
  args;
  env;
  fds;
  sigpipe = true;
  started = false;
  get mayWait() {
    this.#mayWait ??= {
      read: this.fds.handles().some((h) => h.waitsFor("read")),
      write: this.fds.handles().some((h) => h.waitsFor("write"))
    };
    return this.#mayWait;
  }
  #mayWait;
  #memory;
  #interrupt = () => {};
  #interruptedWith;
  #abandon = () => {};
  interrupted;
  outputAbandoned;
  constructor(args, env, fds) {
    const utf86 = new TextEncoder;
    this.args = args.map((a) => utf86.encode(a));
    this.env = env.map(([k, v]) => utf86.encode(`${k}=${v}`));
    this.fds = fds;
    this.interrupted = new Promise((_, reject) => this.#interrupt = reject);
    this.interrupted.catch(() => {});
    this.outputAbandoned = new Promise((resolve) => this.#abandon = resolve);
  }
  interrupt(code) {
    if (this.#interruptedWith !== undefined)
      return this.abandonOutput();
    this.#interruptedWith = code;
    this.#interrupt(new ProcExit(code));
  }
  abandonOutput() {
    this.#abandon();
  }
  get memory() {
    if (!this.#memory)
      throw new Error("guest memory is not bound yet");
    return this.#memory;
  }
  get hasMemory() {
    return this.#memory !== undefined;
  }
  bindMemory(memory) {
    this.#memory = new GuestMemory(memory);
  }
};
var ProcExit = class extends Error {
  code;
  constructor(code) {
    super(`proc_exit(${code})`);
    this.name = "ProcExit";
    this.code = code;
  }
};
var againReason;
var Readahead = class {
  #source;
  #size;
  #tryNow;
  #chunk;
  #eof = false;
  #errno = Errno.SUCCESS;
  #pending;
  constructor(source, size = 65536, tryNow) {
    this.#source = source;
    this.#size = size;
    this.#tryNow = tryNow;
  }
  get isReady() {
    return this.#chunk !== undefined || this.#eof || this.#errno !== Errno.SUCCESS;
  }
  get buffered() {
    return this.#chunk?.length ?? 0;
  }
  get triesNow() {
    return this.#tryNow !== undefined;
  }
  get eof() {
    return this.#eof && this.#chunk === undefined;
  }
  read(bufs) {
    const chunk = this.#chunk;
    if (chunk !== undefined) {
      const n = scatter(chunk, bufs);
      this.#chunk = n < chunk.length ? chunk.subarray(n) : undefined;
      if (this.#chunk === undefined && !this.#eof && !this.#tryNow)
        this.ready();
      return [
        n,
        Errno.SUCCESS
      ];
    }
    if (this.#errno !== Errno.SUCCESS)
      return [
        0,
        this.#errno
      ];
    if (this.#eof)
      return [
        0,
        Errno.SUCCESS
      ];
    if (totalLength(bufs) === 0)
      return [
        0,
        Errno.SUCCESS
      ];
    const inFlight = this.#pending !== undefined;
    if (!inFlight && this.#tryNow) {
      const [n, errno] = this.#readNow(bufs);
      if (errno !== Errno.AGAIN)
        return [
          n,
          errno
        ];
    }
    this.ready();
    return [
      0,
      again(inFlight ? "no data yet, host read in flight" : "no data yet, host read started")
    ];
  }
  #readNow(bufs) {
    const tryNow = this.#tryNow;
    let total = 0;
    for (const buf of bufs) {
      if (buf.length === 0)
        continue;
      const r = tryNow(buf);
      if (r < 0) {
        const errno = errnoOfHost(-r);
        if (total > 0)
          break;
        if (errno !== Errno.AGAIN)
          this.#errno = errno;
        return [
          0,
          errno
        ];
      }
      if (r === 0 && total === 0)
        this.#eof = true;
      total += r;
      if (r < buf.length)
        break;
    }
    return [
      total,
      Errno.SUCCESS
    ];
  }
  ready() {
    if (this.isReady)
      return;
    if (this.#tryNow && this.#pending === undefined) {
      const buf = this.#buffer ??= new Uint8Array(this.#size);
      const [n, errno] = this.#readNow([
        buf
      ]);
      if (n > 0)
        this.#chunk = buf.subarray(0, n);
      if (errno !== Errno.AGAIN)
        return;
    }
    this.#pending ??= this.#fill();
    return this.#pending;
  }
  #buffer;
  async#fill() {
    const buf = this.#buffer ??= new Uint8Array(this.#size);
    try {
      const n = await this.#source(buf);
      if (n === 0)
        this.#eof = true;
      else
        this.#chunk = buf.subarray(0, n);
    } catch (e) {
      this.#errno = hostErrno(e);
      if (this.#errno === Errno.AGAIN)
        this.#errno = Errno.SUCCESS;
    } finally {
      this.#pending = undefined;
    }
  }
};
var QUIET_MS = 1;
var BLOCKING_MAX = 1048576;
var drained = 0;
var WriteQueue = class {
  #sink;
  #highWater;
  #tryNow;
  #directMin;
  #chunks = [];
  #queued = 0;
  #errno = Errno.SUCCESS;
  #draining;
  #room = new Wakeup;
  constructor(sink, highWater = 65536, tryNow, directMin = 0) {
    this.#sink = sink;
    this.#highWater = highWater;
    this.#tryNow = tryNow;
    this.#directMin = directMin;
  }
  get hasRoom() {
    return this.#queued < this.#highWater || this.#errno !== Errno.SUCCESS;
  }
  get room() {
    return Math.max(0, this.#highWater - this.#queued);
  }
  get errno() {
    return this.#errno;
  }
  write(bufs, all) {
    if (this.#errno !== Errno.SUCCESS)
      return [
        0,
        this.#errno
      ];
    if (this.#tryNow && this.#draining === undefined && (this.#directMin === 0 || totalLength(bufs) >= this.#directMin || this.#quiet())) {
      return this.#writeNow(bufs, all);
    }
    return this.#enqueue(bufs, all, 0);
  }
  #lastIdleWrite = -Infinity;
  #quiet() {
    const now = performance.now();
    const quiet = now - this.#lastIdleWrite >= QUIET_MS;
    this.#lastIdleWrite = now;
    return quiet;
  }
  #writeNow(bufs, all) {
    let n = 0;
    for (let i = 0;i < bufs.length; i++) {
      const buf = bufs[i];
      if (buf.length === 0)
        continue;
      const r = this.#tryNow(buf);
      if (r < 0) {
        const errno = errnoOfHost(-r);
        if (errno !== Errno.AGAIN) {
          if (n > 0)
            return [
              n,
              Errno.SUCCESS
            ];
          this.#errno = errno;
          return [
            0,
            errno
          ];
        }
      }
      const took = Math.max(r, 0);
      n += took;
      if (took < buf.length) {
        const rest = [
          buf.subarray(took),
          ...bufs.slice(i + 1)
        ];
        const [queued, errno] = this.#enqueue(rest, all, n);
        return [
          n + queued,
          errno
        ];
      }
    }
    return [
      n,
      Errno.SUCCESS
    ];
  }
  #enqueue(bufs, all, done) {
    let budget = all ? this.room + BLOCKING_MAX : this.room;
    if (budget === 0) {
      return done > 0 ? [
        0,
        Errno.SUCCESS
      ] : [
        0,
        again(`write queue full (${this.#queued} bytes draining)`)
      ];
    }
    let n = 0;
    for (const buf of bufs) {
      if (budget === 0)
        break;
      const take = Math.min(buf.length, budget);
      if (take === 0)
        continue;
      this.#chunks.push(buf.slice(0, take));
      n += take;
      budget -= take;
    }
    this.#queued += n;
    if (n > 0)
      this.#draining ??= this.#drain();
    return [
      n,
      Errno.SUCCESS
    ];
  }
  ready() {
    return this.hasRoom ? undefined : this.#room.wait();
  }
  async flush() {
    while (this.#draining)
      await this.#draining;
  }
  async#drain() {
    try {
      while (this.#chunks.length > 0 && this.#errno === Errno.SUCCESS) {
        const chunk = this.#chunks.length === 1 ? this.#chunks[0] : concat(this.#chunks);
        this.#chunks = [];
        let off = 0;
        while (off < chunk.length) {
          try {
            off += await this.#sink(chunk.subarray(off));
            drained++;
          } catch (e) {
            this.#errno = hostErrno(e);
            break;
          }
        }
        this.#queued -= chunk.length;
        if (this.hasRoom)
          this.#room.wake();
      }
    } finally {
      if (this.#errno !== Errno.SUCCESS) {
        this.#chunks = [];
        this.#queued = 0;
      }
      this.#draining = undefined;
      if (this.hasRoom)
        this.#room.wake();
    }
  }
};
var Inbox = class {
  #chunks = [];
  #size = 0;
  #eof = false;
  #errno = Errno.SUCCESS;
  #readable = new Wakeup;
  #highWater;
  #demand;
  constructor(demand, highWater = 65536) {
    this.#demand = demand;
    this.#highWater = highWater;
  }
  get isReady() {
    return this.#size > 0 || this.#eof || this.#errno !== Errno.SUCCESS;
  }
  get buffered() {
    return this.#size;
  }
  get eof() {
    return this.#eof && this.#size === 0;
  }
  push(chunk) {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    if (this.#size >= this.#highWater)
      this.#demand(false);
    this.#readable.wake();
  }
  end() {
    this.#eof = true;
    this.#readable.wake();
  }
  fail(errno) {
    if (this.#errno === Errno.SUCCESS)
      this.#errno = errno;
    this.#readable.wake();
  }
  read(bufs, peek = false) {
    if (this.#size === 0) {
      if (this.#errno !== Errno.SUCCESS)
        return [
          0,
          this.#errno
        ];
      if (this.#eof || totalLength(bufs) === 0)
        return [
          0,
          Errno.SUCCESS
        ];
      this.#demand(true);
      return [
        0,
        again("nothing received yet")
      ];
    }
    let n = 0;
    let i = 0;
    let off = 0;
    for (const buf of bufs) {
      let filled = 0;
      while (filled < buf.length && i < this.#chunks.length) {
        const chunk = this.#chunks[i];
        const take = Math.min(buf.length - filled, chunk.length - off);
        buf.set(chunk.subarray(off, off + take), filled);
        filled += take;
        off += take;
        if (off === chunk.length) {
          i++;
          off = 0;
        }
      }
      n += filled;
      if (i === this.#chunks.length)
        break;
    }
    if (!peek) {
      this.#chunks.splice(0, i);
      if (off > 0)
        this.#chunks[0] = this.#chunks[0].subarray(off);
      this.#size -= n;
      if (this.#size < this.#highWater / 2 && !this.#eof)
        this.#demand(true);
    }
    return [
      n,
      Errno.SUCCESS
    ];
  }
  ready() {
    if (this.isReady)
      return;
    this.#demand(true);
    return this.#readable.wait();
  }
  arrivals() {
    if (this.#eof || this.#errno !== Errno.SUCCESS || this.#size >= this.#highWater) {
      return;
    }
    this.#demand(true);
    return this.#readable.wait();
  }
};
var Wakeup = class {
  #promise;
  #resolve;
  wait() {
    return this.#promise ??= new Promise((resolve) => this.#resolve = resolve);
  }
  wake() {
    const resolve = this.#resolve;
    this.#promise = this.#resolve = undefined;
    resolve?.();
  }
};
var relays = /* @__PURE__ */ new WeakMap;
var Tracer = class {
  #emit;
  #ctx;
  #origin = performance.now();
  #interrupt;
  constructor(emit, ctx) {
    this.#emit = emit;
    this.#ctx = ctx;
    ctx.interrupted.catch((e) => this.#interrupt = e);
  }
  wrap(sig, fn) {
    const emit = this.#emit;
    const ctx = this.#ctx;
    const origin = this.#origin;
    return (...args) => {
      const start = performance.now();
      const record = {
        t_ms: round(start - origin, 1000),
        dur_us: 0,
        call: sig.name,
        args: decodeArgs(sig, args, ctx)
      };
      if (sig.name === "poll_oneoff")
        record.subscriptions = decodeSubscriptions(ctx, args);
      takeAgainReason();
      const fail2 = (e) => {
        record.dur_us = round((performance.now() - start) * 1000, 10);
        if (e instanceof ProcExit)
          record.exit = e.code;
        else
          record.error = String(e);
        emit(record);
      };
      let result;
      try {
        result = fn(...args);
      } catch (e) {
        fail2(e);
        throw e;
      }
      if (typeof result === "number") {
        finish(record, sig, args, ctx, result);
        record.dur_us = round((performance.now() - start) * 1000, 10);
        emit(record);
        return result;
      }
      const suspended = performance.now();
      return result.then((errno) => {
        const end = performance.now();
        finish(record, sig, args, ctx, errno);
        record.dur_us = round((end - start) * 1000, 10);
        record.woke = woke(record, errno);
        record.wait_us = round((end - suspended) * 1000, 10);
        emit(record);
        return errno;
      }, (e) => {
        record.wait_us = round((performance.now() - suspended) * 1000, 10);
        record.woke = e === this.#interrupt ? "interrupt" : "error";
        fail2(e);
        throw e;
      });
    };
  }
};
var FLAG_NAMES = {
  fdflags: Fdflags,
  oflags: Oflags,
  lookupflags: Lookupflags,
  fstflags: Fstflags,
  riflags: Riflags,
  sdflags: Sdflags
};
var ENUM_NAMES = {
  whence: Whence,
  clockid: Clockid,
  advice: Advice,
  signal: Signal
};
var EVENT_TYPES = [
  "clock",
  "fd_read",
  "fd_write"
];
var stringParams;
var BYTE_COUNTS = [
  "nread",
  "nwritten",
  "ro_datalen",
  "so_datalen"
];
var TraceStats = class {
  #calls = /* @__PURE__ */ new Map;
  add(r) {
    let s = this.#calls.get(r.call);
    if (!s)
      this.#calls.set(r.call, s = {
        calls: 0,
        errors: 0,
        totalUs: 0,
        bytes: 0,
        waitUs: 0
      });
    s.calls++;
    if (r.errno !== undefined && r.errno !== "SUCCESS")
      s.errors++;
    s.totalUs += r.dur_us;
    s.waitUs += r.wait_us ?? 0;
    for (const key of BYTE_COUNTS) {
      const n = r.result?.[key];
      if (typeof n === "number")
        s.bytes += n;
    }
  }
  format() {
    const rows = [
      ...this.#calls
    ].sort((a, b) => b[1].totalUs - a[1].totalUs);
    const total = {
      calls: 0,
      errors: 0,
      totalUs: 0,
      bytes: 0,
      waitUs: 0
    };
    for (const [, s] of rows) {
      total.calls += s.calls;
      total.errors += s.errors;
      total.totalUs += s.totalUs;
      total.bytes += s.bytes;
      total.waitUs += s.waitUs;
    }
    const cells = (name2, s) => [
      name2,
      String(s.calls),
      String(s.errors),
      (s.totalUs / 1000).toFixed(3),
      s.calls ? (s.totalUs / s.calls).toFixed(1) : "0.0",
      String(s.bytes),
      (s.waitUs / 1000).toFixed(3)
    ];
    const table = [
      [
        "call",
        "calls",
        "errors",
        "total_ms",
        "mean_us",
        "bytes",
        "waited_ms"
      ],
      ...rows.map(([name2, s]) => cells(name2, s)),
      cells("total", total)
    ];
    const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
    const line = (row) => row.map((cell, i) => i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])).join("  ");
    const rule = widths.map((w) => "-".repeat(w)).join("  ");
    return [
      line(table[0]),
      rule,
      ...table.slice(1, -1).map(line),
      rule,
      line(table.at(-1))
    ].join(`
`);
  }
};
var VERSION = "0.1.0";
init_errors();
init_process();
var FLUSHED = Promise.resolve();
var Fd = class {
  fdflags = 0;
  rightsBase = ALL_RIGHTS;
  rightsInheriting = 0n;
  read(_bufs) {
    return [
      0,
      Errno.BADF
    ];
  }
  write(_bufs) {
    return [
      0,
      Errno.BADF
    ];
  }
  ready(_direction) {
    return;
  }
  arrivals() {
    return;
  }
  poll(_direction) {
    return {
      nbytes: 0n,
      hangup: false,
      errno: Errno.BADF
    };
  }
  readinessLags(_direction) {
    return false;
  }
  waitsFor(_direction) {
    return false;
  }
  setFdflags(flags) {
    this.fdflags = flags;
    return Errno.SUCCESS;
  }
  seek(_offset, _whence) {
    return [
      0n,
      Errno.SPIPE
    ];
  }
  pread(_bufs, _offset) {
    return [
      0,
      Errno.SPIPE
    ];
  }
  pwrite(_bufs, _offset) {
    return [
      0,
      Errno.SPIPE
    ];
  }
  filestat() {
    const zero = {
      dev: 0n,
      ino: 0n,
      nlink: 0n,
      size: 0n,
      atim: 0n,
      mtim: 0n,
      ctim: 0n
    };
    return [
      {
        ...zero,
        filetype: this.filetype
      },
      Errno.SUCCESS
    ];
  }
  get outputLost() {
    return false;
  }
  lostWhileWaiting() {
    return Errno.SUCCESS;
  }
  setSize(_size) {
    return Errno.BADF;
  }
  setTimes(_atim, _mtim) {
    return Errno.BADF;
  }
  sync(_dataOnly) {
    return Errno.BADF;
  }
  advise(_offset, _len, _advice) {
    return Errno.BADF;
  }
  allocate(_offset, _len) {
    return Errno.BADF;
  }
  #dropped = 0n;
  #droppedInheriting = 0n;
  setRights(base, inheriting) {
    if ((base & ~this.rightsBase) !== 0n || (inheriting & ~this.rightsInheriting) !== 0n) {
      return Errno.NOTCAPABLE;
    }
    this.#dropped |= this.rightsBase & ~base;
    this.#droppedInheriting |= this.rightsInheriting & ~inheriting;
    this.rightsBase = base;
    this.rightsInheriting = inheriting;
    return Errno.SUCCESS;
  }
  allows(rights) {
    return (this.#dropped & rights) === 0n;
  }
  passesOn(rights) {
    return (this.#droppedInheriting & rights) === 0n;
  }
  inheritFrom(parent) {
    this.rightsInheriting = parent.rightsInheriting;
    this.#droppedInheriting = parent.#droppedInheriting;
  }
  accept() {
    return [
      undefined,
      Errno.NOTSOCK
    ];
  }
  recv(_bufs, _peek) {
    return [
      0,
      Errno.NOTSOCK
    ];
  }
  shutdown(_how) {
    return Errno.NOTSOCK;
  }
  prestatName() {
    return;
  }
  flush() {
    return FLUSHED;
  }
  close() {
    return Errno.SUCCESS;
  }
};
var SIGPIPE_EXIT = 141;
var FILETYPE = {
  file: Filetype.REGULAR_FILE,
  device: Filetype.CHARACTER_DEVICE,
  tty: Filetype.CHARACTER_DEVICE,
  pipe: Filetype.UNKNOWN,
  socket: Filetype.SOCKET_STREAM,
  closed: Filetype.UNKNOWN
};
var READ_RIGHTS = Rights.FD_READ | Rights.POLL_FD_READWRITE | Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_FILESTAT_GET;
var WRITE_RIGHTS = Rights.FD_WRITE | Rights.POLL_FD_READWRITE | Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_FILESTAT_GET;
var DEVICE_RIGHTS = Rights.FD_SEEK | Rights.FD_TELL;
var InputFd = class extends Fd {
  filetype;
  #sync;
  #readahead;
  #onClose;
  hostFd;
  #device;
  constructor(filetype2, source, onClose, device = false) {
    super();
    this.filetype = filetype2;
    this.rightsBase = device ? READ_RIGHTS | DEVICE_RIGHTS : READ_RIGHTS;
    this.#device = device;
    if (source instanceof Readahead)
      this.#readahead = source;
    else
      this.#sync = source;
    this.#onClose = onClose;
  }
  waitsFor(direction) {
    return direction === "read" && this.#readahead !== undefined;
  }
  read(bufs) {
    if (this.#readahead)
      return this.#readahead.read(bufs);
    let total = 0;
    try {
      for (const buf of bufs) {
        if (buf.length === 0)
          continue;
        const n = this.#sync(buf);
        total += n;
        if (n < buf.length)
          break;
      }
    } catch (e) {
      if (total > 0)
        return [
          total,
          Errno.SUCCESS
        ];
      return [
        0,
        hostErrno(e)
      ];
    }
    return [
      total,
      Errno.SUCCESS
    ];
  }
  ready(direction) {
    return direction === "read" ? this.#readahead?.ready() : undefined;
  }
  readinessLags(direction) {
    return direction === "read" && this.#readahead !== undefined && !this.#readahead.triesNow;
  }
  poll(direction) {
    if (direction === "write")
      return {
        nbytes: 0n,
        hangup: false,
        errno: Errno.BADF
      };
    const ra = this.#readahead;
    if (!ra)
      return {
        nbytes: 0n,
        hangup: false
      };
    if (!ra.isReady && ra.ready() !== undefined)
      return;
    return {
      nbytes: BigInt(ra.buffered),
      hangup: ra.eof
    };
  }
  seek(offset, whence) {
    return this.#device ? deviceSeek(whence) : super.seek(offset, whence);
  }
  filestat() {
    const stat = hostFilestat(this.hostFd, this.filetype);
    return stat ? [
      stat,
      Errno.SUCCESS
    ] : super.filestat();
  }
  close() {
    this.#onClose?.();
    return Errno.SUCCESS;
  }
};
var toldEpipe = /* @__PURE__ */ new WeakSet;
var OutputFd = class extends Fd {
  filetype;
  #sync;
  #queue;
  #onClose;
  hostFd;
  #device;
  sigpipe = true;
  constructor(filetype2, sink, onClose, device = false) {
    super();
    this.filetype = filetype2;
    this.rightsBase = device ? WRITE_RIGHTS | DEVICE_RIGHTS : WRITE_RIGHTS;
    this.#device = device;
    if (sink instanceof WriteQueue)
      this.#queue = sink;
    else
      this.#sync = sink;
    this.#onClose = onClose;
  }
  waitsFor(direction) {
    return direction === "write" && this.#queue !== undefined;
  }
  write(bufs) {
    if (this.#queue) {
      const [n, errno] = this.#queue.write(bufs, (this.fdflags & Fdflags.NONBLOCK) === 0);
      return [
        n,
        errno === Errno.PIPE ? this.#brokenPipe() : errno
      ];
    }
    let total = 0;
    try {
      for (const buf of bufs) {
        let off = buf.length === 0 ? 0 : this.#sync(buf);
        while (off < buf.length)
          off += this.#sync(buf.subarray(off));
        total += buf.length;
      }
    } catch (e) {
      if (total > 0)
        return [
          total,
          Errno.SUCCESS
        ];
      return [
        0,
        hostErrno(e)
      ];
    }
    return [
      total,
      Errno.SUCCESS
    ];
  }
  ready(direction) {
    return direction === "write" ? this.#queue?.ready() : undefined;
  }
  readinessLags(direction) {
    return direction === "write" && this.#queue !== undefined;
  }
  poll(direction) {
    if (direction === "read")
      return {
        nbytes: 0n,
        hangup: false,
        errno: Errno.BADF
      };
    const q = this.#queue;
    if (!q)
      return {
        nbytes: 0n,
        hangup: false
      };
    if (q.errno !== Errno.SUCCESS)
      return {
        nbytes: 0n,
        hangup: true
      };
    if (!q.hasRoom)
      return;
    return {
      nbytes: BigInt(q.room),
      hangup: false
    };
  }
  seek(offset, whence) {
    return this.#device ? deviceSeek(whence) : super.seek(offset, whence);
  }
  filestat() {
    const stat = hostFilestat(this.hostFd, this.filetype);
    return stat ? [
      stat,
      Errno.SUCCESS
    ] : super.filestat();
  }
  flush() {
    return this.#queue?.flush() ?? Promise.resolve();
  }
  lostWhileWaiting() {
    return this.#queue?.errno === Errno.PIPE ? this.#brokenPipe() : Errno.SUCCESS;
  }
  #brokenPipe() {
    if (this.sigpipe)
      throw new ProcExit(SIGPIPE_EXIT);
    toldEpipe.add(this.#queue);
    return Errno.PIPE;
  }
  get outputLost() {
    return this.#queue !== undefined && this.#queue.errno !== Errno.SUCCESS && !toldEpipe.has(this.#queue);
  }
  close() {
    const onClose = this.#onClose;
    if (onClose)
      this.flush().then(onClose);
    return Errno.SUCCESS;
  }
};
var queues = /* @__PURE__ */ new Map;
var streamQueues = /* @__PURE__ */ new WeakMap;
var MAX_I64 = (1n << 63n) - 1n;
var SYNC_FLAGS = Fdflags.DSYNC | Fdflags.RSYNC | Fdflags.SYNC;
var REGULAR_FILE_RIGHTS = Rights.FD_DATASYNC | Rights.FD_READ | Rights.FD_SEEK | Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_SYNC | Rights.FD_TELL | Rights.FD_WRITE | Rights.FD_ADVISE | Rights.FD_ALLOCATE | Rights.FD_FILESTAT_GET | Rights.FD_FILESTAT_SET_SIZE | Rights.FD_FILESTAT_SET_TIMES | Rights.POLL_FD_READWRITE;
var FILE_RIGHTS = [
  0,
  1,
  2,
  3
].map((i) => {
  let rights = REGULAR_FILE_RIGHTS;
  if (!(i & 2))
    rights &= ~Rights.FD_READ;
  if (!(i & 1))
    rights &= ~Rights.FD_WRITE;
  return rights;
});
var FileFd = class extends Fd {
  filetype;
  #hostFd;
  #position = 0;
  #far;
  #mode;
  #stream;
  constructor(hostFd, filetype2, mode) {
    super();
    ignoreFileSizeSignal();
    this.#hostFd = hostFd;
    this.filetype = filetype2;
    this.#mode = mode;
    this.#stream = filetype2 === Filetype.UNKNOWN || filetype2 === Filetype.CHARACTER_DEVICE;
    this.fdflags = mode.fdflags;
    this.rightsBase = fileRights(mode.readable, mode.writable);
    this.rightsInheriting = this.rightsBase;
  }
  get #append() {
    return (this.fdflags & Fdflags.APPEND) !== 0;
  }
  read(bufs) {
    if (!this.#mode.readable)
      return [
        0,
        Errno.BADF
      ];
    if (!this.allows(Rights.FD_READ))
      return [
        0,
        Errno.NOTCAPABLE
      ];
    if (this.#stream)
      return this.#transfer(bufs, read2);
    if (this.#far !== undefined) {
      const [n, err] = this.#preadv(bufs, this.#far);
      this.#far += BigInt(n);
      return [
        n,
        err
      ];
    }
    const read3 = this.#preadFrom(bufs, this.#position);
    this.#advance(read3[0]);
    return read3;
  }
  write(bufs) {
    if (!this.#mode.writable)
      return [
        0,
        Errno.BADF
      ];
    if (!this.allows(Rights.FD_WRITE))
      return [
        0,
        Errno.NOTCAPABLE
      ];
    if (this.#stream) {
      const wrote2 = this.#transfer(bufs, write2);
      if (wrote2[1] === Errno.PIPE && this.#mode.sigpipe)
        throw new ProcExit(SIGPIPE_EXIT);
      return wrote2;
    }
    const far = this.#far;
    const [n, err] = far === undefined ? this.#pwriteFrom(bufs, this.#position) : this.#pwritev(bufs, far);
    if (n === 0)
      return [
        0,
        err
      ];
    if (this.#append)
      this.#moveTo(this.#size());
    else if (far === undefined)
      this.#advance(n);
    else
      this.#far = far + BigInt(n);
    return [
      n,
      Errno.SUCCESS
    ];
  }
  pread(bufs, offset) {
    if (!this.#mode.readable)
      return [
        0,
        Errno.BADF
      ];
    if (!this.allows(Rights.FD_READ | Rights.FD_SEEK))
      return [
        0,
        Errno.NOTCAPABLE
      ];
    return this.#preadv(bufs, offset);
  }
  pwrite(bufs, offset) {
    if (!this.#mode.writable)
      return [
        0,
        Errno.BADF
      ];
    if (!this.allows(Rights.FD_WRITE | Rights.FD_SEEK))
      return [
        0,
        Errno.NOTCAPABLE
      ];
    return this.#pwritev(bufs, offset);
  }
  #transfer(bufs, call) {
    let total = 0;
    for (const buf of bufs) {
      if (buf.length === 0)
        continue;
      let n;
      try {
        n = call(this.#hostFd, buf);
      } catch (e) {
        return total > 0 ? [
          total,
          Errno.SUCCESS
        ] : [
          0,
          hostErrno(e)
        ];
      }
      total += n;
      if (n < buf.length)
        break;
    }
    return [
      total,
      Errno.SUCCESS
    ];
  }
  get #offset() {
    return this.#far ?? BigInt(this.#position);
  }
  #moveTo(position) {
    if (position <= MAX_OFFSET) {
      this.#position = Number(position);
      this.#far = undefined;
    } else
      this.#far = position;
  }
  #advance(n) {
    const next = this.#position + n;
    if (next <= Number.MAX_SAFE_INTEGER)
      this.#position = next;
    else
      this.#far = BigInt(this.#position) + BigInt(n);
  }
  #preadv(bufs, offset) {
    if (offset > MAX_I64)
      return [
        0,
        Errno.INVAL
      ];
    if (offset <= MAX_OFFSET)
      return this.#preadFrom(bufs, Number(offset));
    if (overflows(offset, bufs))
      return [
        0,
        Errno.INVAL
      ];
    return bufs.some((b) => b.length > 0) ? this.#readBeyond(offset) : [
      0,
      Errno.SUCCESS
    ];
  }
  #preadFrom(bufs, base) {
    let total = 0;
    for (const buf of bufs) {
      if (buf.length === 0)
        continue;
      if (base + total > Number.MAX_SAFE_INTEGER) {
        return total > 0 ? [
          total,
          Errno.SUCCESS
        ] : this.#readBeyond(BigInt(base) + BigInt(total));
      }
      const n = this.#preadAt(buf, base + total);
      if (n < 0)
        return total > 0 ? [
          total,
          Errno.SUCCESS
        ] : [
          0,
          -n
        ];
      total += n;
      if (n < buf.length)
        break;
    }
    return [
      total,
      Errno.SUCCESS
    ];
  }
  #preadAt(dst, at2) {
    try {
      return pread(this.#hostFd, dst, at2);
    } catch (e) {
      return -hostErrno(e);
    }
  }
  #pwriteAt(src, at2) {
    try {
      return pwrite(this.#hostFd, src, at2);
    } catch (e) {
      return -hostErrno(e);
    }
  }
  #readBeyond(at2) {
    return this.#size() <= at2 ? [
      0,
      Errno.SUCCESS
    ] : [
      0,
      Errno.OVERFLOW
    ];
  }
  #pwritev(bufs, offset) {
    if (offset > MAX_I64)
      return [
        0,
        Errno.INVAL
      ];
    if (offset <= MAX_OFFSET)
      return this.#pwriteFrom(bufs, Number(offset));
    if (overflows(offset, bufs))
      return [
        0,
        Errno.INVAL
      ];
    return [
      0,
      bufs.some((b) => b.length > 0) ? Errno.FBIG : Errno.SUCCESS
    ];
  }
  #pwriteFrom(bufs, base) {
    let total = 0;
    for (const buf of bufs) {
      let done = 0;
      while (done < buf.length) {
        const at2 = base + total + done;
        if (at2 > Number.MAX_SAFE_INTEGER) {
          return total + done > 0 ? [
            total + done,
            0
          ] : [
            0,
            Errno.FBIG
          ];
        }
        const n = this.#pwriteAt(done === 0 ? buf : buf.subarray(done), at2);
        if (n < 0)
          return total + done > 0 ? [
            total + done,
            0
          ] : [
            0,
            -n
          ];
        done += n;
      }
      total += done;
    }
    return [
      total,
      Errno.SUCCESS
    ];
  }
  #size() {
    const [stat] = tryHost(() => fstat(this.#hostFd));
    return stat?.size ?? 0n;
  }
  poll(direction) {
    if (direction === "write")
      return {
        nbytes: 0n,
        hangup: false
      };
    const left = this.#size() - this.#offset;
    return {
      nbytes: left > 0n ? left : 0n,
      hangup: left <= 0n
    };
  }
  seek(offset, whence) {
    const right = offset === 0n && whence === Whence.CUR ? Rights.FD_TELL : Rights.FD_SEEK;
    if (!this.allows(right))
      return [
        0n,
        Errno.NOTCAPABLE
      ];
    if (this.filetype === Filetype.UNKNOWN)
      return [
        0n,
        Errno.SPIPE
      ];
    let from;
    if (whence === Whence.SET)
      from = 0n;
    else if (whence === Whence.CUR)
      from = this.#offset;
    else if (whence === Whence.END)
      from = this.#size();
    else
      return [
        0n,
        Errno.INVAL
      ];
    const position = from + offset;
    if (position < 0n || position > MAX_I64)
      return [
        0n,
        Errno.INVAL
      ];
    this.#moveTo(position);
    return [
      position,
      Errno.SUCCESS
    ];
  }
  filestat() {
    const [stat, err] = tryHost(() => fstat(this.#hostFd));
    return stat ? [
      stat,
      Errno.SUCCESS
    ] : [
      super.filestat()[0],
      err
    ];
  }
  setSize(size) {
    if (this.#mode.writeDenied)
      return this.#mode.writeDenied;
    if (size > MAX_I64)
      return Errno.INVAL;
    if (size > MAX_OFFSET)
      return Errno.FBIG;
    return tryHost(() => truncate(this.#hostFd, size))[1];
  }
  setTimes(atim, mtim) {
    if (this.#mode.writeDenied)
      return this.#mode.writeDenied;
    return tryHost(() => setFdTimes(this.#hostFd, atim, mtim))[1];
  }
  sync(dataOnly) {
    const fd = this.#hostFd;
    return tryHost(() => dataOnly ? fdatasync(fd) : fsync(fd))[1];
  }
  advise(_offset, _len, _advice) {
    return Errno.SUCCESS;
  }
  allocate(offset, len) {
    if (len === 0n)
      return Errno.INVAL;
    if (!this.#mode.writable)
      return Errno.BADF;
    const end = offset + len;
    if (end > MAX_I64)
      return Errno.FBIG;
    return end > this.#size() ? this.setSize(end) : Errno.SUCCESS;
  }
  setFdflags(flags) {
    if ((flags & SYNC_FLAGS) !== (this.fdflags & SYNC_FLAGS))
      return Errno.INVAL;
    const append = (flags & Fdflags.APPEND) !== 0;
    if (append !== this.#append) {
      const err = this.#reopen(append);
      if (err)
        return err;
    }
    this.fdflags = flags;
    return Errno.SUCCESS;
  }
  #reopen(append) {
    const { readable: readable2, writable: writable2 } = this.#mode;
    let flags = readable2 && writable2 ? O.RDWR : writable2 ? O.WRONLY : O.RDONLY;
    if (this.fdflags & Fdflags.DSYNC)
      flags |= O.DSYNC;
    if (this.fdflags & (Fdflags.SYNC | Fdflags.RSYNC))
      flags |= O.SYNC;
    const [fd, err] = tryHost(() => setAppend(this.#hostFd, append, flags));
    if (fd === undefined)
      return err === Errno.ACCES || err === Errno.NOENT ? Errno.NOTSUP : err;
    this.#hostFd = fd;
    return Errno.SUCCESS;
  }
  close() {
    try {
      close(this.#hostFd);
      return Errno.SUCCESS;
    } catch (e) {
      return hostErrno(e);
    }
  }
};
var utf85 = new TextEncoder;
var DIR_RIGHTS = ALL_RIGHTS & ~(Rights.FD_SEEK | Rights.FD_FILESTAT_SET_SIZE | Rights.FD_WRITE);
var PREOPEN_RIGHTS = Rights.PATH_CREATE_DIRECTORY | Rights.PATH_CREATE_FILE | Rights.PATH_LINK_SOURCE | Rights.PATH_LINK_TARGET | Rights.PATH_OPEN | Rights.FD_READDIR | Rights.PATH_READLINK | Rights.PATH_RENAME_SOURCE | Rights.PATH_RENAME_TARGET | Rights.PATH_SYMLINK | Rights.PATH_REMOVE_DIRECTORY | Rights.PATH_UNLINK_FILE | Rights.PATH_FILESTAT_GET | Rights.PATH_FILESTAT_SET_TIMES | Rights.FD_FILESTAT_GET | Rights.FD_FILESTAT_SET_TIMES;
var PREOPEN_INHERITING = PREOPEN_RIGHTS | Rights.FD_DATASYNC | Rights.FD_READ | Rights.FD_SEEK | Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_SYNC | Rights.FD_TELL | Rights.FD_WRITE | Rights.FD_ADVISE | Rights.FD_ALLOCATE | Rights.FD_FILESTAT_GET | Rights.FD_FILESTAT_SET_SIZE | Rights.FD_FILESTAT_SET_TIMES | Rights.POLL_FD_READWRITE;
var SYNC_FDFLAGS = Fdflags.DSYNC | Fdflags.RSYNC | Fdflags.SYNC;
var DirFd = class _DirFd extends Fd {
  filetype = Filetype.DIRECTORY;
  writeDenied;
  #handle;
  #openErrno;
  #preopen;
  #listing;
  constructor(handle, writeDenied, preopen) {
    super();
    [this.#handle, this.#openErrno] = handle;
    this.writeDenied = writeDenied;
    this.#preopen = preopen ?? this.#ownStat();
    this.rightsBase = DIR_RIGHTS;
    this.rightsInheriting = DIR_RIGHTS;
  }
  waitsFor(_direction) {
    return true;
  }
  get openErrno() {
    return this.#openErrno;
  }
  #ownStat() {
    return this.#handle === undefined ? undefined : dirOps().stat(this.#handle, "")[0];
  }
  #locate(path, follow, creating = false) {
    if (this.#handle === undefined)
      return [
        undefined,
        this.#openErrno
      ];
    return locate(this.#handle, path, follow, creating);
  }
  open(path, req) {
    const refused = this.#refuseOpen(req) || (typeof path === "string" ? refusePath(path) : 0);
    if (refused)
      return [
        undefined,
        refused
      ];
    if (this.#handle === undefined)
      return [
        undefined,
        this.#openErrno
      ];
    const ops = dirOps();
    const flags = hostOpenFlags(req) | O.NONBLOCK;
    let opened = ops.beneath?.(this.#handle, path, flags | (req.follow ? 0 : O.NOFOLLOW));
    if (opened === undefined)
      path = pathText(path);
    let dirHandle;
    const named = req.oflags & Oflags.CREAT && opened === undefined ? nameBeforeSlash(path) : undefined;
    if (named !== undefined) {
      const [l, err2] = this.#locate(named, false);
      if (l === undefined)
        return [
          undefined,
          err2
        ];
      release(l);
      return [
        undefined,
        Errno.ISDIR
      ];
    }
    for (let follow = false;opened === undefined; follow = true) {
      const [l, err2] = this.#locate(path, follow, (req.oflags & Oflags.CREAT) !== 0);
      if (l === undefined)
        return [
          undefined,
          err2
        ];
      const result = at(l, () => {
        const e2 = refuseOpenAt(l, req.oflags);
        if (e2)
          return [
            undefined,
            e2
          ];
        const result2 = ops.open(l.dir, l.name, flags | (l.mustBeDir ? O.DIRECTORY : 0));
        dirHandle = (fd2) => ops.adopt(fd2, l.dir, l.name);
        return result2;
      });
      const symlink = result[1] === Errno.LOOP || result[1] === Errno.NOTDIR;
      if (follow || !req.follow || !symlink)
        opened = result;
    }
    const [fd, err] = opened;
    if (fd === undefined) {
      if (err === Errno.NXIO && !(req.fdflags & Fdflags.NONBLOCK)) {
        return this.#openStream(pathText(path), req);
      }
      return [
        undefined,
        escapeIsPerm(err)
      ];
    }
    if ((req.oflags & CREATED) === CREATED)
      return [
        this.#file(fd, Filetype.REGULAR_FILE, req),
        0
      ];
    const [type, e] = tryHost(() => filetype(fd));
    if (type === undefined || type === Filetype.UNKNOWN || type === Filetype.CHARACTER_DEVICE) {
      if (type === undefined) {
        tryHost(() => close(fd));
        return [
          undefined,
          e
        ];
      }
      if (type === Filetype.UNKNOWN && (req.fdflags & Fdflags.NONBLOCK || !writable(req) && fifoWriterCame(fd))) {
        return [
          this.#adoptFifo(fd, req),
          0
        ];
      }
      return this.#openStream(pathText(path), req, fd);
    }
    if (type === Filetype.DIRECTORY) {
      const handle = dirHandle ? dirHandle(fd) : fd;
      const dir = new _DirFd([
        handle,
        0
      ], this.writeDenied, this.#preopen);
      dir.inheritFrom(this);
      return [
        dir,
        0
      ];
    }
    if (req.oflags & Oflags.DIRECTORY) {
      tryHost(() => close(fd));
      return [
        undefined,
        Errno.NOTDIR
      ];
    }
    return [
      this.#file(fd, type, req),
      0
    ];
  }
  #file(fd, type, req) {
    return new FileFd(fd, type, {
      readable: readable(req) && this.passesOn(Rights.FD_READ),
      writable: writable(req) && this.passesOn(Rights.FD_WRITE),
      fdflags: req.fdflags & (Fdflags.APPEND | Fdflags.NONBLOCK | SYNC_FDFLAGS),
      writeDenied: this.writeDenied,
      sigpipe: type === Filetype.UNKNOWN && (req.sigpipe ?? true)
    });
  }
  #openStream(path, req, probe) {
    const closeProbe = () => {
      if (probe !== undefined)
        tryHost(() => close(probe));
    };
    const [l, err] = this.#locate(path, req.follow);
    if (l === undefined) {
      closeProbe();
      return [
        undefined,
        err
      ];
    }
    const ops = dirOps();
    const [stat] = ops.stat(l.dir, l.name);
    const flags = hostOpenFlags(req);
    if (!req.fifoMayWait && probe !== undefined && stat?.filetype === Filetype.UNKNOWN && accessMode(req) === O.RDONLY && canTellFifoWriter()) {
      release(l);
      awaitFifoWriter(probe);
      return [
        this.#adoptFifo(probe, req),
        0
      ];
    }
    if (!req.fifoMayWait || stat?.filetype !== Filetype.UNKNOWN) {
      const [fd, e] = at(l, () => ops.open(l.dir, l.name, flags));
      closeProbe();
      if (fd === undefined)
        return [
          undefined,
          e
        ];
      const [type, e2] = tryHost(() => filetype(fd));
      if (type === undefined) {
        tryHost(() => close(fd));
        return [
          undefined,
          e2
        ];
      }
      return [
        this.#file(fd, type, req),
        0
      ];
    }
    return this.#openFifo(l, req, probe);
  }
  #adoptFifo(fd, req) {
    const nonBlocking2 = (req.fdflags & Fdflags.NONBLOCK) !== 0;
    if (!req.fifoMayWait || nonBlocking2) {
      if (!nonBlocking2)
        setBlocking(fd);
      return this.#file(fd, Filetype.UNKNOWN, req);
    }
    return hostInput(fd, () => void tryHost(() => close(fd)));
  }
  async#openFifo(l, req, probe) {
    const access = accessMode(req);
    const ops = dirOps();
    const opening2 = ops.openAsync(l.dir, l.name, access);
    let result;
    try {
      result = probe !== undefined && access === O.RDONLY ? await untilWriter(opening2, probe) : await opening2;
      if (result === undefined) {
        const [writer2] = ops.open(l.dir, l.name, O.WRONLY | O.NONBLOCK);
        opening2.then(([fd2]) => {
          if (fd2 !== undefined)
            tryHost(() => nodeFs().closeSync(fd2));
          if (writer2 !== undefined)
            tryHost(() => close(writer2));
        });
        return [
          this.#adoptFifo(probe, req),
          0
        ];
      }
    } finally {
      release(l);
    }
    if (probe !== undefined)
      tryHost(() => close(probe));
    const [fd, e] = result;
    if (fd === undefined)
      return [
        undefined,
        e
      ];
    const close2 = () => void tryHost(() => nodeFs().closeSync(fd));
    const handle = access === O.WRONLY ? hostOutput(fd, close2) : hostInput(fd, close2);
    handle.setFdflags(req.fdflags & Fdflags.NONBLOCK);
    if (handle instanceof OutputFd)
      handle.sigpipe = req.sigpipe ?? true;
    return [
      handle,
      0
    ];
  }
  #refuseOpen(req) {
    const { oflags } = req;
    const mutates = req.write || (oflags & (Oflags.CREAT | Oflags.TRUNC)) !== 0;
    if (this.writeDenied && mutates)
      return this.writeDenied;
    const createsOrTruncates = Oflags.CREAT | Oflags.EXCL | Oflags.TRUNC;
    if (oflags & Oflags.DIRECTORY && oflags & createsOrTruncates)
      return Errno.INVAL;
    return Errno.SUCCESS;
  }
  createDirectory(path) {
    if (this.writeDenied)
      return this.writeDenied;
    const [l, err] = this.#locate(withoutTrailingSlashes(path), false);
    if (l === undefined)
      return err;
    return at(l, () => l.name === "" ? Errno.EXIST : atDot(l, Errno.EXIST) ?? dirOps().mkdir(l.dir, l.name));
  }
  removeDirectory(path) {
    if (this.writeDenied)
      return this.writeDenied;
    const [l, err] = this.#locate(withoutTrailingSlashes(path), false);
    if (l === undefined)
      return err;
    return at(l, () => l.name === "" ? Errno.INVAL : atDot(l, Errno.INVAL) ?? dirOps().remove(l.dir, l.name, true));
  }
  unlinkPlain(path, len, slash) {
    if (this.writeDenied)
      return this.writeDenied;
    const ops = dirOps();
    if (this.#handle === undefined || ops.plainDir === undefined)
      return;
    const dir = ops.plainDir(this.#handle, path, slash);
    if (dir === undefined)
      return;
    const done = ops.unlinkPlain(dir, path, slash + 1, len);
    ops.releasePlainDir(dir);
    return done;
  }
  unlinkFile(path) {
    if (this.writeDenied)
      return this.writeDenied;
    const slash = endsInSlash(path);
    const [l, err] = this.#locate(slash ? withoutTrailingSlashes(path) : path, false);
    if (l === undefined)
      return err;
    return at(l, () => {
      if (l.name === "")
        return Errno.ISDIR;
      if (slash || l.mustBeDir) {
        const [stat, e] = dirOps().stat(l.dir, l.name);
        if (stat === undefined)
          return e;
        return stat.filetype === Filetype.DIRECTORY ? Errno.ISDIR : Errno.NOTDIR;
      }
      return dirOps().remove(l.dir, l.name, false);
    });
  }
  renamePlain(path, len, slash, to, toPath, toLen, toSlash) {
    if (this.writeDenied || to.writeDenied)
      return this.writeDenied || to.writeDenied;
    const ops = dirOps();
    if (this.#handle === undefined || to.#handle === undefined || !ops.renamePlain) {
      return;
    }
    return ops.renamePlain(this.#handle, path, len, slash, to.#handle, toPath, toLen, toSlash);
  }
  rename(path, to, toPath) {
    if (this.writeDenied || to.writeDenied)
      return this.writeDenied || to.writeDenied;
    const slash = endsInSlash(path) || endsInSlash(toPath);
    const fromPath = withoutTrailingSlashes(path), destPath = withoutTrailingSlashes(toPath);
    const itself = (from, dest) => from.name === "" || dest.name === "" ? Errno.BUSY : undefined;
    return this.#twoPaths(fromPath, to, destPath, (from, dest, stat) => {
      const dot = atDot(from, Errno.BUSY) ?? atDot(dest, Errno.BUSY);
      if (dot !== undefined)
        return dot;
      const mustBeDir = slash || dest.mustBeDir || from.mustBeDir;
      if (mustBeDir && stat.filetype !== Filetype.DIRECTORY)
        return Errno.NOTDIR;
      return dirOps().rename(from.dir, from.name, dest.dir, dest.name);
    }, itself);
  }
  link(path, to, toPath) {
    if (this.writeDenied || to.writeDenied)
      return this.writeDenied || to.writeDenied;
    const slash = endsInSlash(toPath);
    const destPath = slash ? withoutTrailingSlashes(toPath) : toPath;
    return this.#twoPaths(path, to, destPath, (from, dest, stat) => {
      if (from.name === "" || stat.filetype === Filetype.DIRECTORY)
        return Errno.PERM;
      if (from.mustBeDir)
        return Errno.NOTDIR;
      if (dest.name === "")
        return Errno.EXIST;
      const dot = atDot(dest, Errno.EXIST);
      if (dot !== undefined)
        return dot;
      if (slash || dest.mustBeDir) {
        const [there] = dirOps().stat(dest.dir, dest.name);
        return there === undefined ? Errno.NOENT : Errno.EXIST;
      }
      return dirOps().link(from.dir, from.name, dest.dir, dest.name);
    });
  }
  #twoPaths(path, to, toPath, act, first) {
    const [from, err] = this.#locate(path, false);
    if (from === undefined)
      return err;
    return at(from, () => {
      const [dest, e] = to.#locate(toPath, false);
      if (dest === undefined)
        return e;
      return at(dest, () => {
        const early = first?.(from, dest);
        if (early !== undefined)
          return early;
        const ops = dirOps();
        const [stat, e2] = ops.stat(from.dir, from.name);
        if (stat === undefined)
          return e2;
        if (stat.filetype === Filetype.SYMBOLIC_LINK && from.name !== "") {
          const [bytes, e3] = ops.readlink(from.dir, from.name);
          if (bytes === undefined)
            return e3;
          const [target, e4] = decodeTarget(bytes);
          if (target === undefined)
            return e4;
          if (to.#plants(target, dest.dir))
            return Errno.PERM;
        }
        return act(from, dest, stat);
      });
    });
  }
  #plants(target, dir) {
    if (target.startsWith("/"))
      return true;
    if (!targetEscapes(target, 0))
      return false;
    if (this.#preopen === undefined)
      return true;
    const depth = depthBelow(dir, this.#preopen);
    return depth === undefined || targetEscapes(target, depth);
  }
  symlink(target, path) {
    if (this.writeDenied)
      return this.writeDenied;
    if (target.includes("\x00"))
      return Errno.INVAL;
    if (target === "")
      return Errno.NOENT;
    if (target.startsWith("/"))
      return Errno.PERM;
    const slash = endsInSlash(path);
    const [l, err] = this.#locate(slash ? withoutTrailingSlashes(path) : path, false);
    if (l === undefined)
      return err;
    return at(l, () => {
      if (this.#plants(target, l.dir))
        return Errno.PERM;
      if (l.name === "")
        return Errno.EXIST;
      const dot = atDot(l, Errno.EXIST);
      if (dot !== undefined)
        return dot;
      if (slash || l.mustBeDir) {
        const [stat, e] = dirOps().stat(l.dir, l.name);
        if (stat === undefined)
          return e;
        const taken = stat.filetype === Filetype.DIRECTORY || stat.filetype === Filetype.SYMBOLIC_LINK;
        return taken ? Errno.EXIST : Errno.NOTDIR;
      }
      return dirOps().symlink(target, l.dir, l.name);
    });
  }
  readlink(path) {
    const [l, err] = this.#locate(path, false);
    if (l === undefined)
      return [
        undefined,
        err
      ];
    return at(l, () => {
      if (l.name === "")
        return [
          undefined,
          Errno.INVAL
        ];
      const notDir = checkMustBeDir(l);
      if (notDir)
        return [
          undefined,
          notDir
        ];
      const [bytes, e] = dirOps().readlink(l.dir, l.name);
      if (bytes === undefined)
        return [
          undefined,
          e
        ];
      const [target, e2] = decodeTarget(bytes);
      if (target === undefined)
        return [
          undefined,
          e2
        ];
      if (target.startsWith("/"))
        return [
          undefined,
          Errno.PERM
        ];
      return [
        bytes,
        0
      ];
    });
  }
  statPlain(path, len, slash, follow, out) {
    const ops = dirOps();
    if (this.#handle === undefined || ops.plainDir === undefined)
      return;
    const dir = ops.plainDir(this.#handle, path, slash);
    if (dir === undefined)
      return;
    const done = ops.statPlain(dir, path, slash + 1, len, follow, out);
    ops.releasePlainDir(dir);
    return done;
  }
  statAt(path, follow) {
    const [l, err] = this.#locate(path, false);
    if (l === undefined)
      return [
        undefined,
        err
      ];
    const [stat, e] = at(l, () => dirOps().stat(l.dir, l.name));
    if (stat === undefined)
      return [
        undefined,
        e
      ];
    if (stat.filetype === Filetype.SYMBOLIC_LINK && (follow || l.mustBeDir)) {
      const [target, e2] = this.#locate(path, true);
      if (target === undefined)
        return [
          undefined,
          e2
        ];
      return at(target, () => statOf(target));
    }
    if (l.mustBeDir && stat.filetype !== Filetype.DIRECTORY)
      return [
        undefined,
        Errno.NOTDIR
      ];
    return [
      stat,
      0
    ];
  }
  setTimesAt(path, follow, atim, mtim) {
    if (this.writeDenied)
      return this.writeDenied;
    const [l, err] = this.#locate(path, follow);
    if (l === undefined)
      return err;
    const nothingToSet = atim === "omit" && mtim === "omit";
    return at(l, () => checkMustBeDir(l) || (nothingToSet ? dirOps().stat(l.dir, l.name)[1] : dirOps().setTimes(l.dir, l.name, atim, mtim)));
  }
  readdir(cookie) {
    if (cookie === 0n || this.#listing === undefined) {
      const [listing, err] = this.#list();
      if (listing === undefined)
        return [
          undefined,
          err
        ];
      this.#listing = listing;
    }
    return [
      this.#listing,
      0
    ];
  }
  #list() {
    if (this.#handle === undefined)
      return [
        undefined,
        this.#openErrno
      ];
    const ops = dirOps();
    const [own, err] = ops.stat(this.#handle, "");
    if (own === undefined)
      return [
        undefined,
        err
      ];
    return ops.list(this.#handle, [
      {
        name: DOT,
        type: Filetype.DIRECTORY,
        ino: own.ino
      },
      {
        name: DOTDOT,
        type: Filetype.DIRECTORY,
        ino: own.ino
      }
    ]);
  }
  filestat() {
    if (this.#handle === undefined)
      return [
        super.filestat()[0],
        this.#openErrno
      ];
    const [stat, e] = dirOps().stat(this.#handle, "");
    return stat ? [
      stat,
      Errno.SUCCESS
    ] : [
      super.filestat()[0],
      e
    ];
  }
  setTimes(atim, mtim) {
    if (this.writeDenied)
      return this.writeDenied;
    if (this.#handle === undefined)
      return this.#openErrno;
    return dirOps().setTimes(this.#handle, "", atim, mtim);
  }
  sync(dataOnly) {
    const dir = this.#handle;
    if (dir === undefined)
      return this.#openErrno;
    const syncFd = (fd2) => tryHost(() => dataOnly ? fdatasync(fd2) : fsync(fd2))[1];
    if (typeof dir === "number")
      return syncFd(dir);
    const [fd, e] = dirOps().open(dir, "", O.RDONLY | O.DIRECTORY);
    if (fd === undefined)
      return e;
    const errno = syncFd(fd);
    tryHost(() => close(fd));
    return errno;
  }
  seek(_offset, _whence) {
    return [
      0n,
      Errno.BADF
    ];
  }
  pread(_bufs, _offset) {
    return [
      0,
      Errno.BADF
    ];
  }
  pwrite(_bufs, _offset) {
    return [
      0,
      Errno.BADF
    ];
  }
  setFdflags(_flags) {
    return Errno.BADF;
  }
  close() {
    if (this.#handle !== undefined)
      dirOps().close(this.#handle);
    this.#handle = undefined;
    this.#openErrno = Errno.BADF;
    return Errno.SUCCESS;
  }
};
var DOT = utf85.encode(".");
var DOTDOT = utf85.encode("..");
var CREATED = Oflags.CREAT | Oflags.EXCL;
var PreopenDir = class extends DirFd {
  hostPath;
  guestPath;
  #name;
  constructor(hostPath, guestPath2, writeDenied = Errno.SUCCESS) {
    super(dirOps().openRoot(hostPath), writeDenied, undefined);
    this.hostPath = hostPath;
    this.guestPath = guestPath2;
    this.#name = utf85.encode(guestPath2);
    this.rightsBase = PREOPEN_RIGHTS;
    this.rightsInheriting = PREOPEN_INHERITING;
  }
  prestatName() {
    return this.#name;
  }
};
var LISTENER_RIGHTS = Rights.SOCK_ACCEPT | Rights.POLL_FD_READWRITE | Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_FILESTAT_GET;
var CONNECTION_RIGHTS = Rights.FD_READ | Rights.FD_WRITE | Rights.POLL_FD_READWRITE | Rights.SOCK_SHUTDOWN | Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_FILESTAT_GET;
var LINGER_MS = 5000;
var SEND_QUEUE = 1048576;
var PIECE = 65536;
var SocketFd = class extends Fd {
  filetype = Filetype.SOCKET_STREAM;
  #connection;
  #inbox;
  #outbox;
  #readShut = false;
  #writeShut = false;
  #sent = 0;
  constructor(connection) {
    super();
    this.rightsBase = CONNECTION_RIGHTS;
    this.#connection = connection;
    this.#inbox = new Inbox((more) => more ? connection.resume() : connection.pause());
    connection.listen({
      data: (chunk) => this.#inbox.push(chunk),
      end: () => this.#inbox.end(),
      error: (e) => this.#inbox.fail(socketErrno(e))
    });
    this.#outbox = new WriteQueue(async (src) => {
      const n = await connection.write(src.length > PIECE ? src.subarray(0, PIECE) : src);
      this.#sent += n;
      return n;
    }, SEND_QUEUE);
  }
  waitsFor(_direction) {
    return true;
  }
  read(bufs) {
    return this.recv(bufs, false);
  }
  recv(bufs, peek) {
    if (this.#readShut)
      return [
        0,
        Errno.SUCCESS
      ];
    const [n, errno] = this.#inbox.read(bufs, peek);
    if (errno === Errno.SUCCESS || errno === Errno.AGAIN)
      return [
        n,
        errno
      ];
    if (this.#brokenReported)
      return [
        0,
        Errno.SUCCESS
      ];
    this.#brokenReported = true;
    return [
      0,
      errno === Errno.PIPE ? Errno.CONNRESET : errno
    ];
  }
  arrivals() {
    return this.#readShut ? undefined : this.#inbox.arrivals();
  }
  #brokenReported = false;
  write(bufs) {
    if (this.#writeShut)
      return [
        0,
        Errno.PIPE
      ];
    const failure = this.#connection.failure;
    if (failure)
      return [
        0,
        this.#broken(socketErrno(failure))
      ];
    const [n, errno] = this.#outbox.write(bufs, (this.fdflags & Fdflags.NONBLOCK) === 0);
    if (errno !== Errno.SUCCESS && errno !== Errno.AGAIN)
      return [
        0,
        this.#broken(errno)
      ];
    return [
      n,
      errno
    ];
  }
  #broken(errno) {
    if (this.#brokenReported)
      return Errno.PIPE;
    this.#brokenReported = true;
    return errno;
  }
  ready(direction) {
    if (direction === "read")
      return this.#readShut ? undefined : this.#inbox.ready();
    return this.#outbox.ready();
  }
  readinessLags(_direction) {
    return true;
  }
  poll(direction) {
    if (direction === "read") {
      if (this.#readShut)
        return {
          nbytes: 0n,
          hangup: true
        };
      if (!this.#inbox.isReady) {
        this.#inbox.ready();
        return;
      }
      return {
        nbytes: BigInt(this.#inbox.buffered),
        hangup: this.#inbox.eof
      };
    }
    if (this.#outbox.errno !== Errno.SUCCESS || this.#writeShut) {
      return {
        nbytes: 0n,
        hangup: true
      };
    }
    if (!this.#outbox.hasRoom)
      return;
    return {
      nbytes: BigInt(this.#outbox.room),
      hangup: false
    };
  }
  shutdown(how) {
    if (this.#connection.failure || this.#outbox.errno !== Errno.SUCCESS)
      return Errno.NOTCONN;
    if (how & Sdflags.RD)
      this.#readShut = true;
    if (how & Sdflags.WR && !this.#writeShut) {
      this.#writeShut = true;
      const connection = this.#connection;
      this.#outbox.flush().then(() => connection.endWrite());
    }
    return Errno.SUCCESS;
  }
  flush() {
    return new Promise((resolve) => {
      let sent = this.#sent;
      const check2 = setInterval(() => {
        if (this.#sent !== sent) {
          sent = this.#sent;
          return;
        }
        clearInterval(check2);
        this.#connection.destroy();
        resolve();
      }, LINGER_MS);
      this.#outbox.flush().then(() => {
        clearInterval(check2);
        resolve();
      });
    });
  }
  close() {
    const connection = this.#connection;
    this.flush().then(() => {
      connection.endWrite();
      setTimeout(() => connection.destroy(), 1000).unref?.();
    });
    return Errno.SUCCESS;
  }
};
var ListenerFd = class extends Fd {
  filetype = Filetype.SOCKET_STREAM;
  listener;
  #pending = [];
  #connected = new Wakeup;
  constructor(listener) {
    super();
    this.rightsBase = LISTENER_RIGHTS;
    this.fdflags = Fdflags.NONBLOCK;
    this.listener = listener;
    this.#pending = listener.take();
    listener.onConnection = (connection) => {
      this.#pending.push(connection);
      this.#connected.wake();
    };
  }
  waitsFor(_direction) {
    return true;
  }
  read(_bufs) {
    return [
      0,
      Errno.NOTCONN
    ];
  }
  write(_bufs) {
    return [
      0,
      Errno.NOTCONN
    ];
  }
  recv(_bufs, _peek) {
    return [
      0,
      Errno.NOTCONN
    ];
  }
  accept() {
    const connection = this.#pending.shift();
    if (!connection)
      return [
        undefined,
        again("no connection pending")
      ];
    return [
      new SocketFd(connection),
      0
    ];
  }
  ready(direction) {
    if (direction === "write" || this.#pending.length > 0)
      return;
    return this.#connected.wait();
  }
  readinessLags(direction) {
    return direction === "read";
  }
  poll(direction) {
    if (direction === "write")
      return;
    if (this.#pending.length === 0)
      return;
    return {
      nbytes: BigInt(this.#pending.length),
      hangup: false
    };
  }
  shutdown(_how) {
    return Errno.NOTCONN;
  }
  close() {
    this.listener.close();
    for (const connection of this.#pending)
      connection.destroy();
    this.#pending = [];
    return Errno.SUCCESS;
  }
};
var FdTable = class {
  #fds = [];
  #closing = /* @__PURE__ */ new Set;
  get(fd, need = 0n) {
    const handle = this.#fds[fd >>> 0];
    if (!handle)
      return [
        undefined,
        Errno.BADF
      ];
    return handle.allows(need) ? [
      handle,
      0
    ] : [
      undefined,
      Errno.NOTCAPABLE
    ];
  }
  at(fd) {
    return this.#fds[fd >>> 0];
  }
  getFile(fd, need = 0n) {
    const handle = this.#fds[fd >>> 0];
    if (!(handle instanceof FileFd))
      return [
        undefined,
        Errno.BADF
      ];
    return handle.allows(need) ? [
      handle,
      0
    ] : [
      undefined,
      Errno.NOTCAPABLE
    ];
  }
  getSyncable(fd, need) {
    const handle = this.#fds[fd >>> 0];
    if (!(handle instanceof FileFd) && !(handle instanceof DirFd))
      return [
        undefined,
        Errno.BADF
      ];
    return handle.allows(need) ? [
      handle,
      0
    ] : [
      undefined,
      Errno.NOTCAPABLE
    ];
  }
  getDir(fd, need = 0n) {
    const handle = this.#fds[fd >>> 0];
    if (!(handle instanceof DirFd)) {
      return [
        undefined,
        handle instanceof FileFd ? Errno.NOTDIR : Errno.BADF
      ];
    }
    return handle.allows(need) ? [
      handle,
      0
    ] : [
      undefined,
      Errno.NOTCAPABLE
    ];
  }
  renumber(from, to) {
    to >>>= 0;
    const handle = this.#fds[from >>> 0];
    const old = this.#fds[to];
    if (!handle || !old && to > 2)
      return Errno.BADF;
    if (handle === old)
      return Errno.SUCCESS;
    if (old) {
      this.remove(to);
      old.close();
    }
    while (this.#fds.length < to)
      this.#fds.push(undefined);
    this.#fds[to] = handle;
    this.#fds[from >>> 0] = undefined;
    return Errno.SUCCESS;
  }
  insert(handle) {
    let fd = this.#fds.indexOf(undefined);
    if (fd === -1)
      fd = this.#fds.length;
    this.#fds[fd] = handle;
    return fd;
  }
  set(fd, handle) {
    this.#fds[fd] = handle;
  }
  remove(fd) {
    const handle = this.#fds[fd >>> 0];
    if (handle) {
      this.#fds[fd >>> 0] = undefined;
      const pending = handle.flush();
      if (pending !== FLUSHED) {
        const flushed = pending.finally(() => this.#closing.delete(flushed));
        this.#closing.add(flushed);
      }
    }
    return handle;
  }
  handles() {
    return this.#fds.filter((h) => h !== undefined);
  }
  closeAll() {
    for (let fd = 0;fd < this.#fds.length; fd++)
      this.remove(fd)?.close();
  }
  outputLost() {
    return this.handles().some((h) => h.outputLost);
  }
  async flushAll() {
    await Promise.all([
      ...this.handles().map((h) => h.flush()),
      ...this.#closing
    ]);
  }
};
init_process();
init_runtime();
var WAITS = -1;
var VALTYPE = {
  i32: 127,
  i64: 126
};
var modules = /* @__PURE__ */ new Map;
init_errors();
init_net();
init_process();
var isString = (v) => typeof v === "string";
var mod_exports = {};
__export2(mod_exports, {
  MAX_SUBSCRIPTIONS: () => MAX_SUBSCRIPTIONS,
  TURN_EVERY_MS: () => TURN_EVERY_MS,
  args_get: () => args_get,
  args_sizes_get: () => args_sizes_get,
  clock_res_get: () => clock_res_get,
  clock_time_get: () => clock_time_get,
  environ_get: () => environ_get,
  environ_sizes_get: () => environ_sizes_get,
  fd_advise: () => fd_advise,
  fd_allocate: () => fd_allocate,
  fd_close: () => fd_close,
  fd_datasync: () => fd_datasync,
  fd_fdstat_get: () => fd_fdstat_get,
  fd_fdstat_set_flags: () => fd_fdstat_set_flags,
  fd_fdstat_set_rights: () => fd_fdstat_set_rights,
  fd_filestat_get: () => fd_filestat_get,
  fd_filestat_set_size: () => fd_filestat_set_size,
  fd_filestat_set_times: () => fd_filestat_set_times,
  fd_pread: () => fd_pread,
  fd_prestat_dir_name: () => fd_prestat_dir_name,
  fd_prestat_get: () => fd_prestat_get,
  fd_pwrite: () => fd_pwrite,
  fd_read: () => fd_read,
  fd_readdir: () => fd_readdir,
  fd_renumber: () => fd_renumber,
  fd_seek: () => fd_seek,
  fd_sync: () => fd_sync,
  fd_tell: () => fd_tell,
  fd_write: () => fd_write,
  path_create_directory: () => path_create_directory,
  path_filestat_get: () => path_filestat_get,
  path_filestat_set_times: () => path_filestat_set_times,
  path_link: () => path_link,
  path_open: () => path_open,
  path_readlink: () => path_readlink,
  path_remove_directory: () => path_remove_directory,
  path_rename: () => path_rename,
  path_symlink: () => path_symlink,
  path_unlink_file: () => path_unlink_file,
  poll_oneoff: () => poll_oneoff,
  proc_exit: () => proc_exit,
  proc_raise: () => proc_raise,
  random_get: () => random_get,
  sched_yield: () => sched_yield,
  sock_accept: () => sock_accept,
  sock_recv: () => sock_recv,
  sock_send: () => sock_send,
  sock_shutdown: () => sock_shutdown
});
init_process();
init_ffi();
init_runtime();
var hrtime = isDeno ? () => BigInt(Math.round(performance.now() * 1e6)) : hostProcess().hrtime.bigint;
var fixedOffset;
var FFI_AFTER = 1000;
var CLOCK_MONOTONIC = 1;
var timespec = new Int32Array(4);
var reads = 0;
var gettime;
var monoS = 0;
var monoNs = 0;
var realS = 0;
var realNs = 0;
var MAX_TIMER_MS = 2147483647;
var DENO_SLACK_MS = 1.5;
var nanosleep;
var RESOLUTION_NS = 1000n;
var time = new Uint32Array(2);
var PATH_MAX2 = 4096;
var PATH_BYTES = new Uint8Array(PATH_MAX2);
var PATH_BYTES_2 = new Uint8Array(PATH_MAX2);
var FILESTAT_BYTES = new Uint8Array(FILESTAT_SIZE);
var KNOWN_FSTFLAGS = Fstflags.ATIM | Fstflags.ATIM_NOW | Fstflags.MTIM | Fstflags.MTIM_NOW;
var KNOWN_FDFLAGS = Fdflags.APPEND | Fdflags.DSYNC | Fdflags.NONBLOCK | Fdflags.RSYNC | Fdflags.SYNC;
var ADVICE_COUNT = 6;
var I64_MAX = (1n << 63n) - 1n;
var KNOWN_OFLAGS = Oflags.CREAT | Oflags.DIRECTORY | Oflags.EXCL | Oflags.TRUNC;
var KNOWN_FDFLAGS2 = Fdflags.APPEND | Fdflags.DSYNC | Fdflags.NONBLOCK | Fdflags.RSYNC | Fdflags.SYNC;
init_process();
var MAX_SUBSCRIPTIONS = 65536;
init_runtime();
init_process();
var urandom;
var MAX_CHUNK = 65536;
init_process();
var TURN_EVERY_MS = 0.05;
var lastTurn = -Infinity;
var IMPLEMENTED = mod_exports;
var implementedSyscalls = SIGNATURES2.map((s) => s.name).filter((n) => IMPLEMENTED[n] !== undefined);
var MAX_ARITY = 9;
var checkedImports;
var WASI = class {
  #context;
  #tracer;
  #onWait;
  #signal;
  #returnOnExit;
  #imports;
  #startSectionsRun = /* @__PURE__ */ new WeakSet;
  constructor(options = {}) {
    const missing = jspiMissingReason();
    if (missing)
      throw new WasiRunError(missing);
    const { args, env, preopens, listeners, returnOnExit } = normalizeOptions(options);
    const fds = new FdTable;
    const sigpipe = options.sigpipe !== "ignore";
    try {
      fds.set(0, inputFd(options.stdin));
      for (const fd of [
        1,
        2
      ]) {
        const output = outputFd(fd === 1 ? options.stdout : options.stderr, fd);
        if (output instanceof OutputFd)
          output.sigpipe = sigpipe;
        fds.set(fd, output);
      }
      for (const p of preopens) {
        const writeDenied = p.readonly ? Errno.PERM : mayWrite(p.host) ? Errno.SUCCESS : Errno.ACCES;
        const dir = new PreopenDir(p.host, p.guest, writeDenied);
        if (dir.openErrno !== Errno.SUCCESS) {
          dir.close();
          throw new WasiRunError(`cannot preopen '${p.host}' as '${p.guest}': ${errnoName(dir.openErrno)}`);
        }
        fds.insert(dir);
      }
      for (const listener of listeners)
        fds.insert(new ListenerFd(listener));
    } catch (e) {
      fds.closeAll();
      throw e;
    }
    this.#context = new Context(args, env, fds);
    this.#context.sigpipe = sigpipe;
    this.#returnOnExit = returnOnExit;
    this.#tracer = options.trace && new Tracer(options.trace, this.#context);
    this.#onWait = options.onWait;
    this.#signal = options.signal;
  }
  interrupt(code) {
    if (!(Number.isInteger(code) && code >= 0 && code <= 4294967295)) {
      throw new WasiRunError(`interrupt() takes an exit code (0 to 4294967295), not ${code}`);
    }
    this.#context.interrupt(code);
  }
  get wasiImport() {
    return this.#imports ??= this.#bindAll();
  }
  getImportObject() {
    return {
      wasi_snapshot_preview1: this.wasiImport
    };
  }
  static {
    checkedImports = (wasi, module2) => ({
      wasi_snapshot_preview1: wasi.#bindTyped(module2)
    });
  }
  #bindAll() {
    const imports = {};
    for (const sig of SIGNATURES2)
      imports[sig.name] = this.#asImport(sig, this.#hostFunction(sig));
    return imports;
  }
  #bindTyped(module2) {
    const wanted = new Set(WebAssembly.Module.imports(module2).filter((i) => i.module === "wasi_snapshot_preview1").map((i) => i.name));
    const imports = {};
    const waiting = [];
    for (const sig of SIGNATURES2) {
      if (!wanted.has(sig.name))
        continue;
      const fn = this.#hostFunction(sig, true);
      if (this.#suspends(sig)) {
        waiting.push({
          sig,
          params: sig.params.map((p) => isI64(p.type) ? "i64" : "i32"),
          fn
        });
      } else {
        imports[sig.name] = this.#asImport(sig, fn);
      }
    }
    const functions = suspendingWhenWaiting(waiting);
    waiting.forEach(({ sig }, i) => imports[sig.name] = functions[i]);
    return imports;
  }
  #suspends(sig) {
    if (!sig.suspends)
      return false;
    if (sig.name === "path_open")
      return this.#context.mayWait.read && this.#context.mayWait.write;
    const direction = sig.name === "fd_read" ? "read" : sig.name === "fd_write" ? "write" : undefined;
    if (!direction)
      return true;
    return this.#context.mayWait[direction];
  }
  #hostFunction(sig, typed = false) {
    const ctx = this.#context;
    const impl = IMPLEMENTED[sig.name] ?? notImplemented;
    const onWait = this.#onWait;
    const arity = sig.params.length;
    if (arity > MAX_ARITY)
      throw new Error(`${sig.name} takes more than ${MAX_ARITY} arguments`);
    const wait2 = async (result, args) => {
      onWait?.(true);
      try {
        return await race([
          result,
          ctx.interrupted
        ]);
      } catch (e) {
        return answer(e, sig, args, ctx);
      } finally {
        onWait?.(false);
      }
    };
    const run2 = function(a, b, c, d, e, f, g, h, i) {
      try {
        const result = impl(ctx, a, b, c, d, e, f, g, h, i);
        return typeof result === "number" ? result : wait2(result, [
          a,
          b,
          c,
          d,
          e,
          f,
          g,
          h,
          i
        ].slice(0, arity));
      } catch (err) {
        return answer(err, sig, [
          a,
          b,
          c,
          d,
          e,
          f,
          g,
          h,
          i
        ].slice(0, arity), ctx);
      }
    };
    const unchecked = function(a, b, c, d, e, f, g, h, i) {
      if (arguments.length !== arity) {
        return answer(typeMismatch(sig, Array.from(arguments)), sig, Array.from(arguments), ctx);
      }
      return run2(a, b, c, d, e, f, g, h, i);
    };
    let fn = typed ? isBun ? exactArity(arity, run2) : run2 : unchecked;
    if (this.#tracer)
      fn = this.#tracer.wrap(sig, fn);
    return fn;
  }
  #asImport(sig, fn) {
    const ctx = this.#context;
    if (this.#suspends(sig))
      return suspending(fn);
    if (!sig.suspends)
      return fn;
    return (...args) => {
      const result = fn(...args);
      if (typeof result === "number")
        return result;
      result.catch(() => {});
      throw new InternalError(describeCall(sig, args, ctx), new Error("it tried to wait although it was bound as a plain import"));
    };
  }
  async start(instance) {
    this.#claim("start", instance);
    try {
      const exit = await this.#runStartSection(instance);
      if (exit !== undefined) {
        if (!this.#returnOnExit)
          exitProcess(exit);
        return exit;
      }
      const { _start } = instance.exports;
      if (typeof _start !== "function") {
        throw new WasiRunError("module has no '_start' function to run (is it a reactor?)");
      }
      if (_start.length !== 0) {
        throw new WasiRunError(`module's '_start' takes ${_start.length} parameter(s); a command's takes none`);
      }
      this.#bindMemory(instance);
      const [code, , exited] = await this.#call(_start, []);
      if (exited && !this.#returnOnExit)
        exitProcess(code);
      return code;
    } finally {
      this.#context.fds.closeAll();
      this.#stopListening();
    }
  }
  async initialize(instance) {
    if (typeof instance?.exports?._start === "function") {
      throw new WasiRunError("initialize() is for reactors; this module is a command: start() it");
    }
    this.#claim("initialize", instance);
    const exit = await this.#runStartSection(instance);
    if (exit !== undefined)
      throw new ProcExit(exit);
    this.#bindMemory(instance);
    const { _initialize } = instance.exports;
    if (typeof _initialize === "function") {
      const [code] = await this.#call(_initialize, []);
      if (code !== 0)
        throw new WasiRunError(`_initialize exited with code ${code}`);
    }
  }
  async call(instance, name2, ...args) {
    if (!(instance instanceof WebAssembly.Instance)) {
      throw new WasiRunError("call() takes a WebAssembly.Instance");
    }
    const fn = instance.exports[name2];
    if (typeof fn !== "function") {
      throw new WasiRunError(`module has no exported function '${name2}'`);
    }
    if (this.#closed)
      throw new WasiRunError("call(): this WASI object is closed");
    const exit = await this.#runStartSection(instance);
    if (exit !== undefined)
      throw new ProcExit(exit);
    if (!this.#context.hasMemory)
      this.#bindMemory(instance);
    const [code, result, exited] = await this.#call(fn, args);
    if (exited)
      throw new ProcExit(code);
    return result;
  }
  async close() {
    this.#closed = true;
    this.#stopListening();
    await this.#flush();
    this.#context.fds.closeAll();
  }
  #used = false;
  #closed = false;
  #onAbort;
  #claim(what, instance) {
    if (!(instance instanceof WebAssembly.Instance)) {
      throw new WasiRunError(`${what}() takes a WebAssembly.Instance`);
    }
    if (this.#closed)
      throw new WasiRunError(`${what}(): this WASI object is closed`);
    if (this.#used) {
      throw new WasiRunError(`${what}(): this WASI object has already been started or initialized; make a new WASI for each run`);
    }
    this.#used = true;
    const ctx = this.#context;
    ctx.started = true;
    this.#onAbort = () => {
      ctx.interrupt(ABORTED);
      ctx.abandonOutput();
    };
    this.#signal?.addEventListener("abort", this.#onAbort, {
      once: true
    });
  }
  #stopListening() {
    if (this.#onAbort)
      this.#signal?.removeEventListener("abort", this.#onAbort);
    this.#onAbort = undefined;
  }
  #bindMemory(instance) {
    const { memory } = instance.exports;
    if (memory instanceof WebAssembly.Memory)
      this.#context.bindMemory(memory);
  }
  async#runStartSection(instance) {
    const start = instance.exports[START_EXPORT];
    if (typeof start !== "function" || this.#startSectionsRun.has(instance))
      return;
    this.#startSectionsRun.add(instance);
    const { memory } = instance.exports;
    if (memory instanceof WebAssembly.Memory)
      this.#context.bindMemory(memory);
    const [code, , exited] = await this.#call(start, []);
    return exited ? code : undefined;
  }
  async#call(fn, args) {
    this.#signal?.throwIfAborted();
    if (this.#running) {
      throw new WasiRunError("the guest is running: one call at a time (await the start() or call() before)");
    }
    this.#running = true;
    let outcome;
    try {
      outcome = [
        0,
        await promising(fn)(...args),
        false
      ];
    } catch (e) {
      await this.#flush();
      if (!(e instanceof ProcExit))
        throw asTrap(e) ?? e;
      this.#signal?.throwIfAborted();
      return [
        e.code === 0 ? this.#lostOutputCode() : e.code,
        undefined,
        true
      ];
    } finally {
      this.#running = false;
    }
    await this.#flush();
    this.#signal?.throwIfAborted();
    outcome[0] = this.#lostOutputCode();
    return outcome;
  }
  #running = false;
  #flush() {
    const ctx = this.#context;
    let done = false;
    let stop = () => {};
    const stalled = new Promise((resolve) => {
      ctx.interrupted.catch(() => {
        if (done)
          return;
        let seen = drainProgress();
        const timer = setInterval(() => {
          if (drainProgress() === seen)
            resolve();
          seen = drainProgress();
        }, STALL_MS);
        stop = () => clearInterval(timer);
      });
    });
    return race([
      ctx.fds.flushAll(),
      ctx.outputAbandoned,
      stalled
    ]).finally(() => {
      done = true;
      stop();
    });
  }
  #lostOutputCode() {
    return this.#context.fds.outputLost() ? SIGPIPE_EXIT : 0;
  }
};
var STALL_MS = 250;
var ABORTED = 134;
var EXIT_USAGE = 2;
var EXIT_FAILURE = 1;
var EXIT_INTERNAL = 70;
var EXIT_TRAP = 134;
var HELP = `wasirun ${VERSION}: run WASI preview1 programs on Node.js, Deno and Bun

Usage: wasirun [options] <module.wasm> [args...]

Options end at the module path; everything after it goes to the guest
unchanged. "--" also ends options. A first argument "run" (wasmtime's
subcommand) is dropped: "wasirun run app.wasm" runs app.wasm.

Options:
  --dir HOST[::GUEST]   preopen host directory HOST as GUEST (default: HOST);
                        repeatable; append ":ro" to make it read-only
  --env NAME=VALUE      set a guest environment variable; repeatable
  --env NAME            copy NAME from the host environment
  --inherit-env         give the guest the whole host environment
  --argv0 NAME          the guest's argv[0] (default: the module's file name)
  --listen HOST:PORT    preopen a TCP listener (after the --dir fds, in order);
                        port 0 picks a free port, printed to stderr;
                        repeatable (alias: --tcplisten)
  --invoke NAME         call export NAME (after _initialize, if any) with the
                        guest args as its arguments and print its results
  --trace[=json]        print every WASI call to stderr: time since start, the
                        call with decoded arguments, errno, results, why it
                        answered AGAIN, what woke it, duration; =json writes
                        one JSON object per line instead
  --trace-file PATH     write the trace to PATH instead of stderr (--stats too,
                        unless the trace is JSON)
  --stats               print per-call totals at exit (calls, errors, time,
                        bytes, time waiting), like strace -c
  --sigpipe exit|ignore a write to a pipe whose reader is gone: ends the guest
                        with 141, as SIGPIPE a native program (exit, the
                        default), or fails with EPIPE, as for a native
                        program that ignores SIGPIPE (ignore; wasmtime goes
                        on too, with EIO)
  -W max-wasm-stack=N   the guest's stack in bytes (wasmtime's option; at
                        most 1 GiB): Deno starts again with V8's stack flags
                        for it, Bun with JSC's (above its 5 MiB); Node gives
                        16 MiB, or N where that is more
  -W max-memory-size=N  the most bytes the guest's memory may grow to
                        (wasmtime's option): memory.grow past it fails
  -W timeout=D          end the run after D (N seconds, or Ns, Nms, Nus,
                        Nns; wasmtime's option): one line, exit 142
  -W unknown-imports-trap[=y|n], -W unknown-imports-default[=y|n]
                        run a module that imports functions wasirun does
                        not provide: a call to one ends the run (exit 1),
                        or returns zeros (wasmtime's options)
  -S KEY[=y|n],...      wasmtime's WASI options: inherit-env (as
                        --inherit-env), tcplisten=HOST:PORT (as --listen);
                        cli, preview0, preview2, inherit-stdin/-stdout/
                        -stderr, inherit-network, allow-ip-name-lookup, tcp
                        and udp are taken as they always hold here
  -O, -C KEY=VALUE      wasmtime's optimisation and code generation options:
                        taken and ignored (the JS engine compiles the module)
  -h, --help            print this help
  -V, --version         print the version

Exit codes: the guest's exit code (its low 8 bits; 1 where those are 0 and
it is not); 134 after a wasm trap; 141 after a write to a pipe whose reader
is gone (--sigpipe exit); 130 / 143 after SIGINT / SIGTERM; 142 after -W
timeout; 1 when the module cannot be loaded or run; 2 for a usage error; 70
for a bug in wasirun.`;
var PAUSE = new Int32Array(new SharedArrayBuffer(4));
var defaultIo = {
  error: (line) => say(2, line + `
`),
  print: (text) => say(1, text),
  getEnv,
  allEnv: () => {
    try {
      return envEntries();
    } catch {
      throw new WasiRunError("--inherit-env cannot read the host environment (Deno: --allow-env)");
    }
  }
};
var INTERNAL_HINT = "hint: this is a bug in wasirun, not in the module; please report it with this message (WASIRUN_DEBUG=1 adds the stack)";
var MAX_STACK_BYTES2 = 1073741824;
var SignalExits = class {
  onSignal = () => {};
  #handlers = [
    [
      "SIGINT",
      () => this.onSignal(130)
    ],
    [
      "SIGTERM",
      () => this.onSignal(143)
    ]
  ];
  #int = this.#handlers[0][1];
  constructor(alarm) {
    if (alarm) {
      let once = false;
      this.#handlers.push([
        "SIGALRM",
        () => {
          alarm();
          if (!once)
            this.onSignal(142);
          once = true;
        }
      ]);
    }
    if (isDeno) {
      onSignal("SIGINT", this.#int);
      offSignal("SIGINT", this.#int);
    }
  }
  listen(on) {
    this.#switch ??= new SignalSwitch(this.#handlers.filter(([name2]) => !ignoredAtStart().has(name2)));
    return this.#switch.set(on);
  }
  #switch;
};
})
