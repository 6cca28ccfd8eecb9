/**
 * lib/host/sandbox.ts: resolution inside a directory fd, on a real tree,
 * with every kind of directory ops this host has (openat2 and the fd walk
 * through FFI, procfs and paths through node:fs): all four answer alike.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { Errno } from "../../lib/abi/errno.ts";
import type { DirOps } from "../../lib/host/dir_ops.ts";
import { FfiDirOps } from "../../lib/host/dir_ops_ffi.ts";
import { NodeDirOps } from "../../lib/host/dir_ops_node.ts";
import { libc } from "../../lib/host/libc.ts";
import {
  depthBelow,
  locateWith,
  MAX_SYMLINK_HOPS,
  NOT_PLAIN,
  plainPath,
  release,
  targetEscapes,
} from "../../lib/host/sandbox.ts";

/**
 * top/
 *   outside/secret
 *   root/            the base
 *     file  sub/inner  sub/deeper/
 *     in -> sub/inner      dir -> sub        dot -> .        up -> sub/..
 *     abs -> /etc          out -> ../outside  sneaky -> sub/../../outside/secret
 *     loop1 -> loop2 -> loop1                chainN -> ... (hop tests)
 *     slash -> sub/        fileslash -> file/
 *     longlink -> DEEP/hop -> ../(11)DEEP/target, DEEP 11 levels of 200-byte names
 */
/** Eleven directories of 200-byte names. */
const DEEP = Array(11).fill("n".repeat(200)).join("/");

function makeTree(): { top: string; root: string } {
  const top = fs.realpathSync(Deno.makeTempDirSync());
  const root = `${top}/root`;
  fs.mkdirSync(`${top}/outside`);
  fs.writeFileSync(`${top}/outside/secret`, "secret");
  fs.mkdirSync(`${root}/sub/deeper`, { recursive: true });
  fs.writeFileSync(`${root}/file`, "file");
  fs.writeFileSync(`${root}/sub/inner`, "inner");
  const links: [string, string][] = [
    ["in", "sub/inner"],
    ["dir", "sub"],
    ["dot", "."],
    ["up", "sub/.."],
    ["abs", "/etc"],
    ["out", "../outside"],
    ["sneaky", "sub/../../outside/secret"],
    ["loop1", "loop2"],
    ["loop2", "loop1"],
    ["slash", "sub/"],
    ["fileslash", "file/"],
    ["dangling", "nowhere"],
  ];
  for (const [name, target] of links) fs.symlinkSync(target, `${root}/${name}`);
  // chain0 -> chain1 -> ... -> chainN -> file
  for (let i = 0; i <= MAX_SYMLINK_HOPS; i++) {
    fs.symlinkSync(i === MAX_SYMLINK_HOPS ? "file" : `chain${i + 1}`, `${root}/chain${i}`);
  }
  // longlink -> DEEP/hop -> ../../.. (11) DEEP/target: each target ~2.2 KB, the two spliced past PATH_MAX
  fs.mkdirSync(`${root}/${DEEP}`, { recursive: true });
  fs.writeFileSync(`${root}/${DEEP}/target`, "deep");
  fs.symlinkSync(`${DEEP}/hop`, `${root}/longlink`);
  fs.symlinkSync(`${"../".repeat(11)}${DEEP}/target`, `${root}/${DEEP}/hop`);
  return { top, root };
}

const { top, root } = makeTree();
globalThis.addEventListener("unload", () => fs.rmSync(top, { recursive: true, force: true }));

const c = libc();
const OPS: DirOps[] = [
  ...(c ? [new FfiDirOps(c, true), new FfiDirOps(c, false)] : []),
  new NodeDirOps("procfs"),
  new NodeDirOps("paths"),
];

/** The directories of the tree by inode, to name where a handle is. */
const DIRS = new Map<bigint, string>(
  ["", "sub", "sub/deeper", DEEP].map((d) => [
    fs.statSync(`${root}/${d}`, { bigint: true }).ino,
    d === DEEP ? "deep" : d,
  ]),
);

/** Where `path` leads, relative to the base, or the errno. */
function where(ops: DirOps, path: string, follow = true): string | Errno {
  const [base] = ops.openRoot(root);
  try {
    const [l, err] = locateWith(ops, base!, path, follow);
    if (l === undefined) return err;
    try {
      const [dir] = ops.stat(l.dir, "");
      const [stat, e] = ops.stat(l.dir, l.name);
      if (stat === undefined && e !== Errno.NOENT) return e;
      if (l.mustBeDir && stat !== undefined && stat.filetype !== 3) return Errno.NOTDIR;
      const at = [DIRS.get(dir!.ino), l.name].filter((p) => p !== "").join("/");
      return at + (stat ? "" : " (missing)");
    } finally {
      release(l, ops);
    }
  } finally {
    ops.close(base!);
  }
}

const CASES: [string, boolean, string | Errno][] = [
  ["file", true, "file"],
  ["sub/inner", true, "sub/inner"],
  ["./sub//inner", true, "sub/inner"],
  ["sub/../file", true, "file"],
  [".", true, ""],
  ["sub/..", true, ""],
  ["sub/deeper/../..", true, ""],
  ["new", true, "new (missing)"],
  ["sub/new", true, "sub/new (missing)"],
  ["in", true, "sub/inner"],
  ["in", false, "in"],
  ["dir/inner", true, "sub/inner"],
  ["dir", false, "dir"],
  ["dir/", false, "sub"],
  ["dot/dot/file", true, "file"],
  ["up/file", true, "file"],
  ["slash", true, "sub"],
  ["dangling", false, "dangling"],
  ["dangling", true, "nowhere (missing)"],
  [`chain${1}`, true, "file"],
  ["longlink", true, "deep/target"],
  ["longlink", false, "longlink"],
  // refusals
  ["", true, Errno.NOENT],
  ["/etc/passwd", true, Errno.PERM],
  ["..", true, Errno.PERM],
  ["../outside/secret", true, Errno.PERM],
  ["sub/../../outside", true, Errno.PERM],
  ["abs", true, Errno.PERM],
  ["abs/passwd", false, Errno.PERM],
  ["abs/", false, Errno.PERM],
  ["out/secret", true, Errno.PERM],
  ["out", true, Errno.PERM],
  ["sneaky", true, Errno.PERM],
  ["dir/../..", true, Errno.PERM],
  ["fi\0le", true, Errno.INVAL],
  ["loop1", true, Errno.LOOP],
  ["loop1/x", false, Errno.LOOP],
  ["chain0", true, Errno.LOOP],
  ["file/", true, Errno.NOTDIR],
  ["file/.", true, Errno.NOTDIR],
  ["file/x", true, Errno.NOTDIR],
  ["fileslash", true, Errno.NOTDIR],
  ["missing/x", true, Errno.NOENT],
  ["x".repeat(300), true, Errno.NAMETOOLONG],
];

for (const ops of OPS) {
  for (const [path, follow, expected] of CASES) {
    const shown = JSON.stringify(path.length > 40 ? path.slice(0, 10) + "..." : path);
    Deno.test(`${ops.kind}: ${shown} ${follow ? "following" : "not following"} gives ${expected}`, () => {
      assert.equal(where(ops, path, follow), expected);
    });
  }

  // The paths mode holds path strings: there, this is exactly what it cannot do.
  if (ops.kind === "paths") continue;
  Deno.test(`${ops.kind}: a directory held open stays the one it was, wherever it is moved`, () => {
    fs.mkdirSync(`${top}/moving`);
    const [held] = ops.openRoot(`${top}/moving`);
    try {
      fs.renameSync(`${top}/moving`, `${top}/moved`);
      fs.symlinkSync(`${top}/outside`, `${top}/moving`);
      assert.equal(ops.mkdir(held!, "made"), 0);
      assert.ok(fs.existsSync(`${top}/moved/made`));
      assert.equal(fs.existsSync(`${top}/outside/made`), false);
    } finally {
      ops.close(held!);
      fs.unlinkSync(`${top}/moving`);
      fs.rmSync(`${top}/moved`, { recursive: true });
    }
  });

  if (ops.cachedDir === undefined) continue;
  Deno.test(`${ops.kind}: a cached parent is given up once its name is renamed, replaced or removed`, () => {
    const t = fs.mkdtempSync(`${top}/cache-`);
    const base = `${t}/base`, outside = `${t}/outside`, away = `${t}/away`;
    fs.mkdirSync(`${base}/cd`, { recursive: true });
    fs.writeFileSync(`${base}/cd/x`, "in");
    fs.mkdirSync(outside);
    fs.writeFileSync(`${outside}/x`, "OUTSIDE");
    const [held] = ops.openRoot(base);
    /** The size of what "cd/x" names (the parent from the cache where it can), or the errno. */
    const size = () => {
      const [l, e] = locateWith(ops, held!, "cd/x", false);
      if (l === undefined) return e;
      try {
        const [stat, e2] = ops.stat(l.dir, l.name);
        return stat === undefined ? e2 : Number(stat.size);
      } finally {
        release(l, ops);
      }
    };
    // Used often enough, a cached parent is watched (FFI: inotify) instead of looked at each time.
    const often = (expected: number) => {
      for (let i = 0; i < 40; i++) assert.equal(size(), expected);
    };
    try {
      often(2);
      // Moved out of the preopen, and a link to the outside put in its place.
      fs.renameSync(`${base}/cd`, away);
      fs.symlinkSync(outside, `${base}/cd`);
      assert.equal(size(), Errno.PERM);
      // Back, then renamed away and another directory renamed to its name.
      fs.unlinkSync(`${base}/cd`);
      fs.renameSync(away, `${base}/cd`);
      often(2);
      fs.mkdirSync(`${base}/other`);
      fs.writeFileSync(`${base}/other/x`, "other");
      fs.renameSync(`${base}/cd`, `${base}/cd-old`);
      fs.renameSync(`${base}/other`, `${base}/cd`);
      often(5);
      // Removed.
      fs.rmSync(`${base}/cd`, { recursive: true });
      assert.equal(size(), Errno.NOENT);
      // A name the cache does not hold changing leaves the one it holds alone.
      fs.renameSync(`${base}/cd-old`, `${base}/cd`);
      often(2);
      fs.writeFileSync(`${base}/y`, "");
      fs.renameSync(`${base}/y`, `${base}/z`);
      fs.unlinkSync(`${base}/z`);
      assert.equal(size(), 2);
      // The one event that matters queued behind thousands of others (a process renaming without
      // pause): still seen.
      fs.writeFileSync(`${base}/y`, "");
      for (let i = 0; i < 1500; i++) {
        fs.renameSync(`${base}/y`, `${base}/z`);
        fs.renameSync(`${base}/z`, `${base}/y`);
      }
      fs.renameSync(`${base}/cd`, away);
      fs.symlinkSync(outside, `${base}/cd`);
      assert.equal(size(), Errno.PERM);
    } finally {
      ops.close(held!);
      fs.rmSync(t, { recursive: true });
    }
  });
}

Deno.test("plainPath finds the last '/' of 'name', 'dir/name', 'a/b/name' of plain ASCII names, and nothing else", () => {
  const shape = (path: string | number[]) =>
    plainPath(typeof path === "string" ? new TextEncoder().encode(path) : new Uint8Array(path));
  assert.equal(shape("f"), -1);
  assert.equal(shape("file.txt"), -1);
  assert.equal(shape(".hidden"), -1);
  assert.equal(shape("..x"), -1);
  assert.equal(shape("meta/f000001"), 4);
  assert.equal(shape("a/.b"), 1);
  assert.equal(shape("a/b/c"), 3);
  assert.equal(shape("root/d00/s1/f0001"), 11);
  for (
    const other of [
      "",
      ".",
      "..",
      "/",
      "/etc",
      "a/",
      "a//b",
      "./a",
      "a/.",
      "a/..",
      "../a",
      "a/b/",
      "a/./c",
      "a/../c",
      "a//b/c",
      "a/b/..",
      "a/é/c",
      "é",
      [0x61, 0x00],
      [0x61, 0x2f, 0xff],
    ]
  ) {
    assert.equal(shape(other), NOT_PLAIN, JSON.stringify(other));
  }
});

Deno.test("targetEscapes counts every '..' against the link's depth", () => {
  assert.equal(targetEscapes("/etc", 3), true);
  assert.equal(targetEscapes("..", 0), true);
  assert.equal(targetEscapes("..", 1), false);
  assert.equal(targetEscapes("../../x", 1), true);
  assert.equal(targetEscapes("../../x", 2), false);
  assert.equal(targetEscapes("./x/./y", 0), false);
  // A name before ".." may be a link to "." (gdot -> . makes "gdot/../X"
  // climb one level): every ".." counts, as if no name added depth.
  assert.equal(targetEscapes("gdot/../X", 0), true);
  assert.equal(targetEscapes("gdot/../X", 1), false);
  assert.equal(targetEscapes("a/../..", 1), true);
  assert.equal(targetEscapes("a/b/../../c", 1), true);
  assert.equal(targetEscapes("DIR/../s_target", 3), false);
});

Deno.test("depthBelow counts the levels up to the preopen, and undefined once moved out", () => {
  for (const ops of OPS.filter((o) => o.kind !== "paths")) {
    const [base] = ops.openRoot(root);
    const [deeper] = ops.openRoot(`${root}/sub/deeper`);
    const [rootStat] = ops.stat(base!, "");
    assert.equal(depthBelow(deeper!, rootStat!, ops), 2, ops.kind);
    assert.equal(depthBelow(base!, rootStat!, ops), 0, ops.kind);
    const [outside] = ops.openRoot(`${top}/outside`);
    assert.equal(depthBelow(outside!, rootStat!, ops), undefined, ops.kind);
    for (const h of [base!, deeper!, outside!]) ops.close(h);
  }
});
