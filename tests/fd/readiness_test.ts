/** The readiness layer on its own: Readahead, WriteQueue and Inbox. */
import assert from "node:assert/strict";
import { Errno } from "../../lib/abi/errno.ts";
import { Inbox, Readahead, WriteQueue } from "../../lib/fd/readiness.ts";

/** A source the test feeds by hand; records how often it was asked. */
function manualSource() {
  const pending: ((chunk: Uint8Array | null) => void)[] = [];
  let asked = 0;
  return {
    read: (dst: Uint8Array) =>
      new Promise<number>((resolve) => {
        asked++;
        pending.push((chunk) => {
          if (!chunk) return resolve(0);
          dst.set(chunk);
          resolve(chunk.length);
        });
      }),
    deliver: (chunk: Uint8Array | null) => pending.shift()!(chunk),
    get asked() {
      return asked;
    },
  };
}

Deno.test("Readahead reads nothing until asked, answers AGAIN, then the data, then EOF", async () => {
  const source = manualSource();
  const ra = new Readahead(source.read, { readsAhead: true }); // an embedder's stream
  assert.equal(source.asked, 0); // nothing read from a stream nobody asked about
  const buf = new Uint8Array(8);
  assert.deepEqual(ra.read([buf]), [0, Errno.AGAIN]);
  assert.equal(source.asked, 1);
  const ready = ra.ready()!;
  source.deliver(new TextEncoder().encode("hello"));
  await ready;
  assert.deepEqual(ra.read([buf.subarray(0, 3), buf.subarray(3)]), [5, Errno.SUCCESS]);
  assert.equal(new TextDecoder().decode(buf.subarray(0, 5)), "hello");
  await Promise.resolve();
  assert.equal(source.asked, 2); // the next chunk is fetched while the guest works
  source.deliver(null);
  await ra.ready();
  assert.deepEqual(ra.read([buf]), [0, Errno.SUCCESS]); // EOF
  assert.ok(ra.eof);
});

Deno.test("Readahead of a host fd reads nothing the guest did not ask for", async () => {
  // What the guest leaves stays in the pipe or socket for whoever reads it next.
  const source = manualSource();
  const ra = new Readahead(source.read);
  const buf = new Uint8Array(3);
  assert.deepEqual(ra.read([buf]), [0, Errno.AGAIN]);
  const ready = ra.ready()!;
  source.deliver(new TextEncoder().encode("l1\n"));
  await ready;
  assert.deepEqual(ra.read([buf]), [3, Errno.SUCCESS]);
  await Promise.resolve();
  assert.equal(source.asked, 1); // no read started for more
});

Deno.test("WriteQueue takes what fits from a non-blocking writer and signals room later", async () => {
  const sunk: number[] = [];
  let release!: () => void;
  const q = new WriteQueue((src) => {
    sunk.push(src.length);
    return new Promise((resolve) => release = () => resolve(src.length));
  }, 10);
  assert.deepEqual(q.write([new Uint8Array(6)], false), [6, Errno.SUCCESS]);
  assert.deepEqual(q.write([new Uint8Array(6)], false), [4, Errno.SUCCESS]); // only 4 fit
  assert.deepEqual(q.write([new Uint8Array(1)], false), [0, Errno.AGAIN]);
  const room = q.ready()!;
  assert.ok(room instanceof Promise);
  release();
  await room;
  assert.ok(q.hasRoom);
  const flushed = q.flush();
  await Promise.resolve();
  release();
  await flushed;
  assert.deepEqual(sunk, [6, 4]);
});

Deno.test("WriteQueue queues all of a blocking write and reports a broken sink as EPIPE", async () => {
  const q = new WriteQueue(
    () => Promise.reject(Object.assign(new Error("gone"), { code: "EPIPE" })),
    4,
  );
  assert.deepEqual(q.write([new Uint8Array(100)], true), [100, Errno.SUCCESS]);
  await q.flush();
  assert.deepEqual(q.write([new Uint8Array(1)], true), [0, Errno.PIPE]);
});

Deno.test("WriteQueue with tryNow: every write the host takes goes straight out; only what it cannot take waits, and later writes behind it", async () => {
  const direct: string[] = [];
  const sunk: string[] = [];
  const text = (s: string) => new TextEncoder().encode(s);
  let room = Infinity; // what the host takes now
  const q = new WriteQueue(
    (src) => {
      sunk.push(new TextDecoder().decode(src));
      return new Promise((resolve) => setTimeout(() => resolve(src.length), 5));
    },
    1024,
    (src) => {
      const n = Math.min(src.length, room);
      if (n === 0) return -11; // -EAGAIN
      direct.push(new TextDecoder().decode(src.subarray(0, n)));
      room -= n;
      return n;
    },
  );
  // Small writes in a burst: each straight out, none held for the event loop (a guest computing
  // after them would keep them from the reader, and a signal then would lose them).
  for (const line of ["hello\n", "a\n", "b\n"]) {
    assert.deepEqual(q.write([text(line)], true), [line.length, Errno.SUCCESS]);
  }
  assert.deepEqual(direct, ["hello\n", "a\n", "b\n"]);
  // The host takes 2 bytes of the next: the rest is queued, and what follows waits behind it.
  room = 2;
  assert.deepEqual(q.write([text("wxyz")], true), [4, Errno.SUCCESS]);
  room = Infinity;
  assert.deepEqual(q.write([text("!\n")], true), [2, Errno.SUCCESS]);
  assert.deepEqual(direct.at(-1), "wx");
  await q.flush();
  assert.deepEqual(sunk.join(""), "yz!\n");
  // Drained: straight out again.
  assert.deepEqual(q.write([text("bye\n")], true), [4, Errno.SUCCESS]);
  assert.deepEqual(direct.at(-1), "bye\n");
});

Deno.test("WriteQueue with tryNow: an error met after part of a write went is the next write's answer, as the host's send takes it once", () => {
  // A socket's reset: the send that meets it takes it (ECONNRESET), every one after says EPIPE.
  let reset = false;
  const answers: number[] = [];
  const q = new WriteQueue(
    () => Promise.reject(new Error("not used")),
    1024,
    (src) => {
      const r = !reset ? src.length : answers.length === 0 ? -104 : -32;
      if (reset) answers.push(r);
      reset = true; // the peer resets once the first buffer went
      return r;
    },
  );
  // One writev of two buffers: the first goes out, the second meets the reset. As send(2) of
  // both would, the call answers what went; the reset is the next call's (it was dropped, and
  // the next write found EPIPE: a TCP peer's reset told as SIGPIPE's).
  assert.deepEqual(q.write([new Uint8Array(3), new Uint8Array(4)], true), [3, Errno.SUCCESS]);
  assert.deepEqual(q.write([new Uint8Array(1)], true), [0, Errno.CONNRESET]);
  assert.deepEqual(answers, [-104]);
});

Deno.test("Inbox pauses its source above the high-water mark, peeks, and resumes when drained", () => {
  const demands: boolean[] = [];
  const inbox = new Inbox((more) => demands.push(more), 8);
  const buf = new Uint8Array(4);
  assert.deepEqual(inbox.read([buf]), [0, Errno.AGAIN]);
  assert.deepEqual(demands, [true]);
  inbox.push(new TextEncoder().encode("abcdef"));
  inbox.push(new TextEncoder().encode("ghij"));
  assert.equal(demands.at(-1), false); // 10 bytes >= 8: paused
  assert.deepEqual(inbox.read([buf], true), [4, Errno.SUCCESS]); // peek
  assert.equal(new TextDecoder().decode(buf), "abcd");
  assert.equal(inbox.buffered, 10);
  const big = new Uint8Array(8);
  assert.deepEqual(inbox.read([big]), [8, Errno.SUCCESS]);
  assert.equal(new TextDecoder().decode(big), "abcdefgh");
  assert.equal(demands.at(-1), true); // below half: resumed
  inbox.end();
  assert.deepEqual(inbox.read([big]), [2, Errno.SUCCESS]);
  assert.deepEqual(inbox.read([big]), [0, Errno.SUCCESS]);
  assert.ok(inbox.eof);
});

Deno.test("race(): a promise that stays pending keeps no waiter that has left it (an idle socket held every earlier poll's race)", async () => {
  // The one reaction on a pending promise shared subscribe()'s closure context, and so kept
  // the first race that waited on it, with everything that race had settled with: N idle
  // connections held N^2 closures (a Go echo server with 2,000 of them: 1 GB on Node).
  const script = `
    const { race } = await import(${
    JSON.stringify(import.meta.resolve("../../lib/fd/readiness.ts"))
  });
    const idle = new Promise(() => {});
    async function firstWaiter() {
      const big = new Uint8Array(1 << 20);
      await race([idle, Promise.resolve(big)]);
      return new WeakRef(big);
    }
    const ref = await firstWaiter();
    race([idle, new Promise(() => {})]);
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 0));
      gc();
    }
    console.log(ref.deref() === undefined ? "collected" : "kept");
  `;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--v8-flags=--expose-gc", script],
    stdin: "null",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, stderr);
  assert.equal(new TextDecoder().decode(out.stdout), "collected\n", stderr);
});
