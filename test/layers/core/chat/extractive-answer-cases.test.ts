import { buildExtractiveAnswer } from '#core/chat/index.js';
import type { RetrievedChunk } from '#core/store/retrieved-chunk.js';
import { retrievedChunk } from './chunks.js';

// Small articles shaped like the CMU Wikipedia QA texts: a lead paragraph (ordinal 0), body
// chunks, captions and reference lines left in the text by the conversion.
const LINCOLN_LEAD = retrievedChunk({
  chunkId: 'lincoln-0',
  documentId: 'doc-lincoln',
  title: 'Abraham Lincoln',
  ordinal: 0,
  score: 0.55,
  text: `Abraham Lincoln (February 12, 1809 – April 15, 1865) was the sixteenth President of the United States. He successfully led the country through its greatest internal crisis, the American Civil War.`,
});
const LINCOLN_CAREER = retrievedChunk({
  chunkId: 'lincoln-3',
  documentId: 'doc-lincoln',
  title: 'Abraham Lincoln',
  ordinal: 3,
  score: 0.9,
  text: `Lincoln in 1846

President Lincoln of the United States, photographed by Alexander Gardner.

Lincoln began his political career in 1832, at age 23, with a campaign for the Illinois General Assembly. He served a single term in the House of Representatives.`,
});
const PIANO = retrievedChunk({
  chunkId: 'piano-0',
  documentId: 'doc-piano',
  title: 'Piano',
  ordinal: 0,
  score: 0.8,
  text: `The piano is a musical instrument played by means of a keyboard. The piano was invented by Bartolomeo Cristofori in Padua, Italy, around 1700.`,
});
const PLAYER_PIANO = retrievedChunk({
  chunkId: 'piano-4',
  documentId: 'doc-piano',
  title: 'Piano',
  ordinal: 4,
  score: 0.9,
  text: `Player pianos: In 1863 Henri Fourneaux invented the player piano, which plays itself from a piano roll without the need for a pianist.`,
});
const MONROE = retrievedChunk({
  chunkId: 'monroe-2',
  documentId: 'doc-monroe',
  title: 'James Monroe',
  ordinal: 2,
  score: 0.9,
  text: `Portrait of James Monroe by Gilbert Stuart

On February 16, 1786, James Monroe married Elizabeth Kortright in New York City. They had three children.`,
});
const NEWTON_ES = retrievedChunk({
  chunkId: 'newton-es-5',
  documentId: 'doc-newton-es',
  title: 'Isaac Newton',
  ordinal: 5,
  score: 0.9,
  text: `Westfall, Richard S. (1980). Never at Rest: una biografía de Isaac Newton. Cambridge University Press. ISBN 0-521-27435-4.

Isaac Newton nació en Woolsthorpe, Lincolnshire, el 25 de diciembre de 1642. Estudió en el Trinity College de Cambridge.`,
});

const PIANO_CREDITED = retrievedChunk({
  chunkId: 'piano-2',
  documentId: 'doc-piano',
  title: 'Piano',
  ordinal: 2,
  score: 0.85,
  text: `The invention of the modern piano is credited to Bartolomeo Cristofori of Padua, Italy, who was employed by Prince Ferdinand de Medici as the Keeper of the Instruments.`,
});

const plain = (answer: string) => answer.replace(/\*\*/g, '');
const bold = (answer: string) => [...answer.matchAll(/\*\*([^*]+)\*\*/g)].map((match) => match[1]);

describe('buildExtractiveAnswer on realistic articles', () => {
  test.each<[string, string, RetrievedChunk[], string, string, string]>([
    // question, language, chunks, the sentence to quote, the bolded answer (or verdict), the distractor it must not quote
    [
      'Was Abraham Lincoln the sixteenth President of the United States?',
      'en',
      [LINCOLN_CAREER, LINCOLN_LEAD],
      'was the sixteenth President of the United States',
      'Yes.',
      'photographed by Alexander Gardner',
    ],
    ['Who invented the piano?', 'en', [PLAYER_PIANO, PIANO], 'invented by Bartolomeo Cristofori', 'Bartolomeo Cristofori', 'Henri Fourneaux'],
    ['Who invented the modern piano?', 'en', [PIANO_CREDITED], 'is credited to Bartolomeo Cristofori', 'Bartolomeo Cristofori of Padua', 'Henri Fourneaux'],
    ['Who did James Monroe marry?', 'en', [MONROE], 'married Elizabeth Kortright', 'Elizabeth Kortright', 'Gilbert Stuart'],
    ['¿Dónde nació Isaac Newton?', 'es', [NEWTON_ES], 'nació en Woolsthorpe', 'Woolsthorpe, Lincolnshire', 'ISBN'],
    ['When did Lincoln begin his political career?', 'en', [LINCOLN_LEAD, LINCOLN_CAREER], 'began his political career in 1832', '1832', 'sixteenth President'],
  ])('%j quotes the unit that answers it', (question, language, chunks, sentence, highlighted, distractor) => {
    // act
    const result = buildExtractiveAnswer(question, chunks, { language, maxSentences: 1 });

    // assess
    expect(result.supported).toBe(true);
    expect(plain(result.answer)).toContain(sentence);
    expect(bold(result.answer)[0]?.replace(/\.$/, '')).toBe(highlighted.replace(/\.$/, ''));
    expect(result.answer).not.toContain(distractor);
    expect(result.citations).toHaveLength(1);
    expect(result.sources.length).toBe(chunks.length);
  });

  test.each([
    ['Was Abraham Lincoln the fifteenth President of the United States?', 'en', '**No.**'],
    ['Was Abraham Lincoln a general of the Civil War?', 'en', undefined],
  ])('%j commits to yes or no only when the quote states it', (question, language, verdict) => {
    // act
    const result = buildExtractiveAnswer(question, [LINCOLN_LEAD, LINCOLN_CAREER], { language });

    // assess
    if (verdict) expect(result.answer.startsWith(verdict)).toBe(true);
    else expect(result.answer).not.toMatch(/^\*\*(?:Yes|No)\.\*\*/);
  });

  test.each([
    ['What is the boiling point of mercury?', 'en'],
    ['¿Quién ganó la Copa del Mundo de 1998?', 'es'],
    ['How many moons does Jupiter have?', 'en'],
  ])('%j: unrelated passages are not an answer, yet they are listed as sources', (question, language) => {
    // prepare
    const chunks = [PIANO, MONROE, NEWTON_ES, LINCOLN_LEAD];

    // act
    const result = buildExtractiveAnswer(question, chunks, { language });

    // assess
    expect(result.supported).toBe(false);
    expect(result.citations).toEqual([]);
    expect(result.sources.map((source) => source.chunkId)).toEqual(chunks.map((chunk) => chunk.chunkId));
    expect(result.sources.every((source) => source.excerpt.length > 0)).toBe(true);
  });

  test.each<[string, string, string, string]>([
    ['Who was the architect of the library?', 'en', 'Architect: Manuel Ibarra', 'Manuel Ibarra'],
    ['¿Cuál es la fecha de firma del contrato?', 'es', 'Fecha de firma: 12 de marzo de 2021', '12 de marzo de 2021'],
    ['Who directed the 1998 film?', 'en', 'Year: 1998; Title: The Quiet Shore; Director: Teodora Alcázar', 'Teodora Alcázar'],
  ])('%j is answered from a key-value line or table row', (question, language, unit, span) => {
    // prepare
    const chunk = retrievedChunk({
      chunkId: 'records',
      title: 'Records',
      text: `Library of the city\n\nArchitect: Manuel Ibarra\nFecha de firma: 12 de marzo de 2021\nContrato de obra del edificio.\n\n| Year | Title | Director |\n|---|---|---|\n| 1994 | Blue Harbour | Ramón Sáez |\n| 1998 | The Quiet Shore | Teodora Alcázar |`,
    });

    // act
    const result = buildExtractiveAnswer(question, [chunk], { language, maxSentences: 1 });

    // assess
    expect(result.supported).toBe(true);
    expect(plain(result.answer)).toContain(unit);
    if (language === 'en' && /^Who/.test(question)) expect(bold(result.answer)).toEqual([span]);
    else expect(plain(result.answer)).toContain(span);
  });
});
