import { answerAvoidingRepeat, quotedSentences } from '#core/chat/avoid-repeated-answer.js';
import { buildExtractiveAnswer } from '#core/chat/index.js';
import type { RetrievedChunk } from '#core/store/retrieved-chunk.js';
import { retrievedChunk } from './chunks.js';

const TWO_ANSWERS = retrievedChunk({
  chunkId: 'scrooge',
  text: 'Scrooge was directed by Brian Desmond Hurst. The cast was led by Alastair Sim. Hurst directed Scrooge in 1951 for Renown Pictures.',
});
const TWO_ANSWERS_ES = retrievedChunk({
  chunkId: 'scrooge-es',
  text: 'Scrooge fue dirigida por Brian Desmond Hurst. El reparto lo encabezó Alastair Sim. Hurst dirigió Scrooge en 1951 para Renown Pictures.',
});
const ONE_ANSWER = retrievedChunk({
  chunkId: 'violin',
  text: 'A violin has four strings. The body is made of maple and spruce.',
});

describe('answerAvoidingRepeat', () => {
  test.each<[string, string, 'en' | 'es', RetrievedChunk]>([
    ['English', 'Who directed Scrooge?', 'en', TWO_ANSWERS],
    ['Spanish', '¿Quién dirigió Scrooge?', 'es', TWO_ANSWERS_ES],
  ])('%s: a follow-up answered only by repeating the previous quote gets the next-best sentence', (_name, question, language, chunk) => {
    // prepare
    const options = { language, maxSentences: 1 } as const;
    const previous = buildExtractiveAnswer(question, [chunk], options);

    // act
    const result = answerAvoidingRepeat(question, [chunk], options, previous.answer);

    // assess
    expect(previous.supported).toBe(true);
    expect(result.supported).toBe(true);
    expect(quotedSentences(result.answer)).not.toEqual(quotedSentences(previous.answer));
    expect(result.answer).toMatch(/Hurst/);
    // The excerpt is cut from the original text, the repeated sentence included.
    expect(result.citations[0]!.excerpt).toContain(quotedSentences(previous.answer)[0]);
  });

  test('the repeat stands when no other sentence answers', () => {
    // prepare
    const question = 'How many strings does a violin have?';
    const previous = buildExtractiveAnswer(question, [ONE_ANSWER], { language: 'en' });

    // act
    const result = answerAvoidingRepeat(question, [ONE_ANSWER], { language: 'en' }, previous.answer);

    // assess
    expect(result).toEqual(previous);
  });

  test.each<[string, string | undefined]>([
    ['no previous answer', undefined],
    ['a previous answer that quoted something else', 'The cast was led by Alastair Sim. [1]'],
  ])('%s: the plain extractive answer', (_name, previousAnswer) => {
    // act
    const result = answerAvoidingRepeat('Who directed Scrooge?', [TWO_ANSWERS], { language: 'en', maxSentences: 1 }, previousAnswer);

    // assess
    expect(result).toEqual(buildExtractiveAnswer('Who directed Scrooge?', [TWO_ANSWERS], { language: 'en', maxSentences: 1 }));
  });

  test.each<[string, string[]]>([
    [
      'From “Piano”: **Bartolomeo Cristofori** invented the piano. He built it around 1700. [1]',
      ['Bartolomeo Cristofori invented the piano.', 'He built it around 1700.'],
    ],
    ['Según «Violín»: Un violín tiene cuatro cuerdas. [1] Las cuerdas son de acero. [2]', ['Un violín tiene cuatro cuerdas.', 'Las cuerdas son de acero.']],
    ['From “Scrooge”: “Scrooge was directed by **Brian Desmond Hurst**.” [1]', ['Scrooge was directed by Brian Desmond Hurst.']],
    ['**Yes.** From “Abraham Lincoln”: “Abraham Lincoln was the **16th** President.” [1]', ['Abraham Lincoln was the 16th President.']],
    ['**No.** Según «Violín»: «Un violín tiene cuatro cuerdas.» [1]', ['Un violín tiene cuatro cuerdas.']],
    ['From the documents: “A violin has four strings.” [1]', ['A violin has four strings.']],
  ])('quotedSentences(%j)', (answer, sentences) => {
    // act and assess
    expect(quotedSentences(answer)).toEqual(sentences);
  });
});
