/** The library in-process: the event loop lives on while the guest waits. */
import assert from "node:assert/strict";
import { setImmediate } from "node:timers";
import { WASI } from "../mod.ts";
import { fixture, ROOT } from "./_helpers.ts";

async function load(path: string, wasi: WASI): Promise<WebAssembly.Instance> {
  const module = await WebAssembly.compile(await Deno.readFile(`${ROOT}${path}`));
  return await WebAssembly.instantiate(module, wasi.getImportObject());
}

Deno.test("an embedding's timers and network I/O keep running while the guest sleeps", async () => {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () => new Response("pong"),
  );
  const wasi = new WASI({ args: ["main", "sleep", "600"] });
  const instance = await load(fixture("c/main.wasm"), wasi);
  let ticks = 0;
  const timer = setInterval(() => ticks++, 50);
  const replies: string[] = [];
  const client = (async () => {
    await new Promise((r) => setTimeout(r, 100));
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`http://127.0.0.1:${server.addr.port}/`);
      replies.push(await res.text());
    }
  })();
  const started = performance.now();
  const code = await wasi.start(instance);
  const elapsed = performance.now() - started;
  clearInterval(timer);
  await client;
  await server.shutdown();
  assert.equal(code, 0);
  assert.ok(elapsed >= 600);
  assert.ok(ticks >= 8, `only ${ticks} timer ticks in ${elapsed.toFixed(0)} ms`);
  assert.deepEqual(replies, ["pong", "pong", "pong"]);
});

Deno.test("sched_yield lets the event loop run between guest steps, and now and then while the guest only yields", async () => {
  let ticks = 0;
  const seen: number[] = [];
  const wasi = new WASI({
    trace: (record) => record.call === "sched_yield" && seen.push(ticks),
  });
  const instance = await load(fixture("wat/yield.wasm"), wasi);
  let running = true;
  const spin = () => {
    ticks++;
    if (running) setImmediate(spin); // a callback queued on the event loop, not a microtask
  };
  spin();
  assert.equal(await wasi.start(instance), 0);
  running = false;
  // 20 yields, each after 1 ms of work: a turn at every one.
  assert.equal(seen.length, 20 + 100_000);
  for (let i = 1; i < 20; i++) assert.ok(seen[i] > seen[i - 1], `no turn at yield ${i}`);
  // Then 100,000 yields in a row: the loop still runs now and then, but not at every one (a turn
  // costs 10-20 µs, the loop's 100,000 would take 1-2 s).
  const tight = seen.at(-1)! - seen[19];
  assert.ok(tight >= 1, "the event loop never ran while the guest spun on sched_yield");
  assert.ok(tight < 50_000, `the event loop ran at ${tight} of 100,000 yields in a row`);
});

Deno.test("proc_exit inside an embedding resolves start() and leaves the host running", async () => {
  const wasi = new WASI({ args: ["main", "exit", "9"] });
  const instance = await load(fixture("c/main.wasm"), wasi);
  assert.equal(await wasi.start(instance), 9);
});

Deno.test("fd_read and fd_write are plain imports unless some fd may wait that way", () => {
  const plain = new WASI({ stdin: "null", stdout: "null", stderr: "null" }).wasiImport;
  assert.equal(typeof plain.fd_read, "function");
  assert.equal(typeof plain.fd_write, "function");
  assert.notEqual(typeof plain.poll_oneoff, "function"); // a WebAssembly.Suspending wrapper
  const streams = new WASI({
    stdin: new ReadableStream(),
    stdout: new WritableStream(),
    stderr: "null",
  }).wasiImport;
  assert.notEqual(typeof streams.fd_read, "function");
  assert.notEqual(typeof streams.fd_write, "function");
  const writesWait = new WASI({ stdin: "null", stdout: new WritableStream(), stderr: "null" })
    .wasiImport;
  assert.equal(typeof writesWait.fd_read, "function");
  assert.notEqual(typeof writesWait.fd_write, "function");
});
