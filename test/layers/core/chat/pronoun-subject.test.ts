import { buildExtractiveAnswer } from '#core/chat/index.js';
import { retrievedChunk } from './chunks.js';

const bold = (answer: string) => [...answer.matchAll(/\*\*([^*]+)\*\*/g)].map((match) => match[1]);

describe('buildExtractiveAnswer when the answering sentence opens with a pronoun', () => {
  test.each<[string, 'en' | 'es', string, string, string | undefined]>([
    // question, language, document title, its text, the name the answer must bold (none: the title is not the answer)
    [
      'Who represented the Continental Congress in Europe?',
      'en',
      'John_Adams',
      'John Adams was the second president. He represented the Continental Congress in Europe.',
      'John Adams',
    ],
    [
      'Who was defeated for re-election by Thomas Jefferson?',
      'en',
      'John Adams',
      'Adams served one term. He was defeated for re-election by Thomas Jefferson in 1800.',
      'John Adams',
    ],
    [
      '¿Quién dirigió el observatorio de Uppsala?',
      'es',
      'Anders Celsius',
      'Anders Celsius fue un astrónomo sueco. Él dirigió el observatorio de Uppsala desde 1741.',
      'Anders Celsius',
    ],
    // The question asks for the object of the verb, not its doer.
    ['Who did he marry in 1786?', 'en', 'James Monroe', 'Monroe was born in Virginia. He married Elizabeth Kortright in 1786.', 'Elizabeth Kortright'],
    // The title names a thing, not a person.
    [
      'Who built the first bridge across the river?',
      'en',
      'Newcastle upon Tyne',
      'The town grew around a fort. He built the first bridge across the river.',
      undefined,
    ],
  ])('%j in %s over “%s”', (question, language, title, text, expected) => {
    // prepare
    const chunk = retrievedChunk({ chunkId: 'c1', documentId: 'd1', title, ordinal: 1, text });

    // act
    const result = buildExtractiveAnswer(question, [chunk], { language });

    // assess
    expect(result.supported).toBe(true);
    if (expected) expect(bold(result.answer)[0]).toBe(expected);
    else expect(bold(result.answer)).not.toContain(title);
  });

  test('a title read from a file name is shown with spaces', () => {
    // prepare
    const chunk = retrievedChunk({ chunkId: 'c1', title: 'Gray_Wolf', ordinal: 2, text: 'Wolves have scent glands between their toes.' });

    // act
    const result = buildExtractiveAnswer('Where do wolves have scent glands?', [chunk], { language: 'en' });

    // assess
    expect(result.answer).toContain('“Gray Wolf”');
  });
});
