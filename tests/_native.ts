/**
 * Native builds of the guest programs, made at test time when the toolchain
 * is installed, so a guest's output under wasirun can be compared with the
 * same program run natively. A missing toolchain skips the comparison; a
 * build that breaks fails the test.
 */
import * as fs from "node:fs";
import { ROOT } from "./_helpers.ts";

/** How to build one program natively: the compiler, its arguments (given the output path) and where. */
export interface NativeRecipe {
  cmd: string;
  args: (out: string) => string[];
  cwd: string;
}

export const RUSTC = `${Deno.env.get("HOME")}/.cargo/bin/rustc`;

/** Recipes for the guest programs under testdata/. */
export const RECIPES = {
  "c/main": { cmd: "gcc", args: (o) => ["-O2", "-o", o, "main.c"], cwd: "testdata/c" },
  "go/main": { cmd: "go", args: (o) => ["build", "-o", o, "main.go"], cwd: "testdata/go" },
  "rust/main": {
    cmd: RUSTC,
    args: (o) => ["--edition", "2021", "-O", "-o", o, "main.rs"],
    cwd: "testdata/rust",
  },
  "c/fs": { cmd: "gcc", args: (o) => ["-O2", "-o", o, "fs.c"], cwd: "testdata/c" },
  "go/fs": { cmd: "go", args: (o) => ["build", "-o", o, "main.go"], cwd: "testdata/go/fs" },
  "rust/fs": {
    cmd: RUSTC,
    args: (o) => ["--edition", "2021", "-O", "-o", o, "fs.rs"],
    cwd: "testdata/rust",
  },
} satisfies Record<string, NativeRecipe>;

export type NativeName = keyof typeof RECIPES;

const dir = fs.realpathSync(Deno.makeTempDirSync({ prefix: "wasirun-native-" }));
globalThis.addEventListener("unload", () => fs.rmSync(dir, { recursive: true, force: true }));
const builds = new Map<NativeName, Promise<string | undefined>>();

async function build(name: NativeName): Promise<string | undefined> {
  const recipe: NativeRecipe = RECIPES[name];
  const out = `${dir}/${name.replace("/", "-")}`;
  let result: Deno.CommandOutput;
  try {
    result = await new Deno.Command(recipe.cmd, {
      args: recipe.args(out),
      cwd: `${ROOT}${recipe.cwd}`,
      stdout: "null",
      stderr: "piped",
    }).output();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined; // toolchain not installed
    throw e;
  }
  if (!result.success) {
    throw new Error(`${recipe.cmd} failed: ${new TextDecoder().decode(result.stderr)}`);
  }
  return out;
}

/** The native binary for `name`, built once; undefined when its toolchain is missing. */
export function native(name: NativeName): Promise<string | undefined> {
  if (!builds.has(name)) builds.set(name, build(name));
  return builds.get(name)!;
}

/** Runs the native build; undefined when it cannot be built here. */
export async function runNative(
  name: NativeName,
  args: string[],
  options: { stdin?: Uint8Array; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string } | undefined> {
  const binary = await native(name);
  if (!binary) return undefined;
  const child = new Deno.Command(binary, {
    args,
    env: options.env,
    clearEnv: options.env !== undefined,
    stdin: options.stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let feeding = Promise.resolve();
  if (options.stdin) {
    const writer = child.stdin.getWriter();
    feeding = writer.write(options.stdin).then(() => writer.close()).catch(() => {});
  }
  const [out] = await Promise.all([child.output(), feeding]);
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}
