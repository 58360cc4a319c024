import { detectDocumentLanguage } from '#core/ingestion/detect-document-language.js';
import { prepareDocument } from '#core/ingestion/prepare-document.js';
import { buildPdf } from '../../../fixtures/pdf-fixtures.js';

const GERMAN =
  'Die Violine ist ein Streichinstrument. Sie ist das höchste Instrument der Violinenfamilie und wird mit einem Bogen gespielt. ' +
  'Die Geige hat vier Saiten, die in Quinten gestimmt sind. Sie wurde im 16. Jahrhundert in Italien entwickelt.';
const FRENCH =
  'Le violon est un instrument de musique à cordes frottées. Il est le plus aigu de la famille des violons et se joue avec un archet. ' +
  'Il possède quatre cordes accordées en quintes et il est apparu en Italie au seizième siècle.';
const ENGLISH =
  'The violin is a wooden string instrument. It is the smallest and highest-pitched instrument of the violin family, ' +
  'and it is played with a bow. It has four strings tuned in perfect fifths and was developed in Italy in the 16th century.';
const SPANISH =
  'El violín es un instrumento de cuerda frotada. Es el más pequeño y agudo de la familia del violín y se toca con un arco. ' +
  'Tiene cuatro cuerdas afinadas en quintas y apareció en Italia en el siglo dieciséis.';

describe('detectDocumentLanguage', () => {
  test.each([
    ['English prose', 'en', ENGLISH],
    ['Spanish prose', 'es', SPANISH],
    ['a short English policy', 'en', 'Travel policy\n\nInternational flights must be booked at least 21 days in advance.'],
    ['a short Spanish policy', 'es', 'Política de vacaciones\n\nCada empleado tiene veintidós días hábiles de vacaciones al año.'],
    ['German prose', 'unknown', GERMAN],
    ['French prose', 'unknown', FRENCH],
  ])('%s is %s', (_, expected, text) => {
    expect(detectDocumentLanguage(text)).toBe(expected);
  });

  test('a German PDF is not labelled English, and is indexed with the simple configuration', async () => {
    // prepare
    const bytes = await buildPdf([{ lines: GERMAN.split('. ').map((sentence) => `${sentence}.`) }], { title: 'Die Violine' });

    // act
    const prepared = await prepareDocument({ source: 'violine.pdf', bytes });

    // assess
    expect(prepared.language).toBe('unknown');
    expect(prepared.textConfig).toBe('simple');
  });
});
