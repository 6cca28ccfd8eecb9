/**
 * Directories: preopens and the ones path_open opens. A directory fd is the
 * root of every path resolved through it (lib/host/sandbox.ts). It keeps a
 * host fd open on the directory and the directory's identity (dev, ino):
 * before each path call the host path must still lead to that directory,
 * else the directory was moved and its new path is asked of the kernel
 * (/proc/self/fd) the way a real dirfd would follow it.
 *
 * Writes through a read-only preopen (`--dir HOST::GUEST:ro`), and through
 * every fd opened below it, answer EPERM, as wasmtime's `DirPerms::READ`
 * preopens do, before the path is even looked at.
 */
import * as nodePath from "node:path";
import { Errno } from "../abi/errno.ts";
import { ALL_RIGHTS, Fdflags, Filetype, Oflags, Rights } from "../abi/types.ts";
import { hostErrno, tryHost } from "../host/errors.ts";
import * as host from "../host/fs.ts";
import {
  hostJoin,
  openInside,
  readTarget,
  resolve,
  type Resolved,
  type Result,
  targetEscapes,
  verifyOpened,
} from "../host/sandbox.ts";
import { Fd, type Filestat } from "./fd.ts";
import { FileFd } from "./file.ts";
import { hostInput, hostOutput } from "./stdio.ts";

const utf8 = new TextEncoder();

/** One entry of a directory listing, as fd_readdir encodes it. */
export interface DirEntry {
  name: Uint8Array;
  type: Filetype;
  ino: bigint;
}

/** What path_open asks for, decoded. */
export interface OpenRequest {
  follow: boolean;
  oflags: number;
  fdflags: number;
  /** FD_READ was asked for. */
  read: boolean;
  /** FD_WRITE was asked for. */
  write: boolean;
  /**
   * A FIFO may be opened as a stream that waits (readiness layer, async
   * open). Only when fd_read/fd_write were bound as suspending imports;
   * otherwise a FIFO is a plain blocking file.
   */
  fifoMayWait?: boolean;
}

/** wasmtime's rights for an opened directory: all but seeking, sizing and writing. */
const DIR_RIGHTS = ALL_RIGHTS & ~(Rights.FD_SEEK | Rights.FD_FILESTAT_SET_SIZE | Rights.FD_WRITE);

/** The fixed rights wasmtime reports for a preopen ("expected by many userlands"). */
const PREOPEN_RIGHTS = Rights.PATH_CREATE_DIRECTORY | Rights.PATH_CREATE_FILE |
  Rights.PATH_LINK_SOURCE | Rights.PATH_LINK_TARGET | Rights.PATH_OPEN | Rights.FD_READDIR |
  Rights.PATH_READLINK | Rights.PATH_RENAME_SOURCE | Rights.PATH_RENAME_TARGET |
  Rights.PATH_SYMLINK | Rights.PATH_REMOVE_DIRECTORY | Rights.PATH_UNLINK_FILE |
  Rights.PATH_FILESTAT_GET | Rights.PATH_FILESTAT_SET_TIMES | Rights.FD_FILESTAT_GET |
  Rights.FD_FILESTAT_SET_TIMES;
const PREOPEN_INHERITING = PREOPEN_RIGHTS | Rights.FD_DATASYNC | Rights.FD_READ |
  Rights.FD_SEEK | Rights.FD_FDSTAT_SET_FLAGS | Rights.FD_SYNC | Rights.FD_TELL |
  Rights.FD_WRITE | Rights.FD_ADVISE | Rights.FD_ALLOCATE | Rights.FD_FILESTAT_GET |
  Rights.FD_FILESTAT_SET_SIZE | Rights.FD_FILESTAT_SET_TIMES | Rights.POLL_FD_READWRITE;

const SYNC_FDFLAGS = Fdflags.DSYNC | Fdflags.RSYNC | Fdflags.SYNC;

function sameFile(a: Filestat, b: Filestat): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/** The path without trailing slashes (mkdir and rmdir act on the name itself). */
function withoutTrailingSlashes(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed === "" ? path : trimmed;
}

export class DirFd extends Fd {
  readonly filetype = Filetype.DIRECTORY;
  /** Writes through this directory answer EPERM. */
  readonly readonly: boolean;
  /** How many directories below its preopen this one is (0 for a preopen). */
  readonly depth: number;
  #hostPath: string;
  #hostFd: number | undefined;
  #identity: Filestat | undefined;
  #listing: DirEntry[] | undefined;

  constructor(hostPath: string, readonly: boolean, depth: number, opened?: [number, Filestat]) {
    super();
    this.#hostPath = hostPath;
    this.readonly = readonly;
    this.depth = depth;
    [this.#hostFd, this.#identity] = opened ?? [undefined, undefined];
    this.rightsBase = DIR_RIGHTS;
    this.rightsInheriting = DIR_RIGHTS;
  }

  /** Opens the host directory the first time it is needed (preopens open lazily). */
  #pin(): Result<number> {
    if (this.#hostFd !== undefined) return [this.#hostFd, 0];
    const flags = host.O.RDONLY | host.O.DIRECTORY;
    const [fd, err] = tryHost(() => host.open(this.#hostPath, flags));
    if (fd === undefined) return [undefined, err];
    const [stat, e] = tryHost(() => host.fstat(fd));
    if (stat === undefined) return [undefined, e];
    [this.#hostFd, this.#identity] = [fd, stat];
    return [fd, 0];
  }

  /** The host path every guest path is resolved under, checked to still be this directory. */
  #base(): Result<string> {
    const [fd, err] = this.#pin();
    if (fd === undefined) return [undefined, err];
    const [now] = tryHost(() => host.stat(this.#hostPath));
    if (now && sameFile(now, this.#identity!)) return [this.#hostPath, 0];
    const moved = host.fdPath(fd);
    const [there] = moved === undefined ? [undefined] : tryHost(() => host.stat(moved));
    if (there === undefined || !sameFile(there, this.#identity!)) return [undefined, Errno.NOENT];
    this.#hostPath = moved!;
    return [moved!, 0];
  }

  /** This directory's real path, for checking what openInside opened. */
  #realBase(base: string): string {
    return host.fdPath(this.#hostFd!) ?? tryHost(() => host.realpath(base))[0] ?? base;
  }

  #resolve(path: string, follow: boolean): Result<Resolved & { base: string }> {
    const [base, err] = this.#base();
    if (base === undefined) return [undefined, err];
    const [r, e] = resolve(base, path, follow);
    return r === undefined ? [undefined, e] : [{ ...r, base }, 0];
  }

  // --- path_open ---------------------------------------------------------

  /** path_open: a FileFd or DirFd for `path`, created if asked. */
  open(path: string, req: OpenRequest): Result<Fd> | Promise<Result<Fd>> {
    const err = this.#refuseOpen(req);
    if (err) return [undefined, err];
    for (let attempt = 0;; attempt++) {
      const [r, e] = this.#resolve(path, req.follow);
      if (r === undefined) return [undefined, e];
      const refused = refuseOpenOf(r, req.oflags);
      if (refused) return [undefined, refused];
      if (req.fifoMayWait && r.stat?.filetype === Filetype.UNKNOWN && host.isFifo(r.path)) {
        return this.#openFifo(r, req);
      }
      const [fd, e2] = openInside(this.#realBase(r.base), r, hostOpenFlags(r, req));
      // It appeared between the walk and the open: open what is there now.
      const raced = e2 === Errno.EXIST && r.stat === undefined && attempt < 2;
      if (raced && !(req.oflags & Oflags.EXCL)) continue;
      if (fd === undefined) return [undefined, e2];
      return this.#wrap(fd, r, req);
    }
  }

  /**
   * A FIFO is a stream: open(2) waits for the other end (on the blocking
   * pool, so the event loop and the guest's other goroutines go on), and
   * reads and writes go through the readiness layer like a stdin pipe.
   */
  async #openFifo(r: Resolved & { base: string }, req: OpenRequest): Promise<Result<Fd>> {
    const { readable, writable } = openMode(req);
    const access = readable && writable ? host.O.RDWR : writable ? host.O.WRONLY : host.O.RDONLY;
    let fd: number;
    try {
      fd = await host.openAsync(r.path, access | host.O.NOFOLLOW);
    } catch (e) {
      return [undefined, hostErrno(e)];
    }
    const [verified, e] = verifyOpened(this.#realBase(r.base), r, fd, false);
    if (verified === undefined) return [undefined, e];
    const close = () => void tryHost(() => host.close(fd));
    const handle = writable && !readable ? hostOutput(fd, close) : hostInput(fd, close);
    handle.setFdflags(req.fdflags & Fdflags.NONBLOCK);
    return [handle, 0];
  }

  /** What wasmtime refuses before looking at the path. */
  #refuseOpen(req: OpenRequest): Errno {
    const { oflags } = req;
    const mutates = req.write || (oflags & (Oflags.CREAT | Oflags.TRUNC)) !== 0;
    if (this.readonly && mutates) return Errno.PERM;
    const createsOrTruncates = Oflags.CREAT | Oflags.EXCL | Oflags.TRUNC;
    if ((oflags & Oflags.DIRECTORY) && (oflags & createsOrTruncates)) return Errno.INVAL;
    return Errno.SUCCESS;
  }

  /** Makes a handle of an opened host fd (and truncates if asked, once it is verified). */
  #wrap(fd: number, r: Resolved, req: OpenRequest): Result<Fd> {
    const [stat, err] = tryHost(() => host.fstat(fd));
    const fail = (errno: Errno): Result<Fd> => {
      tryHost(() => host.close(fd));
      return [undefined, errno];
    };
    if (stat === undefined) return fail(err);
    const depth = this.depth + r.dirs.length + (r.name === "" ? 0 : 1);
    if (stat.filetype === Filetype.DIRECTORY) {
      return [new DirFd(r.path, this.readonly, depth, [fd, stat]), 0];
    }
    if (req.oflags & Oflags.DIRECTORY) return fail(Errno.NOTDIR);
    // O_TRUNC means nothing for devices and FIFOs (open(2)); ftruncate would say EINVAL.
    if ((req.oflags & Oflags.TRUNC) && stat.filetype === Filetype.REGULAR_FILE) {
      const [, e] = tryHost(() => host.truncate(fd, 0n));
      if (e) return fail(e);
    }
    const mode = {
      ...openMode(req),
      fdflags: req.fdflags & (Fdflags.APPEND | SYNC_FDFLAGS),
      readonly: this.readonly,
    };
    return [new FileFd(fd, stat.filetype, mode), 0];
  }

  // --- the other path_* calls --------------------------------------------

  /** path_create_directory. */
  createDirectory(path: string): Errno {
    if (this.readonly) return Errno.PERM;
    const [r, err] = this.#resolve(withoutTrailingSlashes(path), false);
    if (r === undefined) return err;
    if (r.name === "" || r.stat !== undefined) return Errno.EXIST;
    return tryHost(() => host.mkdir(r.path))[1];
  }

  /** path_remove_directory. */
  removeDirectory(path: string): Errno {
    if (this.readonly) return Errno.PERM;
    const [r, err] = this.#resolve(withoutTrailingSlashes(path), false);
    if (r === undefined) return err;
    if (r.name === "") return Errno.INVAL;
    if (r.stat === undefined) return Errno.NOENT;
    if (r.stat.filetype !== Filetype.DIRECTORY) return Errno.NOTDIR;
    return tryHost(() => host.rmdir(r.path))[1];
  }

  /** path_unlink_file. */
  unlinkFile(path: string): Errno {
    if (this.readonly) return Errno.PERM;
    const [r, err] = this.#resolve(path, false);
    if (r === undefined) return err;
    if (r.stat === undefined) return Errno.NOENT;
    if (r.name === "" || r.stat.filetype === Filetype.DIRECTORY) return Errno.ISDIR;
    return tryHost(() => host.unlink(r.path))[1];
  }

  /** path_rename: both paths are resolved inside their own directory fds. */
  rename(path: string, to: DirFd, toPath: string): Errno {
    if (this.readonly || to.readonly) return Errno.PERM;
    const [from, err] = this.#resolve(path, false);
    if (from === undefined) return err;
    const [dest, e] = to.#resolve(toPath, false);
    if (dest === undefined) return e;
    if (from.stat === undefined) return Errno.NOENT;
    if (from.name === "" || dest.name === "") return Errno.BUSY;
    if (dest.mustBeDir && from.stat.filetype !== Filetype.DIRECTORY) return Errno.NOTDIR;
    return tryHost(() => host.rename(from.path, dest.path))[1];
  }

  /** path_link: a hard link; a symlink is linked itself, never followed. */
  link(path: string, to: DirFd, toPath: string): Errno {
    if (this.readonly || to.readonly) return Errno.PERM;
    const [from, err] = this.#resolve(path, false);
    if (from === undefined) return err;
    const [dest, e] = to.#resolve(toPath, false);
    if (dest === undefined) return e;
    if (from.stat === undefined) return Errno.NOENT;
    if (from.name === "" || from.stat.filetype === Filetype.DIRECTORY) return Errno.PERM;
    if (dest.name === "" || dest.stat !== undefined) return Errno.EXIST;
    return tryHost(() => host.link(from.path, dest.path))[1];
  }

  /**
   * path_symlink. An absolute target is EPERM (as cap-std); so is a relative
   * one that leads above the preopen's root (stricter than wasmtime, which
   * only refuses to follow it later).
   */
  symlink(target: string, path: string): Errno {
    if (this.readonly) return Errno.PERM;
    if (target.includes("\0")) return Errno.INVAL;
    if (target === "") return Errno.NOENT;
    const [r, err] = this.#resolve(path, false);
    if (r === undefined) return err;
    if (targetEscapes(target, this.depth + r.dirs.length)) return Errno.PERM;
    if (r.name === "" || r.stat !== undefined) return Errno.EXIST;
    return tryHost(() => host.symlink(target, r.path))[1];
  }

  /** path_readlink: the target's bytes; an absolute one is EPERM (as cap-std). */
  readlink(path: string): Result<Uint8Array> {
    const [r, err] = this.#resolve(path, false);
    if (r === undefined) return [undefined, err];
    if (r.stat === undefined) return [undefined, Errno.NOENT];
    if (r.stat.filetype !== Filetype.SYMBOLIC_LINK) return [undefined, Errno.INVAL];
    const [target, e] = readTarget(r.path);
    if (target === undefined) return [undefined, e];
    if (target.startsWith("/")) return [undefined, Errno.PERM];
    return [utf8.encode(target), 0];
  }

  /** path_filestat_get. */
  statAt(path: string, follow: boolean): Result<Filestat> {
    const [r, err] = this.#resolve(path, follow);
    if (r === undefined) return [undefined, err];
    return r.stat === undefined ? [undefined, Errno.NOENT] : [r.stat, 0];
  }

  /** path_filestat_set_times (the final symlink is followed by the resolver, not the host). */
  setTimesAt(path: string, follow: boolean, atim: host.TimeSpec, mtim: host.TimeSpec): Errno {
    if (this.readonly) return Errno.PERM;
    const [r, err] = this.#resolve(path, follow);
    if (r === undefined) return err;
    if (r.stat === undefined) return Errno.NOENT;
    return tryHost(() => host.setTimes(r.path, false, atim, mtim))[1];
  }

  // --- fd_readdir ----------------------------------------------------------

  /**
   * fd_readdir: the entries from `cookie` on. Cookie 0 takes a fresh listing
   * ("." and ".." first); later cookies index that same listing, so a guest
   * reading a big directory in small buffers sees every entry exactly once.
   */
  readdir(cookie: bigint): Result<DirEntry[]> {
    if (cookie === 0n || this.#listing === undefined) {
      const [listing, err] = this.#list();
      if (listing === undefined) return [undefined, err];
      this.#listing = listing;
    }
    return [cookie > BigInt(this.#listing.length) ? [] : this.#listing.slice(Number(cookie)), 0];
  }

  #list(): Result<DirEntry[]> {
    const [base, err] = this.#base();
    if (base === undefined) return [undefined, err];
    const ino = this.#identity!.ino;
    const entries: DirEntry[] = [
      { name: utf8.encode("."), type: Filetype.DIRECTORY, ino },
      // wasmtime reports the directory's own inode for ".." too; so do we,
      // which also says nothing about what is above a preopen.
      { name: utf8.encode(".."), type: Filetype.DIRECTORY, ino },
    ];
    const [names, e] = tryHost(() => host.readdir(base));
    if (names === undefined) return [undefined, e];
    const decoder = new TextDecoder("utf-8", { fatal: true });
    for (const name of names) {
      let text: string;
      try {
        text = decoder.decode(name);
      } catch {
        return [undefined, Errno.ILSEQ]; // as wasmtime: such a name cannot be named back
      }
      const [stat, e2] = tryHost(() => host.lstat(hostJoin(base, [text])));
      if (stat === undefined && e2 === Errno.NOENT) continue; // removed meanwhile
      if (stat === undefined) return [undefined, e2];
      entries.push({ name, type: stat.filetype, ino: stat.ino });
    }
    return [entries, 0];
  }

  // --- fd_* on the directory itself ------------------------------------------

  override filestat(): [Filestat, Errno] {
    const [fd, err] = this.#pin();
    if (fd === undefined) return [super.filestat()[0], err];
    const [stat, e] = tryHost(() => host.fstat(fd));
    return stat ? [stat, Errno.SUCCESS] : [super.filestat()[0], e];
  }

  override setTimes(atim: host.TimeSpec, mtim: host.TimeSpec): Errno {
    if (this.readonly) return Errno.PERM;
    const [fd, err] = this.#pin();
    if (fd === undefined) return err;
    return tryHost(() => host.setFdTimes(fd, atim, mtim))[1];
  }

  /** wasmtime: a directory has no position. */
  override seek(_offset: bigint, _whence: number): [bigint, Errno] {
    return [0n, Errno.BADF];
  }

  override pread(_bufs: Uint8Array[], _offset: bigint): [number, Errno] {
    return [0, Errno.BADF];
  }

  override pwrite(_bufs: Uint8Array[], _offset: bigint): [number, Errno] {
    return [0, Errno.BADF];
  }

  /** wasmtime: fd_fdstat_set_flags is for files only. */
  override setFdflags(_flags: number): Errno {
    return Errno.BADF;
  }

  override close(): Errno {
    if (this.#hostFd === undefined) return Errno.SUCCESS;
    return tryHost(() => host.close(this.#hostFd!))[1];
  }
}

/** What the walk found that path_open must refuse, before anything is opened. */
function refuseOpenOf(r: Resolved, oflags: number): Errno {
  if (r.stat === undefined) {
    if (!(oflags & Oflags.CREAT)) return Errno.NOENT;
    return r.mustBeDir ? Errno.ISDIR : Errno.SUCCESS;
  }
  if ((oflags & Oflags.CREAT) && (oflags & Oflags.EXCL)) return Errno.EXIST;
  // Only reached with SYMLINK_FOLLOW unset: O_NOFOLLOW's answers.
  if (r.stat.filetype === Filetype.SYMBOLIC_LINK) {
    return oflags & Oflags.DIRECTORY ? Errno.NOTDIR : Errno.LOOP;
  }
  const isDir = r.stat.filetype === Filetype.DIRECTORY;
  if ((oflags & Oflags.DIRECTORY) && !isDir) return Errno.NOTDIR;
  return Errno.SUCCESS;
}

/**
 * wasmtime's open mode: write when FD_WRITE was asked or CREAT/TRUNC given;
 * read when FD_READ was asked or write was not.
 */
function openMode(req: OpenRequest): { readable: boolean; writable: boolean } {
  const writable = req.write || (req.oflags & (Oflags.CREAT | Oflags.TRUNC)) !== 0;
  return { readable: req.read || !req.write, writable };
}

/** The host open(2) flags for a resolved path (TRUNC is applied after verification). */
function hostOpenFlags(r: Resolved, req: OpenRequest): number {
  const { readable, writable } = openMode(req);
  if (r.stat?.filetype === Filetype.DIRECTORY) {
    // Writing (or creating, or truncating) a directory is the host's EISDIR to give.
    return (writable ? host.O.RDWR : host.O.RDONLY) | host.O.DIRECTORY;
  }
  let flags = readable && writable ? host.O.RDWR : writable ? host.O.WRONLY : host.O.RDONLY;
  if (req.oflags & Oflags.DIRECTORY) flags |= host.O.DIRECTORY;
  if (req.fdflags & Fdflags.APPEND) flags |= host.O.APPEND;
  if (req.fdflags & Fdflags.DSYNC) flags |= host.O.DSYNC;
  // Linux defines O_RSYNC as O_SYNC.
  if (req.fdflags & (Fdflags.SYNC | Fdflags.RSYNC)) flags |= host.O.SYNC;
  return flags;
}

/** A directory handed to the guest at start under `guestPath`. */
export class PreopenDir extends DirFd {
  readonly hostPath: string;
  readonly guestPath: string;
  readonly #name: Uint8Array;

  constructor(hostPath: string, guestPath: string, readonly = false) {
    super(nodePath.resolve(hostPath), readonly, 0);
    this.hostPath = hostPath;
    this.guestPath = guestPath;
    this.#name = utf8.encode(guestPath);
    this.rightsBase = PREOPEN_RIGHTS;
    this.rightsInheriting = PREOPEN_INHERITING;
  }

  override prestatName(): Uint8Array {
    return this.#name;
  }
}
