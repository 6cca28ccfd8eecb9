/**
 * The host's CSPRNG for random_get. Web Crypto's `getRandomValues` on Deno
 * and Bun (~0.1 ms for the first call); on Node, whose first Web Crypto (or
 * node:crypto) call costs ~6 ms to set up, the kernel's own generator read
 * from /dev/urandom (~0.05 ms), which is what getrandom(2) serves too. Where
 * /dev/urandom cannot be opened (Node's permission model), Web Crypto.
 */
import { isBun, isDeno } from "./runtime.ts";
import { nodeFs } from "./process.ts";

/** Node: /dev/urandom, opened at the first use; `null` if it cannot be. */
let urandom: number | null | undefined;

/** Fills `buf` with cryptographically secure random bytes. */
export function fillRandom(buf: Uint8Array): void {
  if (!isDeno && !isBun) {
    if (urandom === undefined) {
      try {
        urandom = nodeFs().openSync("/dev/urandom", "r");
      } catch {
        urandom = null;
      }
    }
    if (urandom !== null) {
      const fs = nodeFs();
      for (let off = 0; off < buf.length;) {
        // readSync takes `length |= 0`: 2 GiB or more was negative (an internal error).
        off += fs.readSync(urandom, buf, off, Math.min(buf.length - off, MAX_READ), null);
      }
      return;
    }
  }
  for (let off = 0; off < buf.length; off += MAX_CHUNK) {
    crypto.getRandomValues(buf.subarray(off, off + MAX_CHUNK));
  }
}

/** The most bytes one read of /dev/urandom asks for (Node's readSync takes an int32 length). */
const MAX_READ = 1 << 30;

/** getRandomValues fills at most this many bytes per call. */
const MAX_CHUNK = 65536;
