/** The formats the parsers understand. */
export type DocumentFormat =
  | 'txt'
  | 'md'
  | 'html'
  | 'pdf'
  | 'docx'
  | 'xlsx'
  | 'ods'
  | 'csv'
  | 'tsv'
  | 'pptx'
  | 'odp'
  | 'odt'
  | 'rtf'
  | 'json'
  | 'epub'
  | 'eml'
  /** PNG, JPEG or TIFF, read by OCR. */
  | 'image';

/**
 * One block of a document in reading order. Consecutive blocks with the same heading path
 * and page belong together; chunking relies on that structure.
 */
export interface ParsedSection {
  /** Headings from the top level down to this block, e.g. ["Early life", "Childhood"]. Empty before the first heading. */
  headingPath: string[];
  /** 1-based PDF page or slide number; absent for formats without pages. */
  page?: number;
  /** The block's text. Paragraphs are separated by a blank line ("\n\n"). */
  text: string;
}

export interface ParsedDocument {
  /** The file name or object key the document came from. */
  source: string;
  format: DocumentFormat;
  /** Best title: HTML <title>/<h1>, Markdown first H1, PDF Info Title or first line, DOCX title/first heading, else the file name without extension. */
  title: string;
  sections: ParsedSection[];
  /** Format-specific facts, e.g. { pages: 4 } for PDFs. JSON-serialisable. */
  metadata: Record<string, unknown>;
}

export interface ParseInput {
  source: string;
  bytes: Uint8Array;
  /** Optional MIME type; the extension of `source` wins when both are present. */
  contentType?: string;
}
