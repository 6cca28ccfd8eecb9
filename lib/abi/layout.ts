/** Sizes and field offsets of the preview1 structs in guest memory, and the few preview0 ones that differ. */

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

/**
 * preview0's filestat (`wasi_unstable`): the same fields, but `nlink` a u32
 * at 20, so the ones after it 8 bytes sooner than preview1's.
 */
export const FILESTAT_PREVIEW0_SIZE = 56;
export const FILESTAT_PREVIEW0_NLINK = 20;
export const FILESTAT_PREVIEW0_SIZE_FIELD = 24;

export const SUBSCRIPTION_USERDATA = 0;
export const SUBSCRIPTION_TAG = 8;
export const SUBSCRIPTION_FD = 16;

/**
 * A poll_oneoff subscription's size and where its clock's fields are: they
 * differ between preview1 and preview0 (`wasi_unstable`), whose clock
 * starts with a u64 `identifier`; the userdata, the tag and an fd's number
 * are where they are in both.
 */
export interface SubscriptionLayout {
  readonly size: number;
  readonly clockId: number;
  readonly clockTimeout: number;
  readonly clockFlags: number;
}

export const SUBSCRIPTION: SubscriptionLayout = {
  size: 48,
  clockId: 16,
  clockTimeout: 24, // then the precision, at 32
  clockFlags: 40,
};

export const SUBSCRIPTION_PREVIEW0: SubscriptionLayout = {
  size: 56,
  clockId: 24, // the identifier at 16
  clockTimeout: 32, // then the precision, at 40
  clockFlags: 48,
};

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
