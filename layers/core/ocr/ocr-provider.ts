/** One recognised word, with its confidence (0–100). */
export interface OcrWord {
  text: string;
  confidence: number;
}

export interface OcrResult {
  /** Recognised text, lines separated by "\n" and paragraphs by a blank line. */
  text: string;
  /** Mean confidence of the page, 0–100. */
  confidence: number;
  words?: OcrWord[];
}

export interface OcrOptions {
  /** Tesseract language code(s), e.g. "eng" or "eng+spa". */
  language: string;
  /** The call fails with an {@link OcrTimeoutError} after this long. */
  timeoutMs: number;
}

export interface OcrDocumentOptions extends OcrOptions {
  /** The pages wanted (1-based); others may be read too but are not needed. */
  pages: number[];
}

/**
 * Reads the text in one image (PNG, JPEG or TIFF bytes). Implementations: tesseract.js offline,
 * Amazon Textract on AWS.
 */
export interface OcrProvider {
  readonly name: string;
  recognise(image: Uint8Array, options: OcrOptions): Promise<OcrResult>;
  /**
   * Reads the pages of a whole stored document in one go, where the provider can reach it by its
   * source (Textract: the raw bucket's object, read asynchronously). Undefined when it cannot;
   * each scanned page is then read as an image with {@link recognise}.
   */
  recogniseDocument?(source: string, options: OcrDocumentOptions): Promise<Map<number, OcrResult> | undefined>;
  /** Frees workers or clients; the provider may be used again afterwards. */
  close?(): Promise<void>;
}

export class OcrTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`OCR did not finish within ${timeoutMs} ms`);
    this.name = 'OcrTimeoutError';
  }
}
