/**
 * The sandbox against a hostile guest (testdata/c/hostile.c): every way out
 * of the preopen we know of is refused with wasmtime's errno, and nothing
 * outside the preopen changes. See RATIONALE.md ("The filesystem sandbox").
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import {
  assertStdout,
  fixture,
  NODE,
  NODE_NO_FFI,
  readUntil,
  runCli,
  type Runtime,
  RUNTIMES,
} from "./_helpers.ts";

const HOSTILE = fixture("c/hostile.wasm");

/** What the guest prints, attempt by attempt (63 EPERM, 32 ELOOP, 28 EINVAL, ...). */
const EXPECTED = `
open_dotdot=63
open_host_absolute=63
open_etc_passwd=63
open_root=63
open_dotdot_slash=63
open_deep_dotdot=63
open_dot_dotdot=63
open_many_dotdot=63
open_abs_symlink=63
open_abs_symlink_slash=63
open_abs_symlink_dir=63
open_rel_symlink=63
open_chain=63
open_dirlink=63
open_dirlink_slash=63
open_symlink_nofollow=32
open_nul=28
open_nul_end=28
open_bad_utf8=BAD_UTF8
open_fault=21
open_trailing_slash_file=54
symlink_loop_a=0
symlink_loop_b=0
open_loop=32
stat_dotdot=63
stat_abs_follow=63
stat_abs_nofollow=0
stat_nested_up=63
stat_nested_absdir=63
readlink_abs=63
readlink_rel=0
symlink_absolute=63
symlink_host_absolute=63
symlink_absolute_no_dir=63
symlink_relative_out=63
symlink_relative_deep=63
symlink_in_sub_out=63
symlink_in_sub_ok=0
symlink_out_of_sandbox=63
open_bom_name=44
mkdir_deep=0
mkdir_deep_sub=0
symlink_bom_in_deep=0
rename_bom_link_up=63
rename_out=63
rename_in=63
rename_abs=63
rename_via_symlink=63
link_out=63
link_in=63
link_follow_abs=28
unlink_out=63
unlink_via_symlink=63
unlink_nested_up=63
rmdir_out=63
mkdir_out=63
utimes_out=63
utimes_abs=63
create_out=63
open_dir_dot=0
open_dir_dot_parent=63
open_sub=0
open_sub_parent=63
open_sub_parent_parent=63
moved_dir_rename=0
moved_dir_plant=63
moved_dir_open=0
moved_dir_parent=63
open_file=0
renumber_over_preopen=0
after_renumber_open=54
after_renumber_prestat=8
`.trimStart();

interface Tree {
  top: string;
  sandbox: string;
  canary: string;
  stolen: string;
}

/**
 * EXPECTED under `resolver`: a path that is not UTF-8 is a name like any
 * other where the kernel is handed its bytes (FFI: ENOENT, as natively),
 * EILSEQ where node:fs would change them (procfs).
 */
function expected(resolver: string): string {
  return EXPECTED.replace("BAD_UTF8", resolver === "procfs" ? "25" : "44");
}

/** top/canary outside; top/sandbox with the links a hostile host process could plant. */
function plant(): Tree {
  const top = fs.realpathSync(Deno.makeTempDirSync({ prefix: "wasirun-hostile-" }));
  const sandbox = `${top}/sandbox`;

  const canary = `${top}/canary`;
  fs.writeFileSync(canary, "canary\n");
  fs.utimesSync(canary, 1_000_000_000, 1_000_000_000);
  fs.mkdirSync(`${sandbox}/sub`, { recursive: true });
  fs.writeFileSync(`${sandbox}/file`, "file\n");
  fs.writeFileSync(`${sandbox}/sub/inner`, "inner\n");
  const links: [string, string][] = [
    ["abs", canary],
    ["absdir", "/etc"],
    ["rel", "../canary"],
    ["chain1", "chain2"],
    ["chain2", "../canary"],
    ["up", ".."],
  ];
  for (const [name, target] of links) fs.symlinkSync(target, `${sandbox}/${name}`);
  return { top, sandbox, canary, stolen: `${top}/stolen` };
}

function listing(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

/**
 * The race-free resolvers (RATIONALE.md): all answer alike. ("paths", the
 * best-effort one, cannot follow a held directory that was moved.)
 */
const RESOLVERS = ["openat2", "fd-walk", "procfs"];

/** The hostile guest through `runtime`, with `env` (WASIRUN_RESOLVER). */
async function hostile(
  runtime: Runtime,
  env: Record<string, string>,
  resolver = env.WASIRUN_RESOLVER,
): Promise<void> {
  const t = plant();
  try {
    const r = await runCli(runtime, [
      "--dir",
      `${t.sandbox}::/sandbox`,
      HOSTILE,
      t.canary,
      t.stolen,
    ], { env });
    assert.equal(r.stderr, "");
    assertStdout(r, expected(resolver));
    assert.equal(r.code, 0);
    // Nothing outside changed: same names above the sandbox, same canary.
    assert.deepEqual(listing(t.top), ["canary", "sandbox"]);
    assert.equal(fs.readFileSync(t.canary, "utf8"), "canary\n");
    assert.equal(fs.statSync(t.canary).mtimeMs, 1_000_000_000_000);
    assert.equal(fs.statSync(t.canary).nlink, 1);
    // Inside, only what the guest was allowed to do happened.
    assert.deepEqual(listing(t.sandbox), [
      "abs",
      "absdir",
      "chain1",
      "chain2",
      "deep",
      "file",
      "loop_a",
      "loop_b",
      "moved",
      "rel",
      "up",
    ]);
    assert.deepEqual(listing(`${t.sandbox}/moved`), ["inner", "ok"]);
    assert.equal(fs.readlinkSync(`${t.sandbox}/moved/ok`), "../file");
  } finally {
    fs.rmSync(t.top, { recursive: true, force: true });
  }
}

for (const runtime of RUNTIMES) {
  for (const resolver of RESOLVERS) {
    Deno.test(`${runtime.name}, ${resolver}: a hostile guest is refused every way out of its preopen`, () =>
      hostile(runtime, { WASIRUN_RESOLVER: resolver }));
  }
}

Deno.test({
  name: "node without node:ffi (procfs): a hostile guest is refused every way out of its preopen",
  ignore: !RUNTIMES.includes(NODE),
  fn: () => hostile(NODE_NO_FFI, {}, "procfs"),
});

const REPOINT = fixture("c/repoint.wasm");

/**
 * What testdata/c/repoint.wasm prints after re-pointing the path of the
 * directory it holds (at a link out of the preopen): every call through the
 * fd is ENOENT, the directory it stands for having been removed, and its
 * listing is empty but for "." and ".." (the "paths" resolver, which knew
 * the directory by its path alone, answered ENOENT there too).
 */
function repointed(setup: "host" | "guest"): string {
  const steps = setup === "host"
    ? "mkdir_y=0\nmkdir_y_l=0\nopen_y_l=0\nrmdir_y_l=0\nrmdir_y=0\nrename_x_y=0\n"
    : "mkdir_a=0\nmkdir_a_b=0\nmkdir_a_b_d=0\nopen_a_b_d=0\nsymlink_top=0\nrmdir_a_b_d=0\nsymlink_d=0\n";
  return `${steps}open_secret=44\nstat_secret=44\nreaddir=0\n` +
    "create=44\nmkdir=44\nutimes_secret=44\n";
}

for (const runtime of RUNTIMES) {
  for (const resolver of [...RESOLVERS, "paths"]) {
    for (const setup of ["host", "guest"] as const) {
      Deno.test(`${runtime.name}, ${resolver}: a directory fd whose path the guest re-points (${setup}'s link) reaches nothing outside`, async () => {
        const top = fs.realpathSync(Deno.makeTempDirSync({ prefix: "wasirun-repoint-" }));
        try {
          fs.mkdirSync(`${top}/pre`);
          fs.mkdirSync(`${top}/outside`);
          for (const dir of [top, `${top}/outside`]) {
            fs.writeFileSync(`${dir}/secret`, "secret\n");
            fs.utimesSync(`${dir}/secret`, 1_000_000, 1_000_000);
          }
          if (setup === "host") {
            fs.mkdirSync(`${top}/pre/x`);
            fs.symlinkSync(`${top}/outside`, `${top}/pre/x/l`);
          }
          const r = await runCli(runtime, ["--dir", `${top}/pre::/`, REPOINT, setup], {
            env: { WASIRUN_RESOLVER: resolver },
          });
          assertStdout(r, repointed(setup));
          assert.equal(r.code, 0);
          for (const dir of [top, `${top}/outside`]) {
            assert.deepEqual(listing(dir), dir === top ? ["outside", "pre", "secret"] : ["secret"]);
            assert.equal(fs.statSync(`${dir}/secret`).mtimeMs, 1_000_000_000);
          }
        } finally {
          fs.rmSync(top, { recursive: true, force: true });
        }
      });
    }
  }
}

/** Moving up a directory whose links would then climb out of the preopen (testdata/c/repoint.c). */
for (const runtime of RUNTIMES) {
  for (const resolver of [...RESOLVERS, "paths"]) {
    Deno.test(`${runtime.name}, ${resolver}: links moved up from a nested preopen, or left by the host with names or targets that are not UTF-8, are not moved out`, async () => {
      const top = fs.realpathSync(Deno.makeTempDirSync({ prefix: "wasirun-moveup-" }));
      try {
        fs.writeFileSync(`${top}/secret`, "secret\n");
        const pre = `${top}/pre`;
        fs.mkdirSync(`${pre}/x/y`, { recursive: true });
        const env = { WASIRUN_RESOLVER: resolver };
        const nested = await runCli(runtime, [
          ...["--dir", `${pre}::/data`, "--dir", `${pre}/x/y::/inner`, REPOINT, "nested"],
        ], { env });
        assertStdout(nested, "mkdir_p=0\nsymlink_p_l=0\nrename_inner_p_up=63\n");
        const movedOut = await runCli(runtime, [
          ...["--dir", `${pre}::/data`, "--dir", `${pre}/x/y::/inner`, REPOINT, "movedout"],
        ], { env });
        assertStdout(
          movedOut,
          "mkdir_D=0\nsymlink_D_l=0\nmkdir_q=0\nopen_q=0\nrename_q_out=0\nrename_D_into_q=63\n",
        );
        // The host's links, inside the preopen where they are.
        const make = `cd "$1" && mkdir -p a/b c/d && ln -s ../../secret "a/b/$(printf '\\376')" &&
          ln -s "../../secret$(printf '\\375')" c/d/t`;
        const made = await new Deno.Command("sh", { args: ["-c", make, "sh", pre] }).output();
        assert.equal(made.code, 0, new TextDecoder().decode(made.stderr));
        const nonUtf8 = await runCli(runtime, ["--dir", `${pre}::/`, REPOINT, "nonutf8"], { env });
        assertStdout(nonUtf8, "rename_a_b_up=63\nrename_c_d_up=63\n");
        assert.deepEqual(listing(pre), ["a", "c", "q", "x"]);
        assert.deepEqual(listing(`${pre}/q`), []);
        assert.deepEqual(listing(`${pre}/x/y`), ["D", "p"]);
      } finally {
        fs.rmSync(top, { recursive: true, force: true });
      }
    });
  }
}

for (const runtime of RUNTIMES) {
  Deno.test(`${runtime.name}: a preopen named with ".." after a symlink is the directory the kernel finds, on every resolver`, async () => {
    const top = fs.realpathSync(Deno.makeTempDirSync({ prefix: "wasirun-dotdot-" }));
    try {
      fs.mkdirSync(`${top}/p`);
      fs.mkdirSync(`${top}/other`);
      fs.symlinkSync("../p", `${top}/other/y`); // other/y/.. is top, physically; other, as text
      fs.writeFileSync(`${top}/f`, "top\n");
      fs.writeFileSync(`${top}/other/f`, "other\n");
      for (const resolver of [...RESOLVERS, "paths"]) {
        const r = await runCli(runtime, [
          ...["--dir", `${top}/other/y/..::/w`, fixture("c/main.wasm"), "readfile", "/w/f"],
        ], { env: { WASIRUN_RESOLVER: resolver } });
        assertStdout(r, "top\n");
      }
    } finally {
      fs.rmSync(top, { recursive: true, force: true });
    }
  });
}

const MOVED = fixture("c/moved.wasm");

/**
 * testdata/c/moved.wasm: after many calls through d (which the FFI
 * resolvers then keep open, and watch rather than look at again), the host
 * moves d out of the preopen and puts an empty directory or a symlink to the
 * moved d in its place; every call through d must then act on what is at d
 * now. A check of the kept directory that missed the move would stat,
 * unlink and create outside.
 */
async function movedOut(
  runtime: Runtime,
  resolver: string,
  replacement: "empty" | "symlink",
  env: Record<string, string> = {},
) {
  const top = fs.realpathSync(Deno.makeTempDirSync({ prefix: "wasirun-moved-" }));
  const pre = `${top}/pre`, outside = `${top}/outside`;
  try {
    fs.mkdirSync(`${pre}/d/sub`, { recursive: true });
    fs.mkdirSync(outside);
    fs.writeFileSync(`${pre}/d/f`, "inside\n");
    const [cmd, ...args] = runtime.command;
    const child = new Deno.Command(cmd, {
      args: [...args, "--dir", `${pre}::/p`, MOVED],
      env: { WASIRUN_RESOLVER: resolver, ...env },
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const reader = child.stdout.getReader();
    let out = await readUntil(reader, "\n");
    assert.equal(out, "ready\n");
    fs.renameSync(`${pre}/d`, `${outside}/d`);
    if (replacement === "empty") fs.mkdirSync(`${pre}/d`);
    else fs.symlinkSync(`${outside}/d`, `${pre}/d`);
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode("go\n"));
    await writer.close();
    out = await readUntil(reader, null, out);
    const { code } = await child.status;
    const stderr = new TextDecoder().decode(await new Response(child.stderr).arrayBuffer());
    // As wasmtime answers: what is at d now (ENOENT in the new directory; EPERM for a link out).
    const e = replacement === "empty"
      ? { f: 44, n: 0, sub: 44, s: 0 }
      : { f: 63, n: 63, sub: 63, s: 63 };
    assert.equal(
      out,
      `ready\nstat_f=${e.f}\nopen_f=${e.f}\nunlink_f=${e.f}\nrename_f=${e.f}\nmkdir_n=${e.n}\n` +
        `rmdir_sub=${e.sub}\nsymlink_s=${e.s}\n`,
      stderr,
    );
    assert.equal(code, 0);
    assert.deepEqual(listing(`${outside}/d`), ["f", "sub"]);
    assert.equal(fs.readFileSync(`${outside}/d/f`, "utf8"), "inside\n");
    if (replacement === "empty") assert.deepEqual(listing(`${pre}/d`), ["n", "s"]);
  } finally {
    fs.rmSync(top, { recursive: true, force: true });
  }
}

for (const runtime of RUNTIMES) {
  for (const resolver of [...RESOLVERS, "paths"]) {
    for (const replacement of ["empty", "symlink"] as const) {
      Deno.test(`${runtime.name}, ${resolver}: a directory used often, moved out by the host, is not reached through its old path (${replacement} in its place)`, () =>
        movedOut(runtime, resolver, replacement));
    }
  }
  // The FFI resolvers' check of a kept directory without the io_uring (lib/host/poll_ring.ts):
  // the inotify queue read at every call, as where the kernel or the runtime has none.
  for (const replacement of ["empty", "symlink"] as const) {
    Deno.test(`${runtime.name}, openat2, WASIRUN_IO_URING=0: a directory used often, moved out by the host, is not reached through its old path (${replacement} in its place)`, () =>
      movedOut(runtime, "openat2", replacement, { WASIRUN_IO_URING: "0" }));
  }
}
