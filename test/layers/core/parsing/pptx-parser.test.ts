import { DocumentError } from '#core/errors.js';
import { parseDocument } from '#core/parsing/parse-document.js';
import { parsePptx } from '#core/parsing/pptx-parser.js';
import { buildPptx } from '../../../fixtures/office-fixtures.js';
import { encryptedOfficeFile } from '../../../fixtures/ole-fixtures.js';

describe('parsePptx', () => {
  test('each shown slide is a page headed by its title, with its tables as rows and its speaker notes', () => {
    // prepare
    const bytes = buildPptx([
      { title: 'Plan de lanzamiento', bullets: ['Fecha: 3 de marzo', 'Mercado: España'], notes: 'Recordar el presupuesto de 40.000 euros.' },
      { title: 'Secret draft', bullets: ['Not shown'], hidden: true },
      {
        title: 'Costs',
        table: [
          ['Item', 'Cost'],
          ['Booth', '12,000'],
          ['Travel', '3,500'],
        ],
      },
      { bullets: ['A slide without a title'] },
      { title: 'Questions?' },
    ]);

    // act
    const document = parsePptx('launch.pptx', bytes);

    // assess
    expect(document.title).toBe('Plan de lanzamiento');
    expect(document.sections).toEqual([
      {
        headingPath: ['Plan de lanzamiento'],
        page: 1,
        text: 'Fecha: 3 de marzo\n\nMercado: España\n\nSpeaker notes: Recordar el presupuesto de 40.000 euros.',
      },
      { headingPath: ['Costs'], page: 2, text: 'Item: Booth; Cost: 12,000\n\nItem: Travel; Cost: 3,500' },
      { headingPath: ['Slide 3'], page: 3, text: 'A slide without a title' },
      { headingPath: ['Questions?'], page: 4, text: 'Questions?' },
    ]);
    expect(document.metadata).toMatchObject({ slides: 4, hiddenSlides: 1 });
  });

  test('the document properties title wins', () => {
    expect(parsePptx('deck.pptx', buildPptx([{ title: 'First slide', bullets: ['x'] }], { title: 'Board meeting' })).title).toBe('Board meeting');
  });

  test('an encrypted presentation gets a clear reason', async () => {
    const error = await parseDocument({ source: 'deck.pptx', bytes: encryptedOfficeFile() }).catch((caught: unknown) => caught as DocumentError);

    expect(error).toBeInstanceOf(DocumentError);
    expect((error as DocumentError).reason).toBe('encrypted');
    expect((error as DocumentError).message).toBe('deck.pptx: is a password-protected PowerPoint presentation; remove the password and upload it again');
  });

  test('footer and slide-number placeholders are left out', () => {
    const bytes = buildPptx([
      { title: 'Uno', bullets: ['Contenido'], footer: 'Confidencial' },
      { title: 'Dos', bullets: ['Más contenido'], footer: 'Confidencial' },
    ]);

    expect(parsePptx('deck.pptx', bytes).sections.map((section) => section.text)).toEqual(['Contenido', 'Más contenido']);
  });
});
