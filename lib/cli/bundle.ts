/**
 * Whether cli.ts may load lib/cli/early.bundle.js and lib/cli/main.bundle.js,
 * each one file holding lib/cli/early.ts (or main.ts) and everything it
 * imports, instead of those ~50 modules: loading them one by one costs Deno
 * ~8 ms and Node ~100 ms (it strips the types of each) of every start
 * (RATIONALE.md, "Fifth round: start-up from one file").
 *
 * `deno task bundle` (bin/bundle.ts) writes the bundles and, beside them,
 * main.bundle.json: each source's path and size (the early bundle holds a
 * copy). The bundles stand for the
 * sources while each source still has its size and none was modified more
 * than {@linkcode SLACK_MS} after main.bundle.js was written (a checkout
 * writes them all within that; an edit comes later). Otherwise, or when
 * anything here cannot be read (no manifest, a copy of cli.ts without
 * lib/), the sources run: only an edit that keeps a file's size, made
 * within those 10 s of `deno task bundle`, could go unseen. Where the
 * sources cannot be checked at all, the bundles run unchecked: imported
 * from a remote URL (JSR publishes them with the sources they were built
 * from), or by Deno without read permission for lib/ (asking would prompt
 * on a terminal, and the sources' import would need it: cli.ts names them
 * so that Deno does not load them before it knows). tests/bundle_test.ts
 * fails when the committed bundles are not what the sources build.
 *
 * cli.ts runs this check from the early bundle (lib/cli/early.ts re-exports
 * it), so that a start loads one file before it knows. A stale copy of the
 * check is still right: whatever was edited, this file included, is among
 * the sources it compares.
 *
 * @module
 */
import { isBun, isDeno } from "../host/runtime.ts";
import { nodeFs } from "../host/process.ts";

/** How much later than the bundle a source may have been written by the same checkout. */
const SLACK_MS = 10_000;

/** What main.bundle.json records: each source (relative to the repository root) and its size. */
interface BundleManifest {
  sources: Record<string, number>;
}

interface BunFile {
  size: number;
  lastModified: number;
}
const bunFile = isBun
  ? (globalThis as unknown as { Bun: { file(path: string): BunFile } }).Bun.file
  : undefined;
/** Bun's `require` (cli.ts's), which parses a JSON file synchronously: no promise, no `node:fs`. */
type Require = (path: string) => unknown;

/**
 * Size and mtime, each runtime's cheapest way (`node:fs` costs Bun ~3 ms to
 * load). On Deno of the path itself, not where a symlink there leads (Deno's
 * `lstatSync` costs a third of its `statSync`: 58 of them 0.4 against 1.2
 * ms): a source that is a link has the link's size, and the sources run.
 */
function stat(path: string): { size: number; mtimeMs: number } {
  if (isDeno) {
    const s = Deno.lstatSync(path);
    return { size: s.size, mtimeMs: s.mtime?.getTime() ?? Infinity };
  }
  if (bunFile) {
    const f = bunFile(path);
    const mtimeMs = f.lastModified, size = f.size;
    if (!(mtimeMs > 0)) throw new Error(`cannot stat ${path}`); // Bun answers 0 for a missing file
    return { size, mtimeMs };
  }
  return nodeFs().statSync(path);
}

/**
 * The manifest as bin/bundle.ts writes it into the early bundle, which then
 * reads no file for it (Bun's `require` of main.bundle.json took ~0.3 ms of
 * a start); in the sources, the placeholder, and the file is read.
 */
const BUNDLED_MANIFEST: BundleManifest | string = "<the manifest>";

function readManifest(path: string, bunRequire: Require | undefined): BundleManifest {
  if (typeof BUNDLED_MANIFEST === "object") return BUNDLED_MANIFEST;
  if (isDeno) return JSON.parse(Deno.readTextFileSync(path));
  if (bunRequire) return bunRequire(path) as BundleManifest;
  return JSON.parse(nodeFs().readFileSync(path, "utf8"));
}

/**
 * Whether cli.ts may run the bundles: they stand for their sources, or the
 * sources cannot be checked (see the module's text).
 * `root` is the repository's root (where lib/ is): given by cli.ts, since
 * this module's own URL is the bundle's, and Bun's CommonJS bundle has none.
 */
export function bundleIsFresh(root: URL, bunRequire?: Require): boolean {
  if (root.protocol !== "file:") return true;
  try {
    const dir = decodeURIComponent(root.pathname);
    // Deno without read permission for lib/ (where every file read here is) would prompt on a
    // terminal: not asked, and the bundles run. README's least-privilege command grants it.
    const lib = dir + "lib";
    if (isDeno && Deno.permissions.querySync({ name: "read", path: lib }).state !== "granted") {
      return true;
    }
    // Written last by bin/bundle.ts: the bundles' time.
    const bundle = stat(dir + "lib/cli/main.bundle.js");
    const manifest = readManifest(dir + "lib/cli/main.bundle.json", bunRequire);
    const latest = bundle.mtimeMs + SLACK_MS;
    for (const [path, size] of Object.entries(manifest.sources)) {
      const s = stat(dir + path);
      if (s.size !== size || s.mtimeMs > latest) return false;
    }
    return true;
  } catch {
    return false;
  }
}
