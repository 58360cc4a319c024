/** A retrievable piece of a document. */
export interface Chunk {
  /** 0-based position in the document. */
  ordinal: number;
  /** Contextual header: the document title and heading path, e.g. "Scrooge (1951) › Plot". */
  header: string;
  /** The chunk's own text. */
  body: string;
  headingPath: string[];
  /** PDF page the chunk's own text starts on; the overlap repeated from the previous chunk does not count. */
  page?: number;
  /** Tokens of `header + "\n\n" + body`, the text that is embedded. */
  tokenCount: number;
}

/** The text a chunk is embedded and shown with: context first, so a mid-document passage still says what it belongs to. */
export function contextualText(chunk: Pick<Chunk, 'header' | 'body'>): string {
  return `${chunk.header}\n\n${chunk.body}`;
}

export function formatContextualHeader(title: string, headingPath: readonly string[]): string {
  const parts = [title, ...headingPath.filter((heading) => heading && heading !== title)];
  return parts.join(' › ');
}
