/**
 * {@linkcode DirOps} over `node:fs`, for hosts without FFI (Deno without
 * `--allow-ffi`, a Node without `node:ffi`) or when `WASIRUN_RESOLVER` asks
 * for them:
 *
 * - "procfs": handles are host directory fds, and every call names one
 *   component inside one as `/proc/self/fd/N/NAME`. The kernel resolves
 *   `/proc/self/fd/N` to the very directory the fd holds (wherever it has
 *   been moved) and NAME inside it, with O_NOFOLLOW where a symlink could be
 *   followed: a swap elsewhere cannot redirect the call.
 * - "paths": where `/proc/self/fd` cannot be used (no procfs, or Deno's
 *   scoped permissions deny it), handles are host path strings and every
 *   call acts on a whole host path after the walk checked it: best effort,
 *   a host process swapping a directory for a symlink meanwhile can redirect
 *   a call (RATIONALE.md, "The filesystem sandbox"). A directory held is
 *   checked to be still the one opened before each call through it
 *   ({@linkcode PathDir}): a guest alone cannot re-point one. One the guest
 *   opened also keeps a host fd, for its own status and times and its
 *   listing once removed ("." and ".." only, nlink 0, as the other resolvers).
 */
import type * as NodeFs from "node:fs";
import { denoAllowsAllFiles, mayWrite, nodeFs } from "./process.ts";
import { Errno } from "../abi/errno.ts";
import type {
  DirEntry,
  DirHandle,
  DirOps,
  HostStat,
  PathDir,
  Result,
  TimeSpec,
} from "./dir_ops.ts";
import { hostErrno, hostError, LINUX_ERRNO, tryHost } from "./errors.ts";
import * as host from "./fs.ts";
import { isBun, isDeno } from "./runtime.ts";
import { Filetype } from "../abi/types.ts";

export class NodeDirOps implements DirOps {
  readonly kind: "procfs" | "paths";
  readonly holdsRaces: boolean;
  /**
   * The host path of `name` in `dir`; in the "paths" mode after checking that
   * `dir` is still the directory it was opened as (thrown as ENOENT if not,
   * for {@linkcode tryHost}).
   */
  readonly #at: (dir: DirHandle, name: string) => string;
  /** "paths": the directories directory fds hold (not a walk's), for {@linkcode rename}. */
  readonly #held = new Set<PathDir>();

  constructor(kind: "procfs" | "paths") {
    this.kind = kind;
    this.holdsRaces = kind === "procfs";
    this.#at = kind === "procfs"
      ? (dir, name) => name === "" ? `/proc/self/fd/${dir}/.` : `/proc/self/fd/${dir}/${name}`
      : (dir, name) => {
        const path = held(dir as PathDir);
        return name === "" ? path : `${path}/${name}`;
      };
  }

  openRoot(path: string): Result<DirHandle> {
    if (this.kind === "paths") {
      const [stat, err] = tryHost(() => nodeFs().statSync(path));
      if (stat === undefined) return [undefined, err];
      if (!stat.isDirectory()) return [undefined, Errno.NOTDIR];
      // realpath(3): node:fs's own realpathSync takes ".." out as text first.
      const fs = nodeFs();
      const root = tryHost(() => pathDir((fs.realpathSync.native ?? fs.realpathSync)(path)));
      if (root[0]) this.#held.add(root[0]);
      return root;
    }
    return tryHost(() =>
      nodeFs().openSync(path, nodeFs().constants.O_RDONLY | nodeFs().constants.O_DIRECTORY)
    );
  }

  openDir(dir: DirHandle, name: string): Result<DirHandle> {
    if (this.kind === "paths") {
      const [opened, err] = tryHost(() => pathDir(this.#at(dir, name)));
      if (opened === undefined) return [undefined, err];
      return opened.filetype === Filetype.DIRECTORY ? [opened, 0] : [undefined, Errno.NOTDIR];
    }
    const path = this.#at(dir, name);
    const flags = nodeFs().constants.O_RDONLY | nodeFs().constants.O_DIRECTORY |
      nodeFs().constants.O_NOFOLLOW;
    return tryHost(() => nodeFs().openSync(path, flags));
  }

  close(dir: DirHandle): void {
    if (typeof dir === "number") tryHost(() => nodeFs().closeSync(dir));
    else if (this.#held.delete(dir as PathDir)) {
      const fd = (dir as PathDir).fd;
      if (fd !== undefined) tryHost(() => nodeFs().closeSync(fd));
    }
  }

  readlink(dir: DirHandle, name: string): Result<Uint8Array> {
    try {
      return [nodeFs().readlinkSync(this.#at(dir, name), { encoding: "buffer" }), 0];
    } catch (e) {
      // Deno's node:fs cannot give a target that is not UTF-8, even as a Buffer
      // (InvalidData): EILSEQ, as the resolver answers for such a target, not
      // EINVAL, which it would read as "not a symlink" and act on the link.
      return [undefined, (e as Error)?.name === "InvalidData" ? Errno.ILSEQ : hostErrno(e)];
    }
  }

  stat(dir: DirHandle, name: string): Result<HostStat> {
    const fd = name === "" ? ownFd(dir) : undefined;
    if (fd !== undefined) return tryHost(() => host.fstat(fd));
    return tryHost(() => host.lstat(this.#at(dir, name)));
  }

  mkdir(dir: DirHandle, name: string): Errno {
    return tryHost(() => nodeFs().mkdirSync(this.#at(dir, name), 0o777))[1];
  }

  remove(dir: DirHandle, name: string, isDir: boolean): Errno {
    const [path, e] = tryHost(() => this.#at(dir, name));
    if (path === undefined) return e;
    if (isDir) return tryHost(() => nodeFs().rmdirSync(path))[1];
    if (isDeno) {
      // Deno's unlinkSync also removes an empty directory: unlink(2) answers EISDIR.
      const [stat, err] = tryHost(() => nodeFs().lstatSync(path));
      if (stat === undefined) return err;
      if (stat.isDirectory()) return Errno.ISDIR;
    }
    return tryHost(() => nodeFs().unlinkSync(path))[1];
  }

  rename(dir: DirHandle, name: string, to: DirHandle, toName: string): Errno {
    const [paths, e] = tryHost(() => [this.#at(dir, name), this.#at(to, toName)]);
    if (paths === undefined) return e;
    const [from, dest] = paths;
    const moved = tryHost(() => nodeFs().renameSync(from, dest))[1];
    // "paths": a directory the guest holds (or one below it) that it moved itself is still
    // that directory, at its new path (its dev and ino still checked at each call).
    if (moved === 0) {
      for (const held of this.#held) {
        if (held.path === from) held.path = dest;
        else if (held.path.startsWith(from + "/")) held.path = dest + held.path.slice(from.length);
      }
    }
    return moved;
  }

  link(dir: DirHandle, name: string, to: DirHandle, toName: string): Errno {
    return tryHost(() => nodeFs().linkSync(this.#at(dir, name), this.#at(to, toName)))[1];
  }

  symlink(target: string, dir: DirHandle, name: string): Errno {
    // Scoped, Deno would prompt for Deno.symlink on a terminal: refused as it would be, unasked.
    const [, e] = denoAllowsAllFiles()
      ? tryHost(() => nodeFs().symlinkSync(target, this.#at(dir, name)))
      : [undefined, Errno.ACCES];
    // A permission model that refuses symlinks (Deno's wants unscoped read and write, Node's
    // --permission) answers before the kernel: a name already taken is EEXIST, as symlink(2)'s.
    if (e === Errno.ACCES && tryHost(() => nodeFs().lstatSync(this.#at(dir, name)))[1] === 0) {
      return Errno.EXIST;
    }
    return e;
  }

  setTimes(dir: DirHandle, name: string, atim: TimeSpec, mtim: TimeSpec): Errno {
    const fd = name === "" ? ownFd(dir) : undefined;
    if (fd !== undefined) return tryHost(() => host.setFdTimes(fd, atim, mtim))[1];
    return tryHost(() => host.setTimes(this.#at(dir, name), false, atim, mtim))[1];
  }

  open(dir: DirHandle, name: string, flags: number): Result<number> {
    const [path, e] = tryHost(() => this.#at(dir, name === "." ? "" : name));
    if (path === undefined) return [undefined, e];
    const before = this.#notSymlink(path, flags);
    if (typeof before === "number") return [undefined, before];
    const truncate = this.#truncatesLater(flags);
    if (truncate) flags &= ~nodeFs().constants.O_TRUNC;
    const opened = tryHost(() => (isDeno ? denoOpen : nodeOpen)(path, flags));
    return this.#truncated(this.#sameAsLooked(opened, path, before), path, flags, truncate);
  }

  openAsync(dir: DirHandle, name: string, flags: number): Promise<Result<number>> {
    if (this.kind !== "procfs") return this.#openAsyncIn(dir, name, flags);
    // procfs: the path names the directory by its fd, resolved when the pool gets to the open:
    // one of its own, not `dir`, which may be closed and its number reused for another run's
    // directory meanwhile (a cached one another run's calls pushed out; helper-212).
    const [own, e] = tryHost(() =>
      nodeFs().openSync(
        `/proc/self/fd/${dir}`,
        nodeFs().constants.O_RDONLY | nodeFs().constants.O_DIRECTORY,
      )
    );
    if (own === undefined) return Promise.resolve([undefined, e]);
    const done = () => void tryHost(() => nodeFs().closeSync(own));
    const opening = this.#openAsyncIn(own, name, flags);
    opening.then(done, done);
    return opening;
  }

  #openAsyncIn(dir: DirHandle, name: string, flags: number): Promise<Result<number>> {
    const [path, e] = tryHost(() => this.#at(dir, name));
    if (path === undefined) return Promise.resolve([undefined, e]);
    const before = this.#notSymlink(path, flags);
    if (typeof before === "number") return Promise.resolve([undefined, before]);
    const truncate = this.#truncatesLater(flags);
    if (truncate) flags &= ~nodeFs().constants.O_TRUNC;
    return new Promise((resolve) => {
      nodeFs().open(path, flags | nodeFs().constants.O_NOFOLLOW, 0o666, (err, fd) => {
        const opened = this.#sameAsLooked(
          err ? [undefined, hostErrno(err)] : [fd, 0],
          path,
          before,
        );
        resolve(this.#truncated(opened, path, flags, truncate));
      });
    });
  }

  /**
   * "paths" only: O_TRUNC waits until the fd is known to be what was looked
   * at, for a symlink swapped in meanwhile would be followed (see
   * {@linkcode #notSymlink}): the file it leads to would be truncated first.
   */
  #truncatesLater(flags: number): boolean {
    return this.kind === "paths" && (flags & nodeFs().constants.O_TRUNC) !== 0;
  }

  /** The fd {@linkcode #sameAsLooked} let through, truncated when `truncate`. */
  #truncated(opened: Result<number>, path: string, flags: number, truncate: boolean) {
    const [fd] = opened;
    if (!truncate || fd === undefined) return opened;
    const readOnly = (flags & 3) === nodeFs().constants.O_RDONLY;
    const [, e] = tryHost(() => truncateOpened(fd, path, readOnly));
    if (e === 0) return opened;
    tryHost(() => nodeFs().closeSync(fd));
    return [undefined, e] as Result<number>;
  }

  /**
   * "paths" only: Deno's node:fs `open` follows a final symlink despite
   * O_NOFOLLOW unless Deno runs with --allow-all (it opens the path its
   * permission check resolved), so a symlink the host left in a preopen led
   * the guest out (read, CREAT|TRUNC). The name is looked at first: a symlink
   * gets what open(2) with O_NOFOLLOW answers (EEXIST with O_CREAT|O_EXCL,
   * ENOTDIR with O_DIRECTORY, else ELOOP); what is there is what the open
   * must find (`undefined`: nothing yet, or procfs, which needs none of this).
   */
  #notSymlink(path: string, flags: number): HostStat | undefined | Errno {
    if (this.kind !== "paths") return undefined;
    const [stat, err] = tryHost(() => host.lstat(path));
    if (stat === undefined) return err === Errno.NOENT ? undefined : err;
    if (stat.filetype !== Filetype.SYMBOLIC_LINK) return stat;
    const c = nodeFs().constants;
    if ((flags & (c.O_CREAT | c.O_EXCL)) === (c.O_CREAT | c.O_EXCL)) return Errno.EXIST;
    return flags & c.O_DIRECTORY ? Errno.NOTDIR : Errno.LOOP;
  }

  /**
   * "paths" only: the fd opened is what was looked at (or, for a new file,
   * not a symlink's target: the name is no link now); otherwise it is closed
   * and the open is ELOOP (a swap, or a link followed).
   */
  #sameAsLooked(opened: Result<number>, path: string, before: HostStat | undefined) {
    const [fd] = opened;
    if (this.kind !== "paths" || fd === undefined) return opened;
    const [own] = tryHost(() => host.fstat(fd));
    const [now] = tryHost(() => host.lstat(path));
    const same = (a: HostStat | undefined, b: HostStat | undefined) =>
      a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
    if (same(own, now) && (before === undefined || same(own, before))) return opened;
    tryHost(() => nodeFs().closeSync(fd));
    return [undefined, Errno.LOOP] as Result<number>;
  }

  /**
   * procfs only: a few parent directory fds kept open between calls, as
   * lib/host/dir_ops_ffi.ts does (see there): one is used only after an
   * lstat of the name shows the very same directory (dev, ino) there now.
   */
  readonly #cache: { root: DirHandle; name: string; dev: bigint; ino: bigint; fd: number }[] = [];

  cachedDir(dir: DirHandle, name: string): DirHandle | undefined {
    if (this.kind !== "procfs" || name === "." || name === ".." || name.includes("/")) {
      return undefined;
    }
    let stat: NodeFs.BigIntStats | undefined;
    try {
      stat = nodeFs().lstatSync(this.#at(dir, name), { bigint: true, throwIfNoEntry: false });
    } catch {
      return undefined;
    }
    if (stat === undefined || !stat.isDirectory()) return undefined;
    const cache = this.#cache;
    for (let i = 0; i < cache.length; i++) {
      const hit = cache[i];
      if (hit.root !== dir || hit.name !== name || hit.ino !== stat.ino || hit.dev !== stat.dev) {
        continue;
      }
      if (i > 0) {
        cache.splice(i, 1);
        cache.unshift(hit);
      }
      return hit.fd;
    }
    const [fd] = this.openDir(dir, name);
    if (typeof fd !== "number") return undefined;
    const [own] = tryHost(() => nodeFs().fstatSync(fd, { bigint: true }));
    if (own === undefined) {
      this.close(fd);
      return undefined;
    }
    cache.unshift({ root: dir, name, dev: own.dev, ino: own.ino, fd });
    if (cache.length > 4) this.close(cache.pop()!.fd);
    return fd;
  }

  adopt(fd: number, dir: DirHandle, name: string): DirHandle {
    if (this.kind === "procfs") return fd;
    // The directory the fd holds is the one the handle stands for, wherever it is now.
    const [own] = tryHost(() => host.fstat(fd));
    const [path] = tryHost(() => this.#at(dir, name));
    // Neither can fail but for a race; then a handle that matches nothing (ENOENT at each call).
    const handle = { path: path ?? "/", dev: own?.dev ?? -1n, ino: own?.ino ?? -1n, fd };
    this.#held.add(handle);
    return handle;
  }

  list(dir: DirHandle, entries: DirEntry[]): Result<DirEntry[]> {
    const [path, e] = this.kind === "procfs"
      ? [`/proc/self/fd/${dir}`, 0]
      : tryHost(() => this.#at(dir, ""));
    if (path === undefined) {
      return e === Errno.NOENT && removed(dir) ? [entries, 0] : [undefined, e];
    }
    const [names, err] = tryHost(() => entryNames(path));
    // A directory removed since it was opened has no entries (as the FFI path and wasmtime).
    if (names === undefined) return err === Errno.NOENT ? [entries, 0] : [undefined, err];
    const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    for (const name of names) {
      let text: string;
      try {
        text = decoder.decode(name);
      } catch {
        return [undefined, Errno.ILSEQ]; // as wasmtime: such a name cannot be named back
      }
      const [stat, e] = this.stat(dir, text);
      // Deno's node:fs lists a name that is not UTF-8 with U+FFFD in place of
      // its bytes (even as a Buffer): then no such name is there.
      if (stat === undefined && e === Errno.NOENT && text.includes("\uFFFD")) {
        return [undefined, Errno.ILSEQ];
      }
      if (stat === undefined && e === Errno.NOENT) continue; // removed meanwhile
      if (stat === undefined) return [undefined, e];
      entries.push({ name, type: stat.filetype, ino: stat.ino });
    }
    return [entries, 0];
  }
}

/**
 * The names in directory `path`, in the kernel's order (as getdents64 gives
 * them on the FFI path, and wasmtime): Node's and Deno's `readdirSync` sort
 * them (libuv's scandir), so those read an `opendirSync` handle; Bun's
 * `readdirSync` keeps the order and its `Dir` gives no entries. Deno's names
 * are strings, with U+FFFD for bytes that are not UTF-8 (see `list`).
 */
function entryNames(path: string): Uint8Array[] {
  const fs = nodeFs();
  if (isBun) return fs.readdirSync(path, { encoding: "buffer" });
  // Node takes "buffer" here too (its types say otherwise); Deno needs a bufferSize.
  const encoding = "buffer" as BufferEncoding;
  const dir = fs.opendirSync(path, { encoding, bufferSize: 128 });
  const names: Uint8Array[] = [], encoder = new TextEncoder();
  try {
    for (let entry; (entry = dir.readSync()) !== null;) {
      const name: Uint8Array | string = entry.name;
      names.push(typeof name === "string" ? encoder.encode(name) : name);
    }
  } finally {
    dir.closeSync();
  }
  return names;
}

/** open(2) of `path` through node:fs, never following a final symlink. */
function nodeOpen(path: string, flags: number): number {
  return nodeFs().openSync(path, flags | nodeFs().constants.O_NOFOLLOW, 0o666);
}

/**
 * {@linkcode nodeOpen} on Deno, whose node:fs maps the flags onto Rust's
 * OpenOptions, which part from open(2) five times: O_TRUNC with O_APPEND or
 * with O_RDONLY is EINVAL, O_RDONLY with O_CREAT neither creates the file nor
 * honours O_EXCL (it opened an existing file), O_EXCL without O_CREAT is
 * EEXIST for a file that is there, and O_RDONLY with O_APPEND opens for
 * writing too (EISDIR for a directory). O_RDONLY|O_CREAT of a directory is
 * EISDIR, as open(2) answers. open(2)'s answers, from
 * calls it takes: the file made write-only first, truncated through a
 * writable fd once open.
 */
function denoOpen(path: string, flags: number): number {
  const fs = nodeFs(), c = fs.constants;
  // O_EXCL without O_CREAT means nothing for a file; Deno's creates with it (EEXIST).
  if (!(flags & c.O_CREAT)) flags &= ~c.O_EXCL;
  const readOnly = (flags & 3) === c.O_RDONLY;
  // O_APPEND means nothing on a read-only fd.
  if (readOnly) flags &= ~c.O_APPEND;
  let existed = false;
  if (readOnly && flags & c.O_CREAT) {
    try {
      fs.closeSync(nodeOpen(path, c.O_WRONLY | c.O_CREAT | c.O_EXCL));
    } catch (e) {
      if ((e as { code?: string })?.code !== "EEXIST" || flags & c.O_EXCL) throw e;
      existed = true;
    }
    flags &= ~(c.O_CREAT | c.O_EXCL);
  }
  const truncate = (flags & c.O_TRUNC) !== 0 && (readOnly || (flags & c.O_APPEND) !== 0);
  const fd = nodeOpen(path, truncate ? flags & ~c.O_TRUNC : flags);
  if (existed && host.filetype(fd) === Filetype.DIRECTORY) {
    fs.closeSync(fd);
    throw hostError(LINUX_ERRNO.EISDIR, `open ${path}`); // O_CREAT names no directory
  }
  if (!truncate) return fd;
  try {
    truncateOpened(fd, path, readOnly);
    return fd;
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/**
 * What O_TRUNC does to the file open as `fd` (at `path`), when it is a
 * regular file: through `fd`, or when that is read-only, through a writer
 * opened at `path` that must be the same file (a swap is ELOOP, thrown).
 */
function truncateOpened(fd: number, path: string, readOnly: boolean): void {
  const type = host.filetype(fd);
  // open(2) refuses O_TRUNC on a directory, read-only too (it asks for write access).
  if (type === Filetype.DIRECTORY) throw hostError(LINUX_ERRNO.EISDIR, `open ${path}`);
  if (type !== Filetype.REGULAR_FILE) return;
  const fs = nodeFs();
  if (!readOnly) {
    fs.ftruncateSync(fd, 0);
    return;
  }
  const writer = nodeOpen(path, fs.constants.O_WRONLY);
  try {
    const [a, b] = [host.fstat(fd), host.fstat(writer)];
    if (a.dev !== b.dev || a.ino !== b.ino) throw hostError(LINUX_ERRNO.ELOOP, `open ${path}`); // swapped
    fs.ftruncateSync(writer, 0);
  } finally {
    fs.closeSync(writer);
  }
}

/** A {@linkcode PathDir} for what is at `path` now (not following a final symlink), with its type. */
function pathDir(path: string): PathDir & { filetype: Filetype } {
  const { dev, ino, filetype } = host.lstat(path);
  return { path, dev, ino, filetype };
}

/** The host fd a "paths" handle the guest holds has on its directory (procfs: the handle). */
function ownFd(dir: DirHandle): number | undefined {
  return typeof dir === "number" ? dir : (dir as PathDir).fd;
}

/** Whether `dir` (a "paths" handle the guest holds) was removed: its fd's directory has no link left. */
function removed(dir: DirHandle): boolean {
  const fd = ownFd(dir);
  return fd !== undefined && tryHost(() => host.fstat(fd))[0]?.nlink === 0n;
}

/** `dir`'s path, once it still names the directory it was opened as; else ENOENT, thrown. */
function held(dir: PathDir): string {
  const now = host.lstat(dir.path);
  if (now.filetype !== Filetype.DIRECTORY || now.dev !== dir.dev || now.ino !== dir.ino) {
    throw hostError(LINUX_ERRNO.ENOENT, `lstat ${dir.path}`);
  }
  return dir.path;
}

/** Whether `/proc/self/fd/N/NAME` works here (procfs mounted, and the runtime lets us use it). */
export function procfsUsable(): boolean {
  // Deno asks for --allow-all for /proc/self/fd paths: do not make it prompt.
  if (
    isDeno &&
    Deno.permissions.querySync({ name: "read", path: "/proc/self/fd" }).state !== "granted"
  ) {
    return false;
  }
  const [fd] = tryHost(() =>
    nodeFs().openSync(".", nodeFs().constants.O_RDONLY | nodeFs().constants.O_DIRECTORY)
  );
  if (fd === undefined) return false;
  try {
    // Node's --permission checks the /proc/self/fd path, not the directory it names: one
    // granted reading it (`--allow-fs-read=*`) but not writing would make every write in
    // every preopen EACCES, so there it is the best-effort walk (which says so) instead.
    if (!isDeno && !mayWrite(`/proc/self/fd/${fd}/x`)) return false;
    return nodeFs().statSync(`/proc/self/fd/${fd}/.`).isDirectory();
  } catch {
    return false;
  } finally {
    tryHost(() => nodeFs().closeSync(fd));
  }
}
