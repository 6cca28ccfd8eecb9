/** lib/host/ffi.ts: Deno binds each symbol once, at its first call, however the caller holds it. */
import assert from "node:assert/strict";
import { againOnce, openLibrary } from "../../lib/host/ffi.ts";

Deno.test({
  name: "a symbol is bound by one dlopen at its first call, also through a kept reference",
  ignore: Deno.build.os !== "linux",
  fn() {
    const real = Deno.dlopen;
    let opens = 0;
    // deno-lint-ignore no-explicit-any
    (Deno as any).dlopen = (...args: Parameters<typeof Deno.dlopen>) => (opens++, real(...args));
    try {
      const lib = openLibrary("libc.so.6", { getpid: [], getppid: [] });
      assert.ok(lib);
      assert.equal(opens, 1, "only errno's symbol up front");
      const kept = lib.fn.getpid; // held before its first call, as lib/host/clock.ts did
      for (let i = 0; i < 1000; i++) assert.equal(kept(), Deno.pid);
      for (let i = 0; i < 1000; i++) assert.equal(lib.fn.getpid(), Deno.pid);
      assert.equal(opens, 2, "getpid bound once");
      assert.equal(lib.fn.getppid(), Deno.ppid);
      assert.equal(opens, 3, "getppid bound at its own first call");
    } finally {
      // deno-lint-ignore no-explicit-any
      (Deno as any).dlopen = real;
    }
  },
});

Deno.test({
  name: "a cold symbol is bound without its fast-call trampoline and answers as a hot one, " +
    "errno and 64-bit results included",
  ignore: Deno.build.os !== "linux",
  fn() {
    const real = Deno.dlopen;
    const results: unknown[] = []; // each dlopen's result types
    // deno-lint-ignore no-explicit-any
    (Deno as any).dlopen = (...args: Parameters<typeof Deno.dlopen>) => {
      for (const f of Object.values(args[1])) results.push((f as Deno.ForeignFunction).result);
      return real(...args);
    };
    const path = "/dev/shm/wasirun-ffi-test-" + Deno.pid;
    const signatures = {
      open: ["buffer", "i32"],
      close: ["i32"],
      lseek64: ["i32", "i64", "i32"],
      pread64: ["i32", "buffer", "i64", "i64"],
    } as const;
    try {
      Deno.writeTextFileSync(path, "cold and hot");
      for (const cold of [true, false]) {
        results.length = 0;
        // deno-lint-ignore no-explicit-any
        const lib = openLibrary("libc.so.6", signatures as any, { wide: ["lseek64"], cold })!;
        assert.ok(lib);
        const fd = lib.fn.open(new TextEncoder().encode(path + "\0"), 0);
        assert.ok(fd >= 0);
        for (let i = 0; i < 3; i++) {
          assert.equal(lib.fn.close(-1), -1);
          assert.equal(lib.errno(), 9, "EBADF");
          const far = 2n ** 60n + BigInt(i); // past 2^53: a BigInt (tmpfs takes such an offset)
          // A number or a BigInt: the caller takes either.
          assert.equal(BigInt(lib.fn.lseek64(fd, far, 0)), far);
          assert.equal(BigInt(lib.fn.lseek64(fd, 5n, 0)), 5n);
          assert.equal(BigInt(lib.fn.lseek64(-1, 0n, 0)), -1n);
          assert.equal(lib.errno(), 9);
          const buf = new Uint8Array(4);
          assert.equal(lib.fn.pread64(fd, buf, 4n, 0n), 4);
          assert.equal(new TextDecoder().decode(buf), "cold");
        }
        assert.equal(lib.fn.close(fd), 0);
        const want = cold ? [{ struct: ["i32"] }, { struct: ["i32"] }] : ["i32", "i32"];
        assert.deepEqual(results.slice(0, 2), want, cold ? "bound cold" : "bound hot");
      }
    } finally {
      // deno-lint-ignore no-explicit-any
      (Deno as any).dlopen = real;
      Deno.removeSync(path);
    }
  },
});

Deno.test("a Node FFI call that fails with EAGAIN is made once more, with the same arguments", () => {
  let errno = 0;
  const seen: unknown[][] = [];
  // Fails with EAGAIN `fails` times, then answers 7; any other failure is EISDIR.
  const fake = (fails: number, other = false) => (...args: unknown[]) => {
    seen.push(args);
    if (seen.length <= fails) {
      errno = other ? 21 : 11;
      return -1;
    }
    return 7;
  };
  const path = new Uint8Array([0x61, 0]);
  assert.equal(againOnce(fake(1), () => errno)(3, path, 0), 7);
  assert.deepEqual(seen, [[3, path, 0], [3, path, 0]]);
  seen.length = 0;
  assert.equal(againOnce(fake(5), () => errno)(3), -1, "once, not until it succeeds");
  assert.equal(seen.length, 2);
  seen.length = 0;
  assert.equal(againOnce(fake(1, true), () => errno)(3), -1, "another errno: not again");
  assert.equal(seen.length, 1);
  seen.length = 0;
  assert.equal(againOnce(fake(0), () => errno)(3), 7);
  assert.equal(seen.length, 1);
});

Deno.test({
  name: "a run that writes once, its stdout a pipe, binds every libc function cold on Deno: " +
    "no fast-call trampoline compiled; two writes bind write hot once",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const preload = await Deno.makeTempFile({ suffix: ".js" });
    await Deno.writeTextFile(
      preload,
      `const dlopen = Deno.dlopen;
Deno.dlopen = function (path, symbols) {
  for (const [name, s] of Object.entries(symbols)) {
    const kind = s.nonblocking ? "waiting" : typeof s.result === "object" ? "cold" : "hot";
    console.error("dlopen " + name + " " + kind);
  }
  return dlopen.call(this, path, symbols);
};
`,
    );
    const root = new URL("../../", import.meta.url).pathname;
    const bound = async (...args: string[]) => {
      const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--preload", preload, root + "cli.ts", ...args],
        env: { WASIRUN_STDIO: "" }, // not the pool's I/O
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(code, 0);
      const lines = new TextDecoder().decode(stderr).split("\n");
      return {
        out: new TextDecoder().decode(stdout),
        hot: lines.filter((l) => l.endsWith(" hot")).map((l) => l.split(" ")[1]),
        cold: lines.filter((l) => l.endsWith(" cold")).length,
      };
    };
    try {
      const once = await bound(root + "testdata/c/main.wasm", "hello");
      assert.equal(once.out, "hello, world\n");
      assert.deepEqual(once.hot, [], "nothing bound hot");
      assert.ok(once.cold >= 4, "errno's location, stdio's three, the first write");
      const twice = await bound(root + "testdata/c/main.wasm", "stderr"); // a write to each
      assert.equal(twice.out, "to stdout\n");
      assert.deepEqual(twice.hot, ["write"]);
    } finally {
      await Deno.remove(preload);
    }
  },
});
