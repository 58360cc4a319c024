import { SUPPORTED_EXTENSIONS, detectFormat } from '#core/parsing/format-detection.js';

const PDF_BYTES = Buffer.from('%PDF-1.7\n%âãÏÓ\n');
const DOCX_BYTES = Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(26), Buffer.from('[Content_Types].xml')]);
const TEXT_BYTES = Buffer.from('hello');
const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);

describe('detectFormat', () => {
  test.each([
    ['notes.txt', TEXT_BYTES, undefined, 'txt'],
    ['README.md', TEXT_BYTES, undefined, 'md'],
    ['guide.MARKDOWN', TEXT_BYTES, undefined, 'md'],
    ['page.html', TEXT_BYTES, undefined, 'html'],
    ['uploads/2024/Page.HTM', TEXT_BYTES, undefined, 'html'],
    ['report.pdf', PDF_BYTES, undefined, 'pdf'],
    ['C:\\docs\\letter.docx', DOCX_BYTES, undefined, 'docx'],
    // The extension wins over the content type…
    ['report.pdf', PDF_BYTES, 'text/plain', 'pdf'],
    // …but an unknown extension defers to it.
    ['a1.txt.clean', TEXT_BYTES, 'text/plain; charset=utf-8', 'txt'],
    ['object-key', TEXT_BYTES, 'application/pdf', 'pdf'],
    ['object-key', TEXT_BYTES, 'text/markdown', 'md'],
    // Otherwise the bytes decide: PDF and DOCX signatures, then anything that reads as text.
    ['object-key', PDF_BYTES, undefined, 'pdf'],
    ['object-key', DOCX_BYTES, undefined, 'docx'],
    ['object-key', TEXT_BYTES, undefined, 'txt'],
    ['a1.txt.clean', TEXT_BYTES, undefined, 'txt'],
    ['photo.png', PNG_BYTES, undefined, undefined],
    ['photo.png', PNG_BYTES, 'image/png', undefined],
    ['empty-name', new Uint8Array(0), undefined, undefined],
    ['control.bin', Buffer.from('\u0001\u0002\u0003 mostly controls'), undefined, undefined],
  ])('%s (%s) → %s', (source, bytes, contentType, expected) => {
    expect(detectFormat(source, bytes, contentType)).toBe(expected);
  });

  test('every supported extension maps to a format', () => {
    for (const extension of SUPPORTED_EXTENSIONS) {
      expect(detectFormat(`file${extension}`, TEXT_BYTES)).toBeDefined();
    }
  });
});
