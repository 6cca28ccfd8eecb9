/** lib/host/sandbox.ts: resolution inside a base directory, on a real tree. */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { Errno } from "../../lib/abi/errno.ts";
import { Filetype } from "../../lib/abi/types.ts";
import * as host from "../../lib/host/fs.ts";
import { MAX_SYMLINK_HOPS, openInside, resolve, targetEscapes } from "../../lib/host/sandbox.ts";

/**
 * top/
 *   outside/secret
 *   root/            the base
 *     file  sub/inner  sub/deeper/
 *     in -> sub/inner      dir -> sub        dot -> .        up -> sub/..
 *     abs -> /etc          out -> ../outside  sneaky -> sub/../../outside/secret
 *     loop1 -> loop2 -> loop1                chainN -> ... (hop tests)
 *     slash -> sub/        fileslash -> file/
 */
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
  return { top, root };
}

const { top, root } = makeTree();
globalThis.addEventListener("unload", () => fs.rmSync(top, { recursive: true, force: true }));

/** Where `path` resolves, relative to the base, or the errno. */
function where(path: string, follow = true): string | Errno {
  const [r, err] = resolve(root, path, follow);
  if (r === undefined) return err;
  assert.equal(
    r.path,
    r.name === "" ? [root, ...r.dirs].join("/") : [root, ...r.dirs, r.name].join("/"),
  );
  return [...r.dirs, r.name].filter((c) => c !== "").join("/") + (r.stat ? "" : " (missing)");
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

for (const [path, follow, expected] of CASES) {
  const shown = JSON.stringify(path.length > 40 ? path.slice(0, 10) + "..." : path);
  Deno.test(`resolve ${shown} ${follow ? "following" : "not following"} gives ${expected}`, () => {
    assert.equal(where(path, follow), expected);
  });
}

Deno.test("resolve reports what it found: a missing name, a dir requirement, the lstat", () => {
  const [missing] = resolve(root, "sub/new/", true);
  assert.equal(missing?.stat, undefined);
  assert.equal(missing?.mustBeDir, true);
  const [link] = resolve(root, "in", false);
  assert.equal(link?.stat?.filetype, Filetype.SYMBOLIC_LINK);
  const [file] = resolve(root, "in", true);
  assert.equal(file?.stat?.filetype, Filetype.REGULAR_FILE);
  assert.equal(file?.stat?.size, 5n);
});

Deno.test("targetEscapes reads relative targets lexically from the link's depth", () => {
  assert.equal(targetEscapes("/etc", 3), true);
  assert.equal(targetEscapes("..", 0), true);
  assert.equal(targetEscapes("..", 1), false);
  assert.equal(targetEscapes("a/../..", 0), true);
  assert.equal(targetEscapes("a/../b", 0), false);
  assert.equal(targetEscapes("./x/./y", 0), false);
  assert.equal(targetEscapes("../../x", 1), true);
});

Deno.test("openInside opens what resolve found and creates missing files exclusively", () => {
  const [r] = resolve(root, "made", true);
  const [fd, err] = openInside(root, r!, host.O.RDWR);
  assert.equal(err, 0);
  host.close(fd!);
  assert.ok(fs.existsSync(`${root}/made`));
  // If the file appeared meanwhile, O_EXCL says so instead of opening it.
  const [, again] = openInside(root, r!, host.O.RDWR);
  assert.equal(again, Errno.EXIST);
  fs.unlinkSync(`${root}/made`);
});

Deno.test("openInside refuses a final symlink swapped in after the walk (O_NOFOLLOW)", () => {
  fs.writeFileSync(`${root}/swap`, "");
  const [r] = resolve(root, "swap", true);
  fs.unlinkSync(`${root}/swap`);
  fs.symlinkSync(`${top}/outside/secret`, `${root}/swap`);
  const [, err] = openInside(root, r!, host.O.RDONLY);
  assert.equal(err, Errno.LOOP);
  fs.unlinkSync(`${root}/swap`);
});

Deno.test("openInside refuses, and cleans up, when a parent was swapped for a symlink out", () => {
  fs.mkdirSync(`${root}/race`);
  const [r] = resolve(root, "race/planted", true);
  fs.renameSync(`${root}/race`, `${root}/race.old`);
  fs.symlinkSync(`${top}/outside`, `${root}/race`);
  const [, err] = openInside(root, r!, host.O.RDWR);
  assert.equal(err, Errno.PERM);
  assert.equal(fs.existsSync(`${top}/outside/planted`), false);
  fs.unlinkSync(`${root}/race`);
  fs.rmdirSync(`${root}/race.old`);
});
