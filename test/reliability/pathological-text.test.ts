import { chunkDocument } from '#core/chunking/index.js';
import { contextualText } from '#core/chunking/chunk.js';
import { cleanDocument } from '#core/cleaning/index.js';
import { parseDocument } from '#core/parsing/index.js';
import { countTokens } from '#core/text/token-counter.js';

/**
 * Text shaped to hit the super-linear corners of the pipeline: byte-pair encoding is quadratic
 * in the length of one run without spaces, a run of dots is quadratic for a sentence splitter's
 * regular expression, and a long blank line was quadratic for the Markdown table pattern. Each
 * took minutes at these sizes; the test only needs them to finish, within bounds.
 */
const cases: [string, string, string][] = [
  ['a 500 KB run of dots (dot leaders)', 'toc.txt', `Contents\n\n${'.'.repeat(500_000)} 1\n`],
  ['a 500 KB word of one letter', 'blob.txt', `Start. ${'x'.repeat(500_000)} end.\n`],
  ['100 K emoji written as HTML entities', 'emoji.html', `<p>${'&#x1F600;'.repeat(100_000)}</p>`],
  ['a 400 KB blank-looking Markdown line before text', 'gap.md', `${' \t'.repeat(200_000)}x\n\nText after the gap.\n`],
  ['a heading of 100 K words', 'heading.md', `# ${'word '.repeat(100_000)}\n\nBody text under a very long heading.\n`],
  ['an HTML title of 100 K words', 'title.html', `<title>${'title '.repeat(100_000)}</title><p>Body.</p>`],
  ['a 300 KB run of punctuation', 'rule.md', `Before.\n\n${'-|'.repeat(150_000)}x\n\nAfter.\n`],
];

describe('pathological text through parse → clean → chunk', () => {
  test.each(cases)('%s is chunked, every chunk within the token limit', async (_, source, text) => {
    // act
    const document = cleanDocument(await parseDocument({ source, bytes: new TextEncoder().encode(text) }));
    const chunks = chunkDocument(document, { maxTokens: 350, overlapTokens: 50 });

    // assess
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      expect(chunk.tokenCount).toBeLessThanOrEqual(350);
      expect(chunk.body.trim()).not.toBe('');
    }
    // Spot checks of the exact count (checking all would put the slow tokenizer path back in the test).
    for (const chunk of [chunks[0]!, chunks.at(-1)!]) expect(chunk.tokenCount).toBe(countTokens(contextualText(chunk)));
    expect(chunks.map((chunk) => chunk.ordinal)).toEqual(chunks.map((_, index) => index));
  });
});
