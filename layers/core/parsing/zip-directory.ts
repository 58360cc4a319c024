import { inflateRawSync } from 'node:zlib';

/** One file listed in a ZIP archive's central directory. */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflated. */
  compressionMethod: number;
  compressedSize: number;
  /** As declared by the archive: an attacker controls it, so reads check it again. */
  uncompressedSize: number;
  localHeaderOffset: number;
  encrypted: boolean;
}

export class ZipFormatError extends Error {
  constructor(
    readonly kind: 'corrupt' | 'too_large',
    message: string,
  ) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const ZIP64_EXTRA_FIELD = 0x0001;
const MAX_COMMENT_LENGTH = 0xffff;

/**
 * Reads the central directory of a ZIP archive (including ZIP64) without decompressing
 * anything, so the declared sizes can be checked before a library inflates the entries.
 */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfCentralDirectory(view);
  let entryCount = view.getUint16(end + 10, true);
  let directoryOffset = view.getUint32(end + 16, true);

  const locator = end - 20;
  if (locator >= 0 && view.getUint32(locator, true) === ZIP64_END_LOCATOR) {
    const zip64End = safeNumber(view.getBigUint64(locator + 8, true));
    if (zip64End + 56 > view.byteLength || view.getUint32(zip64End, true) !== ZIP64_END_OF_CENTRAL_DIRECTORY) {
      throw new ZipFormatError('corrupt', 'the ZIP64 end of central directory record is missing');
    }
    entryCount = safeNumber(view.getBigUint64(zip64End + 32, true));
    directoryOffset = safeNumber(view.getBigUint64(zip64End + 48, true));
  }

  const entries: ZipEntry[] = [];
  let position = directoryOffset;
  for (let index = 0; index < entryCount; index++) {
    if (position + 46 > view.byteLength || view.getUint32(position, true) !== CENTRAL_DIRECTORY_ENTRY) {
      throw new ZipFormatError('corrupt', `central directory entry ${index + 1} of ${entryCount} is missing or damaged`);
    }
    const flags = view.getUint16(position + 8, true);
    const nameLength = view.getUint16(position + 28, true);
    const extraLength = view.getUint16(position + 30, true);
    const commentLength = view.getUint16(position + 32, true);
    if (position + 46 + nameLength + extraLength > view.byteLength) {
      throw new ZipFormatError('corrupt', 'the central directory runs past the end of the file');
    }
    const entry: ZipEntry = {
      name: Buffer.from(bytes.buffer, bytes.byteOffset + position + 46, nameLength).toString('utf8'),
      compressionMethod: view.getUint16(position + 10, true),
      compressedSize: view.getUint32(position + 20, true),
      uncompressedSize: view.getUint32(position + 24, true),
      localHeaderOffset: view.getUint32(position + 42, true),
      encrypted: (flags & 1) !== 0,
    };
    readZip64Sizes(view, position + 46 + nameLength, extraLength, entry);
    entries.push(entry);
    position += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEndOfCentralDirectory(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - 22 - MAX_COMMENT_LENGTH);
  for (let offset = view.byteLength - 22; offset >= lowest; offset--) {
    if (view.getUint32(offset, true) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  throw new ZipFormatError('corrupt', 'it is not a ZIP archive (no end of central directory record)');
}

/** 32-bit fields set to 0xFFFFFFFF carry their real value in the ZIP64 extra field, in this order. */
function readZip64Sizes(view: DataView, start: number, length: number, entry: ZipEntry): void {
  const needed = (['uncompressedSize', 'compressedSize', 'localHeaderOffset'] as const).filter((field) => entry[field] === 0xffffffff);
  if (needed.length === 0) return;
  for (let offset = start; offset + 4 <= start + length; ) {
    const id = view.getUint16(offset, true);
    const size = view.getUint16(offset + 2, true);
    if (id === ZIP64_EXTRA_FIELD) {
      needed.forEach((field, index) => {
        if (8 * index + 8 > size) throw new ZipFormatError('corrupt', `the ZIP64 sizes of ${entry.name} are incomplete`);
        entry[field] = safeNumber(view.getBigUint64(offset + 4 + 8 * index, true));
      });
      return;
    }
    offset += 4 + size;
  }
  throw new ZipFormatError('corrupt', `the ZIP64 sizes of ${entry.name} are missing`);
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('too_large', 'it declares a size beyond 2^53 bytes');
  return Number(value);
}

/**
 * Decompresses one entry, refusing to produce more than its declared size: an archive that
 * understates its sizes cannot slip past a check of the central directory.
 */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry): Buffer {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = entry.localHeaderOffset;
  if (header + 30 > view.byteLength || view.getUint32(header, true) !== LOCAL_FILE_HEADER) {
    throw new ZipFormatError('corrupt', `the local header of ${entry.name} is missing`);
  }
  const dataStart = header + 30 + view.getUint16(header + 26, true) + view.getUint16(header + 28, true);
  if (dataStart + entry.compressedSize > view.byteLength) {
    throw new ZipFormatError('corrupt', `${entry.name} is truncated`);
  }
  const data = Buffer.from(bytes.buffer, bytes.byteOffset + dataStart, entry.compressedSize);
  let output: Buffer;
  if (entry.compressionMethod === 0) {
    output = data;
  } else if (entry.compressionMethod === 8) {
    try {
      output = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new ZipFormatError('too_large', `${entry.name} expands beyond its declared size of ${entry.uncompressedSize} bytes`);
      }
      throw new ZipFormatError('corrupt', `${entry.name} cannot be decompressed (${(error as Error).message})`);
    }
  } else {
    throw new ZipFormatError('corrupt', `${entry.name} uses unsupported compression method ${entry.compressionMethod}`);
  }
  if (output.length !== entry.uncompressedSize) {
    throw new ZipFormatError('corrupt', `${entry.name} has ${output.length} bytes but declares ${entry.uncompressedSize}`);
  }
  return output;
}
