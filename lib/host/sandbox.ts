/**
 * Path resolution inside a directory the guest holds, the way cap-std (and
 * so wasmtime) does it: every directory fd is its own sandbox root. A guest
 * path is walked one component at a time with `lstat`; each symlink met is
 * read and its target spliced into the walk (at most 40 of them, then
 * ELOOP). Absolute paths, `..` above the base and absolute symlink targets
 * answer EPERM (cap-std's "a path led outside of the filesystem"); NUL in a
 * path is EINVAL. What a check-then-act resolver cannot prevent, and how
 * {@linkcode openInside} narrows it, is in RATIONALE.md ("The filesystem sandbox").
 */
import { Errno } from "../abi/errno.ts";
import { Filetype } from "../abi/types.ts";
import { tryHost } from "./errors.ts";
import * as host from "./fs.ts";

/** Linux's limit (path_resolution(7)), and cap-std's. */
export const MAX_SYMLINK_HOPS = 40;

/** Where a guest path leads, as host paths that were checked to stay inside the base. */
export interface Resolved {
  /** Host path of what the path names. */
  path: string;
  /** Directories from the base down to the one holding `name`, symlinks expanded. */
  dirs: string[];
  /** The last component; "" when the path names a directory by ".", ".." or the base itself. */
  name: string;
  /** `lstat` of `path`; undefined when nothing is there. */
  stat: host.HostStat | undefined;
  /** The path ended in "/" (or so did the target of a final symlink): it must name a directory. */
  mustBeDir: boolean;
}

export type Result<T> = [T, 0] | [undefined, Errno];

/** Joins the base and components into one host path. */
export function hostJoin(base: string, parts: string[]): string {
  if (parts.length === 0) return base;
  return (base.endsWith("/") ? base : base + "/") + parts.join("/");
}

/** A path's components without the empty ones and ".". */
function components(path: string): string[] {
  return path.split("/").filter((c) => c !== "" && c !== ".");
}

function endsAsDir(path: string): boolean {
  return path.endsWith("/") || path.endsWith("/.") || path === ".";
}

/**
 * Resolves `path` inside the directory `base` (a host path). With `follow`
 * a final symlink is followed too; intermediate ones always are.
 */
export function resolve(base: string, path: string, follow: boolean): Result<Resolved> {
  if (path.includes("\0")) return [undefined, Errno.INVAL];
  if (path === "") return [undefined, Errno.NOENT];
  if (path.startsWith("/")) return [undefined, Errno.PERM];
  const dirs: string[] = [];
  const todo = components(path).reverse();
  let mustBeDir = endsAsDir(path);
  let hops = 0;
  while (todo.length > 0) {
    const name = todo.pop()!;
    const last = todo.length === 0;
    if (name === "..") {
      if (dirs.length === 0) return [undefined, Errno.PERM];
      dirs.pop();
      continue;
    }
    const hostPath = hostJoin(base, [...dirs, name]);
    const [stat, err] = tryHost(() => host.lstat(hostPath));
    if (stat === undefined) {
      if (err === Errno.NOENT && last) return found(hostPath, dirs, name, undefined, mustBeDir);
      return [undefined, err];
    }
    if (stat.filetype === Filetype.SYMBOLIC_LINK && (!last || follow || mustBeDir)) {
      if (++hops > MAX_SYMLINK_HOPS) return [undefined, Errno.LOOP];
      const [target, e] = readTarget(hostPath);
      if (target === undefined) return [undefined, e];
      if (target.startsWith("/")) return [undefined, Errno.PERM];
      if (last && endsAsDir(target)) mustBeDir = true;
      todo.push(...components(target).reverse());
      continue;
    }
    if (last) return found(hostPath, dirs, name, stat, mustBeDir);
    if (stat.filetype !== Filetype.DIRECTORY) return [undefined, Errno.NOTDIR];
    dirs.push(name);
  }
  return foundDirectory(base, dirs);
}

function found(
  path: string,
  dirs: string[],
  name: string,
  stat: host.HostStat | undefined,
  mustBeDir: boolean,
): Result<Resolved> {
  if (mustBeDir && stat !== undefined && stat.filetype !== Filetype.DIRECTORY) {
    return [undefined, Errno.NOTDIR];
  }
  return [{ path, dirs, name, stat, mustBeDir }, 0];
}

/** The path named a directory already walked (".", "a/..", a link to "."). */
function foundDirectory(base: string, dirs: string[]): Result<Resolved> {
  const path = hostJoin(base, dirs);
  // The base itself may be reached through a symlink the user gave (--dir link);
  // every other directory here was checked to be a real one.
  const [stat, err] = tryHost(() => host.stat(path));
  if (stat === undefined) return [undefined, err];
  return [{ path, dirs, name: "", stat, mustBeDir: true }, 0];
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A symlink's target as a string; EILSEQ when it is not UTF-8. */
export function readTarget(path: string): Result<string> {
  const [bytes, err] = tryHost(() => host.readlink(path));
  if (bytes === undefined) return [undefined, err];
  try {
    return [utf8.decode(bytes), 0];
  } catch {
    return [undefined, Errno.ILSEQ];
  }
}

/**
 * Whether a symlink to `target`, placed `depth` directories below the
 * preopen's root, would lead above that root when read lexically. Such links
 * are refused at creation (EPERM): the resolver would never follow them, but
 * other programs on the host would.
 */
export function targetEscapes(target: string, depth: number): boolean {
  if (target.startsWith("/")) return true;
  let d = depth;
  for (const c of components(target)) {
    d += c === ".." ? -1 : 1;
    if (d < 0) return true;
  }
  return false;
}

/**
 * Opens what {@linkcode resolve} found, then checks that the host opened
 * exactly that: the final component is opened with O_NOFOLLOW (a symlink
 * swapped in meanwhile fails with ELOOP instead of being followed); a file
 * that did not exist is created with O_EXCL (so we know we made it); and the
 * opened fd's real path, from the kernel where it can tell, must be
 * `realBase` + the resolved components. If it is not, a component was
 * swapped for a symlink between the walk and the open: the fd is closed
 * (and a file we created there removed) and the answer is EPERM.
 */
export function openInside(realBase: string, r: Resolved, flags: number): Result<number> {
  const creating = r.stat === undefined;
  const hostFlags = flags | host.O.NOFOLLOW | (creating ? host.O.CREAT | host.O.EXCL : 0);
  const [fd, err] = tryHost(() => host.open(r.path, hostFlags));
  if (fd === undefined) return [undefined, err];
  return verifyOpened(realBase, r, fd, creating);
}

/**
 * The check after an open (sync or not): the opened fd's real path must be
 * `realBase` + the resolved components; otherwise the fd is closed (and a
 * file we created there removed) and the answer is EPERM.
 */
export function verifyOpened(
  realBase: string,
  r: Resolved,
  fd: number,
  created: boolean,
): Result<number> {
  const expected = hostJoin(realBase, r.name === "" ? r.dirs : [...r.dirs, r.name]);
  const actual = host.fdPath(fd);
  if (actual === undefined ? opensElsewhere(fd, r.path, expected) : actual !== expected) {
    host.close(fd);
    if (created && actual !== undefined) tryHost(() => host.unlink(actual));
    return [undefined, Errno.PERM];
  }
  return [fd, 0];
}

/** Without procfs: does the path still lead inside, to the very inode we opened? */
function opensElsewhere(fd: number, path: string, expected: string): boolean {
  const [real] = tryHost(() => host.realpath(path));
  if (real !== expected) return true;
  const [opened] = tryHost(() => host.fstat(fd));
  const [there] = tryHost(() => host.stat(expected));
  return opened === undefined || there === undefined || opened.dev !== there.dev ||
    opened.ino !== there.ino;
}
