/**
 * Reading a whole file (a module to compile) with the runtime's own call,
 * apart from lib/host/fs.ts so that cli.ts can start the guest module's read
 * and compile before it loads the rest of wasirun (lib/cli/early.ts).
 */
import { moduleFile, nodeFs, v8CompilationHints } from "./process.ts";
import { isBun, isDeno } from "./runtime.ts";

interface BunFile {
  size: number;
  bytes(): Promise<Uint8Array<ArrayBuffer>>;
  stream(): ReadableStream<Uint8Array>;
}

interface BunGlobal {
  Bun: { file(path: string | URL): BunFile };
}

/**
 * A module file's bytes, read with the runtime's own call where it has one
 * (`node:fs` would cost Deno ~35 ms and Bun ~3 ms of start-up,
 * lib/host/process.ts), without its DWARF sections when it is at least
 * {@linkcode STREAM_MIN} (see {@linkcode sectionAt}; on Bun such a module is
 * read by {@linkcode streamCompile}, which leaves them out). Throws the
 * runtime's error. `-` is stdin, as for wasmtime.
 */
export async function readModuleBytes(path: string | URL): Promise<Uint8Array<ArrayBuffer>> {
  path = moduleFile(path);
  if (isBun) {
    const file = (globalThis as unknown as BunGlobal).Bun.file(path);
    // A pipe or a device has no size (Infinity), nor has a /proc file (0,
    // which Bun reads as empty): read below (Bun's stream of a device fails
    // in epoll_ctl).
    if (file.size !== Infinity && file.size !== 0) {
      checkSize(file.size);
      return await file.bytes();
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
    const ranges = (file.size >= STREAM_MIN && withoutDwarf(file)) || [[0, file.size]];
    return readRanges(file, ranges) ?? file.readAll();
  } finally {
    file.close();
  }
}

/**
 * The largest module wasirun reads: V8's limit (`kV8MaxWasmModuleSize`), and
 * more than JSC takes. A longer file is refused before it is read, and a pipe
 * or device is read no further.
 */
export const MODULE_MAX = 2 ** 30;

/** The error for a module over {@linkcode MODULE_MAX}. */
function tooLarge(): Error {
  return new RangeError("larger than 1 GiB, the most a WebAssembly engine takes");
}

/** Throws {@linkcode tooLarge} for a size over {@linkcode MODULE_MAX}. */
function checkSize(size: number): void {
  if (size > MODULE_MAX) throw tooLarge();
}

/**
 * What a pipe or device gives, chunk by chunk (`undefined` at its end), up to
 * {@linkcode MODULE_MAX}. What does not start as a module (`/dev/zero`, a
 * text) is read no further than its first chunk: the engine reports it.
 */
function readBounded(next: () => Uint8Array | undefined): Uint8Array<ArrayBuffer> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let chunk = next(); chunk !== undefined; chunk = next()) {
    chunks.push(chunk);
    total += chunk.length;
    if (total > MODULE_MAX) throw tooLarge();
    if (total >= PREAMBLE.length && chunks.length === 1 && !isModule(chunk)) break;
  }
  const bytes = pageAlignedBytes(total);
  let off = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, off);
    off += chunk.length;
  }
  return bytes;
}

/** Whether `bytes` start with a module's {@linkcode PREAMBLE}. */
function isModule(bytes: Uint8Array): boolean {
  return PREAMBLE.every((b, i) => bytes[i] === b);
}

/** A module file open for reading at offsets. */
interface ModuleFile {
  /** Its size; 0 for what fstat gives no size for (a pipe, a device): read it with `read`. */
  readonly size: number;
  /** Reads into `buf` from offset `pos`: the count, 0 at the end. */
  readAt(buf: Uint8Array, pos: number): number;
  /** Reads into `buf` from where the last read ended (a pipe): the count, 0 at the end. */
  read(buf: Uint8Array): number;
  /** The whole file, the runtime's way. */
  readAll(): Uint8Array<ArrayBuffer>;
  close(): void;
}

/**
 * Deno's readFileSync takes twice as long as reading into one buffer of the
 * file's size (26 MB: ~43 ms against ~21 ms, each in a new process): it grows
 * its buffer as it goes.
 */
function denoFile(path: string | URL): ModuleFile {
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
      close: () => file.close(),
    };
  } catch (e) {
    file.close();
    throw e;
  }
}

/** {@linkcode denoFile} with `node:fs` (whose readFileSync also copies into a Uint8Array). */
function nodeFile(path: string | URL): ModuleFile {
  const fs = nodeFs();
  const fd = fs.openSync(path, "r");
  try {
    const stat = fs.fstatSync(fd);
    return {
      size: stat.isFile() ? stat.size : 0,
      readAt: (buf, pos) => fs.readSync(fd, buf, 0, buf.length, pos),
      read: (buf) => fs.readSync(fd, buf, 0, buf.length, null),
      readAll: () => new Uint8Array(fs.readFileSync(path)),
      close: () => fs.closeSync(fd),
    };
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/**
 * Byte ranges [start, end) of `file`, read into one page-aligned array;
 * `undefined` when the file turns out shorter or longer than its size said
 * (it changed while read: the caller reads it whole).
 */
function readRanges(file: ModuleFile, ranges: number[][]): Uint8Array<ArrayBuffer> | undefined {
  const bytes = pageAlignedBytes(ranges.reduce((n, [start, end]) => n + end - start, 0));
  let off = 0;
  for (const [start, end] of ranges) {
    for (let pos = start; pos < end;) {
      const n = file.readAt(bytes.subarray(off, off + end - pos), pos);
      if (n === 0) return undefined;
      pos += n;
      off += n;
    }
  }
  return file.readAt(new Uint8Array(1), file.size) === 0 ? bytes : undefined;
}

/** The header every module starts with: `\0asm`, version 1. */
const PREAMBLE = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
/** ".debug_": the prefix of every DWARF section's name. */
const DEBUG = [0x2e, 0x64, 0x65, 0x62, 0x75, 0x67, 0x5f];
/** Enough bytes for any section header {@linkcode sectionAt} reads. */
const HEADER_MAX = 32;

/**
 * The section whose header starts at `buf[at]`: its whole length, header
 * included, and whether it is a custom section named `.debug_*`: DWARF, for
 * debuggers, which wasirun is not. A debug build's DWARF is most of its file
 * (Rust's: 6.9 of a 7 MB test; CPython's: 13 of 26 MB); by the spec a
 * custom section never changes what a module does, so leaving these out
 * spares reading, copying and handing them to the engine (the `name`
 * section, which traps and stack traces use, stays). `undefined` when
 * `buf[at..limit)` does not hold the header (too few bytes, or malformed).
 */
function sectionAt(
  buf: Uint8Array,
  at: number,
  limit: number,
): Section | undefined {
  const size = leb(buf, at + 1, limit);
  if (at >= limit || size === undefined) return undefined;
  const contentEnd = size[1] + size[0];
  const length = contentEnd - at;
  if (buf[at] !== 0) return { length, dwarf: false, spare: false };
  // A custom section holds at least its name's length: without one it is malformed, and what
  // follows is left as it is for the engine to reject (a file of zeros is no run of such sections).
  if (size[0] === 0) return undefined;
  const name = leb(buf, size[1], limit);
  if (name === undefined) return undefined;
  const [nameLength, nameStart] = name;
  // Malformed (its name runs past it): kept, for the engine to reject.
  if (nameStart + nameLength > contentEnd) return { length, dwarf: false, spare: false };
  if (nameStart + Math.min(nameLength, 16) > limit) return undefined;
  const named = (want: readonly number[]) =>
    nameLength >= want.length && want.every((b, i) => buf[nameStart + i] === b);
  const kept = KEPT_CUSTOM.some((want) => nameLength === want.length && named(want));
  return { length, dwarf: named(DEBUG), spare: !kept };
}

/** A section as {@linkcode sectionAt} reads it. */
interface Section {
  /** Its whole length, header included. */
  length: number;
  /** A custom section named `.debug_*`. */
  dwarf: boolean;
  /** A custom section wasirun does not read (all but {@linkcode KEPT_CUSTOM}'s). */
  spare: boolean;
}

/** The custom sections wasirun reads from a compiled module: "name" and "producers". */
const KEPT_CUSTOM = ["name", "producers"].map((name) => [...name].map((c) => c.charCodeAt(0)));

/**
 * How many spare custom sections ({@linkcode Section}) JSC is given: it
 * compiles a module in time that grows with the square of their count
 * (10,000 tiny ones 0.23 s, 40,000 3.7 s, 100,000 33 s, where V8 and
 * wasmtime take a fraction of a second), so past this many Bun gets none of
 * them. By the spec a custom section never changes what a module does.
 */
const SPARE_CUSTOM_MAX = 1000;

/**
 * For Bun ({@linkcode forEngine}): `bytes` without its spare custom sections
 * when it has more than {@linkcode SPARE_CUSTOM_MAX} of them (the same array
 * otherwise). What is not a module, or turns malformed, is left as it is
 * from there. A stream gets the same from {@linkcode streamWithoutDwarf}.
 */
function forJsc(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  if (!isModule(bytes)) return bytes;
  const spare: number[][] = [];
  for (let pos = PREAMBLE.length; pos < bytes.length;) {
    const section = sectionAt(bytes, pos, bytes.length);
    if (section === undefined || pos + section.length > bytes.length) break;
    if (section.spare) spare.push([pos, pos + section.length]);
    pos += section.length;
  }
  if (spare.length <= SPARE_CUSTOM_MAX) return bytes;
  const out = new Uint8Array(bytes.length - spare.reduce((n, [start, end]) => n + end - start, 0));
  let from = 0, off = 0;
  for (const [start, end] of [...spare, [bytes.length, bytes.length]]) {
    out.set(bytes.subarray(from, start), off);
    off += start - from;
    from = end;
  }
  return out;
}

/**
 * The bytes to give the engine, wherever they go to it (lib/module.ts, the
 * CLI's early compile): {@linkcode forJsc}'s on Bun; on V8 with compilation
 * hints on ({@linkcode v8CompilationHints}), `bytes` with
 * {@linkcode withTierUpHint}'s section; `bytes` otherwise.
 */
export function forEngine(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  if (isBun) return forJsc(bytes);
  return bytes.length >= HINT_MIN_BYTES && v8CompilationHints() ? withTierUpHint(bytes) : bytes;
}

/**
 * The smallest function body {@linkcode withTierUpHint} hints: an
 * interpreter's dispatch loop is larger (CPython's is 104 KB, CRuby's 135),
 * nearly every other function far smaller (Go hello's largest: 28 KB).
 */
const HINT_MIN_BYTES = 64 << 10;

/** The compilation hints proposal's custom section that V8 reads (with the feature on). */
const PRIORITY_SECTION = [..."metadata.code.compilation_priority"].map((c) => c.charCodeAt(0));

/**
 * `bytes` with a `metadata.code.compilation_priority` section that asks V8
 * to compile the module's largest function with TurboFan at once, in the
 * background (compilation and optimization priority 0), when that function
 * is at least {@linkcode HINT_MIN_BYTES}: the same array otherwise. V8 has
 * no on-stack replacement for wasm, so an interpreter's dispatch loop, whose
 * one call often runs a whole script, ran in Liftoff's code from start to
 * end unless TurboFan's had come before the call (RATIONALE.md, "Compilation
 * hints"). Appended in the array's spare room when it has some (a page of a
 * WebAssembly.Memory from {@linkcode pageAlignedBytes}), else into a copy.
 */
export function withTierUpHint(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const largest = largestFunction(bytes);
  if (largest === undefined || largest.size < HINT_MIN_BYTES) return bytes;
  const content = [
    ...leb128(PRIORITY_SECTION.length),
    ...PRIORITY_SECTION,
    1, // one function
    ...leb128(largest.index),
    0, // at the function's start
    2, // the hint's size
    0, // compilation priority: the highest
    0, // optimization priority: the highest
  ];
  const section = [0, ...leb128(content.length), ...content];
  const end = bytes.byteOffset + bytes.length;
  const out = OWN_BUFFERS.has(bytes.buffer) && end + section.length <= bytes.buffer.byteLength
    ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length + section.length)
    : copyWithRoom(bytes, section.length);
  out.set(section, bytes.length);
  return out;
}

function copyWithRoom(bytes: Uint8Array, room: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes.length + room);
  out.set(bytes);
  return out;
}

/** The unsigned LEB128 of a whole number below 2^53 (a 64-bit memory's limits too). */
export function leb128(value: number): number[] {
  const out: number[] = [];
  do {
    const low = value % 128;
    value = Math.floor(value / 128);
    out.push(value === 0 ? low : low | 0x80);
  } while (value !== 0);
  return out;
}

/**
 * The module's largest defined function: its index (imported functions
 * first, as the index space counts) and its body's size; `undefined` for
 * what is not a module, has no code, or is malformed before the code ends.
 */
export function largestFunction(bytes: Uint8Array): { index: number; size: number } | undefined {
  if (!isModule(bytes)) return undefined;
  let imported = 0;
  for (let pos = PREAMBLE.length; pos < bytes.length;) {
    const id = bytes[pos];
    const size = leb(bytes, pos + 1, bytes.length);
    if (size === undefined) return undefined;
    const [length, start] = size;
    const end = start + length;
    if (end > bytes.length) return undefined;
    if (id === 2) {
      const count = importedFunctions(bytes, start, end);
      if (count === undefined) return undefined;
      imported = count;
    } else if (id === 10) {
      return largestBody(bytes, start, end, imported);
    }
    pos = end;
  }
  return undefined;
}

/** How many of the import section's imports in `buf[at..end)` are functions; `undefined` if malformed. */
function importedFunctions(buf: Uint8Array, at: number, end: number): number | undefined {
  const count = leb(buf, at, end);
  if (count === undefined) return undefined;
  let functions = 0;
  let pos: number | undefined = count[1];
  for (let i = 0; i < count[0] && pos !== undefined; i++) {
    pos = skipName(buf, pos, end);
    pos = pos === undefined ? undefined : skipName(buf, pos, end);
    if (pos === undefined || pos >= end) return undefined;
    const kind = buf[pos++];
    if (kind === 0) functions++;
    pos = skipImportType(buf, kind, pos, end);
  }
  return pos === undefined ? undefined : functions;
}

/** Past a name (a byte vector) at `buf[at]`. */
function skipName(buf: Uint8Array, at: number, end: number): number | undefined {
  const length = leb(buf, at, end);
  return length === undefined || length[1] + length[0] > end ? undefined : length[1] + length[0];
}

/** Past an import's type of `kind` (function, table, memory, global, tag) at `buf[at]`. */
function skipImportType(
  buf: Uint8Array,
  kind: number,
  at: number,
  end: number,
): number | undefined {
  switch (kind) {
    case 0: // a function: its type index
      return skipLeb(buf, at, end);
    case 4: // a tag: an attribute byte, then its type index
      return skipLeb(buf, at + 1, end);
    case 1: { // a table: a reference type, then limits
      const pos = skipValueType(buf, at, end);
      return pos === undefined ? undefined : skipLimits(buf, pos, end);
    }
    case 2: // a memory: limits
      return skipLimits(buf, at, end);
    case 3: { // a global: a value type, then its mutability
      const pos = skipValueType(buf, at, end);
      return pos === undefined || pos >= end ? undefined : pos + 1;
    }
    default:
      return undefined;
  }
}

/** Past a value type at `buf[at]`: one byte, or `ref`/`ref null` and a heap type. */
function skipValueType(buf: Uint8Array, at: number, end: number): number | undefined {
  if (at >= end) return undefined;
  const type = buf[at];
  return type === 0x63 || type === 0x64 ? skipLeb(buf, at + 1, end) : at + 1;
}

/** Past limits at `buf[at]`: flags, a minimum, a maximum (bit 0), a page size (bit 3). */
function skipLimits(buf: Uint8Array, at: number, end: number): number | undefined {
  if (at >= end) return undefined;
  const flags = buf[at];
  let pos = skipLeb(buf, at + 1, end);
  if (pos !== undefined && flags & 1) pos = skipLeb(buf, pos, end);
  if (pos !== undefined && flags & 8) pos = skipLeb(buf, pos, end);
  return pos;
}

/** Past an LEB128 of up to 10 bytes (a 64-bit one) at `buf[at]`. */
function skipLeb(buf: Uint8Array, at: number, end: number): number | undefined {
  for (let i = 0; i < 10 && at + i < end; i++) {
    if ((buf[at + i] & 0x80) === 0) return at + i + 1;
  }
  return undefined;
}

/** The code section's largest body in `buf[at..end)`, indexed after `imported` functions. */
function largestBody(
  buf: Uint8Array,
  at: number,
  end: number,
  imported: number,
): { index: number; size: number } | undefined {
  const count = leb(buf, at, end);
  if (count === undefined) return undefined;
  let best: { index: number; size: number } | undefined;
  let pos = count[1];
  for (let i = 0; i < count[0]; i++) {
    const size = leb(buf, pos, end);
    if (size === undefined || size[1] + size[0] > end) return undefined;
    if (best === undefined || size[0] > best.size) best = { index: imported + i, size: size[0] };
    pos = size[1] + size[0];
  }
  return best;
}

/** An unsigned LEB128 u32 at `buf[at]`, and the offset after it; `undefined` past `limit` or malformed. */
function leb(buf: Uint8Array, at: number, limit: number): [number, number] | undefined {
  let value = 0;
  for (let i = 0; i < 5 && at + i < limit; i++) {
    const b = buf[at + i];
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return [value, at + i + 1];
  }
  return undefined;
}

/**
 * The ranges of `file` to read: all but its DWARF sections; `undefined` when
 * it has none, or is not a module (the engine reports it as it is). A
 * malformed section header keeps the rest of the file.
 */
function withoutDwarf(file: ModuleFile): number[][] | undefined {
  const header = new Uint8Array(HEADER_MAX);
  const n = file.readAt(header.subarray(0, PREAMBLE.length), 0);
  if (n !== PREAMBLE.length || !isModule(header)) return undefined;
  const ranges: number[][] = [];
  let keepFrom = 0;
  for (let pos = PREAMBLE.length; pos < file.size;) {
    const section = sectionAt(header, 0, file.readAt(header, pos));
    if (section === undefined || pos + section.length > file.size) break;
    if (section.dwarf) {
      if (pos > keepFrom) ranges.push([keepFrom, pos]);
      keepFrom = pos + section.length;
    }
    pos += section.length;
  }
  if (keepFrom === 0) return undefined;
  if (keepFrom < file.size) ranges.push([keepFrom, file.size]);
  return ranges;
}

/**
 * {@linkcode withoutDwarf} for a stream of a module's bytes (Bun's compile as
 * it reads). A stream that is not a module, or turns malformed, passes on as
 * it is from there.
 */
export function streamWithoutDwarf(stream: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  let pos = 0; // offset in the file of the next byte to come
  let sectionEnd = PREAMBLE.length; // where the section under way (at first the preamble) ends
  let keep = true;
  let checked = false; // the preamble
  let passAll = false;
  let carry: Uint8Array | undefined; // the start of a header the last chunk cut
  let spares = 0; // spare custom sections met (past SPARE_CUSTOM_MAX, left out on Bun)
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, out) {
        let buf = chunk;
        if (carry) {
          buf = new Uint8Array(carry.length + chunk.length);
          buf.set(carry);
          buf.set(chunk, carry.length);
          carry = undefined;
        }
        // What is kept of this chunk goes on in as few pieces as there are runs of kept
        // sections (a module of many small sections is not a stream of tiny chunks).
        let runStart = -1;
        const flush = (end: number) => {
          if (runStart >= 0 && end > runStart) out.enqueue(buf.subarray(runStart, end));
          runStart = -1;
        };
        for (let off = 0; off < buf.length;) {
          if (passAll) {
            if (runStart < 0) runStart = off;
            break;
          }
          const left = buf.length - off;
          if (!checked) {
            if (left < PREAMBLE.length) return void (flush(off), carry = buf.slice(off));
            checked = true;
            passAll = !isModule(buf.subarray(off));
          } else if (pos < sectionEnd) {
            const n = Math.min(left, sectionEnd - pos);
            if (!keep) flush(off);
            else if (runStart < 0) runStart = off;
            off += n;
            pos += n;
          } else {
            const section = sectionAt(buf, off, buf.length);
            if (section === undefined) {
              if (left < HEADER_MAX) return void (flush(off), carry = buf.slice(off));
              passAll = true; // malformed: the engine says so
            } else {
              if (section.spare && !section.dwarf) spares++;
              keep = !section.dwarf && !(isBun && section.spare && spares > SPARE_CUSTOM_MAX);
              sectionEnd = pos + section.length;
            }
          }
        }
        flush(buf.length);
      },
      flush(out) {
        if (carry) out.enqueue(carry);
      },
    }),
  );
}
/**
 * `size` zero bytes that start on a page, for the kernel to copy a file
 * into. On this machine's AMD EPYC a copy to an address 8–24 bytes past a
 * 64-byte boundary (from the page cache, or by memcpy) runs at about a third
 * of the speed (the CPU's `rep movsb`), and a large ArrayBuffer on Deno and
 * Node comes from glibc's mmap'd chunks, 16 bytes into a page. A
 * WebAssembly.Memory starts on a page: CPython's 26 MB module is read in
 * 27–31 ms instead of 44–59 on Deno, 23–26 instead of 36–41 on Node (Bun's
 * own buffers are aligned already). An ordinary array for a module under
 * {@linkcode STREAM_MIN}, where nothing is to be won, and where the address
 * space is limited (`ulimit -v`): such a memory reserves 8 GiB of it on Node
 * and 4 GiB on Bun whatever its size (none on Deno once it has a maximum),
 * and a C hello's guest memory then found no room under `ulimit -v` 16 GiB
 * on Node (a helper's find). Also where the engine refuses the memory.
 */
export function pageAlignedBytes(size: number): Uint8Array<ArrayBuffer> {
  if (size >= STREAM_MIN && (isDeno || !addressSpaceLimited())) {
    try {
      const pages = Math.ceil(size / 65536);
      const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
      const buffer = memory.buffer as ArrayBuffer; // not shared: no `shared` asked
      OWN_BUFFERS.add(buffer);
      return new Uint8Array(buffer, 0, size);
    } catch {
      // refused: an ordinary array
    }
  }
  return new Uint8Array(size);
}

/** Whether this process's address space is limited (RLIMIT_AS, /proc/self/limits); false if unknown. */
function addressSpaceLimited(): boolean {
  try {
    const limits = nodeFs().readFileSync("/proc/self/limits", "latin1") as string;
    return !/^Max address space\s+unlimited/m.test(limits);
  } catch {
    return false;
  }
}

/**
 * The buffers {@linkcode pageAlignedBytes} made: what lies past a module's
 * bytes there is spare room, which {@linkcode withTierUpHint} may write
 * (never in an embedder's buffer).
 */
const OWN_BUFFERS = new WeakSet<ArrayBuffer>();

/** The smallest module {@linkcode streamCompile} streams. */
const STREAM_MIN = 1 << 20;

/**
 * A module with fewer file bytes than this per function is compiled whole,
 * not as it is read: JSC's streaming compile costs each function more (its
 * CPU time doubles), which a module of many small functions does not win
 * back. pandoc (GHC: 620,000 functions in 58 MB, ~95 bytes each) compiles in
 * ~750 ms whole and ~900–1,100 streamed; CPython (11,000 in 26 MB), CRuby
 * (18,000 in 17–31 MB), ripgrep, Go programs and coreutils (≥ 1 KB each)
 * compile 10–45 % sooner streamed.
 */
const STREAM_BYTES_PER_FUNCTION = 256;

/** How far into a module {@linkcode compileAsItComes} looks for its function count. */
const LOOKAHEAD_MAX = 4 << 20;
/** How many chunks it reads for that at most (a stream of tiny chunks streams). */
const LOOKAHEAD_CHUNKS = 1024;

/**
 * Compiles the module `stream` brings: as it comes, unless its function
 * count, read from its first bytes, says it has many small functions for its
 * `size` ({@linkcode STREAM_BYTES_PER_FUNCTION}); then from its `bytes` once
 * read. A stream whose count is not found early streams.
 */
async function compileAsItComes(
  stream: ReadableStream<Uint8Array>,
  size: number,
  bytes: Promise<Uint8Array<ArrayBuffer>>,
): Promise<WebAssembly.Module> {
  const reader = stream.getReader();
  const head = new FunctionCountReader();
  let count: number | null | undefined;
  let ended = false;
  for (let chunks = 0; count === undefined; chunks++) {
    if (head.length >= LOOKAHEAD_MAX || chunks >= LOOKAHEAD_CHUNKS) break;
    const { value, done } = await reader.read();
    if (done) {
      ended = true;
      break;
    }
    count = head.push(value);
  }
  if (count && size / count < STREAM_BYTES_PER_FUNCTION) {
    reader.cancel().catch(() => {}); // the other branch of the tee reads on
    return WebAssembly.compile(await bytes);
  }
  const rest = new ReadableStream<Uint8Array>({
    start(controller) {
      if (head.length > 0) controller.enqueue(head.bytes());
      if (ended) controller.close();
    },
    async pull(controller) {
      const { value, done } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const headers = { "content-type": "application/wasm" };
  return WebAssembly.compileStreaming(new Response(rest, { headers }));
}

/**
 * A module's first bytes, taken as they come, and its function count (its
 * function section's) once they hold it: each section header is read once,
 * so a stream of many tiny pieces costs no more than one of a few big ones.
 */
export class FunctionCountReader {
  #buf = new Uint8Array(0);
  #length = 0;
  /** Where the next section header starts. */
  #at = PREAMBLE.length;
  #count: number | null | undefined;

  /** How many bytes it holds. */
  get length(): number {
    return this.#length;
  }

  /** The bytes taken so far, in one array. */
  bytes(): Uint8Array {
    return this.#buf.subarray(0, this.#length);
  }

  /**
   * Takes the next bytes: the function count once they hold it, `null` when
   * there is none to find (no function section before the code, a
   * malformed header, no module), `undefined` while more bytes are needed.
   */
  push(chunk: Uint8Array): number | null | undefined {
    const end = this.#length + chunk.length;
    if (end > this.#buf.length) {
      const grown = new Uint8Array(Math.max(end, this.#buf.length * 2, 1 << 16));
      grown.set(this.bytes());
      this.#buf = grown;
    }
    this.#buf.set(chunk, this.#length);
    this.#length = end;
    if (this.#count === undefined) this.#count = this.#scan();
    return this.#count;
  }

  #scan(): number | null | undefined {
    const buf = this.#buf, length = this.#length;
    if (length < PREAMBLE.length) return undefined;
    if (!isModule(buf)) return null;
    while (this.#at < length) {
      const at = this.#at;
      const id = buf[at];
      if (id === 10 || id === 11) return null; // the code or data: no function section came
      const size = leb(buf, at + 1, length);
      if (size === undefined) return length - at < HEADER_MAX ? undefined : null;
      if (id === 0 && size[0] === 0) return null; // a custom section holds at least its name
      if (id === 3) {
        const count = leb(buf, size[1], length);
        if (count) return count[0];
        return length - size[1] < 5 ? undefined : null;
      }
      this.#at = size[1] + size[0];
    }
    return undefined;
  }
}

/** A module's bytes and its compile, both under way (each promise may reject). */
export interface ModuleLoad {
  bytes: Promise<Uint8Array<ArrayBuffer>>;
  module: Promise<WebAssembly.Module>;
}

/**
 * Bun only: the file at `path` read once and compiled as it is read, by
 * `WebAssembly.compileStreaming` of one branch of its stream, the bytes
 * collected from the other. JSC then compiles on its own threads as bytes
 * arrive, where `WebAssembly.compile(bytes)` first parses the whole module on
 * the calling thread (6–7 ms for Go's 3 MB, ~50 for CPython's 26 MB): from
 * the read to a compiled module, Go 36 → 30 ms, CPython 145 → 90. Except
 * for a module of very many small functions ({@linkcode compileAsItComes}).
 * `undefined` elsewhere (V8 compiles a stream eagerly: slower), for a file
 * under {@linkcode STREAM_MIN} (C hello 0.8 ms slower streamed), and for
 * what is not a file Bun can stream (the caller reads it its own way).
 */
export function streamCompile(path: string | URL): ModuleLoad | undefined {
  if (!isBun) return undefined;
  let forCompile: ReadableStream<Uint8Array>, forBytes: ReadableStream<Uint8Array>;
  let size: number;
  try {
    // `size` throws for a path too long; `stream()` at once for a directory
    const file = (globalThis as unknown as BunGlobal).Bun.file(moduleFile(path));
    // Missing, empty, a device: read the caller's way; small: a stream costs more than it saves.
    size = file.size;
    if (!(size >= STREAM_MIN && size <= MODULE_MAX)) return undefined;
    [forCompile, forBytes] = streamWithoutDwarf(file.stream()).tee();
  } catch {
    return undefined;
  }
  const bytes = new Response(forBytes).bytes() as Promise<Uint8Array<ArrayBuffer>>;
  const load = { bytes, module: compileAsItComes(forCompile, size, bytes) };
  // Each failure is the caller's to take (or to leave, reading the file its own way).
  load.bytes.catch(() => {});
  load.module.catch(() => {});
  return load;
}
