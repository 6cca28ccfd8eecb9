/**
 * WASI preview0 (`wasi_unstable`), which wasmtime, wazero and node:wasi run:
 * testdata/c/preview0.c makes the calls whose layout or values differ from
 * preview1 (fd_seek's whence, the 56-byte filestat, the 56-byte
 * subscriptions) through `wasi_unstable` imports, on every runtime and
 * resolver; testdata/wat/preview0.wat imports nothing else. The expected
 * lines are wasmtime 49's, but for three kinds (RATIONALE.md, "preview0"):
 * whence 3, where wasmtime traps and wasirun answers EINVAL; the poll with a
 * bad clock id, which wasmtime fails whole and wasirun answers in the
 * subscription's event, as for preview1 (RATIONALE.md, "poll_oneoff"); and
 * the polls of two subscriptions or more, which wasmtime 49 fails with EINVAL
 * whatever they hold, as it reads preview0's subscriptions 48 bytes apart.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { run, TcpListener, WASI, WasiRunError } from "../mod.ts";
import { assertQuietStderr, assertStdout, fixture, runCli, RUNTIMES } from "./_helpers.ts";

const EXPECTED = `path_open: errno 0
fd_write: errno 0 n 10
seek SET 3: errno 0 at 3
read: errno 0 n 1 byte 3
tell: errno 0 at 4
seek CUR 2: errno 0 at 6
seek END -1: errno 0 at 9
seek whence 3: errno 28 at 77
fd_filestat_get: filetype 4 nlink 1 size 10 times set after untouched
path_filestat_get: filetype 4 nlink 1 size 10 times set after untouched
path_filestat_get .: filetype 3 nlink 2 size 4096 times set after untouched
path_filestat_get missing: errno 44
clock 1 ms: errno 0 nevents 1 [userdata 1111 error 0 type 0]
clock 0: errno 0 nevents 1 [userdata 1111 error 0 type 0]
clock abstime past: errno 0 nevents 1 [userdata 1111 error 0 type 0]
clock 9: errno 0 nevents 1 [userdata 1111 error 28 type 0]
clock 10 s, stdout, fd 99: errno 0 nevents 2 [userdata 3333 error 0 type 2] [userdata 4444 error 8 type 1]
clock 10 s, clock 0: errno 0 nevents 1 [userdata 6666 error 0 type 0]
`;

/** A directory as the guest needs it; its size is what `stat .` reports. */
function scratch(): string {
  return fs.realpathSync(Deno.makeTempDirSync({ prefix: "wasirun-preview0-" }));
}

/** The expected lines, with the directory's own size (4096 on ext4; tmpfs counts its entries). */
function expectedFor(dir: string): string {
  return EXPECTED.replace("size 4096", `size ${fs.statSync(dir).size}`);
}

for (const runtime of RUNTIMES) {
  for (const resolver of ["openat2", "fd-walk", "procfs", "paths"]) {
    Deno.test(`${runtime.name}, ${resolver}: preview0's seek, filestat and poll`, async () => {
      const dir = scratch();
      try {
        const r = await runCli(runtime, ["--dir", `${dir}::/`, fixture("c/preview0.wasm")], {
          env: { WASIRUN_RESOLVER: resolver },
        });
        assertQuietStderr(r.stderr, resolver === "paths");
        // The guest wrote the 10 bytes, then stat'ed the file it made: preview0 sees what preview1 would.
        assertStdout(r, expectedFor(dir));
        assert.equal(r.code, 0);
        assert.equal(fs.readFileSync(`${dir}/p0.txt`, "utf8"), "0123456789");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  Deno.test(`${runtime.name}: a module importing only wasi_unstable runs`, async () => {
    const r = await runCli(runtime, [fixture("wat/preview0.wasm")]);
    assert.equal(r.stderr, "");
    assert.equal(r.stdout, "hello from preview0\n");
    assert.equal(r.code, 0);
  });
}

Deno.test("run() and the WASI class take a preview0 module", async () => {
  const bytes = await Deno.readFile(fixture("wat/preview0.wasm"));
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  const ran = await run(bytes);
  assert.equal(text(ran.stdout), "hello from preview0\n");
  assert.equal(ran.code, 0);

  const module = await WebAssembly.compile(bytes);
  for (const version of [undefined, "unstable"] as const) {
    const chunks: Uint8Array[] = [];
    const wasi = new WASI({
      version,
      stdout: new WritableStream({ write: (c) => void chunks.push(c.slice()) }),
    });
    const imports = wasi.getImportObject();
    assert.deepEqual(
      Object.keys(imports).sort(),
      version ? ["wasi_unstable"] : ["wasi_snapshot_preview1", "wasi_unstable"],
    );
    assert.equal(imports.wasi_unstable, imports.wasi_unstable, "made once");
    if (version) assert.equal(wasi.wasiImport, imports.wasi_unstable);
    assert.equal("sock_accept" in imports.wasi_unstable, false);
    const code = await wasi.start(await WebAssembly.instantiate(module, imports));
    assert.equal(code, 0);
    assert.equal(chunks.map(text).join(""), "hello from preview0\n");
  }
  // node:wasi's version "preview1" gives preview1 alone, as node:wasi does.
  const preview1 = new WASI({ version: "preview1" });
  assert.deepEqual(Object.keys(preview1.getImportObject()), ["wasi_snapshot_preview1"]);
  await preview1.close();
});

Deno.test("preview0's fd_fdstat_get gives a listener no SOCK_ACCEPT right, which preview0 lacks", async () => {
  // testdata/wat/preview0_fdstat.wat: 0 when fd 3's rights have POLL_FD_READWRITE and not bit 29.
  const listener = await TcpListener.listen("127.0.0.1", 0);
  const ran = await run(await Deno.readFile(fixture("wat/preview0_fdstat.wasm")), {
    listeners: [listener],
  });
  assert.equal(ran.code, 0);
});

Deno.test("a preview0 import of preview1's sock_accept, or of another type, is refused", async () => {
  // (module (import "wasi_unstable" "sock_accept" (func (param i32 i32 i32) (result i32))) ...)
  const accept = wat([0x60, 3, 0x7f, 0x7f, 0x7f, 1, 0x7f], "sock_accept");
  // (module (import "wasi_unstable" "fd_seek" (func (param i32 i32 i32 i32) (result i32))) ...)
  const seek = wat([0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 1, 0x7f], "fd_seek");
  await assert.rejects(
    run(accept),
    (e) =>
      e instanceof WasiRunError &&
      e.message === "module imports 'wasi_unstable.sock_accept', which wasirun does not provide",
  );
  await assert.rejects(
    run(seek),
    (e) =>
      e instanceof Error &&
      e.message ===
        "import 'wasi_unstable.fd_seek' has type (i32, i32, i32, i32) -> i32, expected (i32, i64, i32, i32) -> i32",
  );
});

/** A module whose one import is `wasi_unstable.NAME` of function type `type`, with a memory and an empty `_start`. */
function wat(type: number[], name: string): Uint8Array {
  const str = (s: string) => [s.length, ...new TextEncoder().encode(s)];
  const section = (id: number, body: number[]) => [id, body.length, ...body];
  return new Uint8Array([
    ...[0, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...section(1, [2, ...type, 0x60, 0, 0]), // types: the import's, then () -> ()
    ...section(2, [1, ...str("wasi_unstable"), ...str(name), 0, 0]), // import function type 0
    ...section(3, [1, 1]), // one function of type 1
    ...section(5, [1, 0, 1]), // memory, min 1 page
    ...section(7, [2, ...str("memory"), 2, 0, ...str("_start"), 0, 1]), // exports
    ...section(10, [1, 2, 0, 0x0b]), // _start: nothing
  ]);
}
