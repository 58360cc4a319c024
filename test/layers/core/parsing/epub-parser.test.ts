import { parseDocument } from '#core/parsing/parse-document.js';
import { parseEpub } from '#core/parsing/epub-parser.js';
import { buildEpub } from '../../../fixtures/office-fixtures.js';

describe('parseEpub', () => {
  test('chapters follow the spine; each section names its chapter', () => {
    // prepare
    const bytes = buildEpub('El faro', [
      { title: 'Capítulo uno', bodyHtml: '<p>La niebla cubría la costa.</p>' },
      { title: 'Chapter two', bodyHtml: '<h1>La tormenta</h1><p>El farero encendió la lámpara.</p><h2>Después</h2><p>Amaneció.</p>' },
    ]);

    // act
    const document = parseEpub('faro.epub', bytes);

    // assess
    expect(document.title).toBe('El faro');
    expect(document.sections).toEqual([
      { headingPath: ['Capítulo uno'], text: 'La niebla cubría la costa.' },
      { headingPath: ['La tormenta'], text: 'El farero encendió la lámpara.' },
      { headingPath: ['La tormenta', 'Después'], text: 'Amaneció.' },
    ]);
    expect(document.metadata.chapters).toBe(2);
  });

  test('is recognised by its mimetype entry', async () => {
    const bytes = buildEpub('Book', [{ title: 'One', bodyHtml: '<p>Text.</p>' }]);

    expect((await parseDocument({ source: 'upload', bytes })).format).toBe('epub');
  });
});
