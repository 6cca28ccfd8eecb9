/**
 * The one map from host errors to WASI errno. Every host errno maps by
 * number ({@linkcode errnoOfHost}): FFI calls answer the number itself;
 * `node:fs` errors carry `code` (a POSIX name) and `errno`; Deno's own APIs
 * throw `Deno.errors.*`, and an OS error Deno has no class for comes as a
 * plain Error whose message ends in "(os error N)". A host errno with no
 * WASI name is EIO (as wasmtime folds the ones it does not know). An error
 * that carries no errno at all is a bug in wasirun or an unforeseen host
 * condition: it is rethrown, never guessed.
 */
import { Errno, errnoName } from "../abi/errno.ts";
import { builtin, platform } from "./process.ts";

/**
 * Linux's errno numbers, as `node:os` lists them (libuv's set, in its
 * order; tests/errors_test.ts checks the two agree). Written out because on
 * Deno `node:os` would start the Node layer at start-up (lib/host/process.ts).
 */
export const LINUX_ERRNO: Record<string, number> = {
  E2BIG: 7,
  EACCES: 13,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  EAFNOSUPPORT: 97,
  EAGAIN: 11,
  EALREADY: 114,
  EBADF: 9,
  EBADMSG: 74,
  EBUSY: 16,
  ECANCELED: 125,
  ECHILD: 10,
  ECONNABORTED: 103,
  ECONNREFUSED: 111,
  ECONNRESET: 104,
  EDEADLK: 35,
  EDESTADDRREQ: 89,
  EDOM: 33,
  EDQUOT: 122,
  EEXIST: 17,
  EFAULT: 14,
  EFBIG: 27,
  EHOSTUNREACH: 113,
  EIDRM: 43,
  EILSEQ: 84,
  EINPROGRESS: 115,
  EINTR: 4,
  EINVAL: 22,
  EIO: 5,
  EISCONN: 106,
  EISDIR: 21,
  ELOOP: 40,
  EMFILE: 24,
  EMLINK: 31,
  EMSGSIZE: 90,
  EMULTIHOP: 72,
  ENAMETOOLONG: 36,
  ENETDOWN: 100,
  ENETRESET: 102,
  ENETUNREACH: 101,
  ENFILE: 23,
  ENOBUFS: 105,
  ENODATA: 61,
  ENODEV: 19,
  ENOENT: 2,
  ENOEXEC: 8,
  ENOLCK: 37,
  ENOLINK: 67,
  ENOMEM: 12,
  ENOMSG: 42,
  ENOPROTOOPT: 92,
  ENOSPC: 28,
  ENOSR: 63,
  ENOSTR: 60,
  ENOSYS: 38,
  ENOTCONN: 107,
  ENOTDIR: 20,
  ENOTEMPTY: 39,
  ENOTSOCK: 88,
  ENOTSUP: 95,
  ENOTTY: 25,
  ENXIO: 6,
  EOPNOTSUPP: 95,
  EOVERFLOW: 75,
  EPERM: 1,
  EPIPE: 32,
  EPROTO: 71,
  EPROTONOSUPPORT: 93,
  EPROTOTYPE: 91,
  ERANGE: 34,
  EROFS: 30,
  ESPIPE: 29,
  ESRCH: 3,
  ESTALE: 116,
  ETIME: 62,
  ETIMEDOUT: 110,
  ETXTBSY: 26,
  EWOULDBLOCK: 11,
  EXDEV: 18,
};

/** The host's errno numbers by name. */
const HOST_ERRNO: Record<string, number> = platform === "linux"
  ? LINUX_ERRNO
  : builtin("node:os").constants.errno;

const BY_CODE: Record<string, Errno> = {
  // Node's permission model refusing a call (e.g. `node --permission` and
  // futimes, which it disables): the host refusing access, as Deno's NotCapable.
  ERR_ACCESS_DENIED: Errno.ACCES,
  E2BIG: Errno["2BIG"],
  EACCES: Errno.ACCES,
  EADDRINUSE: Errno.ADDRINUSE,
  EADDRNOTAVAIL: Errno.ADDRNOTAVAIL,
  EAFNOSUPPORT: Errno.AFNOSUPPORT,
  EAGAIN: Errno.AGAIN,
  EWOULDBLOCK: Errno.AGAIN,
  EALREADY: Errno.ALREADY,
  EBADF: Errno.BADF,
  EBADMSG: Errno.BADMSG,
  EBUSY: Errno.BUSY,
  ECANCELED: Errno.CANCELED,
  ECHILD: Errno.CHILD,
  ECONNABORTED: Errno.CONNABORTED,
  ECONNREFUSED: Errno.CONNREFUSED,
  ECONNRESET: Errno.CONNRESET,
  EDEADLK: Errno.DEADLK,
  EDESTADDRREQ: Errno.DESTADDRREQ,
  EDOM: Errno.DOM,
  EDQUOT: Errno.DQUOT,
  EEXIST: Errno.EXIST,
  EFAULT: Errno.FAULT,
  EFBIG: Errno.FBIG,
  EHOSTUNREACH: Errno.HOSTUNREACH,
  EIDRM: Errno.IDRM,
  EILSEQ: Errno.ILSEQ,
  EINPROGRESS: Errno.INPROGRESS,
  EINTR: Errno.INTR,
  EINVAL: Errno.INVAL,
  EIO: Errno.IO,
  EISCONN: Errno.ISCONN,
  EISDIR: Errno.ISDIR,
  ELOOP: Errno.LOOP,
  EMFILE: Errno.MFILE,
  EMLINK: Errno.MLINK,
  EMSGSIZE: Errno.MSGSIZE,
  EMULTIHOP: Errno.MULTIHOP,
  ENAMETOOLONG: Errno.NAMETOOLONG,
  ENETDOWN: Errno.NETDOWN,
  ENETRESET: Errno.NETRESET,
  ENETUNREACH: Errno.NETUNREACH,
  ENFILE: Errno.NFILE,
  ENOBUFS: Errno.NOBUFS,
  ENODEV: Errno.NODEV,
  ENOENT: Errno.NOENT,
  ENOEXEC: Errno.NOEXEC,
  ENOLCK: Errno.NOLCK,
  ENOLINK: Errno.NOLINK,
  ENOMEM: Errno.NOMEM,
  ENOMSG: Errno.NOMSG,
  ENOPROTOOPT: Errno.NOPROTOOPT,
  ENOSPC: Errno.NOSPC,
  ENOSYS: Errno.NOSYS,
  ENOTCONN: Errno.NOTCONN,
  ENOTDIR: Errno.NOTDIR,
  ENOTEMPTY: Errno.NOTEMPTY,
  ENOTRECOVERABLE: Errno.NOTRECOVERABLE,
  ENOTSOCK: Errno.NOTSOCK,
  ENOTSUP: Errno.NOTSUP,
  EOPNOTSUPP: Errno.NOTSUP,
  ENOTTY: Errno.NOTTY,
  ENXIO: Errno.NXIO,
  EOVERFLOW: Errno.OVERFLOW,
  EOWNERDEAD: Errno.OWNERDEAD,
  EPERM: Errno.PERM,
  EPIPE: Errno.PIPE,
  EPROTO: Errno.PROTO,
  EPROTONOSUPPORT: Errno.PROTONOSUPPORT,
  EPROTOTYPE: Errno.PROTOTYPE,
  ERANGE: Errno.RANGE,
  EROFS: Errno.ROFS,
  ESPIPE: Errno.SPIPE,
  ESRCH: Errno.SRCH,
  ESTALE: Errno.STALE,
  ETIMEDOUT: Errno.TIMEDOUT,
  ETXTBSY: Errno.TXTBSY,
  EXDEV: Errno.XDEV,
};

/**
 * Deno.errors class names for errors that carry no POSIX code. A Deno
 * permission denial (`NotCapable`, or `PermissionDenied` from older APIs) is
 * the host refusing access: the guest sees EACCES, as for a file mode that
 * forbids it, never a crash.
 */
const BY_NAME: Record<string, Errno> = {
  NotFound: Errno.NOENT,
  PermissionDenied: Errno.ACCES,
  NotCapable: Errno.ACCES,
  BadResource: Errno.BADF,
  Busy: Errno.BUSY,
  NotSupported: Errno.NOTSUP,
  NetworkUnreachable: Errno.NETUNREACH,
  AlreadyExists: Errno.EXIST,
  BrokenPipe: Errno.PIPE,
  ConnectionReset: Errno.CONNRESET,
  ConnectionRefused: Errno.CONNREFUSED,
  ConnectionAborted: Errno.CONNABORTED,
  NotConnected: Errno.NOTCONN,
  AddrInUse: Errno.ADDRINUSE,
  AddrNotAvailable: Errno.ADDRNOTAVAIL,
  TimedOut: Errno.TIMEDOUT,
  WouldBlock: Errno.AGAIN,
  Interrupted: Errno.INTR,
  IsADirectory: Errno.ISDIR,
  NotADirectory: Errno.NOTDIR,
  FilesystemLoop: Errno.LOOP,
  InvalidData: Errno.INVAL,
};

// The next two are built at their first use, not at load: a run that meets no host error never
// needs them, and their loops cost a start ~0.2 ms of cold code (RATIONALE.md,
// "Forty-first round").

/** The host's errno numbers and names, e.g. 2 → "ENOENT" (first name wins for aliases). */
let nameOfNumber: Record<number, string> | undefined;
function namesOfNumbers(): Record<number, string> {
  const names: Record<number, string> = {};
  for (const [name, value] of Object.entries(HOST_ERRNO)) names[value] ??= name;
  return names;
}

/** The WASI errno of each host errno number. */
let byNumber: Errno[] | undefined;
function errnosByNumber(): Errno[] {
  const errnos: Errno[] = [];
  for (const [name, value] of Object.entries(HOST_ERRNO)) {
    if (Object.hasOwn(BY_CODE, name)) errnos[value] = BY_CODE[name];
  }
  return errnos;
}

/** The WASI errno for a host errno number (positive); EIO for one WASI has no name for. */
export function errnoOfHost(hostErrno: number): Errno {
  return (byNumber ??= errnosByNumber())[hostErrno] ?? Errno.IO;
}

/** The POSIX name of a host errno number, e.g. "ENOENT" ("errno N" when unknown). */
export function hostErrnoName(hostErrno: number): string {
  return (nameOfNumber ??= namesOfNumbers())[hostErrno] ?? `errno ${hostErrno}`;
}

/** A node-style error for a failed host call (`code`, `errno`), which {@linkcode hostErrno} maps back. */
export function hostError(hostErrno: number, call: string): Error {
  const code = hostErrnoName(hostErrno);
  return Object.assign(new Error(`${code}: ${call} failed`), { code, errno: -hostErrno });
}

/** An FFI call's result (>= 0), or the {@linkcode hostError} its -errno stands for, thrown. */
export function checkHost(result: number, call: string): number {
  if (result < 0) throw hostError(-result, call);
  return result;
}

// Deno's "Description (os error N)", then maybe ": call 'PATH'"; never inside a quoted path (a
// permission error's message quotes the path, which may hold that text).
const OS_ERROR = /^[^"']*\(os error (\d+)\)(?::|$)/;

/** The errno for a host error; rethrows what it cannot map. */
export function hostErrno(error: unknown): Errno {
  if (error instanceof Error) {
    const { code, errno } = error as { code?: unknown; errno?: unknown };
    if (typeof code === "string" && Object.hasOwn(BY_CODE, code)) return BY_CODE[code];
    // node:fs (Node, Bun, Deno's node:fs) gives the number negated.
    if (typeof errno === "number" && errno !== 0) return errnoOfHost(Math.abs(errno));
    const os = OS_ERROR.exec(error.message);
    if (os) return errnoOfHost(Number(os[1]));
    if (Object.hasOwn(BY_NAME, error.name)) return BY_NAME[error.name];
  }
  throw error;
}

/**
 * Runs a host call and answers `[result, 0]`, or `[undefined, errno]` when it
 * throws an error the map knows; anything else is rethrown (a bug).
 */
export function tryHost<T>(call: () => T): [T, 0] | [undefined, Errno] {
  try {
    return [call(), 0];
  } catch (e) {
    return [undefined, hostErrno(e)];
  }
}

/** The reason {@linkcode describeFsError} and {@linkcode describeErrno} give for an errno. */
const REASONS: Partial<Record<Errno, string>> = {
  [Errno.NOENT]: "no such file or directory",
  [Errno.ISDIR]: "is a directory",
  [Errno.NOTDIR]: "not a directory",
  [Errno.ACCES]: "permission denied",
  [Errno.PERM]: "permission denied",
  [Errno.NOTCAPABLE]: "permission denied", // Deno's permission model
  [Errno.LOOP]: "too many levels of symbolic links",
  [Errno.NAMETOOLONG]: "file name too long",
  [Errno.MFILE]: "too many open files",
  [Errno.NFILE]: "too many open files in system",
  [Errno.NXIO]: "no such device or address", // a FIFO with no reader, a socket file
  [Errno.NODEV]: "no such device",
  [Errno.IO]: "input/output error",
  [Errno.NOSPC]: "no space left on device", // /dev/full, a full disk
  [Errno.FBIG]: "file too large",
  [Errno.ROFS]: "read-only file system",
  [Errno.PIPE]: "broken pipe", // a FIFO whose reader left
};

/**
 * `what: reason` for a host error of a file the user named (a module, a
 * preopen, a stdio path), in one line whichever runtime threw it.
 */
export function describeFsError(e: unknown, what: string): string {
  // Deno's permissions, not the host's: which flag, as Deno's own message says.
  if (e instanceof Error && e.name === "NotCapable") {
    const flag = / the (--allow-[a-z-]+) flag$/.exec(e.message)?.[1]; // after the quoted path
    return `${what}: permission denied by Deno${flag ? ` (${flag})` : ""}`;
  }
  let errno: Errno | undefined;
  try {
    errno = hostErrno(e);
  } catch {
    errno = undefined; // not a host error the map knows: its own words
  }
  return `${what}: ${(errno !== undefined && REASONS[errno]) || (e as Error).message}`;
}

/**
 * {@linkcode describeFsError} for a host call that answered an errno (the
 * library's preopens): the same words for the same errors.
 */
export function describeErrno(errno: Errno, what: string): string {
  return `${what}: ${REASONS[errno] ?? `E${errnoName(errno)}`}`;
}
