/** Non-empty lines at the top and at the bottom of a page that may be a running header or footer. */
const HEADER_FOOTER_LINES = 2;
/** Non-empty lines at each edge of a page searched for a lone page number. */
const PAGE_NUMBER_LINES = 3;
const MIN_PAGES = 3;
const MIN_PAGE_SHARE = 0.5;

const PAGE_NUMBER_PATTERNS = [
  /^[-–—]?\s*\d{1,4}\s*[-–—]?$/, // "3", "- 3 -"
  /^\d{1,4}\s*(?:\/|of|de|von)\s*\d{1,4}$/i, // "3 / 10", "3 of 10"
  /^(?:page|p\.|pg\.?|pág\.?|pag\.?|página|pagina|seite|s\.)\s*\d{1,4}(?:\s*(?:\/|of|de|von)\s*\d{1,4})?$/i, // "Page 3 of 10", "Página 3"
  // Front matter in lower-case roman numerals; single letters ("x", "i") are too often math or list labels.
  /^(?=[ivxlc]{2,7}$)c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$/,
];

export function isPageNumberLine(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.length > 0 && trimmed.length <= 24 && PAGE_NUMBER_PATTERNS.some((pattern) => pattern.test(trimmed));
}

/** Lines that differ only in their numbers ("Report 2024 — page 3", "… page 4") share a key. */
function lineKey(line: string): string {
  return line.trim().toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ');
}

/** Indexes of the first `count` and last `count` non-empty lines. */
function edgeLineIndexes(lines: readonly string[], count: number): number[] {
  const nonEmpty: number[] = [];
  lines.forEach((line, index) => {
    if (line.trim() !== '') nonEmpty.push(index);
  });
  if (nonEmpty.length <= 2 * count) return nonEmpty;
  return [...nonEmpty.slice(0, count), ...nonEmpty.slice(-count)];
}

/**
 * Marks, page by page, the lines that are page furniture: lone page numbers near the top or
 * bottom of a page, and lines that recur (numbers ignored) among the first or last two lines of
 * at least half of the pages, and at least three. Body text is never marked, even if it repeats.
 */
export function findRunningHeaderFooterLines(pages: readonly (readonly string[])[]): boolean[][] {
  const marked = pages.map((lines) => lines.map(() => false));

  pages.forEach((lines, page) => {
    for (const index of edgeLineIndexes(lines, PAGE_NUMBER_LINES)) {
      if (isPageNumberLine(lines[index]!)) marked[page]![index] = true;
    }
  });

  if (pages.length < MIN_PAGES) return marked;
  const candidates = pages.map((lines, page) => edgeLineIndexes(lines, HEADER_FOOTER_LINES).filter((index) => !marked[page]![index]));
  const pagesWithKey = new Map<string, number>();
  candidates.forEach((indexes, page) => {
    const keys = new Set(indexes.map((index) => lineKey(pages[page]![index]!)));
    for (const key of keys) pagesWithKey.set(key, (pagesWithKey.get(key) ?? 0) + 1);
  });
  const threshold = Math.max(MIN_PAGES, Math.ceil(pages.length * MIN_PAGE_SHARE));
  candidates.forEach((indexes, page) => {
    for (const index of indexes) {
      if ((pagesWithKey.get(lineKey(pages[page]![index]!)) ?? 0) >= threshold) marked[page]![index] = true;
    }
  });
  return marked;
}

/** The pages without their running headers, footers and page numbers. Input: each page as its lines. */
export function removeRunningHeadersFooters(pages: readonly (readonly string[])[]): string[][] {
  const marked = findRunningHeaderFooterLines(pages);
  return pages.map((lines, page) => lines.filter((_, index) => !marked[page]![index]));
}
