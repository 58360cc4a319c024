import { SUPPORTED_EXTENSIONS, decideFormat, detectFormat } from '#core/parsing/format-detection.js';
import { ACCEPTED_EXTENSIONS } from '../../../../frontend/src/documents/accepted-files.js';
import { buildXlsx } from '../../../fixtures/office-fixtures.js';
import { oleContainer } from '../../../fixtures/ole-fixtures.js';
import { minimalDocxEntries, wordDocumentXml, writeZip } from '../../../fixtures/zip-writer.js';

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
    // Images are read by OCR, whatever they are called.
    ['photo.png', PNG_BYTES, undefined, 'image'],
    ['object-key', PNG_BYTES, 'image/png', 'image'],
    ['photo.txt', PNG_BYTES, undefined, 'image'],
    ['scan.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]), undefined, 'image'],
    ['fax.tiff', Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), undefined, 'image'],
    ['fax.tif', Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]), undefined, 'image'],
    ['empty-name', new Uint8Array(0), undefined, undefined],
    ['control.bin', Buffer.from('\u0001\u0002\u0003 mostly controls'), undefined, undefined],
  ])('%s (%s) → %s', (source, bytes, contentType, expected) => {
    expect(detectFormat(source, bytes, contentType)).toBe(expected);
  });

  test("the site's file picker and drop zone accept exactly the supported extensions", () => {
    expect([...ACCEPTED_EXTENSIONS].sort()).toEqual([...SUPPORTED_EXTENSIONS].sort());
  });

  test('every supported extension maps to a format', () => {
    for (const extension of SUPPORTED_EXTENSIONS) {
      expect(detectFormat(`file${extension}`, TEXT_BYTES)).toBeDefined();
    }
  });
});

const XLSX = buildXlsx([{ name: 'Hoja1', rows: [['a']] }]);
const REAL_DOCX = writeZip(minimalDocxEntries(wordDocumentXml(['x'])));
const PLAIN_ZIP = writeZip([{ name: 'notes/readme.txt', data: Buffer.from('hello') }]);
const odf = (mimetype: string) =>
  writeZip([
    { name: 'mimetype', data: Buffer.from(mimetype) },
    { name: 'content.xml', data: Buffer.from('<x/>') },
  ]);
const OOXML_OTHER = writeZip([
  { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
  { name: 'visio/document.xml', data: Buffer.from('<x/>') },
]);

describe('decideFormat sniffs the content before trusting the name', () => {
  test.each([
    // Containers are known by what they hold, whatever they are called.
    ['sales.xlsx', XLSX, { format: 'xlsx' }],
    ['sales.docx', XLSX, { format: 'xlsx' }],
    ['object-key', XLSX, { format: 'xlsx' }],
    ['letter.xlsx', REAL_DOCX, { format: 'docx' }],
    ['text.txt', Buffer.from('{\\rtf1\\ansi Hello}'), { format: 'rtf' }],
    ['report.txt', Buffer.from('%PDF-1.7\n'), { format: 'pdf' }],
  ] as const)('%s → %j', (source, bytes, expected) => {
    expect(decideFormat(source, bytes)).toEqual(expected);
  });

  test.each([
    ['bundle.zip', PLAIN_ZIP, 'unsupported_type', /^ZIP archives \(\.zip\) are not supported; unpack it/],
    ['bundle.docx', PLAIN_ZIP, 'unsupported_type', /^ZIP archives \(\.zip\) are not supported/],
    ['empty.zip', Buffer.from('not a zip at all, just text'), 'unsupported_type', /^ZIP archives/],
    ['broken.zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), 'unsupported_type', /^ZIP archives/],
    ['drawing.odg', odf('application/vnd.oasis.opendocument.graphics'), 'unsupported_type', /OpenDocument files of type graphics are not supported/],
    ['diagram.vsdx', OOXML_OTHER, 'unsupported_type', /this kind of Office file is not supported/],
    ['budget.xlsx', oleContainer('EncryptionInfo', 'EncryptedPackage'), 'encrypted', /^is a password-protected Excel workbook; remove the password/],
    ['deck.pptx', oleContainer('EncryptionInfo', 'EncryptedPackage'), 'encrypted', /^is a password-protected PowerPoint presentation/],
    ['budget.xlsx', oleContainer('Workbook'), 'unsupported_type', /legacy Excel 97–2003 \(\.xls\) file, not \.xlsx/],
    ['old.xls', oleContainer('Workbook'), 'unsupported_type', /legacy Excel 97–2003/],
    ['old.ppt', oleContainer('PowerPoint Document'), 'unsupported_type', /legacy PowerPoint 97–2003/],
    ['book-club.ppt', oleContainer('PowerPoint Document', 'Book'), 'unsupported_type', /legacy PowerPoint 97–2003/],
    ['mail.msg', oleContainer('__substg1.0_0037001F'), 'unsupported_type', /OLE compound file/],
    ['anim.gif', Buffer.from('GIF89a\u0001\u0000\u0001\u0000\u0080\u0000\u0000', 'latin1'), 'unsupported_type', /^GIF images are not supported/],
    ['backup.gz', Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0]), 'unsupported_type', /^gzip archives/],
    ['tool', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), 'unsupported_type', /ELF executables/],
    ['data.bin', Buffer.from([0x00, 0x01, 0x02, 0x03]), 'unsupported_type', /^\.bin is not a supported document type/],
  ])('%s is refused with a reason', (source, bytes, reason, detail) => {
    const decision = decideFormat(source, bytes);

    expect(decision).toEqual({ refused: { reason, detail: expect.stringMatching(detail) } });
  });

  test('text that starts like a signature ("MZ", "ID3") is still text', () => {
    expect(decideFormat('notes.txt', Buffer.from('MZ Logistics quarterly notes'))).toEqual({ format: 'txt' });
    expect(decideFormat('tags.md', Buffer.from('ID3 tags explained'))).toEqual({ format: 'md' });
  });
});
