/** lib/host/read_file.ts on Deno: whole files, byte for byte, into page-aligned memory. */
import assert from "node:assert/strict";
import { pageAlignedBytes, readFileBytes } from "../../lib/host/read_file.ts";

/** Files of awkward sizes with distinct bytes, in a fresh directory. */
export function writeSamples(dir: string): Map<string, Uint8Array> {
  const samples = new Map<string, Uint8Array>();
  for (const size of [1, 65535, 65536, 65537, (1 << 20) + 3]) {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) bytes[i] = (i * 7 + (i >> 8)) & 0xff;
    const path = `${dir}/f${size}`;
    Deno.writeFileSync(path, bytes);
    samples.set(path, bytes);
  }
  return samples;
}

Deno.test("readFileBytes returns each file whole, in memory that starts on a page", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    for (const [path, bytes] of writeSamples(dir)) {
      const got = await readFileBytes(path);
      assert.equal(got.length, bytes.length, path);
      assert.deepEqual(got, bytes, path);
      const address = Deno.UnsafePointer.value(Deno.UnsafePointer.of(got));
      assert.equal(BigInt(address) % 4096n, 0n, `${path} at ${address}`);
    }
    // What fstat gives no size for is read the runtime's way.
    assert.ok((await readFileBytes("/proc/self/status")).length > 0);
    assert.equal((await readFileBytes("/dev/null")).length, 0);
    await assert.rejects(readFileBytes(dir), /directory/i);
    await assert.rejects(readFileBytes(`${dir}/missing`), /No such file|NotFound/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("pageAlignedBytes gives zeroed bytes of the size asked", () => {
  for (const size of [1, 4096, 65536, 200_000]) {
    const bytes = pageAlignedBytes(size);
    assert.equal(bytes.length, size);
    assert.ok(bytes.every((b) => b === 0));
    assert.equal(BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(bytes))) % 4096n, 0n);
  }
});
