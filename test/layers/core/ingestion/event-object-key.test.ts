import { decodeS3EventKey, isIgnoredObjectKey, resolveEventKey } from '#core/ingestion/event-object-key.js';

describe('decodeS3EventKey', () => {
  test.each([
    ['alice/my+file+%281%29.pdf', 'alice/my file (1).pdf'],
    ['alice/r%C3%A9sum%C3%A9%2Bnotes.docx', 'alice/résumé+notes.docx'],
    ['alice/two%20words.md', 'alice/two words.md'],
    ['alice/plain.md', 'alice/plain.md'],
    ['alice/100%.md', undefined],
  ])('%s → %s', (key, expected) => {
    expect(decodeS3EventKey(key)).toBe(expected);
  });
});

describe('isIgnoredObjectKey', () => {
  test.each([
    ['alice/dir/', true],
    ['alice/', true],
    ['alice/report.pdf.filepart', true],
    ['alice/report.PDF.FILEPART', true],
    ['alice/report.pdf', false],
    ['alice/filepart.pdf', false],
  ])('%s → %s', (key, ignored) => {
    expect(isIgnoredObjectKey(key)).toBe(ignored);
  });
});

describe('resolveEventKey', () => {
  const resolution = (existing: string[], known: string[] = []) => ({
    exists: async (key: string) => existing.includes(key),
    known: async (key: string) => known.includes(key),
  });

  test.each([
    ['the decoding when its object exists', 'a/my+file.md', ['a/my file.md'], [], 'a/my file.md'],
    ['the literal key when its object exists', 'a/c++.md', ['a/c++.md'], [], 'a/c++.md'],
    ['the key a document or job knows when no object exists', 'a/c++.md', [], ['a/c++.md'], 'a/c++.md'],
    ['the decoding when nothing is known', 'a/my+file.md', [], [], 'a/my file.md'],
    ['a key with nothing to decode as is', 'a/plain.md', [], [], 'a/plain.md'],
  ])('%s', async (_case, key, existing, known, expected) => {
    expect(await resolveEventKey(key, resolution(existing, known))).toBe(expected);
  });
});
