/** Sizes and field offsets of the preview1 structs in guest memory. */

export const IOVEC_SIZE = 8;
export const IOVEC_BUF = 0;
export const IOVEC_LEN = 4;

export const FDSTAT_SIZE = 24;
export const FDSTAT_FILETYPE = 0;
export const FDSTAT_FLAGS = 2;
export const FDSTAT_RIGHTS_BASE = 8;
export const FDSTAT_RIGHTS_INHERITING = 16;

export const PRESTAT_SIZE = 8;
export const PRESTAT_TAG = 0;
export const PRESTAT_NAME_LEN = 4;

export const FILESTAT_SIZE = 64;
export const FILESTAT_DEV = 0;
export const FILESTAT_INO = 8;
export const FILESTAT_FILETYPE = 16;
export const FILESTAT_NLINK = 24;
export const FILESTAT_SIZE_FIELD = 32;
export const FILESTAT_ATIM = 40;
export const FILESTAT_MTIM = 48;
export const FILESTAT_CTIM = 56;

export const SUBSCRIPTION_SIZE = 48;
export const SUBSCRIPTION_USERDATA = 0;
export const SUBSCRIPTION_TAG = 8;
export const SUBSCRIPTION_CLOCK_ID = 16;
export const SUBSCRIPTION_CLOCK_TIMEOUT = 24;
export const SUBSCRIPTION_CLOCK_PRECISION = 32;
export const SUBSCRIPTION_CLOCK_FLAGS = 40;
export const SUBSCRIPTION_FD = 16;

export const EVENT_SIZE = 32;
export const EVENT_USERDATA = 0;
export const EVENT_ERROR = 8;
export const EVENT_TYPE = 10;
export const EVENT_NBYTES = 16;
export const EVENT_FLAGS = 24;

export const DIRENT_SIZE = 24;
export const DIRENT_NEXT = 0;
export const DIRENT_INO = 8;
export const DIRENT_NAMLEN = 16;
export const DIRENT_TYPE = 20;
