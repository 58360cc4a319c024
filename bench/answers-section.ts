import { readFile, writeFile } from 'node:fs/promises';
import type { AnswerQualityRow } from './sections/answer-quality.js';

/** Today's answer figures, checked in so later runs show beside them what changed. */
export interface AnswersBaseline {
  measuredAt: string;
  commit: string;
  command: string;
  sample: number;
  unanswerableSample: number;
  rows: AnswerQualityRow[];
}

export interface AnswersResult {
  sample: number;
  unanswerableSample: number;
  rows: AnswerQualityRow[];
  baseline?: AnswersBaseline;
}

export const ANSWER_TARGETS = {
  retrievedNotAnsweredMax: 0.1,
  cmuShortFactoidContainsGoldMin: 0.8,
  crossLanguageGoldInTop3Min: 0.6,
  unanswerableNotFoundMin: 0.9,
} as const;

export async function readAnswersBaseline(file: string): Promise<AnswersBaseline | undefined> {
  return readFile(file, 'utf8').then(
    (text) => JSON.parse(text) as AnswersBaseline,
    () => undefined,
  );
}

export async function writeAnswersBaseline(file: string, baseline: AnswersBaseline): Promise<void> {
  await writeFile(file, `${JSON.stringify(baseline, null, 2)}\n`);
}

const pct = (value: number | undefined) => (value === undefined ? '–' : `${(value * 100).toFixed(1)}%`);
const met = (ok: boolean) => (ok ? '**met**' : '**missed**');
const isSet = (row: AnswerQualityRow, prefix: string) => row.set.startsWith(prefix);

/** Target rows for the summary table: `| target | result | status |`. */
export function answerTargetLines(answers: AnswersResult): string[] {
  const lines: string[] = [];
  const find = (predicate: (row: AnswerQualityRow) => boolean) => answers.rows.find(predicate);
  for (const language of ['en', 'es']) {
    const row = find((r) => r.set === `XQuAD ${language}`);
    if (row)
      lines.push(
        `| retrieved but not answered ≤ ${pct(ANSWER_TARGETS.retrievedNotAnsweredMax)} (XQuAD ${language}) | ${pct(row.retrievedNotAnswered)} | ${met(row.retrievedNotAnswered <= ANSWER_TARGETS.retrievedNotAnsweredMax)} |`,
      );
  }
  const cmu = find((r) => isSet(r, 'CMU'));
  if (cmu)
    lines.push(
      `| short factoid answers contain the gold ≥ ${pct(ANSWER_TARGETS.cmuShortFactoidContainsGoldMin)} (${cmu.set}) | ${pct(cmu.shortFactoidContainsGold)} of ${cmu.shortFactoidQuestions} | ${met(cmu.shortFactoidContainsGold >= ANSWER_TARGETS.cmuShortFactoidContainsGoldMin)} |`,
    );
  const cross = find((r) => isSet(r, 'XQuAD es→en'));
  if (cross)
    lines.push(
      `| cross-language es→en gold passage in the top 3 ≥ ${pct(ANSWER_TARGETS.crossLanguageGoldInTop3Min)} | ${pct(cross.goldInTop3)} | ${met(cross.goldInTop3 >= ANSWER_TARGETS.crossLanguageGoldInTop3Min)} |`,
    );
  const unanswerable = find((r) => r.falseAnswer !== undefined);
  if (unanswerable)
    lines.push(
      `| unanswerable questions answered "not found" ≥ ${pct(ANSWER_TARGETS.unanswerableNotFoundMin)} | ${pct(unanswerable.notFound)} (false answers ${pct(unanswerable.falseAnswer)}) | ${met(unanswerable.notFound >= ANSWER_TARGETS.unanswerableNotFoundMin)} |`,
    );
  return lines;
}

/** The answers section of BENCHMARKS.md: each figure now, beside the checked-in baseline. */
export function renderAnswersSection(answers: AnswersResult, heading: string): string[] {
  const baseline = answers.baseline;
  const before = (row: AnswerQualityRow) => baseline?.rows.find((b) => b.set === row.set);
  const cell = (now: number | undefined, was: number | undefined, comparable: boolean) => (baseline && comparable ? `${pct(now)} (${pct(was)})` : pct(now));
  const lines = [
    heading,
    '',
    "What a user reads: each question goes through the chat workflow's own steps (improve → retrieve → answer, as `POST /api/chat` and `rag ask` run them) on a fresh index of its set, with default settings. " +
      `Each set is a deterministic sample of ${answers.sample} questions (the unanswerable set ${answers.unanswerableSample}), the same on every run; \`rag eval\` reports the same figures for any dataset.`,
    '',
    "- *gold top 3*: a chunk of the gold passage (XQuAD paragraph, CMU article) is among the chat's top 3 chunks;",
    '- *contains gold*: a gold answer appears in the answer, accent- and case-insensitive (factoid questions; CMU yes/no questions are excluded here);',
    "- *span EM / F1*: SQuAD scores of the answer's bold span, or, without one, of its quoted text minus labels and `[n]` markers;",
    '- *not found*: the answer says the documents do not hold it (or the message was not taken as a question);',
    '- *retrieved, not answered*: the gold passage is in the top 3, yet the answer misses the gold answer (share of all questions; CMU yes/no questions count when the answer does not commit to the right yes or no);',
    '- *short factoids*: gold of 1–4 words, not yes/no; *false answers*: an answer other than "not found" to a question whose paragraph is not indexed.',
    '',
    baseline
      ? `In parentheses: the baseline measured on ${baseline.measuredAt.slice(0, 10)} at commit \`${baseline.commit.slice(0, 12)}\` (\`${baseline.command}\`, checked in as [\`bench/answers-baseline.json\`](../bench/answers-baseline.json)), when the sample sizes match.`
      : 'No baseline file was found, so there is nothing to compare with.',
    '',
    '| set | questions | gold top 3 | contains gold | span EM | span F1 | not found | retrieved, not answered | short factoids: contain gold | false answers |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of answers.rows) {
    const was = before(row);
    const comparable = was !== undefined && was.questions === row.questions;
    if (row.falseAnswer !== undefined) {
      // No gold passage is indexed: only "not found" and false answers mean anything.
      lines.push(
        `| ${row.set} | ${row.questions} | – | – | – | – | ${cell(row.notFound, was?.notFound, comparable)} | – | – | ${cell(row.falseAnswer, was?.falseAnswer, comparable)} |`,
      );
      continue;
    }
    lines.push(
      `| ${row.set} | ${row.questions} | ${cell(row.goldInTop3, was?.goldInTop3, comparable)} | ${cell(row.containsGold, was?.containsGold, comparable)} | ${cell(row.exactMatch, was?.exactMatch, comparable)} | ${cell(row.f1, was?.f1, comparable)} | ${cell(row.notFound, was?.notFound, comparable)} | ${cell(row.retrievedNotAnswered, was?.retrievedNotAnswered, comparable)} | ${row.shortFactoidQuestions ? `${cell(row.shortFactoidContainsGold, was?.shortFactoidContainsGold, comparable)} of ${row.shortFactoidQuestions}` : '–'} | ${row.falseAnswer === undefined ? '–' : cell(row.falseAnswer, was?.falseAnswer, comparable)} |`,
    );
  }
  lines.push('');
  return lines;
}
