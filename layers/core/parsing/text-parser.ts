import type { ParsedDocument } from './parsed-document.js';
import { hasVisibleText, normalizeLineEndings, splitParagraphs, titleFromSource } from './text-structure.js';

const MAX_TITLE_LINE_LENGTH = 120;

/**
 * Plain text: the first non-empty line is the title when it reads like one (short, no closing
 * sentence punctuation); otherwise the file name is. The rest is one section of paragraphs.
 */
export function parsePlainText(source: string, text: string): ParsedDocument {
  const normalized = normalizeLineEndings(text);
  const firstLine = /^[ \t\f\v\n]*([^\n]*)/.exec(normalized)?.[1]?.trim() ?? '';
  const titleLine = looksLikeTitle(firstLine) ? firstLine : undefined;

  let body = normalized;
  if (titleLine !== undefined) {
    // The title line leaves the body only when it stands alone, so a wrapped first paragraph keeps its first line.
    const afterTitle = normalized.slice(normalized.indexOf(firstLine) + firstLine.length);
    const standsAlone = /^[ \t]*(\n[ \t]*\n|\s*$)/.test(afterTitle);
    if (standsAlone && hasVisibleText(afterTitle)) body = afterTitle;
  }

  const paragraphs = splitParagraphs(body);
  return {
    source,
    format: 'txt',
    title: titleLine ?? titleFromSource(source),
    sections: paragraphs.length > 0 ? [{ headingPath: [], text: paragraphs.join('\n\n') }] : [],
    metadata: {},
  };
}

function looksLikeTitle(line: string): boolean {
  return hasVisibleText(line) && line.length <= MAX_TITLE_LINE_LENGTH && !/[.!?…。]$/.test(line);
}
