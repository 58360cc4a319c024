import type { ParsedSection } from './parsed-document.js';

/** The file name of `source` without folders and without its last extension: "docs/Guide.v2.pdf" → "Guide.v2". */
export function titleFromSource(source: string): string {
  const name = source.split(/[\\/]/).pop() ?? source;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Lower-case extension of `source` including the dot, or '' when it has none. */
export function extensionOf(source: string): string {
  const name = source.split(/[\\/]/).pop() ?? source;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/** True when `text` has at least one character a reader would see. */
export function hasVisibleText(text: string): boolean {
  return /[^\s\p{Cc}\p{Cf}]/u.test(text);
}

/** Unix line endings; older Mac files use a lone CR. */
export function normalizeLineEndings(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Splits on blank lines, keeping single line breaks inside a paragraph, and drops blank paragraphs. */
export function splitParagraphs(text: string): string[] {
  return normalizeLineEndings(text)
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.replace(/^(?:[ \t]*\n)+/, '').trimEnd())
    .filter(hasVisibleText);
}

/** Collapses every whitespace run to one space and trims: for titles and headings. */
export function singleLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Number of whitespace-separated words in all sections. */
export function countWords(sections: readonly ParsedSection[]): number {
  let words = 0;
  for (const section of sections) {
    const matches = section.text.match(/\S+/g);
    words += matches ? matches.length : 0;
  }
  return words;
}

/**
 * Accumulates sections in reading order: each heading starts a new section whose path is the
 * stack of open headings above it, and paragraphs are appended to the current section.
 */
export class SectionBuilder {
  private readonly headings: { level: number; text: string }[] = [];
  private readonly sections: { headingPath: string[]; paragraphs: string[] }[] = [];
  private readonly headingTexts: string[] = [];
  private startNewSection = true;

  heading(level: number, text: string): void {
    const clean = singleLine(text);
    if (!hasVisibleText(clean)) return;
    while (this.headings.length > 0 && this.headings[this.headings.length - 1]!.level >= level) this.headings.pop();
    this.headings.push({ level, text: clean });
    this.headingTexts.push(clean);
    this.startNewSection = true;
  }

  paragraph(text: string): void {
    if (!hasVisibleText(text)) return;
    const current = this.sections[this.sections.length - 1];
    if (current && !this.startNewSection) current.paragraphs.push(text);
    else this.sections.push({ headingPath: this.headings.map((heading) => heading.text), paragraphs: [text] });
    this.startNewSection = false;
  }

  build(): ParsedSection[] {
    if (this.sections.length === 0 && this.headingTexts.length > 0) {
      // A document made only of headings still has text worth keeping.
      return [{ headingPath: [], text: this.headingTexts.join('\n\n') }];
    }
    return this.sections.map((section) => ({ headingPath: section.headingPath, text: section.paragraphs.join('\n\n') }));
  }
}
