import { describe, expect, test } from 'vitest';
import { ACCEPTED_EXTENSIONS, ACCEPTED_FILES, isAcceptedFile } from '../../src/documents/accepted-files.js';

describe('isAcceptedFile', () => {
  test.each([
    ['report.pdf', true],
    ['Letter.DOCX', true],
    ['page.htm', true],
    ['notes.markdown', true],
    ['readme.txt', true],
    ['photo.png', true],
    ['Scan.TIFF', true],
    ['anim.gif', false],
    ['old.doc', false],
    ['budget.xlsx', true],
    ['Ventas.CSV', true],
    ['pdf', false],
    ['archive.pdf.zip', false],
  ])('%s → %s', (name, expected) => {
    expect(isAcceptedFile({ name })).toBe(expected);
  });

  test('the picker accepts every extension drag-and-drop accepts', () => {
    const picker = ACCEPTED_FILES.split(',');
    for (const extension of ACCEPTED_EXTENSIONS) expect(picker).toContain(extension);
  });
});
