/**
 * {@linkcode DirOps} on kernel directory fds through FFI (lib/host/libc.ts):
 * every call is an `*at` call on a held fd, and `beneath` is `openat2` with
 * RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS, so the kernel itself refuses
 * every step out of the directory, whatever another process renames
 * meanwhile. Without openat2 (kernel < 5.6, or a seccomp filter answering
 * ENOSYS or EPERM) `beneath` answers `undefined` and the resolver walks
 * with `openDir` (openat O_PATH | O_DIRECTORY | O_NOFOLLOW), cap-std's
 * manual resolver; `WASIRUN_RESOLVER=fd-walk` forces that.
 */
import type { Errno } from "../abi/errno.ts";
import { Filetype } from "../abi/types.ts";
import type { DirEntry, DirHandle, DirOps, HostStat, Path, Result, TimeSpec } from "./dir_ops.ts";
import { errnoOfHost, hostErrno } from "./errors.ts";
import { getEnv, nodeFs } from "./process.ts";
import { L, type Libc } from "./libc.ts";
import { escapesBytes } from "./names.ts";
import { PollRing } from "./poll_ring.ts";

/** getdents64's d_type values, as WASI filetypes (DT_UNKNOWN: ask fstatat). */
const FILETYPE_BY_DT: Record<number, Filetype> = {
  1: Filetype.UNKNOWN, // FIFO
  2: Filetype.CHARACTER_DEVICE,
  4: Filetype.DIRECTORY,
  6: Filetype.BLOCK_DEVICE,
  8: Filetype.REGULAR_FILE,
  10: Filetype.SYMBOLIC_LINK,
  12: Filetype.SOCKET_STREAM,
};
const DT_UNKNOWN = 0;

const RESOLVE = L.RESOLVE_BENEATH | L.RESOLVE_NO_MAGICLINKS;
/** A parent directory, as the general path opens one: symlinks inside the preopen followed. */
const PARENT_FLAGS = L.O_PATH | L.O_DIRECTORY;

function fail(r: number): Errno {
  return errnoOfHost(-r);
}

export class FfiDirOps implements DirOps {
  readonly #c: Libc;
  readonly #dents = new Uint8Array(32768);
  #kind: "openat2" | "fd-walk" | undefined;

  /**
   * With `useOpenat2`, openat2 is used when a probe shows the kernel has it,
   * made at the first call that asks (a run that resolves no path, a hello
   * with a preopen, binds no `syscall` for it: ~0.5 ms of Deno's start).
   */
  constructor(c: Libc, useOpenat2: boolean) {
    this.#c = c;
    if (!useOpenat2) this.#kind = "fd-walk";
  }

  get kind(): "openat2" | "fd-walk" {
    return this.#kind ??= hasOpenat2(this.#c) ? "openat2" : "fd-walk";
  }

  /** Resolves through FFI, whichever way (no probe made to say so). */
  readonly holdsRaces = true;

  openRoot(path: string): Result<DirHandle> {
    const fd = this.#c.openat(L.AT_FDCWD, path, L.O_RDONLY | L.O_DIRECTORY);
    if (fd >= 0) this.#roots.add(fd);
    return fd < 0 ? [undefined, fail(fd)] : [fd, 0];
  }

  /** The preopens' fds (openRoot's) not closed yet. */
  readonly #roots = new Set<number>();

  openDir(dir: DirHandle, name: string): Result<DirHandle> {
    const flags = L.O_PATH | L.O_DIRECTORY | L.O_NOFOLLOW;
    const fd = this.#c.openat(dir as number, name, flags);
    return fd < 0 ? [undefined, fail(fd)] : [fd, 0];
  }

  close(dir: DirHandle): void {
    this.#c.close(dir as number);
    // Its number may name another directory next: no cache entry may outlive its root.
    const cache = this.#cache;
    for (let i = cache.length - 1; i >= 0; i--) {
      if (cache[i].root === dir) this.#evict(cache.splice(i, 1)[0]);
    }
    this.#roots.delete(dir as number);
    // No preopen and nothing kept (every guest done, as when a Worker's run ends): the inotify
    // fd and its ring go too, made again at the next watch. Kept, a Worker that ends leaks them.
    if (this.#roots.size === 0 && cache.length === 0) this.#release();
  }

  #release(): void {
    this.#watches.clear();
    this.#ring?.close();
    this.#ring = undefined;
    if (this.#inotify >= 0) this.#c.close(this.#inotify);
    if (this.#inotify !== -1) this.#inotify = -2;
  }

  readlink(dir: DirHandle, name: string): Result<Uint8Array> {
    const r = this.#c.readlinkat(dir as number, name);
    return typeof r === "number" ? [undefined, fail(r)] : [r, 0];
  }

  stat(dir: DirHandle, name: string): Result<HostStat> {
    const r = name === ""
      ? this.#c.fstatx(dir as number)
      : this.#c.statx(dir as number, name, L.AT_SYMLINK_NOFOLLOW);
    return r < 0 ? [undefined, fail(r)] : [this.#c.stat(), 0];
  }

  /** The file type of `name` itself, without decoding the rest; undefined when it is gone. */
  #typeOf(dir: number, name: Path): Filetype | undefined {
    const r = this.#c.statx(dir, name, L.AT_SYMLINK_NOFOLLOW);
    return r < 0 ? undefined : this.#c.statType();
  }

  mkdir(dir: DirHandle, name: string): Errno {
    const r = this.#c.mkdirat(dir as number, name);
    return r < 0 ? fail(r) : 0;
  }

  remove(dir: DirHandle, name: string, isDir: boolean): Errno {
    const r = this.#c.unlinkat(dir as number, name, isDir ? L.AT_REMOVEDIR : 0);
    return r < 0 ? fail(r) : 0;
  }

  rename(dir: DirHandle, name: string, to: DirHandle, toName: string): Errno {
    const r = this.#c.renameat(dir as number, name, to as number, toName);
    return r < 0 ? fail(r) : 0;
  }

  link(dir: DirHandle, name: string, to: DirHandle, toName: string): Errno {
    const r = this.#c.linkat(dir as number, name, to as number, toName);
    return r < 0 ? fail(r) : 0;
  }

  symlink(target: string, dir: DirHandle, name: string): Errno {
    const r = this.#c.symlinkat(target, dir as number, name);
    return r < 0 ? fail(r) : 0;
  }

  setTimes(dir: DirHandle, name: string, atim: TimeSpec, mtim: TimeSpec): Errno {
    const flags = name === "" ? L.AT_EMPTY_PATH : L.AT_SYMLINK_NOFOLLOW;
    const r = this.#c.utimensat(dir as number, name, atim, mtim, flags);
    return r < 0 ? fail(r) : 0;
  }

  open(dir: DirHandle, name: string, flags: number): Result<number> {
    const fd = this.#c.openat(dir as number, name === "" ? "." : name, flags | L.O_NOFOLLOW);
    return fd < 0 ? [undefined, fail(fd)] : [fd, 0];
  }

  /**
   * A FIFO's open (O_NOFOLLOW, the name looked up in the held directory),
   * waiting off wasirun's thread: on Deno openat(2) on its FFI thread
   * (`node:fs`, which a run loads only for this, took 20-30 ms more);
   * elsewhere on the blocking pool, `node:fs` on /proc/self/fd/N/NAME. A
   * name that is not UTF-8 (lib/host/names.ts) would reach `node:fs` with
   * its escapes as U+FFFD, another name (it opened a file so named, or
   * answered ENOENT): the name is opened here by its bytes (O_PATH, no
   * rendezvous), and that fd, held until the open returns, is what `node:fs`
   * opens, through /proc/self/fd/M.
   */
  async openAsync(dir: DirHandle, name: string, flags: number): Promise<Result<number>> {
    // The open runs later, off this thread, when the pool gets to it: relative to a directory fd
    // of its own, not `dir`, which may be closed and its number reused for another run's
    // directory meanwhile (a cached one another run's calls pushed out: the open then found
    // that run's file; helper-212).
    const c = this.#c;
    const own = c.openat(dir as number, ".", L.O_PATH | L.O_DIRECTORY);
    if (own < 0) return [undefined, fail(own)];
    try {
      return await this.#openAsyncIn(own, name, flags);
    } finally {
      c.close(own);
    }
  }

  async #openAsyncIn(dir: number, name: string, flags: number): Promise<Result<number>> {
    const waiting = this.#c.openatWaiting(dir, name, flags | L.O_NOFOLLOW);
    if (waiting) {
      const fd = await waiting;
      return fd < 0 ? [undefined, fail(fd)] : [fd, 0];
    }
    let held = -1;
    try {
      if (!escapesBytes(name)) {
        return [await openAsync(`/proc/self/fd/${dir}/${name}`, flags | L.O_NOFOLLOW), 0];
      }
      const c = this.#c;
      held = c.openat(dir, name, L.O_PATH | L.O_NOFOLLOW);
      if (held < 0) return [undefined, fail(held)];
      // O_NOFOLLOW's answer for a symlink: /proc/self/fd/M is itself a link, not followable so.
      const r = c.fstatx(held);
      if (r < 0) return [undefined, fail(r)];
      if (c.statType() === Filetype.SYMBOLIC_LINK) return [undefined, errnoOfHost(ELOOP)];
      return [await openAsync(`/proc/self/fd/${held}`, flags), 0];
    } catch (e) {
      return [undefined, hostErrno(e)];
    } finally {
      if (held >= 0) this.#c.close(held);
    }
  }

  adopt(fd: number): DirHandle {
    return fd;
  }

  list(dir: DirHandle, entries: DirEntry[]): Result<DirEntry[]> {
    const fd = dir as number;
    const c = this.#c;
    const r = c.rewind(fd);
    if (r < 0) return [undefined, fail(r)];
    const buf = this.#dents;
    const view = new DataView(buf.buffer);
    for (;;) {
      const n = c.getdents64(fd, buf);
      // A directory removed since it was opened has no entries (Linux answers ENOENT; wasmtime and
      // the procfs path list it as empty).
      if (n === -ENOENT) return [entries, 0];
      if (n < 0) return [undefined, fail(n)];
      if (n === 0) return [entries, 0];
      // One copy of what this call read; each name is a view of it (no buffer per entry).
      const chunk = buf.slice(0, n);
      for (let off = 0; off < n;) {
        const reclen = view.getUint16(off + 16, true);
        const dtype = buf[off + 18];
        let end = off + 19;
        while (buf[end] !== 0) end++;
        const name = chunk.subarray(off + 19, end);
        const dots = name.length <= 2 && name[0] === 0x2e &&
          (name.length === 1 || name[1] === 0x2e);
        if (!dots) {
          let type = FILETYPE_BY_DT[dtype] ?? Filetype.UNKNOWN;
          if (dtype === DT_UNKNOWN) {
            // The name's own bytes: a name that is not UTF-8 would not survive a decode.
            const t = this.#typeOf(fd, name);
            if (t === undefined) {
              off += reclen;
              continue; // removed meanwhile
            }
            type = t;
          }
          const lo = view.getUint32(off, true), hi = view.getUint32(off + 4, true);
          // An inode number below 2^53 (all but a few filesystems' largest) makes no BigInt.
          const ino = hi < 0x200000 ? hi * 0x100000000 + lo : view.getBigUint64(off, true);
          entries.push({ name, type, ino });
        }
        off += reclen;
      }
    }
  }

  /**
   * A few parent directories kept open between calls (a guest working in a
   * directory asks for it again and again), most recent first. One is used
   * only while it is still the very directory its name shows in its root:
   *
   * - a statx of the name, without following, must show the very same
   *   directory (dev, ino) there now: the answer an openat2 of the name
   *   would give, in one call instead of an open and a close;
   * - or, once that check has been made {@linkcode WATCH_AFTER} times (a
   *   watch costs ~7 µs to set up and take down: a directory used a few
   *   times is not worth one), the entry is `fresh`: inotify has watched
   *   the root (`wd`) since before the last check, and has reported no
   *   rename or removal of that name there since (every change on a local
   *   filesystem goes through the kernel, which queues the event before the
   *   rename returns, so a read of the queue finding it empty is as good as
   *   looking: one read(2), ~0.35 µs, against a statx of the name, ~1–1.7 µs).
   *
   * At most two are in use at once (rename and link locate two paths), so
   * evicting the least recent of four never closes one in use; an event
   * only marks an entry stale, it never closes it.
   */
  readonly #cache: CachedDir[] = [];

  cachedDir(dir: DirHandle, name: string): DirHandle | undefined {
    if (name === ".." || name === "." || name.includes("/")) return undefined;
    return this.#cached(dir as number, name);
  }

  /** {@linkcode cachedDir} of a plain name: a string, or ASCII bytes 0 to `end` of `name`. */
  #cached(root: number, name: Path, end = name.length): number | undefined {
    const c = this.#c;
    const cache = this.#cache;
    if (this.#watches.size > 0 && (this.#ring === undefined || this.#ring.fired())) this.#drain();
    let known = false;
    for (let i = 0; i < cache.length; i++) {
      const hit = cache[i];
      if (hit.root !== root || !sameName(hit.name, name, end)) continue;
      if (hit.fresh) return this.#use(i);
      known = true;
    }
    // A name the cache has never held is opened at once (an open of anything but a directory
    // fails): a statx first would only say what the open says.
    if (!known) return this.#open(root, name, end);
    if (!this.#isDirectory(root, name, end)) return undefined;
    // A hot entry gets its watch, then the name is looked at once more: the last look it needs.
    for (const entry of cache) {
      if (entry.root !== root || entry.wd !== UNWATCHED || !sameName(entry.name, name, end)) {
        continue;
      }
      if (++entry.checks >= WATCH_AFTER) {
        entry.wd = this.#watch(root, entry.name);
        if (entry.wd >= 0 && !this.#isDirectory(root, name, end)) return undefined;
      }
      break;
    }
    for (let i = 0; i < cache.length; i++) {
      const hit = cache[i];
      if (hit.root !== root || !sameName(hit.name, name, end) || !c.statIdentity(hit.id)) continue;
      // Still there: its watch (if any) reports the next change from here on.
      hit.fresh = hit.wd >= 0;
      return this.#use(i);
    }
    return this.#open(root, name, end);
  }

  /**
   * The directory `name` (see {@linkcode #cached}) in `root`, opened and made the newest entry;
   * `undefined` for a symlink or anything else there. One plain component with O_NOFOLLOW stays
   * in `root`: no openat2 needed (fd-walk has none).
   */
  #open(root: number, name: Path, end: number): number | undefined {
    const c = this.#c;
    const cache = this.#cache;
    const text = typeof name === "string" ? name : String.fromCharCode(...name.subarray(0, end));
    const fd = c.openat(root, text, L.O_PATH | L.O_DIRECTORY | L.O_NOFOLLOW);
    if (fd < 0 || c.fstatx(fd) < 0) {
      if (fd >= 0) c.close(fd);
      return undefined;
    }
    const id = new Uint32Array(4);
    c.statIdentity(id, true);
    cache.unshift({ root, name: text, id, fd, wd: UNWATCHED, checks: 0, fresh: false });
    if (cache.length > 4) this.#evict(cache.pop()!);
    return fd;
  }

  /** Whether `name` (see {@linkcode #cached}) in `root` is a directory, not following a symlink; its identity stays in the statx buffer. */
  #isDirectory(root: number, name: Path, end: number): boolean {
    const c = this.#c;
    const r = typeof name === "string"
      ? c.statx(root, name, L.AT_SYMLINK_NOFOLLOW)
      : c.statxBytes(root, name, 0, end, L.AT_SYMLINK_NOFOLLOW);
    return r >= 0 && c.statType() === Filetype.DIRECTORY;
  }

  /** Cache entry `i`'s fd, the entry moved to the front (most recent first). */
  #use(i: number): number {
    const cache = this.#cache, hit = cache[i];
    if (i > 0) {
      cache.splice(i, 1);
      cache.unshift(hit);
    }
    return hit.fd;
  }

  #evict(entry: CachedDir): void {
    this.#c.close(entry.fd);
    this.#unwatch(entry.wd);
  }

  /** The inotify fd: -2 before the first watch, -1 where inotify cannot be had. */
  #inotify = -2;
  /**
   * Where the kernel says whether the inotify queue has had anything since
   * it was last read, without a system call (lib/host/poll_ring.ts); where
   * none can be had, the queue is read at every check.
   */
  #ring: PollRing | undefined;
  /** Each watch descriptor in use, and how many cache entries use it. */
  readonly #watches = new Map<number, number>();
  readonly #events = new Uint8Array(4096);
  readonly #eventsView = new DataView(this.#events.buffer);

  /**
   * A watch on `root` for the renames and removals of its names, or
   * UNWATCHABLE: no inotify, a name that is not ASCII (events name bytes),
   * or a filesystem whose changes may not all pass through this kernel
   * (NFS, FUSE, ...: only the statx check is trusted there).
   */
  #watch(root: number, name: string): number {
    const c = this.#c;
    if (this.#inotify === -2) {
      this.#inotify = Math.max(c.inotifyInit(), -1);
      if (this.#inotify >= 0 && !noPollRing()) this.#ring = PollRing.open(this.#inotify);
    }
    if (this.#inotify < 0 || !isAscii(name)) return UNWATCHABLE;
    if (!LOCAL_FILESYSTEMS.has(c.filesystemType(root))) return UNWATCHABLE;
    const wd = c.inotifyWatch(this.#inotify, root, WATCHED);
    if (wd < 0) return UNWATCHABLE;
    this.#watches.set(wd, (this.#watches.get(wd) ?? 0) + 1);
    return wd;
  }

  #unwatch(wd: number): void {
    const users = this.#watches.get(wd);
    if (users === undefined) return; // never watched, or the kernel dropped it (IN_IGNORED)
    if (users > 1) {
      this.#watches.set(wd, users - 1);
      return;
    }
    this.#watches.delete(wd);
    this.#c.inotifyUnwatch(this.#inotify, wd);
  }

  /**
   * Reads the queued events; an entry whose name an event names is no longer
   * fresh. At most a few reads a call (another process renaming in the root
   * without pause could keep the queue from ever being empty): past those,
   * no entry is fresh, and the statx checks decide until a read finds the
   * queue empty.
   */
  #drain(): void {
    // The ring is armed again only once a read finds the queue empty: while something keeps
    // renaming in a watched root, each check is one read, as without a ring, not a read and two
    // io_uring_enter calls (a guest renaming in the root between its stats: 9-11 % slower). Armed
    // after the read: an event queued since completes the new poll at once.
    if (this.#readQueue()) this.#ring?.rearm();
  }

  /** Reads the queued events (see {@linkcode #drain}); whether the queue was empty at once. */
  #readQueue(): boolean {
    const c = this.#c, buf = this.#events, v = this.#eventsView;
    for (let reads = 0;; reads++) {
      if (reads === MAX_DRAIN_READS) {
        for (const entry of this.#cache) entry.fresh = false;
        return false;
      }
      const n = c.read(this.#inotify, buf);
      if (n === -EAGAIN) return reads === 0;
      if (n <= 0) {
        // The queue cannot be read (should not happen): no watch is trusted from now on.
        for (const entry of this.#cache) entry.fresh = false, entry.wd = UNWATCHABLE;
        this.#watches.clear();
        c.close(this.#inotify);
        this.#inotify = -1;
        this.#ring?.close();
        this.#ring = undefined;
        return false;
      }
      for (let off = 0; off < n;) {
        const wd = v.getInt32(off, true), mask = v.getUint32(off + 4, true);
        const len = v.getUint32(off + 12, true);
        const gone = (mask & IN_IGNORED) !== 0; // the watch itself ended (the root removed)
        if (gone) this.#watches.delete(wd);
        for (const entry of this.#cache) {
          if (
            mask & IN_Q_OVERFLOW ||
            entry.wd === wd && (gone || eventNames(buf, off + 16, len, entry.name))
          ) {
            entry.fresh = false;
            if (gone) entry.wd = UNWATCHED, entry.checks = 0;
          }
        }
        off += 16 + len;
      }
    }
  }

  plainDir(root: DirHandle, path: Uint8Array, slash: number): DirHandle | undefined {
    if (slash < 0) return root;
    if (!deepParent(path, slash)) return this.#cached(root as number, path, slash);
    // "a/b/name": the parent opened beneath the root for this call only (a
    // cache would need every component checked again: no fewer calls). A
    // failure is left to the general path, which knows the errno's rules.
    if (this.kind !== "openat2") return undefined;
    const fd = this.#c.openat2Bytes(root as number, path, 0, slash, PARENT_FLAGS, RESOLVE);
    if (fd < 0) return undefined;
    this.#transient = fd;
    return fd;
  }

  releasePlainDir(dir: DirHandle): void {
    if (dir !== this.#transient) return;
    this.#transient = -1;
    this.#c.close(dir as number);
  }

  renamePlain(
    root: DirHandle,
    path: Uint8Array,
    len: number,
    slash: number,
    toRoot: DirHandle,
    toPath: Uint8Array,
    toLen: number,
    toSlash: number,
    recheck: (fromDir: DirHandle, toDir: DirHandle) => Errno,
  ): Errno | undefined {
    const sameParent = root === toRoot && slash === toSlash && samePrefix(path, toPath, slash);
    // A second parent opened for the call would need a second transient fd: general path.
    if (!sameParent && deepParent(toPath, toSlash)) {
      return undefined;
    }
    const from = this.plainDir(root, path, slash);
    if (from === undefined) return undefined;
    const to = sameParent ? from : this.plainDir(toRoot, toPath, toSlash);
    let done: Errno | undefined;
    const c = this.#c;
    if (
      to !== undefined &&
      c.statxBytes(from as number, path, slash + 1, len, L.AT_SYMLINK_NOFOLLOW) >= 0 &&
      c.statType() !== Filetype.SYMBOLIC_LINK &&
      // A directory moved to another parent may take depth from the links it holds: general path.
      (sameParent || c.statType() !== Filetype.DIRECTORY)
    ) {
      c.statIdentity(this.#moved, true);
      const r = c.renameatBytes(
        from as number,
        path,
        slash + 1,
        len,
        to as number,
        toPath,
        toSlash + 1,
        toLen,
      );
      done = r < 0 ? fail(r) : 0;
      // Across directories, what was moved must be what was looked at: a host process may have
      // swapped a symlink or a directory in meanwhile, which may lead out from its new place.
      if (
        done === 0 && !sameParent &&
        c.statxBytes(to as number, toPath, toSlash + 1, toLen, L.AT_SYMLINK_NOFOLLOW) >= 0 &&
        !c.statIdentity(this.#moved) &&
        (c.statType() === Filetype.SYMBOLIC_LINK || c.statType() === Filetype.DIRECTORY)
      ) {
        // Checked while both parents are held: a host process may be moving them too.
        try {
          done = recheck(from, to);
        } finally {
          this.releasePlainDir(from);
        }
        return done;
      }
    }
    this.releasePlainDir(from);
    return done;
  }

  /** The identity of what {@linkcode renamePlain} moves. */
  readonly #moved = new Uint32Array(4);

  /** The fd {@linkcode plainDir} opened for the call under way, or -1. */
  #transient = -1;

  statPlain(
    dir: DirHandle,
    path: Uint8Array,
    start: number,
    end: number,
    follow: boolean,
    out: Uint8Array,
  ): Errno | undefined {
    const c = this.#c;
    const r = c.statxBytes(dir as number, path, start, end, L.AT_SYMLINK_NOFOLLOW);
    if (r < 0) return fail(r);
    if (follow && c.statType() === Filetype.SYMBOLIC_LINK) return undefined;
    // A time past u64 nanoseconds: the general path answers EOVERFLOW.
    return c.filestatInto(out) ? 0 : undefined;
  }

  unlinkPlain(dir: DirHandle, path: Uint8Array, start: number, end: number): Errno {
    const r = this.#c.unlinkatBytes(dir as number, path, start, end, 0);
    return r < 0 ? fail(r) : 0;
  }

  beneath(dir: DirHandle, path: Path, flags: number): Result<number> | undefined {
    if (this.kind !== "openat2") return undefined;
    for (let attempt = 0; attempt < 4; attempt++) {
      const fd = this.#c.openat2(dir as number, path, flags, RESOLVE);
      if (fd >= 0) return [fd, 0];
      const errno = -fd;
      // A rename elsewhere made the kernel unsure about "..": try again.
      if (errno === EAGAIN) continue;
      if (errno === ENOSYS) {
        this.#kind = "fd-walk"; // no openat2 here: walk from now on
        return undefined;
      }
      return [undefined, fail(fd)];
    }
    return undefined;
  }
}

/** A parent directory kept open: `fd`, the directory named `name` in `root` (see FfiDirOps). */
interface CachedDir {
  root: number;
  name: string;
  /** dev major, dev minor, ino low, ino high. */
  id: Uint32Array;
  fd: number;
  /** The inotify watch on `root`, or UNWATCHED, or UNWATCHABLE. */
  wd: number;
  /** How many times the statx check found it still there, unwatched. */
  checks: number;
  /** Watched, and nothing renamed or removed `name` in `root` since it was opened or checked. */
  fresh: boolean;
}

/** inotify(7)'s bits: what makes a name in a directory name something else, and the queue's own. */
const IN_MOVED_FROM = 0x40;
const IN_MOVED_TO = 0x80;
const IN_DELETE = 0x200;
const IN_Q_OVERFLOW = 0x4000;
const IN_IGNORED = 0x8000;
const IN_ONLYDIR = 0x1000000;
const WATCHED = IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE | IN_ONLYDIR;
/** A cache entry's `wd` before its watch, and where none can be had. */
const UNWATCHED = -1;
const UNWATCHABLE = -2;
/** Checks by statx before an entry is watched. */
const WATCH_AFTER = 16;
/** Reads of the inotify queue (4 KiB each, ~100 events) one check makes at most. */
const MAX_DRAIN_READS = 4;

/**
 * Filesystems (statfs `f_type`) whose every change is made by this kernel, so
 * inotify sees it: ext2/3/4, XFS, Btrfs, tmpfs, ramfs, F2FS, overlayfs (whose
 * layers must not change under it). Not NFS, FUSE, 9p, SMB: another machine
 * or a server process can rename there unseen.
 */
const LOCAL_FILESYSTEMS = new Set([
  0xef53,
  0x58465342,
  0x9123683e,
  0x01021994,
  0x858458f6,
  0xf2f52010,
  0x794c7630,
]);

/**
 * `WASIRUN_IO_URING=0`: no ring (lib/host/poll_ring.ts); the inotify queue is
 * read at every check, as where the kernel or the runtime offers none (the
 * tests run both ways).
 */
function noPollRing(): boolean {
  return getEnv("WASIRUN_IO_URING") === "0";
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Whether the NUL-padded event name at `at` (`len` bytes) is `name` (ASCII). */
function eventNames(buf: Uint8Array, at: number, len: number, name: string): boolean {
  if (name.length >= len || buf[at + name.length] !== 0) return false;
  for (let i = 0; i < name.length; i++) if (buf[at + i] !== name.charCodeAt(i)) return false;
  return true;
}

/** Whether a cached name is `name` (a string, or ASCII bytes 0 to `end`), making no string. */
function sameName(cached: string, name: Path, end: number): boolean {
  if (typeof name === "string") return cached === name;
  if (cached.length !== end) return false;
  for (let i = 0; i < end; i++) if (cached.charCodeAt(i) !== name[i]) return false;
  return true;
}

const ENOENT = 2;
const ELOOP = 40;
const EAGAIN = 11;
const ENOSYS = 38;

/**
 * Whether the kernel does openat2: ENOSYS before Linux 5.6, and ENOSYS or
 * EPERM from a seccomp filter that does not know it (older container runtimes).
 */
function hasOpenat2(c: Libc): boolean {
  const fd = c.openat2(L.AT_FDCWD, ".", L.O_PATH | L.O_DIRECTORY, RESOLVE);
  if (fd >= 0) c.close(fd);
  return fd >= 0;
}

function openAsync(path: string, flags: number): Promise<number> {
  return new Promise((resolve, reject) => {
    nodeFs().open(path, flags, 0o666, (err, fd) => err ? reject(err) : resolve(fd));
  });
}

/** Whether bytes 0 to `end` of `a` and `b` are the same. */
function samePrefix(a: Uint8Array, b: Uint8Array, end: number): boolean {
  for (let i = 0; i < end; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether the parent of a plain path whose last "/" is at `slash` has a "/" itself ("a/b/name"). */
function deepParent(path: Uint8Array, slash: number): boolean {
  return slash > 0 && path.lastIndexOf(0x2f, slash - 1) >= 0;
}
