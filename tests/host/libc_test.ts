/**
 * lib/host/libc.ts: `filestatInto` (the guest's filestat built from statx
 * with 32-bit arithmetic, for path_filestat_get's fast path) writes exactly
 * what `stat()` and lib/syscalls/_fs.ts's `encodeFilestat` build, for real
 * files whose times span the range (before 1970, the nanosecond edges, far
 * beyond 2^32 seconds).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { FILESTAT_SIZE } from "../../lib/abi/layout.ts";
import { L, libc } from "../../lib/host/libc.ts";
import { encodeFilestat, FILESTAT_BYTES } from "../../lib/syscalls/_fs.ts";

const c = libc();

/** [seconds, nanoseconds] pairs set as atime and mtime (ctime is now). */
const TIMES: [bigint, bigint][] = [
  [0n, 0n],
  [1n, 999_999_999n],
  [1_700_000_000n, 123_456_789n],
  [(1n << 32n) + 5n, 500_000_000n],
  [(1n << 40n) + 7n, 999_999_999n],
];
/** Times before 1970, in ms (set through Deno.utimeSync: libc.ts sets only guest times, u64). */
const NEGATIVE = [-500, -1_250, -1_700_000_000_750, -(2 ** 33) * 1000];

Deno.test({
  name: "filestatInto writes the same filestat as stat() and encodeFilestat, times of every range",
  ignore: c === undefined,
  fn() {
    const dir = fs.realpathSync(Deno.makeTempDirSync());
    try {
      fs.writeFileSync(`${dir}/file`, "twelve bytes");
      fs.mkdirSync(`${dir}/sub`);
      fs.symlinkSync("file", `${dir}/link`);
      const expected = FILESTAT_BYTES, actual = new Uint8Array(FILESTAT_SIZE);
      let compared = 0, negative = 0, far = 0;
      /** statx of `name`, then both encodings of it, byte for byte. */
      const compare = (name: string, when: string) => {
        assert.ok(c!.statx(L.AT_FDCWD, `${dir}/${name}`, L.AT_SYMLINK_NOFOLLOW) >= 0);
        expected.fill(0xaa);
        actual.fill(0x55);
        const stat = c!.stat();
        assert.equal(encodeFilestat(stat), 0);
        c!.filestatInto(actual);
        assert.deepEqual(actual, expected, `${name} at ${when}`);
        compared++;
        return stat;
      };
      for (const name of ["file", "sub", "link"]) {
        for (const [s, ns] of TIMES) {
          const t = s * 1_000_000_000n + ns;
          const set = c!.utimensat(L.AT_FDCWD, `${dir}/${name}`, t, t + 1n, L.AT_SYMLINK_NOFOLLOW);
          if (set < 0) continue; // a time this filesystem cannot hold
          const stat = compare(name, `${t}`);
          // A filesystem may clamp a time it cannot hold: count the ranges actually seen.
          if (stat.mtim < 0n) negative++;
          if (stat.mtim > (1n << 32n) * 1_000_000_000n) far++;
        }
        for (const ms of name === "link" ? [] : NEGATIVE) {
          Deno.utimeSync(`${dir}/${name}`, new Date(ms), new Date(ms));
          if (compare(name, `${ms} ms`).mtim < 0n) {
            negative++;
            // The guest's u64 timestamp cannot tell a time before 1970: the epoch (as wasmtime).
            assert.equal(new DataView(actual.buffer, actual.byteOffset).getBigUint64(48, true), 0n);
          }
        }
      }
      assert.ok(compared >= 3 * 4 && negative > 0 && far > 0, `${compared}, ${negative}, ${far}`);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  },
});
