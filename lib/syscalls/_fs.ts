/** Decoding and encoding shared by the fd_* and path_* filesystem calls. */
import { Errno } from "../abi/errno.ts";
import type { GuestMemory } from "../abi/memory.ts";
import {
  DIRENT_INO,
  DIRENT_NAMLEN,
  DIRENT_NEXT,
  DIRENT_SIZE,
  DIRENT_TYPE,
  FILESTAT_ATIM,
  FILESTAT_CTIM,
  FILESTAT_DEV,
  FILESTAT_FILETYPE,
  FILESTAT_INO,
  FILESTAT_MTIM,
  FILESTAT_NLINK,
  FILESTAT_PREVIEW0_NLINK,
  FILESTAT_PREVIEW0_SIZE,
  FILESTAT_PREVIEW0_SIZE_FIELD,
  FILESTAT_SIZE,
  FILESTAT_SIZE_FIELD,
} from "../abi/layout.ts";
import { Fstflags } from "../abi/types.ts";
import type { DirEntry } from "../fd/dir.ts";
import type { Filestat } from "../fd/fd.ts";
import type { TimeSpec } from "../host/fs.ts";
import { decodeName } from "../host/names.ts";
import { takesAnyName } from "../host/sandbox.ts";

/** Linux's PATH_MAX: a path of this many bytes or more (with its NUL) is ENAMETOOLONG. */
export const PATH_MAX = 4096;

/**
 * A guest path: UTF-8 bytes; bytes that are not are names on the host too
 * where the resolver hands the kernel their bytes (FFI: lib/host/names.ts),
 * else EILSEQ (as wasmtime). PATH_MAX bytes or more is ENAMETOOLONG before
 * anything is decoded (RATIONALE.md, "Bounded work per call").
 */
export function guestPath(memory: GuestMemory, ptr: number, len: number): [string, 0] | [
  undefined,
  Errno,
] {
  if ((len >>> 0) >= PATH_MAX) return [undefined, Errno.NAMETOOLONG];
  const path = memory.string(ptr, len);
  if (path !== undefined) return [path, 0];
  return takesAnyName() ? [decodeName(memory.bytes(ptr, len)), 0] : [undefined, Errno.ILSEQ];
}

/**
 * A guest path's bytes, copied to the start of {@linkcode PATH_BYTES} and
 * checked as {@linkcode guestPath} checks it up to decoding: ENAMETOOLONG
 * first, then EFAULT. A plain path (lib/host/sandbox.ts `plainPath`) is used
 * as these bytes (no string, no view made); any other is decoded by
 * guestPath afterwards.
 */
export function guestPathBytes(
  memory: GuestMemory,
  ptr: number,
  len: number,
  into: Uint8Array = PATH_BYTES,
): Errno {
  if ((len >>> 0) >= PATH_MAX) return Errno.NAMETOOLONG;
  memory.copyOut(ptr, len, into);
  return Errno.SUCCESS;
}

/** Where {@linkcode guestPathBytes} puts a path (valid until the next call). */
export const PATH_BYTES: Uint8Array = new Uint8Array(PATH_MAX);
/** Where it puts a call's second path (path_rename's new one). */
export const PATH_BYTES_2: Uint8Array = new Uint8Array(PATH_MAX);

/**
 * Where fd_filestat_get and path_filestat_get build the guest's filestat,
 * in preview1's layout, before a {@linkcode FilestatLayout} copies it in.
 */
export const FILESTAT_BYTES: Uint8Array = new Uint8Array(FILESTAT_SIZE);
const FILESTAT_VIEW = new DataView(FILESTAT_BYTES.buffer);

/**
 * Builds a filestat in {@linkcode FILESTAT_BYTES} (padding zeroed); EOVERFLOW
 * (nothing built) for a time at or past 2^64 ns, 2554, as wasmtime answers.
 */
export function encodeFilestat(stat: Filestat): Errno {
  if (stat.atim >= U64_TIMES || stat.mtim >= U64_TIMES || stat.ctim >= U64_TIMES) {
    return Errno.OVERFLOW;
  }
  const v = FILESTAT_VIEW;
  FILESTAT_BYTES.fill(0);
  v.setBigUint64(FILESTAT_DEV, BigInt.asUintN(64, stat.dev), true);
  v.setBigUint64(FILESTAT_INO, BigInt.asUintN(64, stat.ino), true);
  v.setUint8(FILESTAT_FILETYPE, stat.filetype);
  v.setBigUint64(FILESTAT_NLINK, BigInt.asUintN(64, stat.nlink), true);
  v.setBigUint64(FILESTAT_SIZE_FIELD, BigInt.asUintN(64, stat.size), true);
  v.setBigUint64(FILESTAT_ATIM, guestTime(stat.atim), true);
  v.setBigUint64(FILESTAT_MTIM, guestTime(stat.mtim), true);
  v.setBigUint64(FILESTAT_CTIM, guestTime(stat.ctim), true);
  return Errno.SUCCESS;
}

/** A filestat's size in guest memory, and how {@linkcode FILESTAT_BYTES} goes there. */
export interface FilestatLayout {
  readonly size: number;
  store(memory: GuestMemory, ptr: number): void;
}

/** preview1's filestat: the bytes as built. */
export const FILESTAT: FilestatLayout = {
  size: FILESTAT_SIZE,
  store: (memory, ptr) => memory.copyIn(ptr, FILESTAT_BYTES),
};

const PREVIEW0_BYTES = new Uint8Array(FILESTAT_PREVIEW0_SIZE);
const PREVIEW0_VIEW = new DataView(PREVIEW0_BYTES.buffer);

/**
 * preview0's filestat (`wasi_unstable`): nlink a u32 (a count past it reads
 * as 2^32-1), the size and times 8 bytes sooner; nothing written past its 56
 * bytes.
 */
export const FILESTAT_PREVIEW0: FilestatLayout = {
  size: FILESTAT_PREVIEW0_SIZE,
  store(memory, ptr) {
    const nlink = FILESTAT_VIEW.getBigUint64(FILESTAT_NLINK, true);
    PREVIEW0_BYTES.set(FILESTAT_BYTES.subarray(0, FILESTAT_NLINK)); // dev, ino, filetype, padding
    PREVIEW0_VIEW.setUint32(
      FILESTAT_PREVIEW0_NLINK,
      nlink > 0xffffffffn ? 0xffffffff : Number(nlink),
      true,
    );
    PREVIEW0_BYTES.set(FILESTAT_BYTES.subarray(FILESTAT_SIZE_FIELD), FILESTAT_PREVIEW0_SIZE_FIELD);
    memory.copyIn(ptr, PREVIEW0_BYTES);
  },
};

/** The first time (ns since 1970) the guest's u64 timestamps cannot hold. */
const U64_TIMES = 1n << 64n;

/**
 * A host time (signed nanoseconds) as the guest's u64 timestamp: a time before
 * 1970 cannot be told and is the epoch, as wasmtime answers (wrapped modulo
 * 2^64, 1969-12-31 23:59:59 read as 2554-07-21 in the guest).
 */
function guestTime(ns: bigint): bigint {
  return ns < 0n ? 0n : ns;
}

const KNOWN_FSTFLAGS = Fstflags.ATIM | Fstflags.ATIM_NOW | Fstflags.MTIM | Fstflags.MTIM_NOW;

function timeSpec(time: bigint, set: boolean, now: boolean): TimeSpec | undefined {
  if (set && now) return undefined;
  return set ? BigInt.asUintN(64, time) : now ? "now" : "omit";
}

/**
 * The two times of *_set_times: a value, "now" or "omit" each. A time both
 * given and NOW, or an unknown flag, is EINVAL (as wasmtime).
 */
export function timeSpecs(
  atim: bigint,
  mtim: bigint,
  flags: number,
): [[TimeSpec, TimeSpec], 0] | [undefined, Errno] {
  if (flags & ~KNOWN_FSTFLAGS) return [undefined, Errno.INVAL];
  const a = timeSpec(atim, (flags & Fstflags.ATIM) !== 0, (flags & Fstflags.ATIM_NOW) !== 0);
  const m = timeSpec(mtim, (flags & Fstflags.MTIM) !== 0, (flags & Fstflags.MTIM_NOW) !== 0);
  return a === undefined || m === undefined ? [undefined, Errno.INVAL] : [[a, m], 0];
}

/**
 * Packs dirents into `out` the way wasmtime does: each 24-byte header, then
 * the name, cut off where the buffer ends, for the entries of `listing` from
 * index `cookie` on (entry i's `d_next` is i + 1). A full buffer (the return
 * value equals `out.length`) tells the guest there may be more: it reads
 * again from the last whole entry's `d_next`.
 */
export function packDirents(out: Uint8Array, listing: DirEntry[], cookie: bigint): number {
  const view = new DataView(out.buffer, out.byteOffset, out.length);
  const end = out.length;
  let off = 0;
  for (
    let i = cookie < BigInt(listing.length) ? Number(cookie) : listing.length;
    i < listing.length;
    i++
  ) {
    const { name, type, ino } = listing[i];
    if (off + DIRENT_SIZE > end) {
      return off + partialHeader(out, off, i + 1, ino, name.length, type);
    }
    // Cookies are indexes (below 2^32 for any listing that fits in memory): the high half is 0.
    view.setUint32(off + DIRENT_NEXT, i + 1, true);
    view.setUint32(off + DIRENT_NEXT + 4, 0, true);
    if (typeof ino === "number") {
      view.setUint32(off + DIRENT_INO, ino >>> 0, true);
      view.setUint32(off + DIRENT_INO + 4, Math.floor(ino / 0x100000000), true);
    } else {
      view.setBigUint64(off + DIRENT_INO, ino, true);
    }
    view.setUint32(off + DIRENT_NAMLEN, name.length, true);
    view.setUint32(off + DIRENT_TYPE, type, true); // d_type and the 3 bytes of padding (0)
    off += DIRENT_SIZE;
    if (off + name.length >= end) {
      out.set(name.subarray(0, end - off), off);
      return end;
    }
    out.set(name, off);
    off += name.length;
  }
  return off;
}

/** The part of one dirent header that fits at the end of `out`; returns its length. */
function partialHeader(
  out: Uint8Array,
  off: number,
  next: number,
  ino: bigint | number,
  namlen: number,
  type: number,
): number {
  const header = new Uint8Array(DIRENT_SIZE);
  const view = new DataView(header.buffer);
  view.setUint32(DIRENT_NEXT, next, true);
  view.setBigUint64(DIRENT_INO, BigInt(ino), true);
  view.setUint32(DIRENT_NAMLEN, namlen, true);
  view.setUint8(DIRENT_TYPE, type);
  out.set(header.subarray(0, out.length - off), off);
  return out.length - off;
}
