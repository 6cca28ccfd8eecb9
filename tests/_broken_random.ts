/**
 * Runs the CLI with `crypto.getRandomValues` broken on purpose, so that
 * random_get raises an exception wasirun does not expect: how a bug in
 * wasirun looks to its user (tests/robust_test.ts).
 */
import process from "node:process";
import { main } from "../cli.ts";

crypto.getRandomValues = () => {
  throw new Error("getRandomValues is broken on purpose");
};
// Node reads /dev/urandom first (lib/host/random.ts): refused here, so it comes to the above.
const fs = process.getBuiltinModule("node:fs") as typeof import("node:fs");
const openSync = fs.openSync;
fs.openSync = ((path: string, ...rest: unknown[]) => {
  if (path === "/dev/urandom") throw Object.assign(new Error("refused"), { code: "EACCES" });
  return (openSync as (...a: unknown[]) => number)(path, ...rest);
}) as typeof fs.openSync;
process.exit(await main(process.argv.slice(2)));
