import { TextractClient } from '@aws-sdk/client-textract';
import { tracer } from './powertools.js';
import type { LambdaOcrProvider } from '#core/config/environment-contract.js';
import { setDefaultOcrContext } from '#core/ocr/ocr-context.js';
import type { OcrProvider } from '#core/ocr/ocr-provider.js';
import { ocrSettingsFromEnv } from '#core/ocr/ocr-settings.js';
import { TextractOcr } from './textract-ocr.js';

/** Refuses every scan by name: a deployment that turned OCR off, or a Lambda bundle without tesseract.js. */
const NO_OCR: OcrProvider = {
  name: 'none',
  recognise: async () => {
    throw new Error('OCR is turned off in this deployment (RAG_OCR_PROVIDER=none)');
  },
};

export interface LambdaOcrOptions {
  provider: LambdaOcrProvider;
  /** The raw bucket: a document's source is its key there, which Textract reads itself. */
  rawBucket: string;
  /** The current invocation's remaining time. */
  remainingMs: () => number;
  env?: NodeJS.ProcessEnv;
  client?: TextractClient;
}

let sharedClient: TextractClient | undefined;

/** One client per container, made on first use. */
function textractClient(): TextractClient {
  // Traced, so each Textract call is a subsegment of the invocation in X-Ray.
  sharedClient ??= tracer.captureAWSv3Client(new TextractClient({}));
  return sharedClient;
}

/**
 * Sets the ingest function's OCR: Amazon Textract, reading scanned PDFs from the raw bucket and
 * polling no longer than the invocation allows. Limits (pages, time per page) are the offline
 * stack's settings (RAG_OCR_MAX_PAGES, RAG_OCR_TIMEOUT_MS).
 */
export function configureLambdaOcr({ provider, rawBucket, remainingMs, env = process.env, client }: LambdaOcrOptions): OcrProvider {
  const settings = ocrSettingsFromEnv(env);
  let ocr: OcrProvider = NO_OCR;
  if (provider === 'textract') {
    ocr = new TextractOcr({ client: client ?? textractClient(), locate: (key) => ({ bucket: rawBucket, key }), remainingMs });
  }
  setDefaultOcrContext({ provider: ocr, settings });
  return ocr;
}
