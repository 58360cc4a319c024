import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { extractImages, extractText, getDocumentProxy } from 'unpdf';
import { encodePng } from '#core/ocr/png-encoding.js';
import { TesseractOcr } from '#core/ocr/tesseract-ocr.js';
import type { Authorizer } from '../iam/authorizer.js';
import { type AwsServer, startAwsServer } from './aws-server.js';
import type { HarnessTls } from './harness-tls.js';
import { jsonTarget, sendJson, sendJsonError } from './json-protocol.js';
import type { S3Emulator } from './s3-emulator.js';

/** A Textract block as the service returns it (the fields text detection fills in). */
export interface TextractBlock {
  readonly BlockType: 'PAGE' | 'LINE' | 'WORD';
  readonly Id: string;
  readonly Page: number;
  readonly Text?: string;
  readonly TextType?: 'PRINTED';
  readonly Confidence?: number;
  readonly Relationships?: Array<{ Type: 'CHILD'; Ids: string[] }>;
}

/** One call the emulator served, for assertions (who asked, what it was answered). */
export interface TextractCall {
  readonly operation: string;
  readonly accessKeyId: string;
  /** The error type answered, or the job's status for GetDocumentTextDetection, or 'OK'. */
  readonly outcome: string;
  readonly jobId?: string;
  readonly nextToken?: string;
}

interface TextractJob {
  readonly id: string;
  readonly bucket: string;
  readonly key: string;
  polls: number;
  blocks?: TextractBlock[];
  pages?: number;
  failure?: string;
}

export interface TextractEmulatorOptions {
  /** GetDocumentTextDetection answers IN_PROGRESS this many times at least, as a job just started does. @default 1 */
  readonly pollsInProgress?: number;
  /**
   * Blocks per GetDocumentTextDetection answer at most, below the caller's MaxResults: a long document's result
   * spans several answers joined by NextToken, and a lower cap makes a one-page scan take that path too.
   * @default 1000 (Textract's largest MaxResults)
   */
  readonly blocksPerAnswer?: number;
}

/** What Textract answers when it cannot read the S3 object: missing, or not readable by the caller. */
const INVALID_S3_OBJECT = 'Unable to get object metadata from S3. Check object key, region and/or access permissions.';
/** Textract's limit on a document sent as bytes (DetectDocumentText). */
const MAX_SYNC_BYTES = 10 * 1024 * 1024;
const MAX_RESULTS = 1000;
/** Generous: tesseract.js on a loaded 2-core machine. */
const OCR_TIMEOUT_MS = 300_000;

/**
 * Amazon Textract's text detection over its JSON 1.1 protocol (`X-Amz-Target: Textract.<Operation>`):
 * DetectDocumentText for an image (bytes or an S3 object), StartDocumentTextDetection on an S3 object with
 * GetDocumentTextDetection polled (IN_PROGRESS, then SUCCEEDED or FAILED) and paged with NextToken. The text is read
 * for real, by the project's offline OCR (tesseract.js): a PDF page's largest image is OCRed, a page with a text
 * layer gives that text, and each LINE and WORD block carries its page number and confidence.
 *
 * Every call is authorized for the caller's role (`textract:<Operation>`, which has no resource-level permissions).
 * Textract reads an S3 object with the caller's rights, as AWS documents: the caller needs s3:GetObject on it, or
 * the call fails with InvalidS3ObjectException.
 */
export class TextractEmulator {
  readonly calls: TextractCall[] = [];
  private readonly jobs = new Map<string, TextractJob>();
  private readonly pending = new Set<Promise<void>>();
  private readonly ocr = new TesseractOcr();
  private server?: AwsServer;

  constructor(
    private readonly authorizer: Authorizer,
    private readonly s3: S3Emulator,
    private readonly options: TextractEmulatorOptions = {},
  ) {}

  get url(): string {
    if (!this.server) throw new Error('Textract emulator not started');
    return this.server.url;
  }

  /** The jobs started so far, by id: the object each read and how it ended. */
  job(jobId: string): Readonly<TextractJob> | undefined {
    return this.jobs.get(jobId);
  }

  async start(tls: HarnessTls): Promise<void> {
    this.server = await startAwsServer(
      tls,
      'textract',
      (request, res) => {
        const operation = jsonTarget(request.headers);
        const input = JSON.parse(request.body.toString() || '{}') as Record<string, unknown>;
        const fail = (type: string, message: string, extra: Partial<TextractCall> = {}) => {
          this.calls.push({ operation, accessKeyId: request.accessKeyId, outcome: type, ...extra });
          sendJsonError(res, 400, type, message);
        };
        if (!['DetectDocumentText', 'StartDocumentTextDetection', 'GetDocumentTextDetection'].includes(operation)) {
          fail('InvalidParameterException', `The harness does not emulate Textract.${operation}`);
          return;
        }
        // Text detection has no resource-level permissions: IAM evaluates the action on "*".
        const decision = this.authorizer.authorize(request.accessKeyId, `textract:${operation}`, '*');
        if (!decision.allowed) {
          fail('AccessDeniedException', decision.message);
          return;
        }
        if (operation === 'DetectDocumentText') return this.detect(input, request.accessKeyId, res, fail);
        if (operation === 'StartDocumentTextDetection') return this.startJob(input, request.accessKeyId, res, fail);
        return this.getJob(input, request.accessKeyId, res, fail);
      },
      (res, code, message) => sendJsonError(res, 400, code === 'InvalidAccessKeyId' ? 'UnrecognizedClientException' : 'InvalidSignatureException', message),
    );
  }

  /** Waits for the jobs still being read, so a harness stops with no OCR running. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  async close(): Promise<void> {
    await this.server?.close();
    await this.settled();
    await this.ocr.close();
  }

  private async detect(input: Record<string, unknown>, accessKeyId: string, res: ServerResponse, fail: Fail): Promise<void> {
    const document = (input.Document ?? {}) as { Bytes?: string; S3Object?: { Bucket?: string; Name?: string } };
    let bytes: Buffer | undefined;
    if (document.Bytes) bytes = Buffer.from(document.Bytes, 'base64');
    else if (document.S3Object) bytes = this.readObject(accessKeyId, document.S3Object);
    if (!bytes) {
      if (document.S3Object) fail('InvalidS3ObjectException', INVALID_S3_OBJECT);
      else fail('InvalidParameterException', 'Request has invalid parameters');
      return;
    }
    if (bytes.length > MAX_SYNC_BYTES) {
      fail('DocumentTooLargeException', 'S3 object size is more than the maximum limit');
      return;
    }
    let blocks: TextractBlock[];
    try {
      blocks = isPdf(bytes) ? (await this.readPdf(bytes, 1)).blocks : await this.readImage(bytes, 1);
    } catch {
      fail('UnsupportedDocumentException', 'Request has unsupported document format');
      return;
    }
    this.calls.push({ operation: 'DetectDocumentText', accessKeyId, outcome: 'OK' });
    sendJson(res, 200, { DocumentMetadata: { Pages: 1 }, Blocks: blocks, DetectDocumentTextModelVersion: '1.0' });
  }

  private startJob(input: Record<string, unknown>, accessKeyId: string, res: ServerResponse, fail: Fail): void {
    const location = ((input.DocumentLocation ?? {}) as { S3Object?: { Bucket?: string; Name?: string } }).S3Object;
    if (!location?.Bucket || !location.Name) {
      fail('InvalidParameterException', 'Request has invalid parameters');
      return;
    }
    const bytes = this.readObject(accessKeyId, location);
    if (!bytes) {
      fail('InvalidS3ObjectException', INVALID_S3_OBJECT);
      return;
    }
    const job: TextractJob = { id: randomUUID().replace(/-/g, ''), bucket: location.Bucket, key: location.Name, polls: 0 };
    this.jobs.set(job.id, job);
    // The reading goes on after the answer, as Textract's does: the caller polls for it.
    const reading = this.readDocument(bytes).then(
      (read) => {
        job.blocks = read.blocks;
        job.pages = read.pages;
      },
      (error: unknown) => {
        job.failure =
          isPdf(bytes) || isImage(bytes) ? `Unable to process the document: ${(error as Error).message}` : 'Request has unsupported document format';
      },
    );
    this.pending.add(reading);
    void reading.finally(() => this.pending.delete(reading));
    this.calls.push({ operation: 'StartDocumentTextDetection', accessKeyId, outcome: 'OK', jobId: job.id });
    sendJson(res, 200, { JobId: job.id });
  }

  private getJob(input: Record<string, unknown>, accessKeyId: string, res: ServerResponse, fail: Fail): void {
    const jobId = String(input.JobId ?? '');
    const job = this.jobs.get(jobId);
    if (!job) {
      fail('InvalidJobIdException', 'An invalid job identifier was passed.', { jobId });
      return;
    }
    const maxResults = input.MaxResults === undefined ? MAX_RESULTS : Number(input.MaxResults);
    if (!Number.isInteger(maxResults) || maxResults < 1) {
      fail('InvalidParameterException', 'Request has invalid parameters', { jobId });
      return;
    }
    const nextToken = typeof input.NextToken === 'string' ? input.NextToken : undefined;
    job.polls += 1;
    const common = { DetectDocumentTextModelVersion: '1.0' };
    if (job.polls <= (this.options.pollsInProgress ?? 1) || (!job.blocks && !job.failure)) {
      this.calls.push({ operation: 'GetDocumentTextDetection', accessKeyId, outcome: 'IN_PROGRESS', jobId });
      sendJson(res, 200, { ...common, JobStatus: 'IN_PROGRESS' });
      return;
    }
    if (job.failure || !job.blocks) {
      this.calls.push({ operation: 'GetDocumentTextDetection', accessKeyId, outcome: 'FAILED', jobId });
      sendJson(res, 200, { ...common, JobStatus: 'FAILED', StatusMessage: job.failure });
      return;
    }
    const start = nextToken ? decodeNextToken(nextToken, job.id) : 0;
    if (start === undefined || start > job.blocks.length) {
      fail('InvalidParameterException', 'Request has invalid parameters', { jobId });
      return;
    }
    const size = Math.min(maxResults, MAX_RESULTS, this.options.blocksPerAnswer ?? MAX_RESULTS);
    const end = Math.min(job.blocks.length, start + size);
    this.calls.push({ operation: 'GetDocumentTextDetection', accessKeyId, outcome: 'SUCCEEDED', jobId, ...(nextToken ? { nextToken } : {}) });
    sendJson(res, 200, {
      ...common,
      JobStatus: 'SUCCEEDED',
      DocumentMetadata: { Pages: job.pages },
      Blocks: job.blocks.slice(start, end),
      ...(end < job.blocks.length ? { NextToken: encodeNextToken(job.id, end) } : {}),
    });
  }

  /** The object Textract reads for the caller, when the caller may read it. */
  private readObject(accessKeyId: string, location: { Bucket?: string; Name?: string }): Buffer | undefined {
    if (!location.Bucket || !location.Name) return undefined;
    const decision = this.authorizer.authorize(accessKeyId, 's3:GetObject', `arn:aws:s3:::${location.Bucket}/${location.Name}`);
    if (!decision.allowed || !this.s3.bucketNames().includes(location.Bucket)) return undefined;
    return this.s3.object(location.Bucket, location.Name)?.body;
  }

  private async readDocument(bytes: Buffer): Promise<{ blocks: TextractBlock[]; pages: number }> {
    if (isPdf(bytes)) return this.readPdf(bytes);
    if (isImage(bytes)) return { blocks: await this.readImage(bytes, 1), pages: 1 };
    throw new Error('unsupported document format');
  }

  /** Every page of a PDF (or the first `onlyPages`): its text layer when it has one, else OCR of its largest image. */
  private async readPdf(bytes: Buffer, onlyPages?: number): Promise<{ blocks: TextractBlock[]; pages: number }> {
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    try {
      const pages = Math.min(pdf.numPages, onlyPages ?? pdf.numPages);
      const { text } = await extractText(pdf, { mergePages: false });
      const blocks: TextractBlock[] = [];
      for (let page = 1; page <= pages; page += 1) {
        const layer = (text[page - 1] ?? '').trim();
        if (layer) {
          blocks.push(...pageBlocks(page, layer, [], 99.9));
          continue;
        }
        const images = await extractImages(pdf, page);
        const largest = images.sort((a, b) => b.width * b.height - a.width * a.height)[0];
        if (!largest) {
          blocks.push(...pageBlocks(page, '', [], 0));
          continue;
        }
        blocks.push(
          ...(await this.readImage(encodePng({ data: largest.data, width: largest.width, height: largest.height, channels: largest.channels }), page)),
        );
      }
      return { blocks, pages };
    } finally {
      await pdf.destroy();
    }
  }

  private async readImage(image: Uint8Array, page: number): Promise<TextractBlock[]> {
    const read = await this.ocr.recognise(image, { language: 'eng', timeoutMs: OCR_TIMEOUT_MS });
    return pageBlocks(page, read.text, read.words ?? [], read.confidence);
  }
}

type Fail = (type: string, message: string, extra?: Partial<TextractCall>) => void;

function isPdf(bytes: Buffer): boolean {
  return bytes.subarray(0, 5).toString('latin1') === '%PDF-';
}

function isImage(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 4).toString('hex');
  return head === '89504e47' || head.startsWith('ffd8ff') || head === '49492a00' || head === '4d4d002a';
}

/**
 * A page's PAGE, LINE and WORD blocks in Textract's order (each LINE followed by its WORDs), the PAGE and each LINE
 * naming their children. A word's confidence is the OCR's for the word at the same place in reading order; a line's is
 * the mean of its words'.
 */
export function pageBlocks(page: number, text: string, words: ReadonlyArray<{ text: string; confidence: number }>, confidence: number): TextractBlock[] {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const pageId = randomUUID();
  const blocks: TextractBlock[] = [];
  const lineIds: string[] = [];
  let wordIndex = 0;
  for (const line of lines) {
    const lineId = randomUUID();
    lineIds.push(lineId);
    const wordBlocks = line.split(/\s+/).map((token) => {
      const read = words[wordIndex];
      wordIndex += 1;
      const wordConfidence = read?.text === token ? read.confidence : confidence;
      return { BlockType: 'WORD', Id: randomUUID(), Page: page, Text: token, TextType: 'PRINTED', Confidence: wordConfidence } as const;
    });
    const lineConfidence = wordBlocks.reduce((sum, word) => sum + word.Confidence, 0) / wordBlocks.length;
    blocks.push(
      {
        BlockType: 'LINE',
        Id: lineId,
        Page: page,
        Text: line,
        Confidence: lineConfidence,
        Relationships: [{ Type: 'CHILD', Ids: wordBlocks.map((word) => word.Id) }],
      },
      ...wordBlocks,
    );
  }
  return [{ BlockType: 'PAGE', Id: pageId, Page: page, ...(lineIds.length > 0 ? { Relationships: [{ Type: 'CHILD', Ids: lineIds }] } : {}) }, ...blocks];
}

/** NextToken is opaque to the caller: here the job and the index of the next block. */
function encodeNextToken(jobId: string, index: number): string {
  return Buffer.from(`${jobId}:${index}`).toString('base64url');
}

function decodeNextToken(token: string, jobId: string): number | undefined {
  const [tokenJob, index] = Buffer.from(token, 'base64url').toString().split(':');
  return tokenJob === jobId && /^\d+$/.test(index ?? '') ? Number(index) : undefined;
}
