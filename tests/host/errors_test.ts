/** lib/host/errors.ts: the one host-error → errno map, as a table. */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { Errno } from "../../lib/abi/errno.ts";
import { constants } from "node:os";
import { errnoOfHost, hostErrno, hostError, LINUX_ERRNO, tryHost } from "../../lib/host/errors.ts";

function withCode(code: string): Error {
  return Object.assign(new Error(code), { code });
}

// The errno wasmtime's preview1 gives for each host condition (its
// `from_raw_os_error` table), plus the ones wasmtime folds into EIO but
// preview1 has a number for.
const BY_CODE: [string, Errno][] = [
  ["ENOENT", Errno.NOENT],
  ["EEXIST", Errno.EXIST],
  ["ENOTDIR", Errno.NOTDIR],
  ["EISDIR", Errno.ISDIR],
  ["ENOTEMPTY", Errno.NOTEMPTY],
  ["ELOOP", Errno.LOOP],
  ["EACCES", Errno.ACCES],
  ["EPERM", Errno.PERM],
  ["EINVAL", Errno.INVAL],
  ["EBADF", Errno.BADF],
  ["ENAMETOOLONG", Errno.NAMETOOLONG],
  ["EXDEV", Errno.XDEV],
  ["ENOSPC", Errno.NOSPC],
  ["EDQUOT", Errno.DQUOT],
  ["EROFS", Errno.ROFS],
  ["EMLINK", Errno.MLINK],
  ["EBUSY", Errno.BUSY],
  ["EFBIG", Errno.FBIG],
  ["ETXTBSY", Errno.TXTBSY],
  ["EILSEQ", Errno.ILSEQ],
  ["ESPIPE", Errno.SPIPE],
  ["EMFILE", Errno.MFILE],
  ["EOVERFLOW", Errno.OVERFLOW],
  ["ENOTSUP", Errno.NOTSUP],
  ["EOPNOTSUPP", Errno.NOTSUP],
  ["EAGAIN", Errno.AGAIN],
  ["EIO", Errno.IO],
  ["ESTALE", Errno.STALE],
];

for (const [code, errno] of BY_CODE) {
  Deno.test(`hostErrno maps ${code} to ${errno}`, () => {
    assert.equal(hostErrno(withCode(code)), errno);
  });
}

Deno.test("hostErrno maps Deno permission denials to EACCES, never a crash", () => {
  assert.equal(hostErrno(new Deno.errors.NotCapable("no")), Errno.ACCES);
  assert.equal(hostErrno(new Deno.errors.PermissionDenied("no")), Errno.ACCES);
});

Deno.test("hostErrno maps Deno.errors by class", () => {
  assert.equal(hostErrno(new Deno.errors.NotFound("x")), Errno.NOENT);
  assert.equal(hostErrno(new Deno.errors.AlreadyExists("x")), Errno.EXIST);
  assert.equal(hostErrno(new Deno.errors.NotADirectory("x")), Errno.NOTDIR);
  assert.equal(hostErrno(new Deno.errors.IsADirectory("x")), Errno.ISDIR);
  assert.equal(hostErrno(new Deno.errors.FilesystemLoop("x")), Errno.LOOP);
  assert.equal(hostErrno(new Deno.errors.BadResource("x")), Errno.BADF);
});

Deno.test("hostErrno rethrows what it cannot map instead of guessing EINVAL", () => {
  const unknown = withCode("ERR_OUT_OF_RANGE");
  assert.throws(() => hostErrno(unknown), (e) => e === unknown);
  assert.throws(() => hostErrno(withCode("toString")), /toString/);
  assert.throws(() => hostErrno("a string"), (e) => e === "a string");
  assert.throws(() => hostErrno(new TypeError("bug")), TypeError);
});

Deno.test("hostErrno maps the errors node:fs really throws", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const [, noent] = tryHost(() => fs.openSync(`${dir}/missing`, "r"));
    assert.equal(noent, Errno.NOENT);
    fs.writeFileSync(`${dir}/f`, "");
    const [, notdir] = tryHost(() => fs.lstatSync(`${dir}/f/x`));
    assert.equal(notdir, Errno.NOTDIR);
    const [, exist] = tryHost(() => fs.mkdirSync(`${dir}/f`));
    assert.equal(exist, Errno.EXIST);
    fs.mkdirSync(`${dir}/d/e`, { recursive: true });
    const [, notempty] = tryHost(() => fs.rmdirSync(`${dir}/d`));
    assert.equal(notempty, Errno.NOTEMPTY);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("tryHost answers the value and 0 when the call succeeds", () => {
  assert.deepEqual(tryHost(() => 42), [42, 0]);
});

Deno.test("errnoOfHost maps every host errno by number; one WASI has no name for is EIO", () => {
  for (const [code, errno] of BY_CODE) {
    const number = (constants.errno as Record<string, number>)[code];
    assert.equal(errnoOfHost(number), errno, code);
  }
  assert.equal(errnoOfHost(15), Errno.IO); // ENOTBLK
  assert.equal(errnoOfHost(121), Errno.IO); // EREMOTEIO
});

Deno.test("hostErrno maps a Deno OS error by the number in its message, and node's errno", () => {
  // What Deno's node:fs throws for EFBIG: no code, no errno, no class of its own.
  assert.equal(hostErrno(new Error("File too large (os error 27)")), Errno.FBIG);
  assert.equal(hostErrno(Object.assign(new Error("x"), { errno: -27 })), Errno.FBIG);
  assert.equal(hostErrno(hostError(27, "pwrite")), Errno.FBIG);
  assert.equal(hostErrno(hostError(2, "openat2")), Errno.NOENT);
});

Deno.test({
  name: "the written-out Linux errno table is node:os's, name for name, in order",
  ignore: Deno.build.os !== "linux",
  fn() {
    assert.deepEqual(Object.entries(LINUX_ERRNO), Object.entries(constants.errno));
  },
});
