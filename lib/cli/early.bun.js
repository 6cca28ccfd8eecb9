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

// early.bundle.js
var exports_early_bundle = {};
__export(exports_early_bundle, {
  bundleIsFresh: () => bundleIsFresh,
  programArgs: () => programArgs,
  setNodeFlagsFor: () => setNodeFlagsFor,
  startEarly: () => startEarly,
  takeEarly: () => takeEarly,
  tuneEngine: () => tuneEngine
});
module.exports = __toCommonJS(exports_early_bundle);
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
    let name = arg;
    let value;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq !== -1) {
      name = arg.slice(0, eq);
      value = arg.slice(eq + 1);
    } else if (/^-[WSOC]./.test(arg)) {
      name = arg.slice(0, 2);
      value = arg.slice(2);
    }
    if (name === "--trace") {
      if (value !== undefined && value !== "text" && value !== "json") {
        return usage(`invalid --trace format '${value}': expected 'text' or 'json'`);
      }
      options.trace = value === "json" ? "json" : "text";
      continue;
    }
    if (FLAG_OPTIONS.has(name)) {
      if (value !== undefined)
        return usage(`option '${name}' takes no value`);
      if (name === "--help" || name === "-h")
        return {
          kind: "help"
        };
      if (name === "--version" || name === "-V")
        return {
          kind: "version"
        };
      if (name === "--inherit-env")
        options.inheritEnv = true;
      if (name === "--stats")
        options.stats = true;
      continue;
    }
    if (!VALUE_OPTIONS.has(name))
      return usage(`unknown option '${name}'`);
    if (value === undefined) {
      if (i + 1 >= argv.length)
        return usage(`option '${name}' needs a value`);
      value = argv[++i];
    }
    if (name === "--dir") {
      const dir = parseDir(value);
      if (dir.host === "" || dir.guest === "")
        return usage(`invalid --dir '${value}'`);
      options.dirs.push(dir);
    } else if (name === "--env") {
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
    } else if (name === "--listen" || name === "--tcplisten") {
      const address = parseHostPort(value);
      if (!address)
        return usage(`invalid ${name} '${value}': expected HOST:PORT`);
      options.listen.push(address);
    } else if (name === "--invoke") {
      options.invoke = value;
    } else if (name === "--trace-file") {
      if (value === "")
        return usage("invalid --trace-file '': the path is empty");
      options.traceFile = value;
    } else if (name === "--argv0") {
      options.argv0 = value;
    } else if (name === "-W" || name === "--wasm") {
      const error = wasmOptions(name, value, options);
      if (error)
        return usage(error);
    } else if (name === "-S" || name === "--wasi") {
      const error = wasiOptions(name, value, options);
      if (error)
        return usage(error);
    } else if (IGNORED_OPTIONS.has(name)) {} else if (name === "--sigpipe") {
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
var wasmOptions = function wasmOptions(name, value, options) {
  for (const item of value.split(",")) {
    const sep = item.indexOf("=");
    const key = sep === -1 ? item : item.slice(0, sep);
    const setting = sep === -1 ? undefined : item.slice(sep + 1);
    if (WASM_SIZES.has(key)) {
      const digits = /^(0x[0-9a-f][0-9a-f_]*|[0-9][0-9_]*)$/i.test(setting ?? "") ? setting.replaceAll("_", "") : undefined;
      if (digits === undefined)
        return `invalid ${name} '${item}': expected ${key}=BYTES`;
      if (key === "max-wasm-stack")
        options.maxWasmStack = Number(digits);
      else
        options.maxMemorySize = Number(digits);
    } else if (key === "timeout") {
      const m = /^(\d+)(s|ms|us|\u03BCs|ns)?$/.exec(setting ?? "");
      if (!m)
        return `invalid ${name} '${item}': expected timeout=N, Ns, Nms, Nus or Nns`;
      options.timeout = {
        ms: Number(m[1]) * UNIT_MS[m[2] ?? "s"],
        text: setting
      };
    } else if (WASM_FLAGS.has(key)) {
      const on = yesNo(setting);
      if (on === undefined)
        return `invalid ${name} '${item}': expected ${key}[=y|n]`;
      const mode = key === "unknown-imports-trap" ? "trap" : "default";
      if (on && (mode === "trap" || options.unknownImports !== "trap")) {
        options.unknownImports = mode;
      } else if (!on && options.unknownImports === mode)
        options.unknownImports = undefined;
    } else {
      return `unsupported ${name} option '${key}': wasirun takes max-wasm-stack, max-memory-size, timeout, unknown-imports-trap and unknown-imports-default`;
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
var wasiOptions = function wasiOptions(name, value, options) {
  for (const item of value.split(",")) {
    const sep = item.indexOf("=");
    const key = sep === -1 ? item : item.slice(0, sep);
    const setting = sep === -1 ? undefined : item.slice(sep + 1);
    if (key === "tcplisten") {
      const address = setting === undefined ? undefined : parseHostPort(setting);
      if (!address)
        return `invalid ${name} '${item}': expected tcplisten=HOST:PORT`;
      options.listen.push(address);
      continue;
    }
    const on = yesNo(setting);
    if (on === undefined)
      return `invalid ${name} '${item}': expected ${key}[=y|n]`;
    if (key === "inherit-env") {
      options.inheritEnv = on;
    } else if (key === "preview2") {} else if (!WASI_ENABLED.has(key) || !on) {
      return `unsupported ${name} option '${item}': wasirun acts on inherit-env and tcplisten=HOST:PORT, and takes the ones that always hold here (see --help)`;
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
var hostProcess = function hostProcess() {
  return globalThis.process;
};
var programArgs = function programArgs2() {
  return isDeno ? [
    ...Deno.args
  ] : hostProcess().argv.slice(2);
};
var getEnv = function getEnv(name) {
  try {
    if (!isDeno)
      return hostProcess().env[name];
    const allowed = Deno.permissions.querySync({
      name: "env",
      variable: name
    }).state === "granted";
    return allowed ? Deno.env.get(name) : undefined;
  } catch {
    return;
  }
};
var setNodeFlags = function setNodeFlags(stackBytes) {
  if (isDeno || isBun)
    return;
  try {
    const node = hostProcess();
    const v8 = node.getBuiltinModule("node:v8");
    v8.setFlagsFromString("--no-concurrent-sparkplug");
    const given = [
      ...node.execArgv,
      node.env.NODE_OPTIONS ?? ""
    ].join(" ");
    if (!/--(wasm[-_]stack[-_]switching[-_])?stack[-_]size/.test(given)) {
      const asked = Math.ceil(Math.min(stackBytes ?? 0, MAX_STACK_BYTES) / 1024);
      const kib = Math.max(GUEST_STACK_KIB, asked);
      v8.setFlagsFromString(`--wasm-stack-switching-stack-size=${kib}`);
      v8.setFlagsFromString(`--stack-size=${kib - STACK_HEADROOM_KIB}`);
    }
  } catch {}
};
var bunWasmCompilerThreads = function bunWasmCompilerThreads() {
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  return String(Math.max(1, Math.min(8, cores)));
};
var tuneBunEngine = function tuneBunEngine(modulePath, stackBytes) {
  const global = globalThis;
  if (!isBun || global[TUNE_ASKED])
    return;
  global[TUNE_ASKED] = true;
  const proc = hostProcess();
  const added = proc.env[TUNED];
  if (added !== undefined) {
    delete proc.env[TUNED];
    for (const name of added.split(","))
      if (name.startsWith("BUN_JSC_"))
        delete proc.env[name];
    return;
  }
  const options = {};
  try {
    if (stackBytes !== undefined && stackBytes > JSC_STACK_BYTES && proc.env.BUN_JSC_maxPerThreadStackUsage === undefined) {
      options.BUN_JSC_maxPerThreadStackUsage = String(Math.min(stackBytes, MAX_STACK_BYTES));
    }
    if (isBigModule(modulePath)) {
      if (proc.env.BUN_JSC_maximumOMGCandidateCost === undefined) {
        options.BUN_JSC_maximumOMGCandidateCost = BUN_OMG_COST;
      }
      if (proc.env.BUN_JSC_numberOfWasmCompilerThreads === undefined) {
        options.BUN_JSC_numberOfWasmCompilerThreads = bunWasmCompilerThreads();
      }
    }
    const names = Object.keys(options);
    if (names.length === 0)
      return;
    const args = proc.argv.slice(2);
    const argv = proc.argv[1]?.startsWith("/$bunfs/") ? [
      proc.execPath,
      ...args
    ] : [
      proc.execPath,
      ...proc.execArgv,
      proc.argv[1],
      "--",
      ...args
    ];
    const env = {
      ...proc.env,
      ...options,
      [TUNED]: names.join(",")
    };
    proc.execve(proc.execPath, argv, env);
  } catch {}
};
var isBigModule = function isBigModule(path) {
  const bun = globalThis.Bun;
  const size = bun.file(path).size;
  return Number.isFinite(size) && size >= BIG_MODULE;
};
var tuneDenoStack = function tuneDenoStack(stackBytes) {
  if (!isDeno || stackBytes === undefined)
    return;
  try {
    const granted = (p) => Deno.permissions.querySync(p).state === "granted";
    if (!granted({
      name: "env"
    }) || !granted({
      name: "ffi"
    }))
      return;
    if (!granted({
      name: "read",
      path: "/proc/self"
    }))
      return;
    if (Deno.env.get(RESTACKED) !== undefined) {
      Deno.env.delete(RESTACKED);
      return;
    }
    const kib = Math.ceil(Math.min(stackBytes, MAX_STACK_BYTES) / 1024);
    if (kib <= V8_DEFAULT_STACK_KIB)
      return;
    const argv = Deno.readTextFileSync("/proc/self/cmdline").split("\x00").slice(0, -1);
    const script = argv.length - Deno.args.length - 1;
    if (argv[1] !== "run" || script < 2)
      return;
    const denoFlags = argv.slice(2, script);
    const v8 = denoFlags.findIndex((a) => a.startsWith("--v8-flags="));
    if (v8 !== -1 && /stack[-_]size/.test(denoFlags[v8]))
      return;
    const limit = kib - STACK_HEADROOM_KIB;
    const stack = `--stack-size=${limit},--wasm-stack-switching-stack-size=${kib}`;
    if (v8 === -1)
      denoFlags.unshift(`--v8-flags=${stack}`);
    else
      denoFlags[v8] += `,${stack}`;
    const env = {
      ...Deno.env.toObject(),
      [RESTACKED]: stack
    };
    execve(Deno.execPath(), [
      argv[0],
      "run",
      ...denoFlags,
      ...argv.slice(script)
    ], env);
  } catch {}
};
var execve = function execve(path, args, env) {
  const utf8 = new TextEncoder;
  const items = [
    path,
    ...args,
    ...Object.entries(env).map(([k, v]) => `${k}=${v}`)
  ];
  const encoded = items.map((item) => utf8.encode(item + "\x00"));
  const total = encoded.reduce((n, bytes) => n + bytes.length, 0);
  const strings = new Uint8Array(Math.max(total, 4096));
  const base = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(strings)));
  const at = [];
  let offset = 0;
  for (const bytes of encoded) {
    strings.set(bytes, offset);
    at.push(base + BigInt(offset));
    offset += bytes.length;
  }
  const argv = new BigUint64Array([
    ...at.slice(1, 1 + args.length),
    0n
  ]);
  const envp = new BigUint64Array([
    ...at.slice(1 + args.length),
    0n
  ]);
  const libc = Deno.dlopen("libc.so.6", {
    execve: {
      parameters: [
        "buffer",
        "buffer",
        "buffer"
      ],
      result: "i32"
    }
  });
  try {
    libc.symbols.execve(strings, argv, envp);
  } finally {
    libc.close();
  }
};
var builtin = function builtin(name) {
  return loaded[name] ??= hostProcess().getBuiltinModule(name);
};
var nodeFs = function nodeFs() {
  return builtin("node:fs");
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
    const stat2 = fs.fstatSync(fd);
    return {
      size: stat2.isFile() ? stat2.size : 0,
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
var sectionAt = function sectionAt(buf, at, limit) {
  const size = leb(buf, at + 1, limit);
  if (at >= limit || size === undefined)
    return;
  const contentEnd = size[1] + size[0];
  const length = contentEnd - at;
  if (buf[at] !== 0)
    return {
      length,
      dwarf: false
    };
  const name = leb(buf, size[1], limit);
  if (name === undefined)
    return;
  const [nameLength, nameStart] = name;
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
var leb = function leb(buf, at, limit) {
  let value = 0;
  for (let i = 0;i < 5 && at + i < limit; i++) {
    const b = buf[at + i];
    value += (b & 127) * 2 ** (7 * i);
    if ((b & 128) === 0)
      return [
        value,
        at + i + 1
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
    const section = sectionAt(header, 0, file.readAt(header, pos));
    if (section === undefined || pos + section.length > file.size)
      break;
    if (section.dwarf) {
      if (pos > keepFrom)
        ranges.push([
          keepFrom,
          pos
        ]);
      keepFrom = pos + section.length;
    }
    pos += section.length;
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
var streamWithoutDwarf = function streamWithoutDwarf(stream) {
  let pos = 0;
  let sectionEnd = PREAMBLE.length;
  let keep = true;
  let checked = false;
  let passAll = false;
  let carry;
  return stream.pipeThrough(new TransformStream({
    transform(chunk, out) {
      let buf = chunk;
      if (carry) {
        buf = new Uint8Array(carry.length + chunk.length);
        buf.set(carry);
        buf.set(chunk, carry.length);
        carry = undefined;
      }
      for (let off = 0;off < buf.length; ) {
        if (passAll) {
          out.enqueue(buf.subarray(off));
          return;
        }
        const left = buf.length - off;
        if (!checked) {
          if (left < PREAMBLE.length)
            return void (carry = buf.slice(off));
          checked = true;
          passAll = !isModule(buf.subarray(off));
        } else if (pos < sectionEnd) {
          const n = Math.min(left, sectionEnd - pos);
          if (keep)
            out.enqueue(buf.subarray(off, off + n));
          off += n;
          pos += n;
        } else {
          const section = sectionAt(buf, off, buf.length);
          if (section === undefined) {
            if (left < HEADER_MAX)
              return void (carry = buf.slice(off));
            passAll = true;
          } else {
            keep = !section.dwarf;
            sectionEnd = pos + section.length;
          }
        }
      }
    },
    flush(out) {
      if (carry)
        out.enqueue(carry);
    }
  }));
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
var streamCompile = function streamCompile(path) {
  if (!isBun)
    return;
  const file = globalThis.Bun.file(path);
  if (!(file.size >= STREAM_MIN && file.size <= MODULE_MAX))
    return;
  let forCompile, forBytes;
  try {
    [forCompile, forBytes] = streamWithoutDwarf(file.stream()).tee();
  } catch {
    return;
  }
  const headers = {
    "content-type": "application/wasm"
  };
  const load = {
    bytes: new Response(forBytes).bytes(),
    module: WebAssembly.compileStreaming(new Response(forCompile, {
      headers
    }))
  };
  load.bytes.catch(() => {});
  load.module.catch(() => {});
  return load;
};
var stat = function stat(path) {
  if (isDeno) {
    const s = Deno.statSync(path);
    return {
      size: s.size,
      mtimeMs: s.mtime?.getTime() ?? Infinity
    };
  }
  if (bunFile) {
    const f = bunFile(path);
    const { lastModified: mtimeMs, size } = f;
    if (!(mtimeMs > 0))
      throw new Error(`cannot stat ${path}`);
    return {
      size,
      mtimeMs
    };
  }
  return nodeFs().statSync(path);
};
var readManifest = function readManifest(path, bunRequire) {
  if (isDeno)
    return JSON.parse(Deno.readTextFileSync(path));
  if (bunRequire)
    return bunRequire(path);
  return JSON.parse(nodeFs().readFileSync(path, "utf8"));
};
var bundleIsFresh = function bundleIsFresh2(root, bunRequire) {
  if (root.protocol !== "file:")
    return true;
  try {
    const dir = decodeURIComponent(root.pathname);
    const lib = dir + "lib";
    if (isDeno && Deno.permissions.querySync({
      name: "read",
      path: lib
    }).state !== "granted") {
      return true;
    }
    const bundle = stat(dir + "lib/cli/main.bundle.js");
    const manifest = readManifest(dir + "lib/cli/main.bundle.json", bunRequire);
    const latest = bundle.mtimeMs + SLACK_MS;
    for (const [path, size] of Object.entries(manifest.sources)) {
      const s = stat(dir + path);
      if (s.size !== size || s.mtimeMs > latest)
        return false;
    }
    return true;
  } catch {
    return false;
  }
};
var startEarly = async function startEarly2(args) {
  const parsed = parseArgs(args, getEnv);
  if (parsed.kind !== "run" || parsed.options.maxMemorySize !== undefined)
    return;
  const path = parsed.options.module;
  const early = streamCompile(path) ?? await readThenCompile(path);
  if (early)
    state[STARTED] = {
      path,
      early
    };
};
var tuneEngine = function tuneEngine2(args) {
  const parsed = parseArgs(args, getEnv);
  if (parsed.kind !== "run")
    return;
  tuneBunEngine(parsed.options.module, parsed.options.maxWasmStack);
  tuneDenoStack(parsed.options.maxWasmStack);
};
var setNodeFlagsFor = function setNodeFlagsFor2(args) {
  const parsed = parseArgs(args, getEnv);
  setNodeFlags(parsed.kind === "run" ? parsed.options.maxWasmStack : undefined);
};
var readThenCompile = async function readThenCompile(path) {
  let bytes;
  try {
    bytes = await readModuleBytes(path);
  } catch (e) {
    const failed = Promise.reject(e);
    failed.catch(() => {});
    return {
      bytes: failed,
      module: failed
    };
  }
  const module2 = WebAssembly.compile(bytes);
  module2.catch(() => {});
  return {
    bytes: Promise.resolve(bytes),
    module: module2
  };
};
var takeEarly = function takeEarly2(path) {
  const started = state[STARTED];
  if (started?.path !== path)
    return;
  state[STARTED] = undefined;
  return started.early;
};
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
var isDeno = typeof globalThis.Deno === "object";
var isBun = typeof globalThis.Bun === "object";
var platform = isDeno ? Deno.build.os === "windows" ? "win32" : Deno.build.os : hostProcess().platform;
var GUEST_STACK_KIB = 16384;
var BUN_OMG_COST = "5000";
var BIG_MODULE = 4 << 20;
var TUNED = "WASIRUN_TUNED_JSC";
var TUNE_ASKED = Symbol.for("wasirun.tuneBunEngine");
var JSC_STACK_BYTES = 5 << 20;
var MAX_STACK_BYTES = 1 << 30;
var RESTACKED = "WASIRUN_DENO_STACK";
var V8_DEFAULT_STACK_KIB = 984;
var STACK_HEADROOM_KIB = 384;
var loaded = {};
var MODULE_MAX = 2 ** 30;
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
var STREAM_MIN = 1 << 20;
var SLACK_MS = 1e4;
var bunFile = isBun ? globalThis.Bun.file : undefined;
var STARTED = Symbol.for("wasirun.early");
var state = globalThis;
})
