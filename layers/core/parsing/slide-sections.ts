import type { ParsedSection } from './parsed-document.js';
import { hasVisibleText, singleLine } from './text-structure.js';

/** What a slide says, whatever the file format. */
export interface SlideContent {
  /** 1-based position among the shown slides. */
  number: number;
  title: string;
  paragraphs: string[];
  notes: string[];
}

/** Marks the notes in the slide's text; one fixed marker, like the "Columns:" line of sheets, whatever the document's language. */
export const NOTES_MARKER = 'Speaker notes:';

/**
 * One section per slide: the title is the heading (or "Slide n" when it has none), the page is
 * the slide number, and the speaker notes follow the slide's own text.
 */
export function slideSections(slides: readonly SlideContent[]): ParsedSection[] {
  const sections: ParsedSection[] = [];
  for (const slide of slides) {
    const title = singleLine(slide.title);
    const paragraphs = slide.paragraphs.map((paragraph) => paragraph.trim()).filter(hasVisibleText);
    const notes = slide.notes.map((note) => singleLine(note)).filter(hasVisibleText);
    if (notes.length > 0) paragraphs.push(`${NOTES_MARKER} ${notes.join(' ')}`);
    if (paragraphs.length === 0 && !title) continue;
    sections.push({
      headingPath: [title || `Slide ${slide.number}`],
      page: slide.number,
      // A slide with only a title still says something: the title is its text.
      text: paragraphs.length > 0 ? paragraphs.join('\n\n') : title,
    });
  }
  return sections;
}
