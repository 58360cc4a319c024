import { DocumentError } from '../errors.js';
import type { ParsedDocument, ParsedSection } from '../parsing/parsed-document.js';
import { titleFromSource } from '../parsing/text-structure.js';
import { collapseWhitespace } from './collapse-whitespace.js';
import { type Vocabulary, documentVocabulary, joinHyphenatedLineBreaks } from './join-hyphenated-line-breaks.js';
import { normalizeUnicode } from './normalize-unicode.js';
import { removeControlCharacters } from './remove-control-characters.js';
import { findRunningHeaderFooterLines } from './remove-running-headers-footers.js';

/** Character-level rules; their output still has the document's line breaks. */
function normalizeCharacters(text: string): string {
  // Removing an invisible character can bring a letter and a combining mark together ("e", U+200B, U+0301),
  // so the text is composed again afterwards; ASCII text skips both passes.
  return normalizeUnicode(removeControlCharacters(normalizeUnicode(text)));
}

/** Line-level rules, which need the line breaks that the character rules kept. */
function reflow(text: string, vocabulary?: Vocabulary): string {
  return collapseWhitespace(joinHyphenatedLineBreaks(text, vocabulary));
}

/** Cleans one block of text: every rule except the page-aware header and footer removal. */
export function cleanText(text: string): string {
  return reflow(normalizeCharacters(text));
}

/** A title or heading: cleaned and on one line. */
function cleanLabel(text: string): string {
  return cleanText(text).replace(/\n+/g, ' ');
}

/**
 * Applies the cleaning rules to a parsed document. For paged documents (PDF) running headers,
 * footers and page numbers are removed first, while each page still has its line breaks.
 * Sections left without text are dropped; a document left without any section is an `empty`
 * {@link DocumentError}, since nothing of it could be indexed.
 */
export function cleanDocument(document: ParsedDocument): ParsedDocument {
  const normalized = document.sections.map((section) => normalizeCharacters(section.text));
  // Slides have pages too, but their footers are placeholders the parsers leave out, and lines
  // that repeat from slide to slide ("Next steps", a template's bullet) are content.
  const texts =
    document.format === 'pdf' && document.sections.some((section) => section.page !== undefined)
      ? removePageFurniture(document.sections, normalized)
      : normalized;

  // A line-end hyphen is judged against the words of the whole document, not of one section.
  const vocabulary = documentVocabulary(texts);
  const sections: ParsedSection[] = [];
  document.sections.forEach((section, index) => {
    const text = reflow(texts[index]!, vocabulary);
    if (text === '') return;
    const headingPath = section.headingPath.map(cleanLabel).filter((heading) => heading !== '');
    sections.push({ ...section, headingPath, text });
  });
  if (sections.length === 0) {
    throw new DocumentError(document.source, 'empty', 'contains no text once page numbers, headers and invisible characters are removed');
  }

  const title = cleanLabel(document.title) || titleFromSource(document.source);
  const metadata = { ...document.metadata };
  if (typeof metadata.wordCount === 'number') metadata.wordCount = countWords(sections);
  return { ...document, title, sections, metadata };
}

/** Groups section lines by page, finds the running headers and footers across pages, and drops them. */
function removePageFurniture(sections: readonly ParsedSection[], texts: readonly string[]): string[] {
  const pageOrder: number[] = [];
  const linesByPage = new Map<number, { section: number; line: number; text: string }[]>();
  const sectionLines = texts.map((text) => text.split('\n'));
  sections.forEach((section, sectionIndex) => {
    if (section.page === undefined) return;
    let pageLines = linesByPage.get(section.page);
    if (!pageLines) {
      pageLines = [];
      linesByPage.set(section.page, pageLines);
      pageOrder.push(section.page);
    }
    sectionLines[sectionIndex]!.forEach((text, line) => {
      pageLines.push({ section: sectionIndex, line, text });
    });
  });

  const pages = pageOrder.map((page) => linesByPage.get(page)!);
  const marked = findRunningHeaderFooterLines(pages.map((lines) => lines.map((line) => line.text)));
  const removed = sectionLines.map((lines) => lines.map(() => false));
  pages.forEach((lines, page) => {
    lines.forEach((line, index) => {
      if (marked[page]![index]) removed[line.section]![line.line] = true;
    });
  });
  return sectionLines.map((lines, section) => lines.filter((_, line) => !removed[section]![line]).join('\n'));
}

function countWords(sections: readonly ParsedSection[]): number {
  let words = 0;
  for (const section of sections) words += section.text.match(/\S+/g)?.length ?? 0;
  return words;
}
