import { deflateRawSync } from 'node:zlib';
import { ZipFormatError, readZipDirectory, readZipEntry } from '#core/parsing/zip-directory.js';
import { buildDocx } from '../../../fixtures/docx-fixtures.js';
import { writeZip } from '../../../fixtures/zip-writer.js';

function zipError(action: () => unknown): ZipFormatError {
  try {
    action();
  } catch (error) {
    return error as ZipFormatError;
  }
  throw new Error('expected a ZipFormatError');
}

describe('readZipDirectory', () => {
  test('lists the entries of a hand-written archive with their declared sizes', () => {
    const zip = writeZip([
      { name: 'a.txt', data: Buffer.from('hello hello hello') },
      { name: 'dir/ñ.xml', data: Buffer.from('<x/>') },
    ]);

    const entries = readZipDirectory(zip);

    expect(entries.map(({ name, uncompressedSize, compressionMethod, encrypted }) => ({ name, uncompressedSize, compressionMethod, encrypted }))).toEqual([
      { name: 'a.txt', uncompressedSize: 17, compressionMethod: 8, encrypted: false },
      { name: 'dir/ñ.xml', uncompressedSize: 4, compressionMethod: 8, encrypted: false },
    ]);
  });

  test('lists the parts of a DOCX written by the docx package', async () => {
    const docx = await buildDocx([{ paragraph: 'Hello' }]);

    const names = readZipDirectory(docx).map((entry) => entry.name);

    expect(names).toEqual(expect.arrayContaining(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']));
  });

  test('finds the directory behind an archive comment', () => {
    const zip = writeZip([{ name: 'a.txt', data: Buffer.from('x') }]);
    const comment = Buffer.from('a comment that hides the end record');
    zip.writeUInt16LE(comment.length, zip.length - 2);

    const entries = readZipDirectory(Buffer.concat([zip, comment]));

    expect(entries.map((entry) => entry.name)).toEqual(['a.txt']);
  });

  test('reads sizes from the ZIP64 extra field', () => {
    const fiveGiB = 5 * 1024 ** 3;
    const zip = writeZip([{ name: 'huge.xml', compressed: deflateRawSync(Buffer.alloc(10)), declaredSize: fiveGiB, zip64: true }]);

    const [entry] = readZipDirectory(zip);

    expect(entry!.uncompressedSize).toBe(fiveGiB);
    expect(entry!.compressedSize).toBeGreaterThan(0);
  });

  test('reports the encrypted flag', () => {
    const zip = writeZip([{ name: 'secret.xml', data: Buffer.from('x'), encrypted: true }]);

    expect(readZipDirectory(zip)[0]!.encrypted).toBe(true);
  });

  test.each([
    ['bytes that are not a ZIP archive', Buffer.from('just some text, no archive here at all')],
    ['an empty buffer', Buffer.alloc(0)],
    [
      'an archive whose directory was cut off',
      (() => {
        const zip = writeZip([{ name: 'a.txt', data: Buffer.from('hello') }]);
        const end = zip.subarray(zip.length - 22);
        return Buffer.concat([zip.subarray(0, 40), end]);
      })(),
    ],
  ])('rejects %s as corrupt', (_, bytes) => {
    const error = zipError(() => readZipDirectory(bytes));

    expect(error).toBeInstanceOf(ZipFormatError);
    expect(error.kind).toBe('corrupt');
  });
});

describe('readZipEntry', () => {
  test('inflates an entry', () => {
    const zip = writeZip([{ name: 'a.txt', data: Buffer.from('¡hola!') }]);
    const [entry] = readZipDirectory(zip);

    expect(readZipEntry(zip, entry!).toString('utf8')).toBe('¡hola!');
  });

  test('refuses an entry that inflates beyond its declared size', () => {
    const zip = writeZip([{ name: 'bomb.xml', compressed: deflateRawSync(Buffer.alloc(1024 * 1024)), declaredSize: 100 }]);
    const [entry] = readZipDirectory(zip);

    const error = zipError(() => readZipEntry(zip, entry!));

    expect(error.kind).toBe('too_large');
    expect(error.message).toMatch(/bomb\.xml expands beyond its declared size of 100 bytes/);
  });

  test.each([
    ['smaller than declared', writeZip([{ name: 'a.xml', compressed: deflateRawSync(Buffer.from('abc')), declaredSize: 10 }])],
    ['not a deflate stream', writeZip([{ name: 'a.xml', compressed: Buffer.from([0xff, 0xff, 0xff, 0xff]), declaredSize: 10 }])],
  ])('rejects an entry %s as corrupt', (_, zip) => {
    const [entry] = readZipDirectory(zip);

    expect(zipError(() => readZipEntry(zip, entry!)).kind).toBe('corrupt');
  });
});
