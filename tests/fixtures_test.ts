/** Every committed guest fixture is exercised by some test (STYLE.md, fixtures are counted). */
import assert from "node:assert/strict";
import { ROOT } from "./_helpers.ts";

async function* walk(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) yield* walk(path);
    else yield path;
  }
}

Deno.test("every .wasm under testdata/ is named by a test", async () => {
  let tests = "";
  for await (const file of walk(`${ROOT}tests`)) {
    if (file.endsWith(".ts")) tests += await Deno.readTextFile(file);
  }
  const untested: string[] = [];
  let count = 0;
  for await (const file of walk(`${ROOT}testdata`)) {
    if (!file.endsWith(".wasm")) continue;
    count++;
    const rel = file.slice(`${ROOT}testdata/`.length);
    if (!tests.includes(`"${rel}"`) && !tests.includes(`"testdata/${rel}"`)) untested.push(rel);
  }
  assert.ok(count > 10, `found only ${count} fixtures`);
  assert.deepEqual(untested, [], "fixtures without a test");
});

Deno.test("every fixture source names its rebuild command in its first comment", async () => {
  for await (const file of walk(`${ROOT}testdata`)) {
    if (!/\.(go|c|rs|wat)$/.test(file)) continue;
    const head = (await Deno.readTextFile(file)).split("\n").slice(0, 3).join("\n");
    assert.match(
      head,
      /(go build|clang-19|rustc|wat2wasm|wasm-tools parse)/,
      `${file} lacks its build command`,
    );
  }
});
