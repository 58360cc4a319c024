import type { ParsedDocument } from './parsed-document.js';
import { SectionBuilder, normalizeLineEndings, singleLine, titleFromSource } from './text-structure.js';

/**
 * Markdown: ATX (`# Title`) and setext (underlined) headings build the heading path; light
 * markup is stripped so the text reads as prose; fenced code is kept verbatim as text.
 * A line-based reader rather than a full CommonMark parser: it only needs the reading text.
 */
export function parseMarkdown(source: string, text: string): ParsedDocument {
  const { frontMatterTitle, body } = splitFrontMatter(removeHtmlComments(normalizeLineEndings(text)));
  const builder = new SectionBuilder();
  let firstH1: string | undefined;
  let headingCount = 0;

  let paragraph: string[] = [];
  let paragraphIsListItem = false;
  let fence: { marker: string; lines: string[] } | undefined;

  const flushParagraph = (): void => {
    if (paragraph.length > 0) builder.paragraph(stripInlineMarkup(paragraph.join('\n')));
    paragraph = [];
    paragraphIsListItem = false;
  };
  const addHeading = (level: number, raw: string): void => {
    const heading = singleLine(stripInlineMarkup(raw));
    if (heading === '') return;
    headingCount++;
    if (level === 1 && firstH1 === undefined) firstH1 = heading;
    builder.heading(level, heading);
  };

  for (const line of body.split('\n')) {
    if (fence) {
      if (isFenceClose(line, fence.marker)) {
        builder.paragraph(fence.lines.join('\n'));
        fence = undefined;
      } else {
        fence.lines.push(line);
      }
      continue;
    }

    const fenceOpen = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceOpen) {
      flushParagraph();
      fence = { marker: fenceOpen[1]!, lines: [] };
      continue;
    }
    if (/^\s*$/.test(line)) {
      flushParagraph();
      continue;
    }
    const atx = /^ {0,3}(#{1,6})(?:[ \t]+|$)(.*)$/.exec(line);
    if (atx) {
      flushParagraph();
      addHeading(atx[1]!.length, atx[2]!.replace(/[ \t]+#+[ \t]*$|^#+[ \t]*$/, ''));
      continue;
    }
    const setext = /^ {0,3}(=+|-+)[ \t]*$/.exec(line);
    if (setext && paragraph.length > 0 && !paragraphIsListItem) {
      const heading = paragraph.join(' ');
      paragraph = [];
      addHeading(setext[1]!.startsWith('=') ? 1 : 2, heading);
      continue;
    }
    if (/^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/.test(line)) {
      flushParagraph(); // thematic break
      continue;
    }
    if (/^ {0,3}\[[^\]\n]+\]:[ \t]*\S/.test(line)) continue; // link reference definition
    // Table delimiter row. No two [ \t]* runs are adjacent, so a long blank-ish line cannot make the match quadratic.
    if (/^[ \t]*(?:\|[ \t]*)?:?-+:?(?:[ \t]*\|[ \t]*:?-+:?)+[ \t]*(?:\|[ \t]*)?$/.test(line)) continue;

    let content = line.replace(/^ {0,3}(?:>[ \t]?)+/, '');
    const listItem = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?/.exec(content);
    if (listItem) {
      flushParagraph(); // each list item reads as its own paragraph
      content = content.slice(listItem[0].length);
      paragraphIsListItem = true;
    }
    if (/^[ \t]*\|.*\|[ \t]*$/.test(content)) {
      content = content
        .trim()
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim())
        .join(' | ');
    }
    paragraph.push(content);
  }
  if (fence) builder.paragraph(fence.lines.join('\n')); // an unclosed fence runs to the end
  flushParagraph();

  return {
    source,
    format: 'md',
    title: frontMatterTitle ?? firstH1 ?? titleFromSource(source),
    sections: builder.build(),
    metadata: { headings: headingCount },
  };
}

function isFenceClose(line: string, marker: string): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  return match !== null && match[1]![0] === marker[0] && match[1]!.length >= marker.length;
}

/** YAML front matter is metadata, not text; its `title:` is the best title there is. */
function splitFrontMatter(text: string): { frontMatterTitle?: string; body: string } {
  const match = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(text);
  if (!match) return { body: text };
  const title = /^title:[ \t]*(.+)$/m
    .exec(match[1]!)?.[1]
    ?.trim()
    .replace(/^(['"])(.*)\1$/, '$2');
  return { ...(title ? { frontMatterTitle: title } : {}), body: text.slice(match[0].length) };
}

/** Removes `<!-- … -->` with indexOf, which stays linear even with unterminated comments. */
function removeHtmlComments(text: string): string {
  if (!text.includes('<!--')) return text;
  let result = '';
  let position = 0;
  for (;;) {
    const start = text.indexOf('<!--', position);
    if (start < 0) break;
    const end = text.indexOf('-->', start + 4);
    result += text.slice(position, start);
    if (end < 0) {
      position = text.length;
      break;
    }
    position = end + 3;
  }
  return result + text.slice(position);
}

const ESCAPABLE = /\\([!-/:-@[-`{-~])/g;
const ESCAPE_BASE = 0xe000;

/** Markdown inline syntax → the text a reader sees. Every pattern is linear in the input. */
export function stripInlineMarkup(text: string): string {
  return (
    text
      // Hide backslash-escaped punctuation in private-use characters so later rules leave it alone.
      .replace(ESCAPABLE, (_, char: string) => String.fromCharCode(ESCAPE_BASE + char.charCodeAt(0)))
      .replace(/`([^`\n]+)`/g, '$1')
      .replace(/!\[([^[\]\n]*)\]\([^()\n]*\)/g, '$1')
      .replace(/!\[([^[\]\n]*)\]\[[^[\]\n]*\]/g, '$1')
      .replace(/\[([^[\]\n]*)\]\([^()\n]*\)/g, '$1')
      .replace(/\[([^[\]\n]*)\]\[[^[\]\n]*\]/g, '$1')
      .replace(/<((?:https?|ftp|mailto):[^<>\s]+)>/gi, '$1')
      .replace(/<\/?[A-Za-z][^<>]*>/g, '')
      // Emphasis markers open after a boundary and close before one, so snake_case and "2 * 3" survive.
      .replace(/(^|[\s([{"'])(?:[*_]{1,3}|~~)(?=[^\s*_~])/g, '$1')
      .replace(/(?<=[^\s*_~])(?:[*_]{1,3}|~~)(?=$|[\s)\]}"'.,;:!?])/gm, '')
      .replace(/&(amp|lt|gt|quot|apos|nbsp|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g, decodeEntity)
      .replace(/[\ue000-\ue07f]/g, (char) => String.fromCharCode(char.charCodeAt(0) - ESCAPE_BASE))
  );
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntity(entity: string, name: string): string {
  if (name.startsWith('#')) {
    const codePoint = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
  }
  return NAMED_ENTITIES[name] ?? entity;
}
