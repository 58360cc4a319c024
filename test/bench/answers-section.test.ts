import { ANSWER_TARGETS, type AnswersResult, answerTargetLines, renderAnswersSection } from '../../bench/answers-section.js';
import type { AnswerQualityRow } from '../../bench/sections/answer-quality.js';

function row(set: string, overrides: Partial<AnswerQualityRow> = {}): AnswerQualityRow {
  return {
    set,
    documents: 240,
    questions: 300,
    goldInTop3: 0.9,
    factoidQuestions: 300,
    containsGold: 0.5,
    exactMatch: 0.1,
    f1: 0.2,
    notFound: 0.3,
    retrievedNotAnswered: 0.25,
    shortFactoidQuestions: 200,
    shortFactoidContainsGold: 0.55,
    seconds: 10,
    ...overrides,
  };
}

describe('answer targets', () => {
  test.each([
    ['XQuAD en', { retrievedNotAnswered: 0.1 }, /retrieved but not answered ≤ 10\.0% \(XQuAD en\) \| 10\.0% \| \*\*met\*\*/],
    ['XQuAD es', { retrievedNotAnswered: 0.11 }, /\(XQuAD es\) \| 11\.0% \| \*\*missed\*\*/],
    ['CMU S08+S09', { shortFactoidContainsGold: 0.8, shortFactoidQuestions: 80 }, /contain the gold ≥ 80\.0% \(CMU S08\+S09\) \| 80\.0% of 80 \| \*\*met\*\*/],
    ['XQuAD es→en (Spanish questions, English paragraphs)', { goldInTop3: 0.07 }, /gold passage in the top 3 ≥ 60\.0% \| 7\.0% \| \*\*missed\*\*/],
    [
      'XQuAD en unanswerable (paragraph removed)',
      { notFound: 0.92, falseAnswer: 0.08 },
      /"not found" ≥ 90\.0% \| 92\.0% \(false answers 8\.0%\) \| \*\*met\*\*/,
    ],
  ] as const)('%s %j', (set, overrides, expected) => {
    // prepare
    const answers: AnswersResult = { sample: 300, unanswerableSample: 200, rows: [row(set, overrides)] };

    // act
    const lines = answerTargetLines(answers);

    // assess
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
  });

  test("the thresholds are the issue's", () => {
    expect(ANSWER_TARGETS).toEqual({
      retrievedNotAnsweredMax: 0.1,
      cmuShortFactoidContainsGoldMin: 0.8,
      crossLanguageGoldInTop3Min: 0.6,
      unanswerableNotFoundMin: 0.9,
    });
  });
});

describe('renderAnswersSection', () => {
  test('shows each figure beside the baseline when the sample sizes match, alone when they do not', () => {
    // prepare
    const answers: AnswersResult = {
      sample: 300,
      unanswerableSample: 200,
      rows: [
        row('XQuAD en', { containsGold: 0.9 }),
        row('XQuAD es', { questions: 100, containsGold: 0.7 }),
        row('XQuAD en unanswerable', { questions: 200, notFound: 0.95, falseAnswer: 0.05 }),
      ],
      baseline: {
        measuredAt: '2026-12-07T06:40:00.000Z',
        commit: '5170367abcdef0123456789',
        command: 'npm run bench -- --sections answers --save-answers-baseline',
        sample: 300,
        unanswerableSample: 200,
        rows: [
          row('XQuAD en', { containsGold: 0.687 }),
          row('XQuAD es', { containsGold: 0.6 }),
          row('XQuAD en unanswerable', { questions: 200, notFound: 0.94, falseAnswer: 0.06 }),
        ],
      },
    };

    // act
    const text = renderAnswersSection(answers, '## 6. Answer quality').join('\n');

    // assess
    expect(text).toContain('baseline measured on 2026-12-07 at commit `5170367abcde`');
    expect(text).toMatch(/\| XQuAD en \| 300 \| 90\.0% \(90\.0%\) \| 90\.0% \(68\.7%\) \|/);
    expect(text).toMatch(/\| XQuAD es \| 100 \| 90\.0% \| 70\.0% \|/);
    expect(text).toContain('| XQuAD en unanswerable | 200 | – | – | – | – | 95.0% (94.0%) | – | – | 5.0% (6.0%) |');
  });

  test('without a baseline it says so', () => {
    // act
    const text = renderAnswersSection({ sample: 10, unanswerableSample: 5, rows: [row('XQuAD en')] }, '## 6').join('\n');

    // assess
    expect(text).toContain('No baseline file was found');
    expect(text).toMatch(/\| XQuAD en \| 300 \| 90\.0% \| 50\.0% \|/);
  });
});
