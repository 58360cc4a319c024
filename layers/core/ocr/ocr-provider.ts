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

/**
 * Reads the text in one image (PNG, JPEG or TIFF bytes). Implementations: tesseract.js offline,
 * Amazon Textract on AWS.
 */
export interface OcrProvider {
  readonly name: string;
  recognise(image: Uint8Array, options: OcrOptions): Promise<OcrResult>;
  /** Frees workers or clients; the provider may be used again afterwards. */
  close?(): Promise<void>;
}

export class OcrTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`OCR did not finish within ${timeoutMs} ms`);
    this.name = 'OcrTimeoutError';
  }
}
