/**
 * lib/module.ts's rewrite for a memory limit (`-W max-memory-size`,
 * `run()`'s `maxMemorySize`) on modules nothing has validated: corrupted
 * copies of a real one keep their validity, and only a valid module is
 * refused (an invalid one is left for the compile to name).
 */
import assert from "node:assert/strict";
import { limitMemory } from "../lib/module.ts";
import { WasiRunError } from "../lib/errors.ts";
import { fixture } from "./_helpers.ts";

const BASE = Deno.readFileSync(fixture("wat/grow_limit.wasm"));

/** A small deterministic generator (xorshift32), so that a failure reruns. */
function generator(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

for (const limit of [10_000_000, 65_536]) {
  Deno.test(`a limit of ${limit} bytes keeps every corrupted module as valid or invalid as it was`, () => {
    const random = generator(limit);
    let refused = 0;
    for (let i = 0; i < 20_000; i++) {
      const bytes = new Uint8Array(BASE);
      for (let k = 0; k <= i % 4; k++) {
        bytes[8 + Math.floor(random() * (bytes.length - 8))] = Math.floor(random() * 256);
      }
      const input = random() < 0.3 ? bytes.slice(0, Math.floor(random() * bytes.length)) : bytes;
      const valid = WebAssembly.validate(input);
      try {
        const output = limitMemory(input, limit);
        assert.equal(WebAssembly.validate(output), valid, `case ${i}: ${input.join(",")}`);
      } catch (e) {
        assert.ok(e instanceof WasiRunError, `case ${i}: ${e}`);
        assert.ok(valid, `case ${i}: an invalid module refused: ${input.join(",")}`);
        refused++;
      }
    }
    // Its 2 pages fit 10 MB; under 64 KiB the valid copies are refused.
    if (limit < 131_072) assert.ok(refused > 0);
  });
}

Deno.test("a limit lowers a memory's maximum and leaves the rest of the module as it was", () => {
  const out = limitMemory(new Uint8Array(BASE), 10_000_000);
  assert.ok(WebAssembly.validate(out));
  const memory = new WebAssembly.Instance(new WebAssembly.Module(out), {
    wasi_snapshot_preview1: { fd_write: () => 0 },
  }).exports.memory as WebAssembly.Memory;
  assert.equal(memory.buffer.byteLength, 2 * 65536);
  memory.grow(150); // 152 pages: 9,961,472 bytes, within 10 MB
  assert.throws(() => memory.grow(1), RangeError);
});
