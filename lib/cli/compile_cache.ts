/**
 * Node's compile cache for the npm bin (bin/wasirun.ts, bin/cli.ts): V8's
 * code for wasirun kept between starts, turned on before wasirun loads so
 * that it covers all of it (Node >= 22.1; nothing on Deno and Bun). Imports
 * nothing: the bins load it first. cli.ts does the same in its own lines,
 * since cli.js, made from it, may import no .ts file (Node would load its
 * type stripper, ~0.1 s). The cache lives in the temp dir: not one
 * that is (or resolves to) a place under procfs or sysfs, where Node's mkdir
 * of it loops for ever on procfs's ENOENT (helper-193).
 *
 * @module
 */

interface NodeModule {
  enableCompileCache?: () => unknown;
  realpathSync?: (path: string) => string;
}

interface NodeProcess {
  getBuiltinModule?: (id: string) => NodeModule | undefined;
  env: Record<string, string | undefined>;
}

/** Turns Node's compile cache on, where it can live. */
export function enableNodeCompileCache(): void {
  if ("Deno" in globalThis || "Bun" in globalThis) return;
  const node = (globalThis as { process?: NodeProcess }).process;
  if (!node?.getBuiltinModule) return;
  let tmp = node.env.TMPDIR || node.env.TMP || node.env.TEMP || "/tmp";
  try {
    tmp = node.getBuiltinModule("node:fs")?.realpathSync?.(tmp) ?? tmp; // a link to /proc too
  } catch {
    // missing: Node makes it
  }
  if (!/^\/+(proc|sys)(\/|$)/.test(tmp)) {
    node.getBuiltinModule("node:module")?.enableCompileCache?.();
  }
}
