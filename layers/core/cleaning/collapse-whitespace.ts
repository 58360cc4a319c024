/**
 * Layout whitespace → reading whitespace: runs of spaces and tabs become one space, lines are
 * trimmed, a single line break inside a paragraph (PDF or hard-wrapped text) becomes a space,
 * and blank lines become exactly one blank line between paragraphs.
 */
export function collapseWhitespace(text: string): string {
  // Space runs are collapsed first so that the later patterns only meet single spaces and stay linear.
  return text
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/(?<!\n)\n(?!\n)/g, ' ')
    .trim();
}
