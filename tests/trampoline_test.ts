/**
 * lib/trampoline.ts: imports that pay JSPI's `Suspending` call only when
 * they wait, called from a small hand-made guest under `promising`.
 */
import assert from "node:assert/strict";
import { promising } from "../lib/jspi.ts";
import { suspendingWhenWaiting } from "../lib/trampoline.ts";

/** (module (import "env" "f" (func (param i32) (result i32))) (func (export "run") ...call f)) */
// deno-fmt-ignore
const GUEST = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, // type 0: (i32) -> i32
  0x02, 0x09, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x01, 0x66, 0x00, 0x00, // import env.f: type 0
  0x03, 0x02, 0x01, 0x00, // function 1: type 0
  0x07, 0x07, 0x01, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x01, // export "run": function 1
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x20, 0x00, 0x10, 0x00, 0x0b, // run: local.get 0; call f
]);

Deno.test("a call answers at once, or waits under JSPI; the waiting module is compiled at the first wait, once", async () => {
  const guest = new WebAssembly.Module(GUEST);
  // Every compile from here on is counted. V8 (this runtime) compiles the waiting module at the
  // first wait, which a run that never waits never pays; JSC compiles it up front, since at the
  // first wait a guest may keep its one wasm compiler thread busy tiering it up (Ruby's first
  // `sleep 0.5` took 0.9-1.3 s on Bun while a compile waited behind it): lib/trampoline.ts.
  const Module = WebAssembly.Module;
  let compiles = 0;
  WebAssembly.Module = new Proxy(Module, {
    construct(target, args) {
      compiles++;
      return Reflect.construct(target, args);
    },
  });
  try {
    let answer: ((n: number) => void) | undefined;
    const [f] = suspendingWhenWaiting([{
      params: ["i32"],
      fn: (x: number) => x === 0 ? 7 : new Promise<number>((resolve) => answer = resolve),
    }]);
    assert.equal(compiles, 1, "the calling module alone, before any wait");
    const { exports } = new WebAssembly.Instance(guest, { env: { f: f as () => number } });
    const run = promising(exports.run as (x: number) => number);
    assert.equal(await run(0), 7);
    assert.equal(compiles, 1, "a call that answers at once compiles nothing");
    for (const n of [9, 11]) {
      const waiting = run(1);
      await new Promise((resolve) => setTimeout(resolve, 10));
      answer!(n);
      assert.equal(await waiting, n);
      assert.equal(await run(0), 7);
      assert.equal(compiles, 2, "the waiting module, at the first wait only");
    }
  } finally {
    WebAssembly.Module = Module;
  }
});
