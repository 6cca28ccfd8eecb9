/**
 * Directories: preopens and the ones path_open opens. Each holds its host
 * directory (a host fd, opened once: a preopen at start) and is the root of
 * every path resolved through it (lib/host/sandbox.ts): a guest path is
 * resolved relative to that fd, never turned into a host path string, so a
 * directory the guest holds stays the one it opened wherever it is moved.
 *
 * Writes through a read-only preopen (`--dir HOST::GUEST:ro`), and through
 * every fd opened below it, answer EPERM, as wasmtime's `DirPerms::READ`
 * preopens do, before the path is even looked at.
 */
import { Errno } from "../abi/errno.ts";
import { ALL_RIGHTS, Fdflags, Filetype, Oflags, Rights } from "../abi/types.ts";
import type { DirEntry } from "../host/dir_ops.ts";
import { hostErrno, tryHost } from "../host/errors.ts";
import * as host from "../host/fs.ts";
import {
  checkMustBeDir,
  decodeTarget,
  depthBelow,
  type DirHandle,
  dirOps,
  escapeIsPerm,
  linkLeadsOut,
  locate,
  type Located,
  openToList,
  type Path,
  preopenTarget,
  refusePath,
  release,
  type Result,
  targetEscapes,
} from "../host/sandbox.ts";
import { type Direction, Fd, type Filestat } from "./fd.ts";
import { ProcExit } from "../context.ts";
import { FileFd } from "./file.ts";
import { freeOpening, mayLeaveOpenWaiting, untilWriter } from "./fifo.ts";
import { race } from "./readiness.ts";
import { hostInput, hostOutput, OutputFd } from "./stdio.ts";

export type { DirEntry };
export { NOT_PLAIN, plainPath, withoutDotPrefix } from "../host/sandbox.ts";

const utf8 = new TextEncoder();

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
  /** A FIFO's writer ends the guest on a closed pipe (WasiOptions' `sigpipe`; default true). */
  sigpipe?: boolean;
  /**
   * The run's interrupt (Context's `interrupted`, which rejects with a
   * ProcExit): a FIFO open still waiting for its other end is given up then.
   */
  interrupted?: Promise<never>;
}

/**
 * wasmtime's rights for an opened directory: all but seeking, sizing and
 * writing. Its inheriting rights are those of the directory it was opened
 * through (a preopen's: every right a file or directory can use).
 */
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

/** The path without trailing slashes (mkdir and rmdir act on the name itself). */
function withoutTrailingSlashes(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed === "" ? path : trimmed;
}

/**
 * Whether a name ends in "/": unlink and rename act on that name itself,
 * never on where a symlink there leads (ENOTDIR: a symlink is no directory).
 */
function endsInSlash(path: string): boolean {
  return /[^/]\/+$/.test(path);
}

/** Runs `act` on where `path` leads, then closes what locating opened. */
function at<T>(l: Located, act: (l: Located) => T): T {
  try {
    return act(l);
  } finally {
    release(l);
  }
}

export class DirFd extends Fd {
  readonly filetype = Filetype.DIRECTORY;
  /**
   * What every write through this directory answers: SUCCESS (allowed),
   * EPERM (a read-only preopen, as wasmtime's) or EACCES (the host's
   * permission model does not let wasirun write there).
   */
  readonly writeDenied: Errno;
  /** The host directory (undefined with the errno a preopen that could not be opened answers). */
  #handle: DirHandle | undefined;
  #openErrno: Errno;
  /** The identity of the preopen this directory is below (for the planted-link checks). */
  #preopen: Filestat | undefined;
  #listing: DirEntry[] | undefined;

  constructor(
    handle: Result<DirHandle>,
    writeDenied: Errno,
    preopen: Filestat | undefined,
  ) {
    super();
    [this.#handle, this.#openErrno] = handle;
    this.writeDenied = writeDenied;
    this.#preopen = preopen ?? this.#ownStat();
    this.rightsBase = DIR_RIGHTS;
    this.rightsInheriting = DIR_RIGHTS;
  }

  /**
   * A FIFO the guest opens through a directory waits both ways: path_open
   * for the other end, then fd_read and fd_write as a stdin pipe would. So
   * with a directory those three calls may wait (the CLI's and `run()`'s
   * trampoline makes that free for the calls that do not); a guest with only
   * plain stdio froze in poll(2) on the main thread until a FIFO had data.
   */
  override waitsFor(_direction: Direction): boolean {
    return true;
  }

  /** SUCCESS, or why the host directory could not be opened. */
  get openErrno(): Errno {
    return this.#openErrno;
  }

  #ownStat(): Filestat | undefined {
    return this.#handle === undefined ? undefined : dirOps().stat(this.#handle, "")[0];
  }

  #locate(path: string, follow: boolean, creating = false): Result<Located> {
    if (this.#handle === undefined) return [undefined, this.#openErrno];
    return locate(this.#handle, path, follow, creating);
  }

  // --- path_open ---------------------------------------------------------

  /**
   * path_open: a FileFd or DirFd for `path`, created if asked. `path` is a
   * string, or the guest's bytes of a plain path (sandbox.ts `plainPath`).
   */
  open(path: Path, req: OpenRequest): Result<Fd> | Promise<Result<Fd>> {
    const refused = this.#refuseOpen(req) || (typeof path === "string" ? refusePath(path) : 0);
    if (refused) return [undefined, refused];
    if (this.#handle === undefined) return [undefined, this.#openErrno];
    const ops = dirOps();
    // O_NONBLOCK: a FIFO or device is found without waiting, then reopened as it should be.
    const flags = hostOpenFlags(req) | host.O.NONBLOCK;
    let opened = ops.beneath?.(this.#handle, path, flags | (req.follow ? 0 : host.O.NOFOLLOW));
    if (opened === undefined) path = pathText(path);
    let dirHandle: ((fd: number) => DirHandle) | undefined;
    // The walk: first without following a final symlink (the open adds
    // O_NOFOLLOW), which saves reading it; only a symlink there (ELOOP, or
    // ENOTDIR with O_DIRECTORY) makes a second try that follows it.
    // "name/" with CREAT: open(2) answers EISDIR once the parent is found,
    // whatever is at the name (even a symlink leading out): not followed.
    const named = req.oflags & Oflags.CREAT && opened === undefined
      ? nameBeforeSlash(path as string)
      : undefined;
    if (named !== undefined) {
      const [l, err] = this.#locate(named, false);
      if (l === undefined) return [undefined, err];
      release(l);
      return [undefined, Errno.ISDIR];
    }
    for (let follow = false; opened === undefined; follow = true) {
      const [l, err] = this.#locate(path as string, follow, (req.oflags & Oflags.CREAT) !== 0);
      if (l === undefined) return [undefined, err];
      const result = at(l, () => {
        const e = refuseOpenAt(l, req.oflags);
        if (e) return [undefined, e] as Result<number>;
        const result = ops.open(l.dir, l.name, flags | (l.mustBeDir ? host.O.DIRECTORY : 0));
        dirHandle = (fd) => ops.adopt(fd, l.dir, l.name);
        return result;
      });
      const symlink = result[1] === Errno.LOOP || result[1] === Errno.NOTDIR;
      if (follow || !req.follow || !symlink) opened = result;
    }
    const fd = opened[0], err = opened[1]; // indexed: see path_open
    if (fd === undefined) {
      // A FIFO opened for writing alone with no reader yet: open it as a
      // stream, which waits for one; with NONBLOCK asked, ENXIO as natively.
      if (err === Errno.NXIO && !(req.fdflags & Fdflags.NONBLOCK)) {
        return this.#openStream(pathText(path), req);
      }
      return [undefined, escapeIsPerm(err)];
    }
    if (host.reservedFd(fd)) {
      tryHost(() => host.close(fd));
      return [undefined, Errno.MFILE];
    }
    // O_CREAT|O_EXCL succeeded: a regular file was just made (no statx to learn that).
    if ((req.oflags & CREATED) === CREATED) return [this.#file(fd, Filetype.REGULAR_FILE, req), 0];
    let type: Filetype;
    try {
      type = host.filetype(fd);
    } catch (e) {
      tryHost(() => host.close(fd));
      return [undefined, hostErrno(e)];
    }
    if (type === Filetype.UNKNOWN || type === Filetype.CHARACTER_DEVICE) {
      // A FIFO opened with NONBLOCK is the probe itself, as natively: a reader
      // at once, a writer once there is a reader (else ENXIO, above). A FIFO's
      // writer that already came (and may have gone, its data in the pipe):
      // the probe is the reader; a reopen would wait for another writer.
      if (
        type === Filetype.UNKNOWN &&
        ((req.fdflags & Fdflags.NONBLOCK) || (!req.write && host.fifoWriterCame(fd)))
      ) {
        return [this.#adoptFifo(fd, req), 0];
      }
      // Keep the probe open until the real open is done: closing it first ends
      // the rendezvous with a peer already waiting on the FIFO (a reader sees
      // EOF, a writer SIGPIPE, its data is lost) and the reopen then waits for
      // a peer that never comes.
      return this.#openStream(pathText(path), req, fd);
    }
    if (type === Filetype.DIRECTORY) {
      const handle = dirHandle ? dirHandle(fd) : fd;
      const dir = new DirFd([handle, 0], this.writeDenied, this.#preopen);
      // wasi-libc's openat(dir, ...) asks for the rights dir's inheriting rights allow:
      // a directory's own set (no FD_WRITE, no FD_SEEK) there made O_RDWR files read-only.
      dir.inheritFrom(this);
      return [dir, 0];
    }
    if (req.oflags & Oflags.DIRECTORY) {
      tryHost(() => host.close(fd));
      return [undefined, Errno.NOTDIR];
    }
    return [this.#file(fd, type, req), 0];
  }

  /** The handle for a file path_open opened. */
  #file(fd: number, type: Filetype, req: OpenRequest): FileFd {
    // A right the guest took from this directory's inheriting rights
    // (fd_fdstat_set_rights) is not the new file's: reading it is then EBADF.
    return new FileFd(fd, type, {
      readable: readable(req) && this.passesOn(Rights.FD_READ),
      writable: req.write && this.passesOn(Rights.FD_WRITE),
      fdflags: req.fdflags & (Fdflags.APPEND | Fdflags.NONBLOCK | SYNC_FDFLAGS),
      writeDenied: this.writeDenied,
      sigpipe: type === Filetype.UNKNOWN && (req.sigpipe ?? true),
    });
  }

  /**
   * A FIFO (or a device) found by the non-blocking open: reopened without
   * O_NONBLOCK. When the guest's fd_read/fd_write may wait, a FIFO is a stream:
   * open(2) waits for the other end on the blocking pool (the event loop and
   * the guest's other goroutines go on), and reads and writes go through the
   * readiness layer like a stdin pipe. Otherwise it is a plain blocking file.
   */
  #openStream(path: string, req: OpenRequest, probe?: number): Result<Fd> | Promise<Result<Fd>> {
    const closeProbe = () => {
      if (probe !== undefined) tryHost(() => host.close(probe));
    };
    const [l, err] = this.#locate(path, req.follow);
    if (l === undefined) {
      closeProbe();
      return [undefined, err];
    }
    const ops = dirOps();
    const [stat] = ops.stat(l.dir, l.name);
    const flags = hostOpenFlags(req);
    if (
      !req.fifoMayWait && probe !== undefined && stat?.filetype === Filetype.UNKNOWN &&
      accessMode(req) === host.O.RDONLY && host.canTellFifoWriter()
    ) {
      // A FIFO's reader that cannot wait on the event loop waits here for a writer, in poll(2) on
      // the probe, which then is the reader: a blocking reopen waited for ever for a writer that
      // had come through the probe, written and left meanwhile (its bytes in the probe's pipe).
      release(l);
      host.awaitFifoWriter(probe);
      return [this.#adoptFifo(probe, req), 0];
    }
    // O_RDWR on a FIFO never waits for another end (both are its own): a plain file, both ways.
    const rdwr = accessMode(req) === host.O.RDWR;
    if (!req.fifoMayWait || rdwr) {
      const [fd, e] = at(l, () => ops.open(l.dir, l.name, flags));
      closeProbe();
      if (fd === undefined) return [undefined, e];
      const [type, e2] = tryHost(() => host.filetype(fd));
      if (type === undefined) {
        tryHost(() => host.close(fd));
        return [undefined, e2];
      }
      return [this.#file(fd, type, req), 0];
    }
    if (stat?.filetype !== Filetype.UNKNOWN) {
      // Not a FIFO when looked at (a device, or what was swapped in): opened non-blocking, as the
      // probe was, and looked at again. Opened blocking here, a FIFO swapped back meanwhile
      // waited on this thread for its other end, the event loop and every other run stopped
      // (helper-212). A FIFO after all is opened as one, this fd its probe.
      const [fd, e] = ops.open(l.dir, l.name, flags | host.O.NONBLOCK);
      closeProbe();
      if (fd === undefined && e !== Errno.NXIO) { // NXIO: a FIFO's writer, and no reader yet
        release(l);
        return [undefined, e];
      }
      const [type, e2] = fd === undefined
        ? [Filetype.UNKNOWN, Errno.SUCCESS]
        : tryHost(() => host.filetype(fd));
      if (type !== Filetype.UNKNOWN) {
        // The guest's own O_NONBLOCK, or none: where that cannot be set (no FFI), reopened so.
        const asked = (req.fdflags & Fdflags.NONBLOCK) !== 0;
        if (type !== undefined && (asked || host.setBlocking(fd!))) {
          release(l);
          return [this.#file(fd!, type, req), 0];
        }
        tryHost(() => host.close(fd!));
        if (type === undefined) {
          release(l);
          return [undefined, e2];
        }
        const [again, e3] = at(l, () => ops.open(l.dir, l.name, flags));
        if (again === undefined) return [undefined, e3];
        return [this.#file(again, type, req), 0];
      }
      return this.#openFifo(l, req, fd);
    }
    return this.#openFifo(l, req, probe);
  }

  /**
   * A FIFO opened non-blocking, as the guest's handle: a reader's stream, or
   * a blocking file. With NONBLOCK asked, the file stays non-blocking, its
   * reads and writes straight on the host fd as natively (a stream's EOF is
   * for good; a FIFO's lasts until a writer comes).
   */
  #adoptFifo(fd: number, req: OpenRequest): Fd {
    const nonBlocking = (req.fdflags & Fdflags.NONBLOCK) !== 0;
    if (!req.fifoMayWait || nonBlocking) {
      if (!nonBlocking) host.setBlocking(fd);
      return this.#file(fd, Filetype.UNKNOWN, req);
    }
    return hostInput(fd, () => void tryHost(() => host.close(fd)));
  }

  /**
   * A FIFO opened as a stream: open(2) waits on the blocking pool for the
   * other end. `probe`, the non-blocking open that found the FIFO, stays
   * open meanwhile (closing it would end the rendezvous with a peer already
   * waiting). A reader's open waits for a writer; one that comes, writes and
   * leaves before it is asked would leave it waiting for ever with the bytes
   * in the probe's pipe: so the probe is watched, and once a writer has come
   * (data, or a hangup) the probe is the reader, and the waiting open is
   * freed by opening the FIFO for writing a moment.
   */
  async #openFifo(l: Located, req: OpenRequest, probe?: number): Promise<Result<Fd>> {
    const access = accessMode(req);
    const ops = dirOps();
    const opening = ops.openAsync(l.dir, l.name, access);
    // Held until the open returns, which opens by it: it may not have started yet.
    const done = () => release(l);
    opening.then(done, done);
    const stop = req.interrupted ? [req.interrupted] : [];
    let result: Result<number> | undefined | typeof INTERRUPTED;
    try {
      result = probe !== undefined && access === host.O.RDONLY
        ? await untilWriter(opening, probe, stop)
        : await race(stop.length ? [opening, ...stop] : [opening]);
    } catch (e) {
      if (!(e instanceof ProcExit)) throw e;
      result = INTERRUPTED;
    }
    if (result === INTERRUPTED && mayLeaveOpenWaiting()) {
      // The process ends with the run: the open is left to end with it, as a native process
      // killed in open(2) lets no other process waiting on the FIFO through.
      if (probe !== undefined) tryHost(() => host.close(probe));
      opening.then(([fd]) => fd !== undefined && tryHost(() => host.close(fd)));
      return [undefined, Errno.INTR]; // seen by no one: the guest has gone
    }
    if (result === undefined || result === INTERRUPTED) {
      // The waiting open is freed by the other end, opened a moment and held until the open
      // returns: a writer's, when one came and the probe is then the reader; or either, when
      // the run was interrupted, which gives the open up. (Left waiting, it kept its fds and a
      // thread of the blocking pool, which Node and Bun share with every other run and the
      // embedder's own fs calls, and once a peer came it opened an fd nobody closed.)
      const gaveUp = result === INTERRUPTED;
      freeOpening(
        opening.then(([fd]) => fd),
        { open: (flags) => ops.open(l.dir, l.name, flags)[0], close: host.close },
        access !== host.O.WRONLY,
        gaveUp ? probe : undefined,
      );
      if (gaveUp) return [undefined, Errno.INTR]; // seen by no one: the guest has gone
      return [this.#adoptFifo(probe!, req), 0];
    }
    if (probe !== undefined) tryHost(() => host.close(probe));
    const [fd, e] = result;
    if (fd === undefined) return [undefined, e];
    const close = () => void tryHost(() => host.close(fd));
    const handle = access === host.O.WRONLY ? hostOutput(fd, close) : hostInput(fd, close);
    handle.setFdflags(req.fdflags & Fdflags.NONBLOCK);
    if (handle instanceof OutputFd) handle.sigpipe = req.sigpipe ?? true;
    return [handle, 0];
  }

  /** What wasmtime refuses before looking at the path. */
  #refuseOpen(req: OpenRequest): Errno {
    const { oflags } = req;
    const mutates = req.write || (oflags & (Oflags.CREAT | Oflags.TRUNC)) !== 0;
    if (this.writeDenied && mutates) return this.writeDenied;
    const createsOrTruncates = Oflags.CREAT | Oflags.EXCL | Oflags.TRUNC;
    if ((oflags & Oflags.DIRECTORY) && (oflags & createsOrTruncates)) return Errno.INVAL;
    return Errno.SUCCESS;
  }

  // --- the other path_* calls --------------------------------------------

  /** path_create_directory. */
  createDirectory(path: string): Errno {
    if (this.writeDenied) return this.writeDenied;
    const [l, err] = this.#locate(withoutTrailingSlashes(path), false);
    if (l === undefined) return err;
    return at(
      l,
      () => l.name === "" ? Errno.EXIST : atDot(l, Errno.EXIST) ?? dirOps().mkdir(l.dir, l.name),
    );
  }

  /** path_remove_directory. */
  removeDirectory(path: string): Errno {
    if (this.writeDenied) return this.writeDenied;
    const [l, err] = this.#locate(withoutTrailingSlashes(path), false);
    if (l === undefined) return err;
    return at(
      l,
      () =>
        l.name === "" ? Errno.INVAL : atDot(l, Errno.INVAL) ?? dirOps().remove(l.dir, l.name, true),
    );
  }

  /**
   * path_unlink_file of a plain path, the first `len` bytes of `path` (sandbox.ts `plainPath`), on
   * the FFI fast path; `undefined`: {@linkcode unlinkFile} decides.
   */
  unlinkPlain(path: Uint8Array, len: number, slash: number): Errno | undefined {
    if (this.writeDenied) return this.writeDenied;
    const ops = dirOps();
    if (this.#handle === undefined || ops.plainDir === undefined) return undefined;
    const dir = ops.plainDir(this.#handle, path, slash);
    if (dir === undefined) return undefined;
    const done = ops.unlinkPlain!(dir, path, slash + 1, len);
    ops.releasePlainDir!(dir);
    return done;
  }

  /** path_unlink_file. */
  unlinkFile(path: string): Errno {
    if (this.writeDenied) return this.writeDenied;
    const slash = endsInSlash(path);
    const [l, err] = this.#locate(slash ? withoutTrailingSlashes(path) : path, false);
    if (l === undefined) return err;
    return at(l, () => {
      if (l.name === "") return Errno.ISDIR;
      if (slash || l.mustBeDir) {
        const [stat, e] = dirOps().stat(l.dir, l.name);
        if (stat === undefined) return e;
        return stat.filetype === Filetype.DIRECTORY ? Errno.ISDIR : Errno.NOTDIR;
      }
      return dirOps().remove(l.dir, l.name, false);
    });
  }

  /**
   * path_rename of two plain paths (sandbox.ts `plainPath`), the guest's
   * bytes, on the FFI fast path; `undefined`: {@linkcode rename} decides
   * (also for a symlink, whose target must be checked from its new place).
   * What a host process swapped in meanwhile is checked as rename checks it.
   */
  renamePlain(
    path: Uint8Array,
    len: number,
    slash: number,
    to: DirFd,
    toPath: Uint8Array,
    toLen: number,
    toSlash: number,
  ): Errno | undefined {
    if (this.writeDenied || to.writeDenied) return this.writeDenied || to.writeDenied;
    const ops = dirOps();
    if (this.#handle === undefined || to.#handle === undefined || !ops.renamePlain) {
      return undefined;
    }
    return ops.renamePlain(
      this.#handle,
      path,
      len,
      slash,
      to.#handle,
      toPath,
      toLen,
      toSlash,
      (fromDir, toDir) => {
        const from = held(fromDir, path.subarray(slash + 1, len));
        const dest = held(toDir, toPath.subarray(toSlash + 1, toLen));
        const [now] = dirOps().stat(dest.dir, dest.name);
        const out = now && to.#leadsOutAt(from, dest, now, true);
        return out === undefined ? 0 : takeAway(from, dest, out);
      },
    );
  }

  /** path_rename: both paths are resolved inside their own directory fds. */
  rename(path: string, to: DirFd, toPath: string): Errno {
    if (this.writeDenied || to.writeDenied) return this.writeDenied || to.writeDenied;
    // "name/" is the name itself, not followed: what is moved must then be a
    // directory (a symlink to one is not). A directory moved onto "link/"
    // meets a non-directory there: the kernel's ENOTDIR.
    const slash = endsInSlash(path) || endsInSlash(toPath);
    const fromPath = withoutTrailingSlashes(path), destPath = withoutTrailingSlashes(toPath);
    // Either side being a directory itself ("." or a preopen's root) is EBUSY
    // before anything is looked up, as Linux's renameat2 checks it (a missing
    // source onto "." too).
    const itself = (from: Located, dest: Located) =>
      from.name === "" || dest.name === "" ? Errno.BUSY : undefined;
    return this.#twoPaths(
      fromPath,
      to,
      destPath,
      (from, dest, stat) => {
        const dot = atDot(from, Errno.BUSY) ?? atDot(dest, Errno.BUSY);
        if (dot !== undefined) return dot;
        const mustBeDir = slash || dest.mustBeDir || from.mustBeDir;
        if (mustBeDir && stat.filetype !== Filetype.DIRECTORY) return Errno.NOTDIR;
        const depth = stat.filetype === Filetype.DIRECTORY
          ? this.#depthTaken(from, to, dest)
          : undefined;
        if (depth !== undefined && treeLeadsOut(from.dir, from.name, depth)) return Errno.PERM;
        const e = dirOps().rename(from.dir, from.name, dest.dir, dest.name);
        // Scanned again where it is now: a host process may have moved a link into it meanwhile.
        if (e === 0 && depth !== undefined && treeLeadsOut(dest.dir, dest.name, depth)) {
          return takeAway(from, dest, Filetype.DIRECTORY);
        }
        return e;
      },
      true,
      itself,
    );
  }

  /**
   * The depth below `to`'s preopen that a directory moved from `from` to
   * `dest` has there, when the move may leave a symlink below it leading
   * above that preopen (undefined when it cannot): a link's `..` were counted
   * against its depth when it was made (#plants), and a move to a shallower
   * place takes depth away. Only such a move scans the tree, or one from a
   * place not below that preopen.
   */
  #depthTaken(from: Located, to: DirFd, dest: Located): number | undefined {
    if (from.dir === dest.dir) return undefined; // the same parent: the same depth
    // Both depths below the destination's preopen: a source in another preopen
    // (nested inside it, or not below it at all) counts from the same root.
    // A destination not below it (a directory fd whose directory was moved out
    // of its preopen since) is scanned as if at the root.
    const root = to.#preopen;
    const toDepth = root === undefined ? undefined : depthBelow(dest.dir, root);
    const fromDepth = root === undefined ? undefined : depthBelow(from.dir, root);
    if (toDepth !== undefined && fromDepth !== undefined && toDepth >= fromDepth) return undefined;
    return (toDepth ?? 0) + 1;
  }

  /** path_link: a hard link; a symlink is linked itself, never followed. */
  link(path: string, to: DirFd, toPath: string): Errno {
    if (this.writeDenied || to.writeDenied) return this.writeDenied || to.writeDenied;
    const slash = endsInSlash(toPath);
    const destPath = slash ? withoutTrailingSlashes(toPath) : toPath;
    return this.#twoPaths(path, to, destPath, (from, dest, stat) => {
      // A directory is never linked (PERM), but linkat(2) first finds the new name taken.
      const isDir = from.name === "" || stat.filetype === Filetype.DIRECTORY;
      if (from.mustBeDir && !isDir) return Errno.NOTDIR;
      if (dest.name === "") return Errno.EXIST;
      const dot = atDot(dest, Errno.EXIST);
      if (dot !== undefined) return dot;
      if (slash || dest.mustBeDir || isDir) {
        // "new/" names a directory to be: linkat(2) creates nothing there (EEXIST if
        // taken, by anything: a dangling symlink too, not followed).
        const [there] = dirOps().stat(dest.dir, dest.name);
        if (there !== undefined) return Errno.EXIST;
        return slash || dest.mustBeDir ? Errno.NOENT : Errno.PERM;
      }
      return dirOps().link(from.dir, from.name, dest.dir, dest.name);
    }, false);
  }

  /**
   * Locates both paths of rename or link and checks what is moved: it must
   * exist, and a symlink must not lead out of the preopen from its new place.
   * `first`, when given, may answer once both are located, before that.
   * Across directories what `act` left at the destination is checked again
   * (for a directory swapped in too when it `moves`): a host process may have
   * swapped a link in for what was checked, between the check and the act.
   */
  #twoPaths(
    path: string,
    to: DirFd,
    toPath: string,
    act: (from: Located, dest: Located, stat: Filestat) => Errno,
    moves: boolean,
    first?: (from: Located, dest: Located) => Errno | undefined,
  ): Errno {
    const [from, err] = this.#locate(path, false);
    if (from === undefined) return err;
    return at(from, () => {
      const [dest, e] = to.#locate(toPath, false);
      if (dest === undefined) return e;
      return at(dest, () => {
        const early = first?.(from, dest);
        if (early !== undefined) return early;
        const ops = dirOps();
        const [stat, e2] = ops.stat(from.dir, from.name);
        if (stat === undefined) return e2;
        if (stat.filetype === Filetype.SYMBOLIC_LINK && from.name !== "") {
          const [bytes, e3] = ops.readlink(from.dir, from.name);
          if (bytes === undefined) return e3;
          const [target, e4] = decodeTarget(bytes);
          if (target === undefined) return e4;
          if (to.#plants(target, dest.dir)) return Errno.PERM;
        }
        const done = act(from, dest, stat);
        if (done !== 0 || from.dir === dest.dir) return done;
        const out = to.#swappedOut(from, dest, stat, moves);
        return out === undefined ? done : takeAway(from, dest, out);
      });
    });
  }

  /**
   * The type of what a rename or link left at `dest` when it is not what was
   * checked (`checked`, at `from`) and leads out of this directory's preopen
   * from there: a symlink, or (`dirs`) a directory holding one.
   */
  #swappedOut(
    from: Located,
    dest: Located,
    checked: Filestat,
    dirs: boolean,
  ): Filetype | undefined {
    const [now] = dirOps().stat(dest.dir, dest.name);
    if (now === undefined || (now.ino === checked.ino && now.dev === checked.dev)) {
      return undefined;
    }
    return this.#leadsOutAt(from, dest, now, dirs);
  }

  /**
   * The type of `now`, what is at `dest` (moved there from `from`), when it
   * leads out of this directory's preopen from there: a symlink, or
   * (`dirs`) a directory holding one.
   */
  #leadsOutAt(from: Located, dest: Located, now: Filestat, dirs: boolean): Filetype | undefined {
    if (now.filetype === Filetype.SYMBOLIC_LINK) {
      const [bytes] = dirOps().readlink(dest.dir, dest.name);
      if (bytes === undefined) return undefined; // not a symlink any more
      const [target] = decodeTarget(bytes);
      return target === undefined || this.#plants(target, dest.dir) ? now.filetype : undefined;
    }
    if (!dirs || now.filetype !== Filetype.DIRECTORY) return undefined;
    const depth = this.#depthTaken(from, this, dest);
    return depth !== undefined && treeLeadsOut(dest.dir, dest.name, depth)
      ? now.filetype
      : undefined;
  }

  /** Whether a symlink to `target` in `dir` could lead out of this directory's preopen. */
  #plants(target: string, dir: DirHandle): boolean {
    if (target.startsWith("/")) return true;
    if (!targetEscapes(target, 0)) return false; // no ".." at all
    if (this.#preopen === undefined) return true;
    const depth = depthBelow(dir, this.#preopen);
    return depth === undefined || targetEscapes(target, depth);
  }

  /**
   * path_symlink. An absolute target is EPERM (as cap-std); so is a relative
   * one that could lead above the preopen's root (stricter than wasmtime,
   * which only refuses to follow it later; see targetEscapes).
   */
  symlink(target: string, path: string): Errno {
    if (this.writeDenied) return this.writeDenied;
    if (target.includes("\0")) return Errno.INVAL;
    if (target === "") return Errno.NOENT;
    // An absolute target is refused before the link's own path is looked up (wasmtime: EPERM
    // even when the parent directory is missing).
    if (target.startsWith("/")) return Errno.PERM;
    const slash = endsInSlash(path);
    const [l, err] = this.#locate(slash ? withoutTrailingSlashes(path) : path, false);
    if (l === undefined) return err;
    return at(l, () => {
      if (this.#plants(target, l.dir)) return Errno.PERM;
      if (l.name === "") return Errno.EXIST;
      const dot = atDot(l, Errno.EXIST);
      if (dot !== undefined) return dot;
      if (slash || l.mustBeDir) {
        // "new/": nothing there is ENOENT, a directory or a symlink (not followed, a dangling
        // one too) EEXIST, as Linux; a file ENOTDIR (wasmtime's, and the conformance suite's).
        const [stat, e] = dirOps().stat(l.dir, l.name);
        if (stat === undefined) return e;
        const taken = stat.filetype === Filetype.DIRECTORY ||
          stat.filetype === Filetype.SYMBOLIC_LINK;
        return taken ? Errno.EXIST : Errno.NOTDIR;
      }
      return dirOps().symlink(target, l.dir, l.name);
    });
  }

  /** path_readlink: the target's bytes; an absolute one is EPERM (as cap-std). */
  readlink(path: string): Result<Uint8Array> {
    const [l, err] = this.#locate(path, false);
    if (l === undefined) return [undefined, err];
    return at(l, (): Result<Uint8Array> => {
      if (l.name === "") return [undefined, Errno.INVAL];
      const notDir = checkMustBeDir(l);
      if (notDir) return [undefined, notDir];
      const [bytes, e] = dirOps().readlink(l.dir, l.name);
      if (bytes === undefined) return [undefined, e];
      const [target, e2] = decodeTarget(bytes);
      if (target === undefined) return [undefined, e2];
      if (target.startsWith("/")) return [undefined, Errno.PERM];
      return [bytes, 0];
    });
  }

  /**
   * path_filestat_get of a plain path, the first `len` bytes of `path` (sandbox.ts `plainPath`), on
   * the FFI fast path, written straight into `out` (the guest's filestat);
   * `undefined` (nothing written): {@linkcode statAt} decides.
   */
  statPlain(
    path: Uint8Array,
    len: number,
    slash: number,
    follow: boolean,
    out: Uint8Array,
  ): Errno | undefined {
    const ops = dirOps();
    if (this.#handle === undefined || ops.plainDir === undefined) return undefined;
    const dir = ops.plainDir(this.#handle, path, slash);
    if (dir === undefined) return undefined;
    const done = ops.statPlain!(dir, path, slash + 1, len, follow, out);
    ops.releasePlainDir!(dir);
    return done;
  }

  /**
   * path_filestat_get. Following a final symlink is rarely needed: the name
   * is looked at without following first, and only a symlink is resolved.
   */
  statAt(path: string, follow: boolean): Result<Filestat> {
    const [l, err] = this.#locate(path, false);
    if (l === undefined) return [undefined, err];
    const [stat, e] = at(l, () => dirOps().stat(l.dir, l.name));
    if (stat === undefined) return [undefined, e];
    if (stat.filetype === Filetype.SYMBOLIC_LINK && (follow || l.mustBeDir)) {
      const [target, e2] = this.#locate(path, true);
      if (target === undefined) return [undefined, e2];
      return at(target, () => statOf(target));
    }
    if (l.mustBeDir && stat.filetype !== Filetype.DIRECTORY) return [undefined, Errno.NOTDIR];
    return [stat, 0];
  }

  /** path_filestat_set_times (a final symlink is followed by the resolver, never by the host). */
  setTimesAt(path: string, follow: boolean, atim: host.TimeSpec, mtim: host.TimeSpec): Errno {
    if (this.writeDenied) return this.writeDenied;
    const [l, err] = this.#locate(path, follow);
    if (l === undefined) return err;
    // utimensat(2) with both times UTIME_OMIT succeeds before it even looks
    // the name up; the guest must still learn that nothing is there.
    const nothingToSet = atim === "omit" && mtim === "omit";
    return at(l, () =>
      checkMustBeDir(l) ||
      (nothingToSet
        ? dirOps().stat(l.dir, l.name)[1]
        : dirOps().setTimes(l.dir, l.name, atim, mtim)));
  }

  // --- fd_readdir ----------------------------------------------------------

  /**
   * fd_readdir: the listing whose entries from index `cookie` on are to be
   * reported. Cookie 0 takes a fresh listing ("." and ".." first); later
   * cookies index that same listing, so a guest reading a big directory in
   * small buffers sees every entry exactly once.
   */
  readdir(cookie: bigint): Result<DirEntry[]> {
    if (cookie === 0n || this.#listing === undefined) {
      const [listing, err] = this.#list();
      if (listing === undefined) return [undefined, err];
      this.#listing = listing;
    }
    return [this.#listing, 0];
  }

  #list(): Result<DirEntry[]> {
    if (this.#handle === undefined) return [undefined, this.#openErrno];
    const ops = dirOps();
    const [own, err] = ops.stat(this.#handle, "");
    if (own === undefined) return [undefined, err];
    // wasmtime reports the directory's own inode for ".." too; so do we,
    // which also says nothing about what is above a preopen.
    return ops.list(this.#handle, [
      { name: DOT, type: Filetype.DIRECTORY, ino: own.ino },
      { name: DOTDOT, type: Filetype.DIRECTORY, ino: own.ino },
    ]);
  }

  // --- fd_* on the directory itself ------------------------------------------

  override filestat(): [Filestat, Errno] {
    if (this.#handle === undefined) return [super.filestat()[0], this.#openErrno];
    const [stat, e] = dirOps().stat(this.#handle, "");
    return stat ? [stat, Errno.SUCCESS] : [super.filestat()[0], e];
  }

  override setTimes(atim: host.TimeSpec, mtim: host.TimeSpec): Errno {
    if (this.writeDenied) return this.writeDenied;
    if (this.#handle === undefined) return this.#openErrno;
    return dirOps().setTimes(this.#handle, "", atim, mtim);
  }

  /**
   * fd_sync / fd_datasync: fsync(2) of the directory, as Linux (and wazero)
   * allow on a directory opened read-only. It is how a program makes a create,
   * rename or unlink in it durable: SQLite's unixDelete(dirSync) and a
   * multi-database COMMIT fail with SQLITE_IOERR_DIR_FSYNC ("disk I/O error")
   * when it is refused. wasmtime 49's preview1 answers EBADF (`get_file`).
   */
  override sync(dataOnly: boolean): Errno {
    const dir = this.#handle;
    if (dir === undefined) return this.#openErrno;
    const syncFd = (fd: number) => tryHost(() => dataOnly ? host.fdatasync(fd) : host.fsync(fd))[1];
    // A host fd (openat2, fd-walk, procfs): the very directory. The paths mode
    // holds a path string: open it for the call, as lib/host/fs.ts can use.
    if (typeof dir === "number") return syncFd(dir);
    const [fd, e] = dirOps().open(dir, "", host.O.RDONLY | host.O.DIRECTORY);
    if (fd === undefined) return e;
    const errno = syncFd(fd);
    tryHost(() => host.close(fd));
    return errno;
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
    if (this.#handle !== undefined) dirOps().close(this.#handle);
    this.#handle = undefined;
    this.#openErrno = Errno.BADF;
    return Errno.SUCCESS;
  }
}

/** The status of what `l` names; ENOTDIR when it must be a directory and is not. */
function statOf(l: Located): Result<Filestat> {
  const [stat, e] = dirOps().stat(l.dir, l.name);
  if (stat === undefined) return [undefined, e];
  if (l.mustBeDir && stat.filetype !== Filetype.DIRECTORY) return [undefined, Errno.NOTDIR];
  return [stat, 0];
}

/**
 * Takes away what a rename or link left at `dest` leading out of its preopen
 * (a host process swapped it in meanwhile): EPERM. A symlink is removed (as
 * the guest may; moved back, another swapped in by then could lead out
 * there); a directory, which was moved to a shallower place, goes back down.
 */
function takeAway(from: Located, dest: Located, type: Filetype): Errno {
  if (type === Filetype.DIRECTORY) dirOps().rename(dest.dir, dest.name, from.dir, from.name);
  else dirOps().remove(dest.dir, dest.name, false);
  return Errno.PERM;
}

/**
 * Whether directory `name` in `dir`, `depth` levels below its preopen's
 * root, holds a symlink leading above that root (linkLeadsOut); one that
 * cannot be read (or is not a directory now) counts as leading out.
 */
function treeLeadsOut(dir: DirHandle, name: string, depth: number): boolean {
  const ops = dirOps();
  const tree = openToList(dir, name, ops);
  if (tree === undefined) return true;
  try {
    return linkLeadsOut(tree, depth, ops);
  } finally {
    ops.close(tree);
  }
}

const DOT = utf8.encode(".");
const DOTDOT = utf8.encode("..");

/** Name `name` in `dir`, a directory the caller holds. */
function held(dir: DirHandle, name: Path): Located {
  return { dir, owned: false, name: pathText(name), mustBeDir: false };
}

/** A path as a string (a plain path's bytes are ASCII). */
function pathText(path: Path): string {
  return typeof path === "string" ? path : String.fromCharCode(...path);
}

/** What the walk found that path_open must refuse before opening (the kernel answers the rest). */
/**
 * A path whose last component is "." ("x/.") names the directory x itself,
 * not a name in it: the *at calls answer for x (ENOENT, ENOTDIR) and, when x
 * is a directory, `onDir` (mkdir and link EEXIST, rmdir EINVAL, rename EBUSY),
 * as Linux and wasmtime do. Undefined: not such a path.
 */
function atDot(l: Located, onDir: Errno): Errno | undefined {
  if (!l.dot || l.name === "") return undefined;
  const [stat, e] = dirOps().stat(l.dir, l.name);
  if (stat === undefined) return e;
  // Still a symlink after the walk followed it: it leads nowhere.
  if (stat.filetype === Filetype.SYMBOLIC_LINK) return Errno.NOENT;
  return stat.filetype === Filetype.DIRECTORY ? onDir : Errno.NOTDIR;
}

/**
 * The path without its trailing slashes when it ends in a name and "/"
 * ("a/b//": "a/b"), else undefined ("a", "a/.", "a/..").
 */
function nameBeforeSlash(path: string): string | undefined {
  if (!path.endsWith("/")) return undefined;
  const trimmed = path.replace(/\/+$/, "");
  const last = trimmed.slice(trimmed.lastIndexOf("/") + 1);
  return last === "" || last === "." || last === ".." ? undefined : trimmed;
}

function refuseOpenAt(l: Located, oflags: number): Errno {
  if (l.name === "" && (oflags & Oflags.CREAT)) {
    // The path names the directory itself ("." or a link to it): open(2)'s answers.
    return oflags & Oflags.EXCL ? Errno.EXIST : Errno.ISDIR;
  }
  if (!l.mustBeDir || l.name === "" || !(oflags & Oflags.CREAT)) return Errno.SUCCESS;
  // A final symlink to "target/": EISDIR, as for "name/" (see nameBeforeSlash).
  if (!l.dot) return Errno.ISDIR;
  // "name/." (or a final symlink to "target/."): the name must be a directory.
  const [stat] = dirOps().stat(l.dir, l.name);
  if (stat === undefined) return Errno.NOENT;
  if (stat.filetype !== Filetype.DIRECTORY) return Errno.NOTDIR;
  return oflags & Oflags.EXCL ? Errno.EXIST : Errno.ISDIR;
}

const CREATED = Oflags.CREAT | Oflags.EXCL;

// The open mode: write when FD_WRITE was asked; read when FD_READ was asked or
// write was not. Unlike wasmtime 49, neither CREAT nor TRUNC implies write, as
// in open(2): O_RDONLY|O_CREAT creates, O_RDONLY|O_TRUNC truncates (Linux), and
// the fd stays read-only (a write is EBADF, as natively and under wazero; it
// went through: helper-186). The rights a path_open reports then depend on the
// rights asked for, not on whether this call made the file, as the
// conformance suite checks (path_link compares a created file's fd with a
// later open of a link to it).

function readable(req: OpenRequest): boolean {
  return req.read || !req.write;
}

/** A FIFO open given up: the run was interrupted while it waited for the other end. */
const INTERRUPTED = Symbol("interrupted");

/** O_RDONLY, O_WRONLY or O_RDWR, as wasmtime's open mode says. */
function accessMode(req: OpenRequest): number {
  if (!readable(req)) return host.O.WRONLY;
  return req.write ? host.O.RDWR : host.O.RDONLY;
}

/** The host open(2) flags for what path_open asks. */
function hostOpenFlags(req: OpenRequest): number {
  let flags = accessMode(req);
  if (req.oflags & Oflags.CREAT) flags |= host.O.CREAT;
  if (req.oflags & Oflags.EXCL) flags |= host.O.EXCL;
  if (req.oflags & Oflags.TRUNC) flags |= host.O.TRUNC;
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

  constructor(hostPath: string, guestPath: string, writeDenied: Errno = Errno.SUCCESS) {
    super(dirOps().openRoot(preopenTarget(hostPath)), writeDenied, undefined);
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
