/**
 * Path resolution inside a directory the guest holds, the way cap-std (and
 * so wasmtime) does it: every directory fd is its own sandbox root, and a
 * guest path is resolved relative to the host fd that directory holds, never
 * as a host path string. Absolute paths, `..` above the root and symlinks
 * that lead out answer EPERM (cap-std's "a path led outside of the
 * filesystem"); NUL in a path is EINVAL; more than 40 symlinks is ELOOP.
 *
 * {@linkcode locate} finds the directory holding a path's last component
 * (and that component), so that the caller acts on it with one `*at` call:
 * through the kernel where it can (openat2 with RESOLVE_BENEATH, one call),
 * else by {@linkcode walk}ing one component at a time with the directory ops
 * of lib/host/dir_ops.ts (FFI openat, or `/proc/self/fd/N/NAME`). The walk
 * is the one place that knows the rules: components, `..`, symlink splicing,
 * the hop limit, trailing slashes. Which way is used, and what each
 * guarantees: RATIONALE.md ("The filesystem sandbox").
 */
import { Errno } from "../abi/errno.ts";
import { Filetype } from "../abi/types.ts";
import type { DirHandle, DirOps, HostStat, Path, Result } from "./dir_ops.ts";
import { FfiDirOps } from "./dir_ops_ffi.ts";
import { NodeDirOps, procfsUsable } from "./dir_ops_node.ts";
import { fdLibc, L, requestedResolver } from "./libc.ts";
import { decodeName, decodeUtf8, nameLength } from "./names.ts";
import { filesPermissioned } from "./process.ts";
import { isDeno } from "./runtime.ts";

export type { DirHandle, DirOps, Path, Result };

/** Linux's limit (path_resolution(7)), and cap-std's. */
export const MAX_SYMLINK_HOPS = 40;

let chosen: DirOps | undefined;

/**
 * The directory ops this host uses: FFI (openat2, or the fd walk where the
 * kernel lacks it or `WASIRUN_RESOLVER=fd-walk`), else procfs, else paths.
 * `WASIRUN_RESOLVER=procfs|paths` forces those (for tests).
 */
export function dirOps(): DirOps {
  if (chosen) return chosen;
  const wanted = requestedResolver();
  const ffi = fdLibc();
  if (ffi) chosen = new FfiDirOps(ffi, wanted !== "fd-walk");
  else if (wanted !== "paths" && procfsUsable()) chosen = new NodeDirOps("procfs");
  else chosen = new NodeDirOps("paths");
  return chosen;
}

/**
 * One line for stderr at start-up when the sandbox cannot hold against
 * another process racing it (no FFI and no usable /proc/self/fd), else
 * undefined.
 */
export function resolverWarning(): string | undefined {
  if (dirOps().holdsRaces) return undefined;
  return "wasirun: warning: no FFI (--allow-ffi: Deno; Node under --permission) and no usable /proc/self/fd: the filesystem sandbox is best " +
    "effort (another process renaming entries in the preopen, another guest too, can redirect path calls; see README)";
}

/**
 * Deno's `--deny-read=`/`--deny-write=` flag that names the preopen
 * `hostPath` or a path inside it, where wasirun resolves guest paths through
 * FFI: Deno checks no FFI call, so the denial would not hold there. Paths
 * are compared as the kernel resolves them (through symlinks, `..` after
 * one) and as written. Read from /proc/self/cmdline through FFI, as scoped
 * permissions may not let Deno read it (permissions from a configuration
 * file are not seen there), unless Deno says every read and write is allowed
 * with no exception (`-A` and no `--deny-*`: nothing to read, and no FFI
 * function to bind, ~0.25 ms of a start).
 */
export function denialInside(hostPath: string): string | undefined {
  if (!isDeno || !(dirOps() instanceof FfiDirOps)) return undefined;
  const denials = denoDenials();
  if (denials.length === 0) return undefined;
  const roots = spellings(hostPath);
  const inside = (path: string) =>
    roots.some((root) => path === root || path.startsWith(root === "/" ? "/" : root + "/"));
  return denials.find(({ denied }) => spellings(denied).some(inside))?.flag;
}

/**
 * The path wasirun opens for the preopen `hostPath`: as written, except
 * where a permission model is asked about it (Deno's, Node's) and wasirun
 * resolves through FFI, whose calls the model does not see: there with `.`
 * and `..` taken out as text, as the model reads it, and as Deno opens it.
 * As written, `ALLOWED/y/..` with `y` a link someone planted in `ALLOWED`
 * was allowed as `ALLOWED`, and the kernel opened the parent of the link's
 * target (helper-212).
 */
export function preopenTarget(hostPath: string): string {
  return dirOps() instanceof FfiDirOps && filesPermissioned() ? absolute(hostPath) : hostPath;
}

/** `path` as written (made absolute) and as the kernel resolves it: of it, or of its nearest existing ancestor. */
function spellings(path: string): string[] {
  const written = absolute(path);
  let resolved = physical(path);
  for (let head = written, tail = ""; resolved === undefined && head !== "/";) {
    const cut = head.lastIndexOf("/");
    tail = head.slice(cut) + tail;
    head = head.slice(0, cut) || "/";
    const base = physical(head);
    if (base !== undefined) resolved = (base === "/" ? "" : base) + tail;
  }
  return resolved === undefined || resolved === written ? [written] : [written, resolved];
}

/** `path` made absolute against the working directory, `.` and `..` taken out (no link followed). */
function absolute(path: string): string {
  let base = "";
  if (!path.startsWith("/")) {
    const cwd = fdLibc()?.readlinkat(L.AT_FDCWD, "/proc/self/cwd");
    base = cwd instanceof Uint8Array ? new TextDecoder().decode(cwd) : "";
  }
  const parts: string[] = [];
  for (const part of `${base}/${path}`.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return "/" + parts.join("/");
}

/** Where `path` leads as the kernel resolves it (links followed), from an O_PATH fd's /proc link. */
function physical(path: string): string | undefined {
  const c = fdLibc();
  const fd = c?.openat(L.AT_FDCWD, path, L.O_PATH) ?? -1;
  if (c === undefined || fd < 0) return undefined;
  try {
    const target = c.readlinkat(L.AT_FDCWD, `/proc/self/fd/${fd}`);
    return target instanceof Uint8Array ? new TextDecoder().decode(target) : undefined;
  } finally {
    c.close(fd);
  }
}

let denials: { flag: string; denied: string }[] | undefined;

/** The paths Deno's command line denies, absolute, each with the flag that names it. */
function denoDenials(): { flag: string; denied: string }[] {
  if (denials !== undefined) return denials;
  denials = [];
  if (allowedWithoutException("read") && allowedWithoutException("write")) return denials;
  const c = fdLibc();
  if (c === undefined) return denials;
  const fd = c.openat(L.AT_FDCWD, "/proc/self/cmdline", L.O_RDONLY);
  if (fd < 0) return denials;
  const chunks: Uint8Array[] = [];
  try {
    for (let total = 0; total < 1 << 20;) {
      const chunk = new Uint8Array(65536);
      const n = c.read(fd, chunk);
      if (n <= 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
    }
  } finally {
    c.close(fd);
  }
  const bytes = new Uint8Array(chunks.reduce((n, b) => n + b.length, 0));
  chunks.reduce((at, b) => (bytes.set(b, at), at + b.length), 0);
  // deno run [Deno's flags] SCRIPT [Deno.args]: only Deno's own flags count.
  const argv = new TextDecoder().decode(bytes).split("\0").slice(0, -1);
  const script = argv.length - Deno.args.length - 1;
  for (const arg of argv.slice(1, Math.max(1, script))) {
    // Without a list, the flag denies everything: Deno's own check of the preopen refuses it.
    const match = /^--deny-(?:read|write)=(.*)$/s.exec(arg);
    if (!match) continue;
    for (const name of match[1].split(",")) {
      if (name !== "") denials.push({ flag: arg, denied: absolute(name) });
    }
  }
  return denials;
}

/** Whether Deno grants `name` for every path: granted, and not for some paths only (`partial`). */
function allowedWithoutException(name: "read" | "write"): boolean {
  const status = Deno.permissions.querySync({ name }) as Deno.PermissionStatus & {
    partial?: boolean;
  };
  return status.state === "granted" && status.partial === false;
}

/** Where a guest path leads: the directory holding its last component, and that name. */
export interface Located {
  /** The directory to act in: the root itself, or a handle opened for this call. */
  dir: DirHandle;
  /** `dir` was opened for this call: {@linkcode release} closes it. */
  owned: boolean;
  /** The last component; "" when the path names the directory `dir` itself. */
  name: string;
  /** The path ended in "/" (or so did the target of a final symlink): it must name a directory. */
  mustBeDir: boolean;
  /**
   * Its last component was "." ("x/.", or a final symlink's target was): open(2)
   * with O_CREAT then answers for what `name` is, where a bare trailing "/" is EISDIR.
   */
  dot?: boolean;
}

/** Closes what {@linkcode locate} opened. */
export function release(l: Located, ops: DirOps = dirOps()): void {
  if (l.owned) ops.close(l.dir);
}

/** A path's components without the empty ones and ".". */
function components(path: string): string[] {
  return path.split("/").filter((c) => c !== "" && c !== ".");
}

function endsAsDir(path: string): boolean {
  return path.endsWith("/") || path.endsWith("/.") || path === ".";
}

/**
 * With O_CREAT, open(2) does not follow a final symlink whose target ends in
 * "/" (but not "/.") any further: it resolves the target's directory and
 * answers EISDIR for the name (lib/fd/dir.ts), loops and all ("a" -> "b/",
 * "b" -> "a/" is EISDIR, not ELOOP).
 */
function creatingStops(target: string): boolean {
  return target.endsWith("/") && !endsWithDot(target);
}

/** The last component is "." (trailing slashes aside). */
function endsWithDot(path: string): boolean {
  return /(^|\/)\.\/*$/.test(path);
}

/** What every path is checked for before anything is looked up. */
export function refusePath(path: string): Errno {
  if (path.includes("\0")) return Errno.INVAL;
  if (path === "") return Errno.NOENT;
  if (path.startsWith("/")) return Errno.PERM;
  return Errno.SUCCESS;
}

/** What {@linkcode plainPath} answers for any other path. */
export const NOT_PLAIN = -2;

/**
 * Where the last "/" of a plain path (the first `n` bytes of `path`) is: -1
 * for "name", its index for "dir/name" or "a/b/name", where each name is
 * ASCII without NUL and neither "." nor ".."; NOT_PLAIN for every other
 * path. Such a path needs none of the resolver's rules (no "..", no trailing
 * "/", nothing to refuse, valid UTF-8) and is the commonest (a program
 * working in a tree): the FFI ops take it as the guest's bytes
 * (lib/host/dir_ops.ts, `plainDir`), as `locatePlain` takes the same shape
 * as a string.
 */
export function plainPath(path: Uint8Array, n: number = path.length): number {
  let slash = -1;
  for (let i = 0; i < n; i++) {
    const b = path[i];
    if (b === 0 || b >= 0x80) return NOT_PLAIN;
    if (b === 0x2f) {
      if (!isPlainName(path, slash + 1, i)) return NOT_PLAIN;
      slash = i;
    }
  }
  return isPlainName(path, slash + 1, n) ? slash : NOT_PLAIN;
}

/**
 * Drops the leading "./" components of the first `n` bytes of `path` in place ("./a", ".//a",
 * "././a" become "a"); the new length. A path of nothing else ("./") stays as it is. To the kernel a
 * directory fd's "./name" is its "name", so a program given "./file" (or wasi-libc's paths under a
 * "." preopen) takes a plain path's calls.
 */
export function withoutDotPrefix(path: Uint8Array, n: number): number {
  let i = 0;
  while (i + 1 < n && path[i] === 0x2e && path[i + 1] === 0x2f) {
    i += 2;
    while (i < n && path[i] === 0x2f) i++;
  }
  if (i === 0 || i === n) return n;
  path.copyWithin(0, i, n);
  return n - i;
}

/** Bytes `start` to `end` are a name: not empty, ".", or "..". */
function isPlainName(path: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  if (n === 0) return false;
  if (n > 2 || path[start] !== 0x2e) return true;
  return n === 2 && path[start + 1] !== 0x2e;
}

/** The kernel's "led outside" (EXDEV from RESOLVE_BENEATH) is cap-std's EPERM. */
export function escapeIsPerm(errno: Errno): Errno {
  return errno === Errno.XDEV ? Errno.PERM : errno;
}

/**
 * Whether `ops` takes any host name as a string (lib/host/names.ts): the FFI
 * resolvers, which hand the kernel a name's own bytes. `node:fs` cannot.
 */
export function takesAnyName(ops: DirOps = dirOps()): boolean {
  return ops instanceof FfiDirOps;
}

/**
 * A host name or symlink target as a string: any bytes through FFI
 * ({@linkcode takesAnyName}), else EILSEQ when they are not UTF-8.
 */
export function decodeTarget(bytes: Uint8Array, ops: DirOps = dirOps()): Result<string> {
  if (takesAnyName(ops)) return [decodeName(bytes), 0];
  const text = decodeUtf8(bytes);
  return text === undefined ? [undefined, Errno.ILSEQ] : [text, 0];
}

/**
 * Finds the directory holding `path`'s last component, beneath `root`. With
 * `follow` (or a trailing "/") a final symlink is followed too; intermediate
 * ones always are.
 */
export function locate(
  root: DirHandle,
  path: string,
  follow: boolean,
  creating = false,
): Result<Located> {
  return locateWith(dirOps(), root, path, follow, creating);
}

/** {@linkcode locate} with the given directory ops. */
export function locateWith(
  ops: DirOps,
  root: DirHandle,
  path: string,
  follow: boolean,
  creating = false,
): Result<Located> {
  const refused = refusePath(path);
  if (refused) return [undefined, refused];
  const plain = follow ? undefined : locatePlain(ops, root, path);
  if (plain) return [plain, 0];
  if (ops.beneath === undefined || ops.kind !== "openat2") {
    return walk(ops, root, path, follow, creating);
  }
  const result = locateBeneath(ops, root, path, follow, plain === undefined, creating);
  return result ?? walk(ops, root, path, follow, creating);
}

/** Neither "." nor ".." (nor empty). */
function isName(c: string): boolean {
  return c !== "" && c !== "." && c !== "..";
}

/**
 * The common case, located without splitting the path: "name" (the root
 * itself holds it) or "dir/name" where `dir` is in the parent cache
 * (`cachedDir`, which checks it is still the directory there). Both are
 * plain names (no "", ".", ".."); a final symlink is not followed.
 * `undefined`: not such a path; `null`: the cache was asked and had no
 * directory there (resolve it the general way, without asking again).
 */
function locatePlain(ops: DirOps, root: DirHandle, path: string): Located | null | undefined {
  const slash = path.indexOf("/");
  if (slash < 0) {
    return isName(path) ? { dir: root, owned: false, name: path, mustBeDir: false } : undefined;
  }
  if (ops.cachedDir === undefined || path.indexOf("/", slash + 1) >= 0) return undefined;
  const dirName = path.slice(0, slash), name = path.slice(slash + 1);
  if (!isName(dirName) || !isName(name)) return undefined;
  const dir = ops.cachedDir(root, dirName);
  return dir === undefined ? null : { dir, owned: false, name, mustBeDir: false };
}

/**
 * {@linkcode locate} through the kernel: the parent is one openat2 (none for
 * a one-component path); a final symlink that must be followed is spliced
 * into the path and the result resolved again. `undefined`: walk instead.
 * Without `useCache`, `path` itself is not looked up in the parent cache
 * (locatePlain just did).
 */
function locateBeneath(
  ops: DirOps,
  root: DirHandle,
  path: string,
  follow: boolean,
  useCache: boolean,
  creating: boolean,
): Result<Located> | undefined {
  let mustBeDir = endsAsDir(path);
  let dot = endsWithDot(path);
  let stop = false; // see creatingStops
  for (let hops = 0;; hops++) {
    const parts = components(path);
    if (parts.length === 0) return [{ dir: root, owned: false, name: "", mustBeDir: true }, 0];
    const last = parts[parts.length - 1];
    const dirPath = last === ".." ? parts.join("/") : parts.slice(0, -1).join("/");
    let dir = root;
    let owned = false;
    // A one-component parent ("dir/name"), never "..": may come from the cache.
    const cached = (useCache || hops > 0) && parts.length === 2 && last !== ".." && dirPath !== ".."
      ? ops.cachedDir?.(root, dirPath)
      : undefined;
    if (cached !== undefined) {
      dir = cached;
    } else if (dirPath !== "") {
      const opened = ops.beneath!(root, dirPath, L.O_PATH | L.O_DIRECTORY);
      if (opened === undefined) return undefined;
      if (opened[0] === undefined) return [undefined, escapeIsPerm(opened[1])];
      dir = opened[0];
      owned = true;
    }
    if (last === "..") return [{ dir, owned, name: "", mustBeDir: true }, 0];
    if ((!follow && !mustBeDir) || stop) return [{ dir, owned, name: last, mustBeDir, dot }, 0];
    const [bytes, err] = ops.readlink(dir, last);
    if (bytes === undefined) {
      // Not a symlink (EINVAL) or not there: the name itself is what the path names.
      if (err === Errno.INVAL || err === Errno.NOENT) {
        return [{ dir, owned, name: last, mustBeDir, dot }, 0];
      }
      if (owned) ops.close(dir);
      return [undefined, err];
    }
    if (owned) ops.close(dir);
    const [target, e] = decodeTarget(bytes, ops);
    if (target === undefined) return [undefined, e];
    if (target.startsWith("/")) return [undefined, Errno.PERM];
    if (hops + 1 > MAX_SYMLINK_HOPS) return [undefined, Errno.LOOP];
    if (endsAsDir(target)) mustBeDir = true;
    if (endsWithDot(target)) dot = true;
    if (creating && creatingStops(target)) stop = true;
    path = (dirPath === "" ? "" : dirPath + "/") + target + (mustBeDir ? "/" : "");
    // The spliced path keeps every component before the link: a few long
    // targets make it longer than openat2 takes (ENAMETOOLONG), where Linux,
    // wasmtime and the walk follow each link on its own: the walk resolves it.
    if (path.length * 3 >= PATH_MAX && nameLength(path) >= PATH_MAX) {
      return undefined;
    }
  }
}

/** Linux's PATH_MAX: openat2 answers ENAMETOOLONG to a path of this many bytes or more. */
const PATH_MAX = 4096;

/**
 * The resolver's rules, walked one component at a time from `root` with
 * `ops` (cap-std's manual resolver): each directory is opened with
 * O_NOFOLLOW from the one before; a symlink met is read in its directory
 * and its target spliced into the walk; `..` goes back to the directory the
 * walk came from, and at `root` is EPERM.
 */
export function walk(
  ops: DirOps,
  root: DirHandle,
  path: string,
  follow: boolean,
  creating = false,
): Result<Located> {
  const refused = refusePath(path);
  if (refused) return [undefined, refused];
  const stack: DirHandle[] = [];
  const current = () => stack.length > 0 ? stack[stack.length - 1] : root;
  const fail = (errno: Errno): Result<Located> => {
    for (const dir of stack) ops.close(dir);
    return [undefined, errno];
  };
  /** The answer: `dir` is the top of the stack (kept open) or root. */
  const found = (name: string, mustBeDir: boolean): Result<Located> => {
    const dir = stack.pop() ?? root;
    for (const d of stack) ops.close(d);
    return [{ dir, owned: dir !== root, name, mustBeDir, dot }, 0];
  };
  const todo = components(path).reverse();
  let mustBeDir = endsAsDir(path);
  let dot = endsWithDot(path);
  let stop = false; // see creatingStops
  let hops = 0;
  while (todo.length > 0) {
    const name = todo.pop()!;
    const last = todo.length === 0;
    if (name === "..") {
      if (stack.length === 0) return fail(Errno.PERM);
      ops.close(stack.pop()!);
      continue;
    }
    if (last && ((!follow && !mustBeDir) || stop)) return found(name, mustBeDir);
    if (!last) {
      const [dir, err] = ops.openDir(current(), name);
      if (dir !== undefined) {
        stack.push(dir);
        continue;
      }
      // A symlink answers ENOTDIR (with O_DIRECTORY) or ELOOP (O_NOFOLLOW): read it.
      if (err !== Errno.NOTDIR && err !== Errno.LOOP) return fail(err);
    }
    const [bytes, err] = ops.readlink(current(), name);
    if (bytes === undefined) {
      if (!last) return fail(err === Errno.INVAL ? Errno.NOTDIR : err);
      if (err === Errno.INVAL || err === Errno.NOENT) return found(name, mustBeDir);
      return fail(err);
    }
    const [target, e] = decodeTarget(bytes, ops);
    if (target === undefined) return fail(e);
    if (target.startsWith("/")) return fail(Errno.PERM);
    if (++hops > MAX_SYMLINK_HOPS) return fail(Errno.LOOP);
    if (last && endsAsDir(target)) mustBeDir = true;
    if (last && endsWithDot(target)) dot = true;
    if (last && creating && creatingStops(target)) stop = true;
    todo.push(...components(target).reverse());
  }
  return found("", true);
}

/** ENOTDIR when a path that must name a directory names something else. */
export function checkMustBeDir(l: Located): Errno {
  if (!l.mustBeDir || l.name === "") return Errno.SUCCESS;
  const [stat] = dirOps().stat(l.dir, l.name);
  return stat !== undefined && stat.filetype !== Filetype.DIRECTORY ? Errno.NOTDIR : Errno.SUCCESS;
}

/**
 * Whether a symlink to `target`, placed in a directory `depth` levels below
 * the preopen's root, could lead above that root. Refused at creation (and
 * when a link is moved or linked elsewhere), so that no program on the host
 * is led out by a link the guest planted: an absolute target, or more `..`
 * in all than `depth`. Every `..` counts, wherever it is: a name before it
 * may be (or later become) a link to `.`, which adds no depth (`gdot/../x`
 * where `gdot -> .` climbs one level); reading the target lexically would
 * let that through.
 */
export function targetEscapes(target: string, depth: number): boolean {
  if (target.startsWith("/")) return true;
  let up = 0;
  for (const c of components(target)) if (c === "..") up++;
  return up > depth;
}

/**
 * Whether a symlink in the directory `dir` or anywhere below it, `dir` being
 * `depth` levels below the preopen's root, could lead above that root (see
 * {@linkcode targetEscapes}): what path_rename checks before it moves a
 * directory to a shallower place, where the `..` of the links it holds climb
 * further. Symlinks are never followed; an entry that cannot be checked (a
 * link that cannot be read; without FFI also one whose target is not UTF-8,
 * or anything but a regular file whose name is not) counts as leading out. A tree deeper than
 * {@linkcode MAX_SCAN_DEPTH}, or one that cannot be read, counts as leading
 * out: the move is refused rather than left unchecked.
 */
export function linkLeadsOut(dir: DirHandle, depth: number, ops: DirOps = dirOps()): boolean {
  const visit = (at: DirHandle, level: number): boolean => {
    if (level - depth > MAX_SCAN_DEPTH) return true;
    const [entries] = ops.list(at, []);
    if (entries === undefined) return true;
    for (const entry of entries) {
      const [name] = decodeTarget(entry.name, ops);
      let type = entry.type;
      if (name === undefined) {
        // The host's name, which cannot be named back: a file is no link.
        if (type === Filetype.REGULAR_FILE) continue;
        return true;
      }
      if (type === Filetype.UNKNOWN) type = ops.stat(at, name)[0]?.filetype ?? Filetype.UNKNOWN;
      if (type === Filetype.SYMBOLIC_LINK) {
        const [bytes] = ops.readlink(at, name);
        const [target] = bytes === undefined ? [undefined] : decodeTarget(bytes, ops);
        // A link that cannot be read, or whose target is not UTF-8 (bytes the
        // kernel follows all the same), is counted as leading out.
        if (target === undefined || targetEscapes(target, level)) return true;
      } else if (type === Filetype.DIRECTORY) {
        const sub = openToList(at, name, ops);
        if (sub === undefined) return true;
        try {
          if (visit(sub, level + 1)) return true;
        } finally {
          ops.close(sub);
        }
      }
    }
    return false;
  };
  return visit(dir, depth);
}

/** Directory `name` in `dir`, opened to be listed (never through a symlink). */
export function openToList(
  dir: DirHandle,
  name: string,
  ops: DirOps = dirOps(),
): DirHandle | undefined {
  const [fd] = ops.open(dir, name, L.O_RDONLY | L.O_DIRECTORY);
  return fd === undefined ? undefined : ops.adopt(fd, dir, name);
}

/** How deep below a moved directory {@linkcode linkLeadsOut} looks (one host fd a level). */
const MAX_SCAN_DEPTH = 256;

/**
 * How many levels below the directory with identity `root` the directory
 * `dir` is now, found by opening `..` upwards until `root` (undefined when
 * `root` is not above it any more: it was moved out).
 */
export function depthBelow(
  dir: DirHandle,
  root: HostStat,
  ops: DirOps = dirOps(),
): number | undefined {
  let current = dir;
  let depth = 0;
  try {
    for (; depth < 4096; depth++) {
      const [stat] = ops.stat(current, "");
      if (stat === undefined) return undefined;
      if (stat.dev === root.dev && stat.ino === root.ino) return depth;
      const [up] = ops.openDir(current, "..");
      if (up === undefined) return undefined;
      const [upStat] = ops.stat(up, "");
      if (current !== dir) ops.close(current);
      current = up;
      if (upStat !== undefined && upStat.ino === stat.ino && upStat.dev === stat.dev) {
        return undefined; // reached "/"
      }
    }
    return undefined;
  } finally {
    if (current !== dir) ops.close(current);
  }
}
