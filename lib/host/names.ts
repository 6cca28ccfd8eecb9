/**
 * Host names as JS strings, every byte kept. A Linux name is bytes, not
 * always UTF-8; the resolver (lib/host/sandbox.ts) works on strings. A
 * sequence that is valid UTF-8 decodes as usual; each byte of one that is not
 * becomes the lone surrogate U+DC00 + byte (Python's "surrogateescape",
 * PEP 383), which valid UTF-8 never decodes to, so that encoding gives the
 * very bytes back. Only the FFI resolvers take such strings: their names go
 * to the kernel through {@linkcode encodeName}; `node:fs` would write the
 * escapes as U+FFFD.
 */

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const utf8Out = new TextEncoder();

/** `bytes` as a string; bytes that are not UTF-8 escaped as lone surrogates. */
export function decodeName(bytes: Uint8Array): string {
  return decodeUtf8(bytes) ?? decodeEscaping(bytes);
}

/** `bytes` as a string, `undefined` when they are not UTF-8 (a leading U+FEFF kept). */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function decodeEscaping(b: Uint8Array): string {
  let out = "";
  for (let i = 0; i < b.length;) {
    const c = b[i];
    if (c < 0x80) {
      out += String.fromCharCode(c);
      i++;
      continue;
    }
    // The sequence's length, lead bits and least code point (RFC 3629).
    const [more, lead, least] = c >= 0xc2 && c <= 0xdf
      ? [1, c & 0x1f, 0x80]
      : c >= 0xe0 && c <= 0xef
      ? [2, c & 0x0f, 0x800]
      : c >= 0xf0 && c <= 0xf4
      ? [3, c & 0x07, 0x10000]
      : [0, 0, 0];
    let cp = lead;
    let ok = more > 0 && i + more < b.length;
    for (let k = 1; ok && k <= more; k++) {
      const t = b[i + k];
      ok = (t & 0xc0) === 0x80;
      cp = (cp << 6) | (t & 0x3f);
    }
    if (ok && cp >= least && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff)) {
      out += String.fromCodePoint(cp);
      i += more + 1;
    } else {
      out += String.fromCharCode(0xdc00 + c);
      i++;
    }
  }
  return out;
}

/** Whether `name` holds an escaped byte (a lone surrogate): not UTF-8 on the host. */
export function escapesBytes(name: string): boolean {
  return !name.isWellFormed();
}

/**
 * `name`'s bytes written at the start of `into` (room for 3 bytes per UTF-16
 * unit); how many. Escaped bytes are written back as themselves.
 */
export function encodeName(name: string, into: Uint8Array): number {
  if (!escapesBytes(name)) return utf8Out.encodeInto(name, into).written;
  let n = 0;
  for (const ch of name) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xdc80 && cp <= 0xdcff) into[n++] = cp - 0xdc00;
    else n += utf8Out.encodeInto(ch, into.subarray(n)).written;
  }
  return n;
}

/** `text`'s bytes, escaped bytes as themselves (the guest's args and environment). */
export function encodeBytes(text: string): Uint8Array {
  if (!escapesBytes(text)) return utf8Out.encode(text);
  const into = new Uint8Array(text.length * 3);
  return into.slice(0, encodeName(text, into));
}

/** How many bytes `name` is on the host. */
export function nameLength(name: string): number {
  return encodeName(name, new Uint8Array(name.length * 3));
}
