import { attachmentSource } from '#core/ingestion/attachment-source.js';

describe('attachmentSource', () => {
  test.each([
    ['a plain name', ['report.pdf'], 'mail.eml/attachments/report.pdf'],
    ['a name with a path keeps its last segment', ['C:\\Users\\ana\\informe.docx'], 'mail.eml/attachments/informe.docx'],
    ['a name climbing folders cannot leave the e-mail', ['../../etc/passwd'], 'mail.eml/attachments/passwd'],
    ['leading dots and control characters go', ['..\u0000.hidden\u0007.txt'], 'mail.eml/attachments/hidden.txt'],
    ['an unnamed attachment is named by its position', ['', ''], 'mail.eml/attachments/attachment-2'],
    ['a name taken twice gets a copy number before its extension', ['notes.txt', 'NOTES.txt'], 'mail.eml/attachments/NOTES (2).txt'],
    ['a third copy counts on', ['a.csv', 'a.csv', 'a.csv'], 'mail.eml/attachments/a (3).csv'],
  ])('%s', (_, names, expected) => {
    // prepare
    const taken = new Set<string>();

    // act
    const sources = names.map((name, i) => attachmentSource('mail.eml', name, i + 1, taken));

    // assess
    expect(sources.at(-1)).toBe(expected);
    expect(new Set(sources).size).toBe(sources.length);
  });
});
