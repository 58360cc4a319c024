import { type FakeServer, type RecordedRequest, startFakeServer } from './fake-http-server.js';

/** What the fake reads on one page: its lines, each word with the given confidence. */
export interface FakeTextractPage {
  lines: string[];
  confidence: number;
}

export interface FakeTextractOptions {
  /** The text of the document or image, page by page (page 1 first). */
  pages: FakeTextractPage[];
  /** GetDocumentTextDetection answers IN_PROGRESS this many times before the result. @default 0 */
  pollsInProgress?: number;
  /** Blocks per GetDocumentTextDetection answer, so a result spans several NextToken pages. @default all */
  blocksPerAnswer?: number;
  /** The job ends FAILED with this message. */
  failure?: string;
  /** One operation answers with this error (an exception of Textract's model) instead. */
  error?: { operation: string; type: string; status?: number };
}

export interface FakeTextract extends FakeServer {
  /** The requests for one operation (the `X-Amz-Target` after `Textract.`). */
  calls(operation: string): RecordedRequest[];
}

const JSON_11 = { 'content-type': 'application/x-amz-json-1.1' };

/** Textract's blocks for the scripted pages: PAGE, then each LINE followed by its WORDs. */
function blocksOf(pages: FakeTextractPage[], withPageNumbers: boolean): object[] {
  return pages.flatMap((page, index) => {
    const number = withPageNumbers ? { Page: index + 1 } : {};
    return [
      { BlockType: 'PAGE', Id: `page-${index + 1}`, ...number },
      ...page.lines.flatMap((line, lineIndex) => [
        { BlockType: 'LINE', Id: `line-${index + 1}-${lineIndex}`, Text: line, Confidence: page.confidence, ...number },
        ...line.split(/\s+/).map((word, wordIndex) => ({
          BlockType: 'WORD',
          Id: `word-${index + 1}-${lineIndex}-${wordIndex}`,
          Text: word,
          TextType: 'PRINTED',
          Confidence: page.confidence,
          ...number,
        })),
      ]),
    ];
  });
}

/**
 * Amazon Textract's text detection over its JSON 1.1 wire protocol on a local port:
 * DetectDocumentText (page 1 of the script, without page numbers, as Textract answers for an
 * image), StartDocumentTextDetection and GetDocumentTextDetection (polls, then the blocks in
 * NextToken pages).
 */
export async function startFakeTextract(options: FakeTextractOptions): Promise<FakeTextract> {
  const jobs = new Map<string, { polls: number }>();
  const all = blocksOf(options.pages, true);
  const server = await startFakeServer((request) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    if (options.error && target === `Textract.${options.error.operation}`) {
      const { type, status = 400 } = options.error;
      return { status, headers: JSON_11, body: { __type: type, Message: `scripted ${type}` } };
    }
    if (target === 'Textract.DetectDocumentText') {
      return {
        headers: JSON_11,
        body: { DocumentMetadata: { Pages: 1 }, Blocks: blocksOf(options.pages.slice(0, 1), false), DetectDocumentTextModelVersion: '1.0' },
      };
    }
    if (target === 'Textract.StartDocumentTextDetection') {
      const jobId = `job-${jobs.size + 1}`;
      jobs.set(jobId, { polls: 0 });
      return { headers: JSON_11, body: { JobId: jobId } };
    }
    if (target === 'Textract.GetDocumentTextDetection') {
      const { JobId, NextToken } = request.json<{ JobId: string; NextToken?: string }>();
      const job = jobs.get(JobId);
      if (!job) return { status: 400, headers: JSON_11, body: { __type: 'InvalidJobIdException', message: `no job ${JobId}` } };
      job.polls += 1;
      if (job.polls <= (options.pollsInProgress ?? 0)) return { headers: JSON_11, body: { JobStatus: 'IN_PROGRESS' } };
      if (options.failure) return { headers: JSON_11, body: { JobStatus: 'FAILED', StatusMessage: options.failure } };
      const start = NextToken ? Number(NextToken) : 0;
      const end = Math.min(all.length, start + (options.blocksPerAnswer ?? all.length));
      return {
        headers: JSON_11,
        body: {
          JobStatus: 'SUCCEEDED',
          DocumentMetadata: { Pages: options.pages.length },
          Blocks: all.slice(start, end),
          ...(end < all.length ? { NextToken: String(end) } : {}),
        },
      };
    }
    return { status: 400, headers: JSON_11, body: { __type: 'UnknownOperationException', message: `unknown operation ${target}` } };
  });
  return {
    ...server,
    calls: (operation) => server.requests.filter((request) => request.headers['x-amz-target'] === `Textract.${operation}`),
  };
}
