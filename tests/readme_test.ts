/** README.md's syscall checklist stays true. */
import assert from "node:assert/strict";
import { ROOT } from "./_helpers.ts";
import { SIGNATURES } from "../lib/abi/signatures.ts";
import { implementedSyscalls } from "../lib/wasi.ts";

Deno.test("README's checklist names all 46 imports once and checks exactly the implemented ones", async () => {
  const readme = await Deno.readTextFile(`${ROOT}README.md`);
  const items = [...readme.matchAll(/\[( |x)\]\s+`(\w+)`/g)].map((m) => ({
    done: m[1] === "x",
    name: m[2],
  }));
  assert.equal(SIGNATURES.length, 46);
  assert.deepEqual(items.map((i) => i.name).sort(), SIGNATURES.map((s) => s.name).sort());
  assert.deepEqual(
    items.filter((i) => i.done).map((i) => i.name).sort(),
    implementedSyscalls().sort(),
  );
});
