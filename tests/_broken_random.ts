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
process.exit(await main(process.argv.slice(2)));
