import { readFileSync } from 'node:fs';
import { buildExtractiveAnswer, excerptAround, extractiveLabel, notFoundReply, sentenceSpans } from '#core/chat/index.js';
import type { RetrievedChunk } from '#core/store/retrieved-chunk.js';
import { answerText } from '#core/evaluation/answer-metrics.js';
import { describeWithSharedData, sharedDataPath } from '../../../support/shared-data.js';
import { INJECTED_REPORT, LINCOLN_EN, retrievedChunk, SCROOGE_EN, SCROOGE_ES } from './chunks.js';

/** Every [n] in the answer, in order. */
function markers(answer: string): number[] {
  return [...answer.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
}

describe('buildExtractiveAnswer', () => {
  test('quotes the sentence that answers and cites its chunk', () => {
    // act
    const result = buildExtractiveAnswer('Who directed Scrooge?', [LINCOLN_EN, SCROOGE_EN], { language: 'en' });

    // assess
    expect(result.supported).toBe(true);
    expect(answerText(result.answer)).toContain('directed by Brian Desmond Hurst');
    expect(result.answer).toContain('**Brian Desmond Hurst**');
    expect(result.answer.startsWith('From “Scrooge (1951 film)”: “')).toBe(true);
    expect(result.citations).toHaveLength(1);
    expect(result.citations[0]).toMatchObject({
      n: 1,
      chunkId: 'scrooge-en-1',
      documentId: 'doc-scrooge-en',
      source: 'films/scrooge-1951.pdf',
      title: 'Scrooge (1951 film)',
      page: 2,
      heading: 'Scrooge (1951 film) › Production',
      score: SCROOGE_EN.score,
    });
    expect(result.citations[0]!.excerpt).toContain('Brian Desmond Hurst');
    expect(result.citations[0]!.passage).toBe(SCROOGE_EN.text);
    expect(markers(result.answer)).toEqual([1]);
  });

  test('cites one chunk per marker and quotes companions only from the answering document', () => {
    // prepare
    const second = retrievedChunk({
      chunkId: 'scrooge-en-2',
      documentId: 'doc-scrooge-en',
      title: 'Scrooge (1951 film)',
      text: 'Hurst directed the film for Renown Pictures. The film was directed on a small budget.',
      ordinal: 1,
    });

    // act
    const result = buildExtractiveAnswer('Who directed the film Scrooge?', [SCROOGE_EN, LINCOLN_EN, second], { language: 'en', maxSentences: 3 });

    // assess
    expect(result.supported).toBe(true);
    expect(result.citations.every((citation) => citation.documentId === 'doc-scrooge-en')).toBe(true);
    expect(new Set(markers(result.answer))).toEqual(new Set(result.citations.map((citation) => citation.n)));
    expect(result.citations.map((citation) => citation.n)).toEqual(result.citations.map((_, index) => index + 1));
  });

  test('answers in Spanish from Spanish documents, keeping decimals and abbreviations', () => {
    // act
    const director = buildExtractiveAnswer('¿Quién dirigió Scrooge?', [SCROOGE_ES], { language: 'es' });
    const budget = buildExtractiveAnswer('¿cual fue el presupuesto de scrooge?', [SCROOGE_ES], { language: 'es', maxSentences: 1 });

    // assess
    expect(director.supported).toBe(true);
    expect(answerText(director.answer)).toContain('La dirigió Brian Desmond Hurst');
    expect(director.answer.startsWith('Según «Scrooge (película de 1951)»: «')).toBe(true);
    expect(director.citations[0]?.chunkId).toBe('scrooge-es-1');
    expect(answerText(budget.answer)).toBe('Según «Scrooge (película de 1951)»: «El presupuesto fue de 3.5 millones de libras, según el Dr. Martín Pérez.»');
  });

  test.each([
    ['What is the capital of Mongolia?', 'en', "I couldn't find that in the documents."],
    ['Who directed Titanic?', 'en', "I couldn't find that in the documents."],
    ['¿Quién ganó el Mundial de 2010?', 'es', 'No encuentro esa información en los documentos.'],
  ])('%j is not in the documents', (question, language, reply) => {
    // act
    const result = buildExtractiveAnswer(question, [SCROOGE_EN, LINCOLN_EN, SCROOGE_ES], { language });

    // assess
    expect(result).toMatchObject({ answer: reply, citations: [], supported: false });
    expect(result.sources.map((source) => source.chunkId)).toEqual(['scrooge-en-1', 'lincoln-en-1', 'scrooge-es-1']);
  });

  test('no chunks, or a question without content words, is unsupported', () => {
    // act
    const empty = buildExtractiveAnswer('Who directed Scrooge?', [], { language: 'en' });
    const vague = buildExtractiveAnswer('¿y eso qué?', [SCROOGE_ES], { language: 'es' });

    // assess
    expect(empty.supported).toBe(false);
    expect(empty.sources).toEqual([]);
    expect(vague).toMatchObject({ answer: notFoundReply('es'), citations: [], supported: false });
  });

  test('a planted instruction is never selected for an unrelated question', () => {
    // act
    const related = buildExtractiveAnswer('How much did revenue grow in the third quarter?', [INJECTED_REPORT], {
      language: 'en',
      maxSentences: 3,
    });
    const unrelated = buildExtractiveAnswer('Who directed Scrooge?', [INJECTED_REPORT, SCROOGE_EN], { language: 'en', maxSentences: 3 });
    const alone = buildExtractiveAnswer('Who directed Scrooge?', [INJECTED_REPORT], { language: 'en' });

    // assess
    expect(answerText(related.answer)).toContain('Revenue grew 12% in the third quarter');
    for (const result of [related, unrelated, alone]) {
      expect(result.answer).not.toMatch(/ignore previous instructions/i);
      expect(result.answer).not.toMatch(/system prompt/i);
    }
    expect(unrelated.citations.map((citation) => citation.chunkId)).toEqual(['scrooge-en-1']);
    expect(alone.supported).toBe(false);
  });

  test('maxSentences bounds the quote, and sentences keep reading order', () => {
    // prepare
    const chunk = retrievedChunk({
      chunkId: 'tower',
      title: 'Eiffel Tower',
      text: "The Eiffel Tower is a wrought-iron lattice tower in Paris. The tower was built from 1887 to 1889. Gustave Eiffel's company built the tower for the 1889 World's Fair.",
    });

    // act
    const one = buildExtractiveAnswer('When was the Eiffel Tower built?', [chunk], { language: 'en', maxSentences: 1 });
    const three = buildExtractiveAnswer('When was the Eiffel Tower built?', [chunk], { language: 'en', maxSentences: 3 });

    // assess
    expect(answerText(one.answer)).toMatch(/^From “Eiffel Tower”: “[^.]*1889[^.]*\.”$/);
    const plain = answerText(three.answer);
    expect(plain.indexOf('1887 to 1889')).toBeGreaterThanOrEqual(0);
    expect(plain.indexOf('1887 to 1889')).toBeLessThan(plain.indexOf("Gustave Eiffel's company"));
    expect(new Set(markers(three.answer))).toEqual(new Set([1]));
  });

  test("labels say the answer is extractive, in the user's language", () => {
    // act and assess
    expect(extractiveLabel('es')).toBe('Respuesta extractiva: frases citadas de tus documentos.');
    expect(extractiveLabel('en')).toBe('Extractive answer: sentences quoted from your documents.');
  });

  describeWithSharedData('on XQuAD paragraphs with two distractors', ['xquad/xquad.en.json', 'xquad/xquad.es.json'], () => {
    const load = (language: string) => {
      const file = sharedDataPath('xquad', `xquad.${language}.json`);
      const data = JSON.parse(readFileSync(file, 'utf8')) as {
        data: { title: string; paragraphs: { context: string; qas: { question: string; answers: { text: string }[] }[] }[] }[];
      };
      return data.data.slice(0, 4).flatMap((article) => article.paragraphs.map((paragraph) => ({ title: article.title, ...paragraph })));
    };

    test.each(['en', 'es'])('%s: most answers quote the gold span, and other paragraphs do not answer', (language) => {
      // prepare
      const paragraphs = load(language);
      const asChunk = (index: number, rank: number): RetrievedChunk =>
        retrievedChunk({ chunkId: `p${index}`, title: paragraphs[index]!.title, text: paragraphs[index]!.context, score: 1 / (rank + 1) });
      let questions = 0;
      let quoted = 0;
      let falseAnswers = 0;

      // act
      paragraphs.forEach((paragraph, index) => {
        const distractors = [(index + 7) % paragraphs.length, (index + 19) % paragraphs.length];
        for (const qa of paragraph.qas) {
          questions += 1;
          const answer = buildExtractiveAnswer(qa.question, [asChunk(index, 0), ...distractors.map((d, r) => asChunk(d, r + 1))], { language });
          if (answer.supported && answerText(answer.answer).includes(qa.answers[0]!.text)) quoted += 1;
          const offTarget = buildExtractiveAnswer(
            qa.question,
            distractors.map((d, r) => asChunk(d, r)),
            { language },
          );
          // A distractor of the same article may legitimately answer; count only other articles.
          if (offTarget.supported && distractors.every((d) => paragraphs[d]!.title !== paragraph.title)) falseAnswers += 1;
        }
      });

      // assess
      expect(questions).toBeGreaterThan(100);
      expect(quoted / questions).toBeGreaterThan(0.6);
      expect(falseAnswers / questions).toBeLessThan(0.03);
    });
  });
});

describe('sentenceSpans', () => {
  test('splits on sentence ends, headings and bullets, keeping offsets into the text', () => {
    // prepare
    const text = 'Results\nRevenue grew 3.5% in Q3. Dr. Smith approved it.\n\n- First item\n- Second item';

    // act
    const spans = sentenceSpans(text);

    // assess
    expect(spans.map((span) => span.text)).toEqual(['Results', 'Revenue grew 3.5% in Q3.', 'Dr. Smith approved it.', '- First item', '- Second item']);
    for (const span of spans) expect(text.slice(span.start, span.end).replace(/\s+/g, ' ')).toBe(span.text);
  });
});

describe('excerptAround', () => {
  test('centres about 300 characters on the passage and cuts at word boundaries', () => {
    // prepare
    const filler = 'lorem ipsum dolor sit amet '.repeat(30);
    const text = `${filler}The key sentence is here.${filler}`;
    const start = text.indexOf('The key');

    // act
    const excerpt = excerptAround(text, start, start + 'The key sentence is here.'.length, 300);

    // assess
    expect(excerpt).toContain('The key sentence is here.');
    expect(excerpt.startsWith('…')).toBe(true);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerpt.length).toBeLessThanOrEqual(302);
    expect(excerpt).toMatch(/^…(lorem|ipsum|dolor|sit|amet) /);
  });

  test('a short text comes back whole, without ellipses', () => {
    // act and assess
    expect(excerptAround('Short text.', 0, 5, 300)).toBe('Short text.');
  });
});
