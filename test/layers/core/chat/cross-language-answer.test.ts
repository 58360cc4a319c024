import { answerAcrossLanguages } from '#core/chat/cross-language-answer.js';
import { answerAvoidingRepeat } from '#core/chat/avoid-repeated-answer.js';
import { SCROOGE_EN } from './chunks.js';

describe('answerAcrossLanguages', () => {
  test.each<[string, string, string[], RegExp]>([
    ['a how-many question', '¿Cuánto dura?', ['How long does it run?'], /\*\*86 minutes\*\*/],
    ['a when question whose translation lost its question word', '¿Cuándo se estrenó en el Reino Unido?', ['released United Kingdom'], /\*\*October 1951\*\*/],
  ])('%s in Spanish over an English passage is answered through its translation, in Spanish', (_name, question, alternates, span) => {
    // prepare
    const direct = answerAvoidingRepeat(question, [SCROOGE_EN], { language: 'es' }, undefined);

    // act
    const result = answerAcrossLanguages(question, alternates, [SCROOGE_EN], { language: 'es' });

    // assess
    expect(direct.supported).toBe(false);
    expect(result.supported).toBe(true);
    expect(result.answer).toMatch(span);
    expect(result.answer).toMatch(/^Según «Scrooge \(1951 film\)»: «/);
    expect(result.citations[0]!.source).toBe(SCROOGE_EN.source);
  });

  test('a question answered in its own words ignores its translations', () => {
    // prepare
    const question = 'Who directed Scrooge?';

    // act
    const result = answerAcrossLanguages(question, ['¿Cuánto dura?'], [SCROOGE_EN], { language: 'en' });

    // assess
    expect(result).toEqual(answerAvoidingRepeat(question, [SCROOGE_EN], { language: 'en' }, undefined));
  });

  test('a translation the passages do not answer leaves the honest not-found reply, with its sources', () => {
    // act
    const result = answerAcrossLanguages('¿Quién pintó la Mona Lisa?', ['Who painted the Mona Lisa?'], [SCROOGE_EN], { language: 'es' });

    // assess
    expect(result.supported).toBe(false);
    expect(result.answer).toBe('No encuentro esa información en los documentos.');
    expect(result.sources.map((source) => source.source)).toEqual([SCROOGE_EN.source]);
  });
});
