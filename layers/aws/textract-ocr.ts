import {
  type Block,
  DetectDocumentTextCommand,
  GetDocumentTextDetectionCommand,
  type GetDocumentTextDetectionCommandOutput,
  StartDocumentTextDetectionCommand,
  type TextractClient,
} from '@aws-sdk/client-textract';
import { ProviderError } from '#core/errors.js';
import type { OcrDocumentOptions, OcrOptions, OcrProvider, OcrResult } from '#core/ocr/ocr-provider.js';
import { OcrTimeoutError } from '#core/ocr/ocr-provider.js';

/** Where Textract can read a document itself. */
export interface S3Location {
  bucket: string;
  key: string;
}

export interface TextractOcrOptions {
  client: TextractClient;
  /** The S3 object a document's source names (ingest: the raw bucket, keyed by source); undefined when there is none. */
  locate?: (source: string) => S3Location | undefined;
  /** Time left to the caller (a Lambda invocation's remaining time); polling stops before it runs out. */
  remainingMs?: () => number;
  /** Kept back from `remainingMs` for what follows the reading: chunking, embedding, writing. @default 30 s */
  reserveMs?: number;
  /** Pause between two polls of an asynchronous job, growing to five times this. @default 1 s */
  pollIntervalMs?: number;
}

/** Lines per GetDocumentTextDetection page: the most Textract returns. */
const MAX_RESULTS = 1000;

/**
 * Amazon Textract as the OCR engine on AWS: DetectDocumentText for one image, and for a scanned
 * PDF in S3 the asynchronous StartDocumentTextDetection with GetDocumentTextDetection polled
 * (and paged with NextToken) within the caller's remaining time. Textract has no language
 * setting: it detects English, Spanish and other Latin-script text by itself.
 */
export class TextractOcr implements OcrProvider {
  readonly name = 'textract';
  private readonly reserveMs: number;
  private readonly pollIntervalMs: number;

  constructor(private readonly options: TextractOcrOptions) {
    this.reserveMs = options.reserveMs ?? 30_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
  }

  async recognise(image: Uint8Array, options: OcrOptions): Promise<OcrResult> {
    const deadline = this.deadline(options.timeoutMs);
    const output = await this.options.client
      .send(new DetectDocumentTextCommand({ Document: { Bytes: image } }), {
        abortSignal: AbortSignal.timeout(Math.max(1, deadline.at - Date.now())),
      })
      .catch((error: unknown) => {
        if (Date.now() >= deadline.at) throw new OcrTimeoutError(deadline.timeoutMs);
        throw textractServiceError(error);
      });
    return pagesFromBlocks(output.Blocks ?? []).get(1) ?? { text: '', confidence: 0, words: [] };
  }

  async recogniseDocument(source: string, options: OcrDocumentOptions): Promise<Map<number, OcrResult> | undefined> {
    const location = this.options.locate?.(source);
    if (!location) return undefined;
    const deadline = this.deadline(options.timeoutMs);
    const started = await this.send(new StartDocumentTextDetectionCommand({ DocumentLocation: { S3Object: { Bucket: location.bucket, Name: location.key } } }));
    const jobId = started.JobId;
    if (!jobId) throw new Error('Textract started no job (no JobId in its answer)');

    let first: GetDocumentTextDetectionCommandOutput;
    for (let attempt = 0; ; attempt += 1) {
      first = await this.send(new GetDocumentTextDetectionCommand({ JobId: jobId, MaxResults: MAX_RESULTS }));
      if (first.JobStatus !== 'IN_PROGRESS') break;
      const pause = Math.min(this.pollIntervalMs * (attempt + 1), this.pollIntervalMs * 5);
      if (Date.now() + pause >= deadline.at) throw new OcrTimeoutError(deadline.timeoutMs);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
    if (first.JobStatus === 'FAILED') throw new Error(`Textract could not read the document (${first.StatusMessage ?? 'no reason given'})`);

    const blocks: Block[] = [...(first.Blocks ?? [])];
    let nextToken = first.NextToken;
    while (nextToken) {
      const next = await this.send(new GetDocumentTextDetectionCommand({ JobId: jobId, MaxResults: MAX_RESULTS, NextToken: nextToken }));
      blocks.push(...(next.Blocks ?? []));
      nextToken = next.NextToken;
    }
    const pages = pagesFromBlocks(blocks);
    return new Map(options.pages.filter((page) => pages.has(page)).map((page) => [page, pages.get(page)!]));
  }

  /** A call whose failures of Textract itself are told apart from the document's (see {@link textractServiceError}). */
  private send: TextractClient['send'] = ((command: Parameters<TextractClient['send']>[0]) =>
    this.options.client.send(command).catch((error: unknown) => {
      throw textractServiceError(error);
    })) as TextractClient['send'];

  /** The caller's limit, shortened to the time the invocation has left. */
  private deadline(timeoutMs: number): { at: number; timeoutMs: number } {
    const remaining = this.options.remainingMs ? this.options.remainingMs() - this.reserveMs : Number.POSITIVE_INFINITY;
    const allowed = Math.max(0, Math.min(timeoutMs, remaining));
    return { at: Date.now() + allowed, timeoutMs: Math.round(allowed) };
  }
}

/** Textract's errors that say nothing about the document: the call may pass later, or once the deployment is fixed. */
const SERVICE_FAILURES: Record<string, 'auth' | 'rate_limited' | 'unavailable'> = {
  AccessDeniedException: 'auth',
  UnrecognizedClientException: 'auth',
  ThrottlingException: 'rate_limited',
  ProvisionedThroughputExceededException: 'rate_limited',
  LimitExceededException: 'rate_limited',
  InternalServerError: 'unavailable',
  ServiceUnavailableException: 'unavailable',
};

/**
 * A failure of Textract itself (access denied, throttled, unavailable, unreachable) as a ProviderError, which
 * parsing passes on and ingest retries; anything else (an unsupported or damaged document) is left to be the
 * document's error. Without this, a missing grant or a throttled burst of scans failed each document as corrupt.
 */
export function textractServiceError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const metadata = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
  // No HTTP answer at all (refused, reset, DNS): the endpoint could not be reached.
  const code = SERVICE_FAILURES[error.name] ?? (metadata?.httpStatusCode === undefined && error.name !== 'AbortError' ? 'unavailable' : undefined);
  if (!code) return error;
  return new ProviderError('textract', code, `${error.name}: ${error.message}`, metadata?.httpStatusCode, { cause: error });
}

/**
 * Textract's LINE blocks as page text, in reading order (the order Textract returns them), and
 * its WORD blocks as the words; a page's confidence is the mean of its words', as Tesseract's is.
 */
export function pagesFromBlocks(blocks: readonly Block[]): Map<number, OcrResult> {
  const pages = new Map<number, { lines: string[]; words: { text: string; confidence: number }[] }>();
  const pageOf = (block: Block) => {
    const number = block.Page ?? 1;
    let page = pages.get(number);
    if (!page) {
      page = { lines: [], words: [] };
      pages.set(number, page);
    }
    return page;
  };
  for (const block of blocks) {
    if (block.BlockType === 'PAGE') pageOf(block);
    else if (block.BlockType === 'LINE' && block.Text) pageOf(block).lines.push(block.Text);
    else if (block.BlockType === 'WORD' && block.Text) pageOf(block).words.push({ text: block.Text, confidence: block.Confidence ?? 0 });
  }
  const results = new Map<number, OcrResult>();
  for (const [number, page] of [...pages].sort((a, b) => a[0] - b[0])) {
    const confidence = page.words.length > 0 ? page.words.reduce((sum, word) => sum + word.confidence, 0) / page.words.length : 0;
    results.set(number, { text: page.lines.join('\n'), confidence, words: page.words });
  }
  return results;
}
