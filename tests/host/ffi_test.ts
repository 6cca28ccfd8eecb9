/** lib/host/ffi.ts: Deno binds each symbol once, at its first call, however the caller holds it. */
import assert from "node:assert/strict";
import { openLibrary } from "../../lib/host/ffi.ts";

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
