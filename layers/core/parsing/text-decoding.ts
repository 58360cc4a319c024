import { DocumentError } from '../errors.js';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

/** Share of control bytes above which a file with a text extension is treated as binary. */
const MAX_CONTROL_BYTE_SHARE = 0.05;
/** Windows-1252 text in Latin languages has a few accented letters per line, never a majority. */
const MAX_WINDOWS_1252_HIGH_BYTE_SHARE = 0.2;

/**
 * Decodes the bytes of a text document.
 *
 * UTF-8 is decoded strictly (a BOM is stripped) and UTF-16 is accepted with a BOM. Files that
 * are not valid UTF-8 but look like Windows-1252 text (still common for Spanish and other
 * Latin-script files saved by older editors) are decoded as Windows-1252; anything else is
 * rejected with the byte offset of the first invalid sequence.
 */
export function decodeText(source: string, bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(source, bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(source, bytes.subarray(2), 'utf-16be');

  assertNotBinary(source, bytes);

  try {
    // The decoder strips a UTF-8 BOM by default.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    const scan = scanUtf8(bytes);
    if (scan.invalidSequences > scan.validMultiByteSequences && isPlausibleWindows1252(bytes)) {
      return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
    }
    throw new DocumentError(
      source,
      'invalid_encoding',
      `is not valid UTF-8 (first invalid byte sequence at offset ${scan.firstInvalidOffset}) and does not look like Windows-1252 text; save it as UTF-8`,
    );
  }
}

function decodeUtf16(source: string, body: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodedText {
  if (body.length % 2 !== 0) {
    throw new DocumentError(source, 'invalid_encoding', `has a ${encoding.toUpperCase()} byte order mark but an odd number of bytes`);
  }
  let littleEndian = body;
  if (encoding === 'utf-16be') {
    // Node's TextDecoder only guarantees UTF-16LE without full ICU, so swap the byte pairs.
    littleEndian = new Uint8Array(body.length);
    for (let i = 0; i < body.length; i += 2) {
      littleEndian[i] = body[i + 1]!;
      littleEndian[i + 1] = body[i]!;
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-16le', { fatal: true }).decode(littleEndian);
  } catch {
    throw new DocumentError(source, 'invalid_encoding', `has a ${encoding.toUpperCase()} byte order mark but contains invalid UTF-16`);
  }
  if (text.includes('\u0000')) {
    throw new DocumentError(source, 'binary', 'contains NUL characters: it looks like a binary file, not text');
  }
  return { text, encoding };
}

function isControlByte(byte: number): boolean {
  // Tab, line feed, form feed and carriage return are ordinary in text files.
  return (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f;
}

function assertNotBinary(source: string, bytes: Uint8Array): void {
  let controls = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === 0) {
      throw new DocumentError(source, 'binary', `contains a NUL byte at offset ${i}: it looks like a binary file, not text`);
    }
    if (isControlByte(byte)) controls++;
  }
  if (bytes.length > 0 && controls / bytes.length > MAX_CONTROL_BYTE_SHARE) {
    const percent = Math.round((controls / bytes.length) * 100);
    throw new DocumentError(source, 'binary', `is ${percent}% control characters: it looks like a binary file, not text`);
  }
}

interface Utf8Scan {
  firstInvalidOffset: number;
  invalidSequences: number;
  validMultiByteSequences: number;
}

/** Walks the bytes as UTF-8 and counts well-formed multi-byte sequences and invalid ones. */
export function scanUtf8(bytes: Uint8Array): Utf8Scan {
  let firstInvalidOffset = -1;
  let invalidSequences = 0;
  let validMultiByteSequences = 0;
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = sequenceLength(bytes, i);
    if (length > 0) {
      validMultiByteSequences++;
      i += length;
    } else {
      if (firstInvalidOffset < 0) firstInvalidOffset = i;
      invalidSequences++;
      i++;
    }
  }
  return { firstInvalidOffset, invalidSequences, validMultiByteSequences };
}

/** Length of the well-formed UTF-8 sequence starting at `i`, or 0 when it is ill-formed. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i]!;
  let length: number;
  let min = 0x80;
  let max = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) min = 0xa0; // overlong
    if (lead === 0xed) max = 0x9f; // surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) min = 0x90; // overlong
    if (lead === 0xf4) max = 0x8f; // above U+10FFFF
  } else return 0;
  if (i + length > bytes.length) return 0;
  const second = bytes[i + 1]!;
  if (second < min || second > max) return 0;
  for (let k = 2; k < length; k++) {
    const next = bytes[i + k]!;
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return length;
}

/** Bytes that Windows-1252 leaves undefined. */
const WINDOWS_1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

function isPlausibleWindows1252(bytes: Uint8Array): boolean {
  let high = 0;
  for (const byte of bytes) {
    if (byte >= 0x80) {
      if (WINDOWS_1252_UNDEFINED.has(byte)) return false;
      high++;
    } else if (isControlByte(byte)) {
      return false;
    }
  }
  return high / bytes.length <= MAX_WINDOWS_1252_HIGH_BYTE_SHARE;
}

/** Windows-1252 characters for bytes 0x80–0x9F; the other bytes map to the same code point as Latin-1. */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c,
  0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  // Decoding by hand keeps this independent of the ICU data the Node.js build ships.
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (char) => String.fromCharCode(WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80]!));
}
