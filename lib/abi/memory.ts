/**
 * The one bounds-checked view of guest memory. Every pointer and length the
 * guest passes is checked here; out of bounds throws {@linkcode GuestFault},
 * which the ABI layer turns into EFAULT (RATIONALE.md, "EFAULT, not a trap"),
 * and counts beyond what POSIX accepts throw a {@linkcode GuestError} with
 * its errno (RATIONALE.md, "Bounded work per call").
 */
import { Errno } from "./errno.ts";
import { IOVEC_SIZE } from "./layout.ts";

/** Guest input that cannot be decoded; the ABI layer answers `errno`. */
export class GuestError extends Error {
  /** What the call answers. */
  readonly errno: Errno;
  /** `message` says what was wrong (seen only when debugging). */
  constructor(errno: Errno, message: string) {
    super(message);
    this.name = "GuestError";
    this.errno = errno;
  }
}

/** Thrown by {@linkcode GuestMemory} on an out-of-bounds access; becomes EFAULT. */
export class GuestFault extends GuestError {
  constructor(ptr: number, len: number) {
    super(Errno.FAULT, `guest pointer ${ptr} with length ${len} is out of bounds`);
    this.name = "GuestFault";
  }
}

/**
 * The most iovecs one call takes: POSIX's IOV_MAX, Linux's UIO_MAXIOV.
 * readv/writev answer EINVAL beyond it, before looking at memory.
 */
export const IOV_MAX = 1024;

/**
 * The most bytes one read or write moves, Linux's MAX_RW_COUNT: iovecs past
 * it are cut (a short count, as readv/writev give), so the u32 count written
 * back cannot wrap (16 iovecs of 256 MiB would answer 0: EOF).
 */
export const MAX_RW_COUNT = 0x7ffff000;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
/**
 * On Deno, strings up to this many bytes are tried as ASCII in JS before
 * TextDecoder; on Bun and Node it did not pay (RATIONALE.md).
 */
const ASCII_FAST_MAX = 64;
const ASCII_IN_JS = "Deno" in globalThis;

/** What an empty iovec decodes to, wherever it points (zero bytes touch nothing). */
const NO_BYTES = new Uint8Array(0);

/** Whether this host's typed arrays are little-endian, as wasm memory is (else DataView only). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export class GuestMemory {
  readonly memory: WebAssembly.Memory;
  #buffer: ArrayBufferLike;
  #u8: Uint8Array;
  /**
   * The same bytes as 32-bit words, for aligned words: an element access is
   * cheap in every tier, a DataView call only once the engine optimised its
   * caller (the host is little-endian, as wasm is).
   */
  #i32: Int32Array;
  #view: DataView;
  /** {@linkcode iovecs}'s answer to a call of one iovec (an array a call was garbage a call). */
  readonly #oneIovec: Uint8Array[] = [NO_BYTES];

  constructor(memory: WebAssembly.Memory) {
    this.memory = memory;
    this.#buffer = memory.buffer;
    this.#u8 = new Uint8Array(this.#buffer);
    // Not `byteLength >>> 2`: a 4 GiB memory's 2^32 bytes are 0 as a uint32 (an empty view).
    this.#i32 = new Int32Array(this.#buffer, 0, Math.floor(this.#buffer.byteLength / 4));
    this.#view = new DataView(this.#buffer);
  }

  /** Views go stale when the guest grows its memory: re-take them then. */
  #fresh(): void {
    const buffer = this.memory.buffer;
    if (buffer !== this.#buffer) {
      this.#buffer = buffer;
      this.#u8 = new Uint8Array(buffer);
      this.#i32 = new Int32Array(buffer, 0, Math.floor(buffer.byteLength / 4));
      this.#view = new DataView(buffer);
    }
  }

  /**
   * Checks that `len` bytes at `ptr` are in bounds; returns `ptr` as unsigned.
   * The views are re-taken only when the access reaches their end: growing
   * detaches the old buffer (its views then have length 0; a shared one
   * keeps its old length), and reading `memory.buffer` on every access costs
   * Deno tens of ns (RATIONALE.md, "Performance: what we tried").
   */
  check(ptr: number, len: number): number {
    const p = ptr >>> 0;
    if (p + len >= this.#u8.length) {
      this.#fresh();
      // Zero bytes touch nothing, at any address: Linux and wasmtime answer them, not EFAULT.
      if (p + len > this.#u8.length && len !== 0) throw new GuestFault(p, len);
    }
    return p;
  }

  /** A live view of `len` guest bytes at `ptr` (no copy). */
  bytes(ptr: number, len: number): Uint8Array {
    const p = this.check(ptr, len >>> 0);
    return this.#u8.subarray(p, p + (len >>> 0));
  }

  /** Copies `len` guest bytes at `ptr` into `dst` (from its start), making no view. */
  copyOut(ptr: number, len: number, dst: Uint8Array): void {
    const p = this.check(ptr, len >>> 0);
    const u8 = this.#u8;
    for (let i = 0; i < len; i++) dst[i] = u8[p + i];
  }

  /** Copies all of `src` into guest memory at `ptr`, making no view. */
  copyIn(ptr: number, src: Uint8Array): void {
    const p = this.check(ptr, src.length);
    if (src.length !== 0) this.#u8.set(src, p);
  }

  // Each accessor checks (and so refreshes the views) before it reads a view:
  // `this.#view.getX(this.check(...))` would use the view from before a grow.
  getU8(ptr: number): number {
    const p = this.check(ptr, 1);
    return this.#u8[p];
  }
  getU16(ptr: number): number {
    const p = this.check(ptr, 2);
    return this.#view.getUint16(p, true);
  }
  getU32(ptr: number): number {
    const p = this.check(ptr, 4);
    return LITTLE_ENDIAN && (p & 3) === 0
      ? this.#i32[p >>> 2] >>> 0
      : this.#view.getUint32(p, true);
  }
  getU64(ptr: number): bigint {
    const p = this.check(ptr, 8);
    return this.#view.getBigUint64(p, true);
  }
  setU8(ptr: number, value: number): void {
    const p = this.check(ptr, 1);
    this.#u8[p] = value;
  }
  setU16(ptr: number, value: number): void {
    const p = this.check(ptr, 2);
    this.#view.setUint16(p, value, true);
  }
  setU32(ptr: number, value: number): void {
    const p = this.check(ptr, 4);
    if (LITTLE_ENDIAN && (p & 3) === 0) this.#i32[p >>> 2] = value;
    else this.#view.setUint32(p, value, true);
  }
  setU64(ptr: number, value: bigint): void {
    const p = this.check(ptr, 8);
    this.#view.setBigUint64(p, BigInt.asUintN(64, value), true);
  }

  /**
   * Decodes an iovec/ciovec array into live views of the buffers it names.
   * More than {@linkcode IOV_MAX} is EINVAL, as readv/writev answer. The
   * array for one iovec (nearly every call's) is this memory's, valid until
   * the next call: the caller uses it at once, as it must the views.
   */
  iovecs(ptr: number, count: number): Uint8Array[] {
    const n = count >>> 0;
    if (n > IOV_MAX) throw new GuestError(Errno.INVAL, `${n} iovecs is more than IOV_MAX`);
    const base = this.check(ptr, n * IOVEC_SIZE);
    const view = this.#view, i32 = this.#i32, aligned = LITTLE_ENDIAN && (base & 3) === 0;
    const out: Uint8Array[] = n === 1 ? this.#oneIovec : new Array(n);
    let left = MAX_RW_COUNT;
    for (let i = 0; i < n; i++) {
      const at = base + i * IOVEC_SIZE;
      const buf = aligned ? i32[at >>> 2] : view.getUint32(at, true);
      const len = aligned ? i32[(at >>> 2) + 1] >>> 0 : view.getUint32(at + 4, true);
      // The whole buffer is checked: EFAULT as before. An empty one names no bytes, at any
      // address: one shared view serves them all (a view a call is garbage a call).
      const all = len === 0 ? NO_BYTES : this.bytes(buf, len);
      out[i] = all.length <= left ? all : all.subarray(0, left);
      left -= out[i].length;
    }
    return out;
  }

  /**
   * An iovec array's buffers as (pointer, length) pairs, checked and cut as
   * {@linkcode iovecs} does: what a call that fills its buffers over several
   * waits keeps, as the kernel copies the array once at the call's start (the
   * bytes it receives may overwrite the array itself). {@linkcode views}
   * makes them views again after each wait (a grow detaches the old ones).
   */
  iovecSpans(ptr: number, count: number): number[] {
    const bufs = this.iovecs(ptr, count);
    const base = ptr >>> 0;
    const spans: number[] = [];
    for (let i = 0; i < bufs.length; i++) {
      spans.push(this.getU32(base + i * IOVEC_SIZE), bufs[i].length);
    }
    return spans;
  }

  /** Fresh views of the buffers {@linkcode iovecSpans} gave. */
  views(spans: number[]): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let i = 0; i < spans.length; i += 2) out.push(this.bytes(spans[i], spans[i + 1]));
    return out;
  }

  /** Guest bytes decoded as UTF-8; `undefined` when they are not valid UTF-8. */
  string(ptr: number, len: number): string | undefined {
    const bytes = this.bytes(ptr, len);
    // Short ASCII (most paths) is built in JS: Deno's TextDecoder is an op
    // call of ~1 µs (RATIONALE.md, "Performance: what we tried").
    if (ASCII_IN_JS && bytes.length <= ASCII_FAST_MAX) {
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] >= 0x80) return this.#decode(bytes);
      }
      return String.fromCharCode.apply(null, bytes as unknown as number[]);
    }
    return this.#decode(bytes);
  }

  #decode(bytes: Uint8Array): string | undefined {
    try {
      return utf8.decode(bytes);
    } catch (e) {
      if (e instanceof TypeError) return undefined;
      throw e;
    }
  }

  /**
   * Writes a list of NUL-terminated byte strings the way args_get/environ_get
   * do: pointers into `ptrs`, bytes into `buf`.
   */
  writeStringList(items: Uint8Array[], ptrs: number, buf: number): void {
    let total = 0;
    for (const item of items) total += item.length + 1;
    const dst = this.bytes(buf, total);
    this.check(ptrs, items.length * 4);
    let off = 0;
    let p = ptrs >>> 0;
    for (const item of items) {
      this.#view.setUint32(p, ((buf >>> 0) + off) >>> 0, true);
      p += 4;
      dst.set(item, off);
      off += item.length;
      dst[off++] = 0;
    }
  }
}
