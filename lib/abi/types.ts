/** WASI preview1 enums and flag sets, as plain numeric constants. */

export const Filetype = {
  UNKNOWN: 0,
  BLOCK_DEVICE: 1,
  CHARACTER_DEVICE: 2,
  DIRECTORY: 3,
  REGULAR_FILE: 4,
  SOCKET_DGRAM: 5,
  SOCKET_STREAM: 6,
  SYMBOLIC_LINK: 7,
} as const;
export type Filetype = typeof Filetype[keyof typeof Filetype];

export const Fdflags = {
  APPEND: 1 << 0,
  DSYNC: 1 << 1,
  NONBLOCK: 1 << 2,
  RSYNC: 1 << 3,
  SYNC: 1 << 4,
} as const;

export const Clockid = {
  REALTIME: 0,
  MONOTONIC: 1,
  PROCESS_CPUTIME_ID: 2,
  THREAD_CPUTIME_ID: 3,
} as const;

export const Whence = { SET: 0, CUR: 1, END: 2 } as const;
/** preview0's whence (`wasi_unstable`): the same three, numbered otherwise. */
export const WhencePreview0 = { CUR: 0, END: 1, SET: 2 } as const;

export const Eventtype = { CLOCK: 0, FD_READ: 1, FD_WRITE: 2 } as const;

export const Subclockflags = { ABSTIME: 1 << 0 } as const;

export const Eventrwflags = { HANGUP: 1 << 0 } as const;

export const Oflags = { CREAT: 1 << 0, DIRECTORY: 1 << 1, EXCL: 1 << 2, TRUNC: 1 << 3 } as const;

export const Lookupflags = { SYMLINK_FOLLOW: 1 << 0 } as const;

export const Fstflags = {
  ATIM: 1 << 0,
  ATIM_NOW: 1 << 1,
  MTIM: 1 << 2,
  MTIM_NOW: 1 << 3,
} as const;

export const Advice = {
  NORMAL: 0,
  SEQUENTIAL: 1,
  RANDOM: 2,
  WILLNEED: 3,
  DONTNEED: 4,
  NOREUSE: 5,
} as const;

export const Preopentype = { DIR: 0 } as const;

/** Rights bits (u64 in the ABI). */
export const Rights = {
  FD_DATASYNC: 1n << 0n,
  FD_READ: 1n << 1n,
  FD_SEEK: 1n << 2n,
  FD_FDSTAT_SET_FLAGS: 1n << 3n,
  FD_SYNC: 1n << 4n,
  FD_TELL: 1n << 5n,
  FD_WRITE: 1n << 6n,
  FD_ADVISE: 1n << 7n,
  FD_ALLOCATE: 1n << 8n,
  PATH_CREATE_DIRECTORY: 1n << 9n,
  PATH_CREATE_FILE: 1n << 10n,
  PATH_LINK_SOURCE: 1n << 11n,
  PATH_LINK_TARGET: 1n << 12n,
  PATH_OPEN: 1n << 13n,
  FD_READDIR: 1n << 14n,
  PATH_READLINK: 1n << 15n,
  PATH_RENAME_SOURCE: 1n << 16n,
  PATH_RENAME_TARGET: 1n << 17n,
  PATH_FILESTAT_GET: 1n << 18n,
  PATH_FILESTAT_SET_SIZE: 1n << 19n,
  PATH_FILESTAT_SET_TIMES: 1n << 20n,
  FD_FILESTAT_GET: 1n << 21n,
  FD_FILESTAT_SET_SIZE: 1n << 22n,
  FD_FILESTAT_SET_TIMES: 1n << 23n,
  PATH_SYMLINK: 1n << 24n,
  PATH_REMOVE_DIRECTORY: 1n << 25n,
  PATH_UNLINK_FILE: 1n << 26n,
  POLL_FD_READWRITE: 1n << 27n,
  SOCK_SHUTDOWN: 1n << 28n,
  SOCK_ACCEPT: 1n << 29n,
} as const;

/** Every right defined by preview1. */
export const ALL_RIGHTS = (1n << 30n) - 1n;

export const Signal = { NONE: 0, HUP: 1, INT: 2, KILL: 9, TERM: 15 } as const;

export const Riflags = { RECV_PEEK: 1 << 0, RECV_WAITALL: 1 << 1 } as const;
export const Roflags = { RECV_DATA_TRUNCATED: 1 << 0 } as const;
export const Sdflags = { RD: 1 << 0, WR: 1 << 1 } as const;
