/** GuestMemory: every access bounds-checked, views fresh after memory.grow. */
import assert from "node:assert/strict";
import { GuestError, GuestFault, GuestMemory, IOV_MAX } from "../../lib/abi/memory.ts";
import { Errno } from "../../lib/abi/errno.ts";

function memory(pages = 1) {
  const raw = new WebAssembly.Memory({ initial: pages, maximum: 4 });
  return { raw, mem: new GuestMemory(raw) };
}

Deno.test("GuestMemory reads and writes little-endian values in bounds", () => {
  const { mem } = memory();
  mem.setU32(8, 0x01020304);
  mem.setU64(16, 0x1122334455667788n);
  mem.setU16(32, 0xbeef);
  assert.equal(mem.getU32(8), 0x01020304);
  assert.equal(mem.getU8(8), 0x04);
  assert.equal(mem.getU64(16), 0x1122334455667788n);
  assert.equal(mem.getU16(32), 0xbeef);
  mem.setU64(40, -1n);
  assert.equal(mem.getU64(40), 0xffffffffffffffffn);
});

Deno.test("GuestMemory throws GuestFault for any access that crosses the end", () => {
  const { mem } = memory();
  const end = 65536;
  assert.throws(() => mem.getU32(end - 3), GuestFault);
  assert.throws(() => mem.setU64(end - 7, 1n), GuestFault);
  assert.throws(() => mem.bytes(end - 10, 11), GuestFault);
  assert.doesNotThrow(() => mem.bytes(end - 10, 10));
  assert.doesNotThrow(() => mem.bytes(end, 0));
  // Pointers arrive from wasm as signed i32: -16 is 0xFFFFFFF0, far out of bounds.
  assert.throws(() => mem.getU8(-16), GuestFault);
  assert.throws(() => mem.iovecs(65536 - 8 * 1023, 1024), GuestFault);
});

Deno.test("copyOut and copyIn move bytes between guest memory and host buffers, bounds-checked", () => {
  const { raw, mem } = memory();
  const end = 65536;
  mem.bytes(100, 5).set([1, 2, 3, 4, 5]);
  const host = new Uint8Array(8).fill(9);
  mem.copyOut(100, 5, host);
  assert.deepEqual([...host], [1, 2, 3, 4, 5, 9, 9, 9]);
  mem.copyIn(200, new Uint8Array([7, 8]));
  assert.deepEqual([...mem.bytes(199, 4)], [0, 7, 8, 0]);
  assert.throws(() => mem.copyOut(end - 3, 4, host), GuestFault);
  assert.throws(() => mem.copyIn(end - 1, new Uint8Array(2)), GuestFault);
  raw.grow(1); // past the old end now
  mem.copyIn(end, new Uint8Array([6]));
  mem.copyOut(end, 1, host);
  assert.equal(host[0], 6);
});

Deno.test("GuestMemory refuses more than IOV_MAX iovecs with EINVAL before reading them", () => {
  const { mem } = memory();
  assert.equal(mem.iovecs(0, IOV_MAX).length, IOV_MAX); // zeroed memory: 1024 empty buffers
  for (const count of [IOV_MAX + 1, 0x20000000, -1]) {
    assert.throws(
      () => mem.iovecs(0, count),
      (e) => e instanceof GuestError && !(e instanceof GuestFault) && e.errno === Errno.INVAL,
    );
  }
});

Deno.test("GuestMemory sees pages added by memory.grow, through every accessor", () => {
  const { raw, mem } = memory();
  assert.throws(() => mem.setU64(70000, 1n), GuestFault);
  raw.grow(1);
  mem.setU64(70000, 42n); // a view taken before the grow would be detached
  assert.equal(mem.getU64(70000), 42n);
  raw.grow(1);
  mem.bytes(140000, 4).set([1, 2, 3, 4]);
  assert.equal(mem.getU32(140000), 0x04030201);
});

Deno.test("GuestMemory decodes iovecs into live views and strings as UTF-8", () => {
  const { mem } = memory();
  mem.setU32(0, 100); // iovec 0: buf 100, len 3
  mem.setU32(4, 3);
  mem.setU32(8, 200); // iovec 1: buf 200, len 0
  mem.setU32(12, 0);
  const [a, b] = mem.iovecs(0, 2);
  a.set([7, 8, 9]);
  assert.equal(mem.getU8(101), 8);
  assert.equal(b.length, 0);
  mem.bytes(300, 6).set(new TextEncoder().encode("üb\0x"));
  assert.equal(mem.string(300, 3), "üb");
  mem.bytes(400, 2).set([0xff, 0xfe]);
  assert.equal(mem.string(400, 2), undefined); // not UTF-8
});

Deno.test("GuestMemory decodes short and long strings alike: ASCII, a bad byte after ASCII, NUL, a BOM", () => {
  const { mem } = memory();
  const cases: [number[], string | undefined][] = [
    [[...new TextEncoder().encode("dir/f0001")], "dir/f0001"],
    [[0x61, 0, 0x62], "a\0b"],
    [[0x61, 0x62, 0x80], undefined], // a continuation byte after ASCII: not UTF-8
    [[0xef, 0xbb, 0xbf, 0x61], "\uFEFFa"], // a leading BOM is part of the name (ignoreBOM)
    [Array(100).fill(0x61), "a".repeat(100)],
    [[...Array(100).fill(0x61), 0xc3], undefined],
  ];
  for (const [bytes, want] of cases) {
    mem.bytes(500, bytes.length).set(bytes);
    assert.equal(mem.string(500, bytes.length), want, JSON.stringify(bytes));
  }
});

Deno.test("writeStringList lays out args_get's pointers and NUL-terminated bytes", () => {
  const { mem } = memory();
  const items = ["a", "ßc", ""].map((s) => new TextEncoder().encode(s));
  mem.writeStringList(items, 1000, 2000);
  assert.deepEqual([mem.getU32(1000), mem.getU32(1004), mem.getU32(1008)], [2000, 2002, 2006]);
  assert.deepEqual([...mem.bytes(2000, 7)], [0x61, 0, 0xc3, 0x9f, 0x63, 0, 0]);
});
