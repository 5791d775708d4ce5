// Decoding a .rnn file from disk as an editor would: UTF-8, the byte order
// mark dropped (editors do not show it, so columns on line 1 agree with the
// language server's), and bytes that are not UTF-8 (a Latin-1 file) reported
// at their place instead of surfacing later as "unexpected character".
// TextDecoder (WHATWG Encoding, built into Node) does the validation; only
// finding where it failed is written here, as it has no API for that.

export type Decoded =
  | { ok: true; text: string }
  | { ok: false; line: number; column: number; byte: string };

export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    // ignoreBOM: false (the default) strips a leading BOM.
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const bad = firstInvalidByte(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    const lines = before.split('\n');
    return {
      ok: false,
      line: lines.length,
      column: lines[lines.length - 1].length + 1,
      byte: bytes[bad].toString(16).toUpperCase().padStart(2, '0'),
    };
  }
}

/** Offset of the first byte that is not part of valid UTF-8. */
function firstInvalidByte(bytes: Uint8Array): number {
  const decodes = (n: number, stream: boolean) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream });
      return true;
    } catch {
      return false;
    }
  };
  // A prefix that decodes as a stream (its last character may be unfinished)
  // stays so when shortened, so the longest one is found by bisection.
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (decodes(mid, true)) low = mid;
    else high = mid - 1;
  }
  if (decodes(low, false)) return Math.min(low, bytes.length - 1);
  // It ends in an unfinished character (Latin-1's é is a UTF-8 lead byte): that character's first byte is at fault.
  let start = low;
  while (start > 0 && (bytes[start - 1] & 0xc0) === 0x80) start--;
  return Math.max(0, start - 1);
}
