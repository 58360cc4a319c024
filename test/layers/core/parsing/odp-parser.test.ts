import { parseDocument } from '#core/parsing/parse-document.js';
import { parseOdp } from '#core/parsing/odp-parser.js';
import { buildOdp } from '../../../fixtures/office-fixtures.js';

describe('parseOdp', () => {
  test('each page is a slide headed by its title frame, with tables as rows and the speaker notes', () => {
    // prepare
    const bytes = buildOdp(
      [
        { title: 'Objetivos 2025', bullets: ['Abrir la oficina de Sevilla', 'Contratar a 12 personas'], notes: 'Mencionar el retraso de la obra.' },
        {
          title: 'Budget',
          table: [
            ['Area', 'Amount'],
            ['Hiring', '600k'],
          ],
        },
        { bullets: ['Untitled slide text'] },
      ],
      { title: 'Plan anual' },
    );

    // act
    const document = parseOdp('plan.odp', bytes);

    // assess
    expect(document.title).toBe('Plan anual');
    expect(document.sections).toEqual([
      {
        headingPath: ['Objetivos 2025'],
        page: 1,
        text: 'Abrir la oficina de Sevilla\n\nContratar a 12 personas\n\nSpeaker notes: Mencionar el retraso de la obra.',
      },
      { headingPath: ['Budget'], page: 2, text: 'Area: Hiring; Amount: 600k' },
      { headingPath: ['Slide 3'], page: 3, text: 'Untitled slide text' },
    ]);
  });

  test('is recognised by its mimetype entry through parseDocument', async () => {
    const document = await parseDocument({ source: 'deck', bytes: buildOdp([{ title: 'Hola', bullets: ['mundo'] }]) });

    expect(document.format).toBe('odp');
    expect(document.title).toBe('Hola');
  });

  test('footer and slide-number placeholders are left out', () => {
    const bytes = buildOdp([
      { title: 'Uno', bullets: ['Contenido'], footer: 'Confidencial' },
      { title: 'Dos', bullets: ['Más contenido'], footer: 'Confidencial' },
    ]);

    expect(parseOdp('deck.odp', bytes).sections.map((section) => section.text)).toEqual(['Contenido', 'Más contenido']);
  });
});
