/**
 * Every wasi_snapshot_preview1 import, declared once. This table drives
 * registration (lib/wasi.ts), JSPI suspension (only `suspends` entries are
 * wrapped in WebAssembly.Suspending) and `--trace` decoding.
 *
 * Parameter types: `fd`, `u32`, `u64`, `i64`, `ptr`; `str` is a pointer whose
 * byte length is the next parameter, `iovs` an iovec array whose count is;
 * `out16` / `out32` / `out64` are pointers the call writes a result through (traced
 * after a successful call). The flag and enum types (`fdflags`, `oflags`,
 * `lookupflags`, `fstflags`, `riflags`, `sdflags`: u32 bit sets; `rights`: u64
 * bit set; `whence`, `clockid`, `advice`, `signal`: u32 enums; `whence0`,
 * preview0's whence) only tell --trace how to name the value (lib/trace.ts).
 */

const PARAM_TYPES = [
  "fd",
  "u32",
  "u64",
  "i64",
  "ptr",
  "str",
  "iovs",
  "out16",
  "out32",
  "out64",
  "fdflags",
  "oflags",
  "lookupflags",
  "fstflags",
  "riflags",
  "sdflags",
  "rights",
  "whence",
  "whence0",
  "clockid",
  "advice",
  "signal",
] as const;

export type ParamType = typeof PARAM_TYPES[number];

/** The import module of WASI preview1. */
export const PREVIEW1 = "wasi_snapshot_preview1";
/** The import module of WASI preview0, which a few old toolchains still emit. */
export const PREVIEW0 = "wasi_unstable";

export interface Signature {
  /** {@linkcode PREVIEW1} or {@linkcode PREVIEW0}. */
  readonly module: string;
  readonly name: string;
  readonly params: readonly { readonly name: string; readonly type: ParamType }[];
  /** True for calls that may wait; they are the only JSPI-suspending imports. */
  readonly suspends: boolean;
}

const DECLARATIONS = `
args_get(argv: ptr, argv_buf: ptr)
args_sizes_get(argc: out32, argv_buf_size: out32)
environ_get(environ: ptr, environ_buf: ptr)
environ_sizes_get(count: out32, buf_size: out32)
clock_res_get(id: clockid, resolution: out64)
clock_time_get(id: clockid, precision: u64, time: out64)
fd_advise(fd: fd, offset: u64, len: u64, advice: advice)
fd_allocate(fd: fd, offset: u64, len: u64)
fd_close(fd: fd)
fd_datasync(fd: fd)
fd_fdstat_get(fd: fd, stat: ptr)
fd_fdstat_set_flags(fd: fd, flags: fdflags)
fd_fdstat_set_rights(fd: fd, rights_base: rights, rights_inheriting: rights)
fd_filestat_get(fd: fd, stat: ptr)
fd_filestat_set_size(fd: fd, size: u64)
fd_filestat_set_times(fd: fd, atim: u64, mtim: u64, fst_flags: fstflags)
fd_pread(fd: fd, iovs: iovs, iovs_len: u32, offset: u64, nread: out32)
fd_prestat_get(fd: fd, prestat: ptr)
fd_prestat_dir_name(fd: fd, path: ptr, path_len: u32)
fd_pwrite(fd: fd, iovs: iovs, iovs_len: u32, offset: u64, nwritten: out32)
fd_read(fd: fd, iovs: iovs, iovs_len: u32, nread: out32) suspends
fd_readdir(fd: fd, buf: ptr, buf_len: u32, cookie: u64, bufused: out32)
fd_renumber(fd: fd, to: fd)
fd_seek(fd: fd, offset: i64, whence: whence, newoffset: out64)
fd_sync(fd: fd)
fd_tell(fd: fd, offset: out64)
fd_write(fd: fd, iovs: iovs, iovs_len: u32, nwritten: out32) suspends
path_create_directory(fd: fd, path: str, path_len: u32)
path_filestat_get(fd: fd, flags: lookupflags, path: str, path_len: u32, stat: ptr)
path_filestat_set_times(fd: fd, flags: lookupflags, path: str, path_len: u32, atim: u64, mtim: u64, fst_flags: fstflags)
path_link(old_fd: fd, old_flags: lookupflags, old_path: str, old_path_len: u32, new_fd: fd, new_path: str, new_path_len: u32)
path_open(fd: fd, dirflags: lookupflags, path: str, path_len: u32, oflags: oflags, fs_rights_base: rights, fs_rights_inheriting: rights, fdflags: fdflags, opened_fd: out32) suspends
path_readlink(fd: fd, path: str, path_len: u32, buf: ptr, buf_len: u32, bufused: out32)
path_remove_directory(fd: fd, path: str, path_len: u32)
path_rename(fd: fd, old_path: str, old_path_len: u32, new_fd: fd, new_path: str, new_path_len: u32)
path_symlink(old_path: str, old_path_len: u32, fd: fd, new_path: str, new_path_len: u32)
path_unlink_file(fd: fd, path: str, path_len: u32)
poll_oneoff(in: ptr, out: ptr, nsubscriptions: u32, nevents: out32) suspends
proc_exit(rval: u32)
proc_raise(sig: signal)
sched_yield() suspends
random_get(buf: ptr, buf_len: u32)
sock_accept(fd: fd, flags: fdflags, fd_out: out32) suspends
sock_recv(fd: fd, ri_data: iovs, ri_data_len: u32, ri_flags: riflags, ro_datalen: out32, ro_flags: out16) suspends
sock_send(fd: fd, si_data: iovs, si_data_len: u32, si_flags: u32, so_datalen: out32) suspends
sock_shutdown(fd: fd, how: sdflags)
`;

const TYPES: ReadonlySet<string> = new Set(PARAM_TYPES);

/**
 * The declarations, line by line, with `indexOf` and `slice` only: this runs
 * once at every start, cold, where each `split`, `map` and closure costs
 * (a RegExp here cost Bun ~3 ms of start-up; `split` and `map` ~0.25 ms more
 * than this).
 */
function parseAll(text: string): Signature[] {
  const out: Signature[] = [];
  for (let at = 0; at < text.length;) {
    let eol = text.indexOf("\n", at);
    if (eol < 0) eol = text.length;
    if (eol > at) out.push(parse(text, at, eol));
    at = eol + 1;
  }
  return out;
}

/** The declaration `text[start, end)`: `name(param: type, ...)`, then ` suspends` or nothing. */
function parse(text: string, start: number, end: number): Signature {
  const open = text.indexOf("(", start), close = text.lastIndexOf(")", end);
  const rest = text.slice(close + 1, end).trim();
  if (open <= start || open > end || close < open || (rest !== "" && rest !== "suspends")) {
    throw new Error(`bad signature declaration: ${text.slice(start, end)}`);
  }
  const params: { name: string; type: ParamType }[] = [];
  for (let at = open + 1; at < close;) {
    const colon = text.indexOf(": ", at);
    let comma = text.indexOf(", ", colon);
    if (comma < 0 || comma > close) comma = close;
    const type = text.slice(colon + 2, comma);
    if (colon < 0 || colon > close || !TYPES.has(type)) {
      throw new Error(`bad parameter type in: ${text.slice(start, end)}`);
    }
    params.push({ name: text.slice(at, colon), type: type as ParamType });
    at = comma + 2;
  }
  return {
    module: PREVIEW1,
    name: text.slice(start, open),
    params,
    suspends: rest === "suspends",
  };
}

/** All 46 preview1 imports, in spec order. */
export const SIGNATURES: readonly Signature[] = parseAll(DECLARATIONS);

let preview0: Signature[] | undefined;

/**
 * The 45 preview0 imports (lib/syscalls/preview0.ts): preview1's names and
 * types but for `sock_accept`, which came with preview1; fd_seek's whence
 * numbered otherwise. Made at their first use.
 */
export function preview0Signatures(): readonly Signature[] {
  if (preview0) return preview0;
  preview0 = [];
  for (const sig of SIGNATURES) {
    if (sig.name === "sock_accept") continue;
    const params = sig.params.map((p) => p.type === "whence" ? { ...p, type: "whence0" } : p);
    preview0.push({ ...sig, module: PREVIEW0, params: params as Signature["params"] });
  }
  return preview0;
}

/** Whether a parameter arrives as a BigInt (wasm i64). */
export function isI64(type: ParamType): boolean {
  return type === "u64" || type === "i64" || type === "rights";
}
