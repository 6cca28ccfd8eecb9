/**
 * Go's own package tests, compiled for wasip1 and run through wasirun the way
 * Go's `go_wasip1_wasm_exec` runs them under wasmtime (`--dir=/ --env PWD
 * --env PATH`). Real programs exercising files, directories, timers and
 * stdio. Skipped where Go is not installed.
 */
import assert from "node:assert/strict";
import { type Runtime, RUNTIMES, shellQuote } from "./_helpers.ts";

const PACKAGES = ["os", "io", "bufio", "path/filepath", "io/fs", "strings", "encoding/json"];

async function hasGo(): Promise<boolean> {
  try {
    return (await new Deno.Command("go", { args: ["version"], stdout: "null" }).output()).success;
  } catch {
    return false;
  }
}

const go = await hasGo();

/**
 * encoding/json's tests recurse close to Bun's default stack limit, which
 * depends on when its JIT has compiled the recursing code (README, "Exit
 * codes"): under a loaded machine one run in several trapped. Bun gets the
 * stack option wasirun's hint names, as a user of such a program would.
 */
const ENV: Record<string, string> = { bun: "BUN_JSC_maxPerThreadStackUsage=67108864 " };

for (const runtime of RUNTIMES) {
  Deno.test({
    name: `${runtime.name}: Go's own tests of ${PACKAGES.join(", ")} pass under wasirun`,
    ignore: !go,
    fn: async () => {
      const dir = await Deno.makeTempDir({ prefix: "wasirun-gotest-" });
      try {
        const exec = `${dir}/wasirun_exec`;
        const command = runtime.command.map(shellQuote).join(" ");
        await Deno.writeTextFile(
          exec,
          `#!/bin/sh\n${ENV[runtime.name] ?? ""}exec ${command} --dir=/ --env PWD="$PWD" ` +
            `--env PATH="$PATH" -- "$@"\n`,
          { mode: 0o755 },
        );
        const out = await new Deno.Command("go", {
          args: [
            "test",
            "-exec",
            exec,
            "-short",
            "-count=1",
            ...PACKAGES,
          ],
          cwd: dir,
          env: { GOOS: "wasip1", GOARCH: "wasm", GOFLAGS: "" },
          stdin: "null",
          stdout: "piped",
          stderr: "piped",
        }).output();
        const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
        for (const pkg of PACKAGES) assert.match(text, new RegExp(`^ok\\s+${pkg}\\s`, "m"), text);
        assert.equal(out.code, 0, text);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}

/** Go's own exec script for wasip1 (GOROOT/lib/wasm, or misc/wasm before Go 1.24). */
async function goExecScript(): Promise<string | undefined> {
  if (!go) return undefined;
  const out = await new Deno.Command("go", { args: ["env", "GOROOT"], stdout: "piped" }).output();
  const root = new TextDecoder().decode(out.stdout).trim();
  for (const dir of ["lib/wasm", "misc/wasm"]) {
    const path = `${root}/${dir}/go_wasip1_wasm_exec`;
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // not in this Go
    }
  }
  return undefined;
}

const goExec = await goExecScript();

/** `dir`/wasmtime: a script that runs wasirun under `runtime` (what go_wasip1_wasm_exec calls). */
async function writeWasmtime(dir: string, runtime: Runtime): Promise<void> {
  const command = runtime.command.map(shellQuote).join(" ");
  await Deno.writeTextFile(`${dir}/wasmtime`, `#!/bin/sh\nexec ${command} "$@"\n`, { mode: 0o755 });
}

/** Go's host tests of wasip1 runtimes (internal/runtime/wasitest since Go 1.23). */
const wasitest = goExec !== undefined && (() => {
  try {
    const root = goExec.replace(/\/(lib|misc)\/wasm\/go_wasip1_wasm_exec$/, "");
    return Deno.statSync(`${root}/src/internal/runtime/wasitest/nonblock_test.go`).isFile;
  } catch {
    return false;
  }
})();

for (const runtime of RUNTIMES) {
  Deno.test({
    name:
      `${runtime.name}: Go's own go_wasip1_wasm_exec runs a package's tests with wasirun as its wasmtime`,
    ignore: !goExec,
    fn: async () => {
      // The script runs `wasmtime run --dir=/ --env PWD=... -W max-wasm-stack=8388608 ...`.
      const dir = await Deno.makeTempDir({ prefix: "wasirun-goexec-" });
      try {
        await writeWasmtime(dir, runtime);
        const out = await new Deno.Command("go", {
          // encoding/asn1 recurses 5,000 levels deep: it needs the 8 MiB stack the script asks for.
          args: ["test", "-exec", goExec!, "-short", "-count=1", "strings", "encoding/asn1"],
          cwd: dir,
          env: {
            GOOS: "wasip1",
            GOARCH: "wasm",
            GOFLAGS: "",
            GOWASIRUNTIME: "wasmtime",
            PATH: `${dir}:${Deno.env.get("PATH")}`,
          },
          stdin: "null",
          stdout: "piped",
          stderr: "piped",
        }).output();
        const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
        assert.match(text, /^ok\s+strings\s/m, text);
        assert.match(text, /^ok\s+encoding\/asn1\s/m, text);
        assert.equal(out.code, 0, text);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}

for (const runtime of RUNTIMES) {
  Deno.test({
    name:
      `${runtime.name}: Go's own WASI host tests (internal/runtime/wasitest: FIFOs read non-blocking, --tcplisten) pass with wasirun as wasmtime`,
    ignore: !wasitest,
    fn: async () => {
      // A host test: it `go run`s testdata/nonblock.go (goroutines reading
      // eight FIFOs written in reverse order: with blocking reads the lines
      // come out of order) and testdata/tcpecho.go (a listener preopened with
      // wasmtime's old `--tcplisten ADDR`) for wasip1 through
      // go_wasip1_wasm_exec, which runs `wasmtime`. wasmtime 49 fails both: its
      // read of a FIFO answers "Illegal seek", and it no longer takes
      // `--tcplisten`. TestTCPEcho probes a free port, then the guest binds it:
      // a race Go accepts (GOWASIENABLERACYTEST).
      const dir = await Deno.makeTempDir({ prefix: "wasirun-wasitest-" });
      try {
        await writeWasmtime(dir, runtime);
        const execDir = goExec!.slice(0, goExec!.lastIndexOf("/"));
        const env: Record<string, string> = {
          GOFLAGS: "",
          GOWASIRUNTIME: "wasmtime",
          GOWASIENABLERACYTEST: "1",
          PATH: `${dir}:${execDir}:${Deno.env.get("PATH")}`,
        };
        const out = await new Deno.Command("go", {
          args: [
            "test",
            "-count=1",
            "-v",
            // TestTCPEcho dials until the guest listens: a guest that never does would hang it.
            "-timeout=180s",
            "internal/runtime/wasitest",
            "-args",
            "-target=wasip1/wasm",
          ],
          cwd: dir,
          // The test itself runs on the host; the guests it builds get GOOS=wasip1 from it.
          env: { ...env, GOOS: "", GOARCH: "" },
          stdin: "null",
          stdout: "piped",
          stderr: "piped",
        }).output();
        const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
        assert.match(text, /^--- PASS: TestNonblock /m, text);
        assert.match(text, /^--- PASS: TestTCPEcho /m, text);
        assert.match(text, /^ok\s+internal\/runtime\/wasitest\s/m, text);
        assert.equal(out.code, 0, text);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}
