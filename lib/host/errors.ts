/**
 * The one map from host errors to WASI errno. Both Deno's `node:fs` and
 * Bun's report POSIX `code` strings; Deno's own APIs throw `Deno.errors.*`,
 * which carry the same `code`. An error with no mapping is a bug in wasirun
 * or an unforeseen host condition: it is rethrown, never guessed.
 */
import { Errno } from "../abi/errno.ts";

const BY_CODE: Record<string, Errno> = {
  E2BIG: Errno["2BIG"],
  EACCES: Errno.ACCES,
  EADDRINUSE: Errno.ADDRINUSE,
  EADDRNOTAVAIL: Errno.ADDRNOTAVAIL,
  EAGAIN: Errno.AGAIN,
  EWOULDBLOCK: Errno.AGAIN,
  EALREADY: Errno.ALREADY,
  EBADF: Errno.BADF,
  EBUSY: Errno.BUSY,
  ECONNABORTED: Errno.CONNABORTED,
  ECONNREFUSED: Errno.CONNREFUSED,
  ECONNRESET: Errno.CONNRESET,
  EDQUOT: Errno.DQUOT,
  EEXIST: Errno.EXIST,
  EFAULT: Errno.FAULT,
  EFBIG: Errno.FBIG,
  EHOSTUNREACH: Errno.HOSTUNREACH,
  EINTR: Errno.INTR,
  EINVAL: Errno.INVAL,
  EIO: Errno.IO,
  EISCONN: Errno.ISCONN,
  EISDIR: Errno.ISDIR,
  ELOOP: Errno.LOOP,
  EMFILE: Errno.MFILE,
  EMLINK: Errno.MLINK,
  ENAMETOOLONG: Errno.NAMETOOLONG,
  ENETDOWN: Errno.NETDOWN,
  ENETUNREACH: Errno.NETUNREACH,
  ENFILE: Errno.NFILE,
  ENOBUFS: Errno.NOBUFS,
  ENODEV: Errno.NODEV,
  ENOENT: Errno.NOENT,
  ENOMEM: Errno.NOMEM,
  ENOSPC: Errno.NOSPC,
  ENOSYS: Errno.NOSYS,
  ENOTCONN: Errno.NOTCONN,
  ENOTDIR: Errno.NOTDIR,
  ENOTEMPTY: Errno.NOTEMPTY,
  ENOTSOCK: Errno.NOTSOCK,
  ENOTSUP: Errno.NOTSUP,
  EOPNOTSUPP: Errno.NOTSUP,
  ENOTTY: Errno.NOTTY,
  ENXIO: Errno.NXIO,
  EOVERFLOW: Errno.OVERFLOW,
  EPERM: Errno.PERM,
  EPIPE: Errno.PIPE,
  ERANGE: Errno.RANGE,
  EROFS: Errno.ROFS,
  ESPIPE: Errno.SPIPE,
  ETIMEDOUT: Errno.TIMEDOUT,
  ETXTBSY: Errno.TXTBSY,
  EXDEV: Errno.XDEV,
};

/** Deno.errors class names for errors that carry no POSIX code. */
const BY_NAME: Record<string, Errno> = {
  NotFound: Errno.NOENT,
  PermissionDenied: Errno.ACCES,
  NotCapable: Errno.ACCES,
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

/** The errno for a host error; rethrows what it cannot map. */
export function hostErrno(error: unknown): Errno {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code in BY_CODE) return BY_CODE[code];
    if (error.name in BY_NAME) return BY_NAME[error.name];
  }
  throw error;
}
