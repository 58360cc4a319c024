import { TextractClient } from '@aws-sdk/client-textract';
import { type S3Location, TextractOcr, type TextractOcrOptions } from '#aws/textract-ocr.js';
import { DocumentError, ProviderError } from '#core/errors.js';
import type { OcrContext } from '#core/ocr/ocr-context.js';
import { DEFAULT_OCR_SETTINGS } from '#core/ocr/ocr-settings.js';
import { encodePng } from '#core/ocr/png-encoding.js';
import { parseDocument } from '#core/parsing/parse-document.js';
import { buildPdf, buildScannedPdf } from '../../fixtures/pdf-fixtures.js';
import { type FakeTextract, type FakeTextractOptions, startFakeTextract } from '../../support/fake-textract-server.js';

const LIGHTHOUSE = 'The lighthouse keeper counted forty seven ships in March.';
const INVOICES = 'Invoices are paid within thirty days of receipt.';
const HARBOUR = 'El capitán del puerto cierra la dársena a las diez.';

const servers: FakeTextract[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function textract(script: FakeTextractOptions, options: Partial<TextractOcrOptions> = {}): Promise<{ server: FakeTextract; context: OcrContext }> {
  const server = await startFakeTextract(script);
  servers.push(server);
  const client = new TextractClient({
    endpoint: server.url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDTEXTRACTTEST', secretAccessKey: 'textract-test-secret' },
    maxAttempts: 1,
  });
  const locate = (source: string): S3Location | undefined => (source.startsWith('team/') ? { bucket: 'raw-bucket', key: source } : undefined);
  const provider = new TextractOcr({ client, locate, pollIntervalMs: 1, ...options });
  return { server, context: { provider, settings: DEFAULT_OCR_SETTINGS } };
}

/** A small real PNG: Textract's answer is scripted, so its pixels do not matter. */
const PNG = encodePng({ data: new Uint8Array(16 * 16).fill(200), width: 16, height: 16, channels: 1 });

describe('Amazon Textract as the OCR provider', () => {
  test('an image is sent whole to DetectDocumentText, signed, and its lines become page 1', async () => {
    // prepare
    const { server, context } = await textract({ pages: [{ lines: [LIGHTHOUSE, INVOICES], confidence: 98.5 }] });

    // act
    const document = await parseDocument({ source: 'team/notice.png', bytes: PNG }, { ocr: context });

    // assess
    const [call] = server.calls('DetectDocumentText');
    expect(server.requests).toHaveLength(1);
    expect(call!.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(String(call!.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEXTRACTTEST\/\d{8}\/eu-west-1\/textract\/aws4_request/);
    expect(Buffer.from(call!.json<{ Document: { Bytes: string } }>().Document.Bytes, 'base64')).toEqual(PNG);
    expect(document.sections).toEqual([{ headingPath: [], page: 1, text: `${LIGHTHOUSE}\n${INVOICES}` }]);
    expect(document.metadata).toMatchObject({ ocr: 'textract', ocrConfidence: { 1: 99 } });
    expect(document.metadata.lowConfidencePages).toBeUndefined();
  });

  test('a scanned PDF in S3 is read by one asynchronous job, polled and paged, each page keeping its number', async () => {
    // prepare
    const { server, context } = await textract({
      pages: [
        { lines: [LIGHTHOUSE], confidence: 97 },
        { lines: [INVOICES], confidence: 95 },
        { lines: [HARBOUR], confidence: 93 },
      ],
      pollsInProgress: 2,
      // 34 blocks: a PAGE, a LINE and its WORDs per page.
      blocksPerAnswer: 12,
    });
    const pdf = await buildScannedPdf(3);

    // act
    const document = await parseDocument({ source: 'team/scans/minutes.pdf', bytes: pdf }, { ocr: context });

    // assess
    expect(server.calls('DetectDocumentText')).toEqual([]);
    const [start] = server.calls('StartDocumentTextDetection');
    expect(start!.json()).toEqual({ DocumentLocation: { S3Object: { Bucket: 'raw-bucket', Name: 'team/scans/minutes.pdf' } } });
    const gets = server.calls('GetDocumentTextDetection').map((request) => request.json<{ JobId: string; NextToken?: string }>());
    expect(gets.every((get) => get.JobId === 'job-1')).toBe(true);
    // Two polls in progress, the first page of blocks, then one request per NextToken.
    expect(gets.map((get) => get.NextToken)).toEqual([undefined, undefined, undefined, '12', '24']);
    expect(document.sections.map(({ page, text }) => ({ page, text }))).toEqual([
      { page: 1, text: LIGHTHOUSE },
      { page: 2, text: INVOICES },
      { page: 3, text: HARBOUR },
    ]);
    expect(document.metadata).toMatchObject({ ocr: 'textract', ocrPages: [1, 2, 3], ocrConfidence: { 1: 97, 2: 95, 3: 93 } });
  });

  test('in a mixed PDF only the scanned page is taken from Textract; the text page keeps its own text', async () => {
    // prepare
    const { context } = await textract({
      pages: [
        { lines: ['Textract also reads the text page, but its reading is not used.'], confidence: 99 },
        { lines: [INVOICES], confidence: 96 },
      ],
    });
    const pdf = await buildPdf([{ lines: [LIGHTHOUSE] }, { lines: [], scanned: true }]);

    // act
    const document = await parseDocument({ source: 'team/mixed.pdf', bytes: pdf }, { ocr: context });

    // assess
    expect(document.sections.map(({ page, text }) => ({ page, text }))).toEqual([
      { page: 1, text: LIGHTHOUSE },
      { page: 2, text: INVOICES },
    ]);
    expect(document.metadata).toMatchObject({ pagesWithText: 1, ocrPages: [2] });
  });

  test('a page read with low confidence is marked as the offline engine marks it', async () => {
    // prepare
    const { context } = await textract({ pages: [{ lines: [LIGHTHOUSE], confidence: 41.6 }] });

    // act
    const document = await parseDocument({ source: 'team/faded.pdf', bytes: await buildScannedPdf(1) }, { ocr: context });

    // assess
    expect(document.sections[0]!.text).toBe(`${LIGHTHOUSE}\n\n[Scanned page read by OCR with low confidence (42%); check the original.]`);
    expect(document.metadata).toMatchObject({ lowConfidencePages: [1] });
  });

  test('a PDF Textract cannot reach in S3 has its scanned pages sent one by one as images', async () => {
    // prepare
    const { server, context } = await textract({ pages: [{ lines: [INVOICES], confidence: 90 }] });

    // act
    const document = await parseDocument({ source: 'elsewhere/scan.pdf', bytes: await buildScannedPdf(2) }, { ocr: context });

    // assess
    expect(server.calls('StartDocumentTextDetection')).toEqual([]);
    const images = server.calls('DetectDocumentText').map((call) => Buffer.from(call.json<{ Document: { Bytes: string } }>().Document.Bytes, 'base64'));
    expect(images).toHaveLength(2);
    expect(images.every((image) => image.subarray(1, 4).toString('latin1') === 'PNG')).toBe(true);
    expect(document.sections.map((section) => section.page)).toEqual([1, 2]);
  });

  test.each<[string, FakeTextractOptions, Partial<TextractOcrOptions>, string, RegExp]>([
    ['a failed job', { pages: [], failure: 'UNSUPPORTED_DOCUMENT' }, {}, 'corrupt', /Textract could not read the document \(UNSUPPORTED_DOCUMENT\)/],
    [
      'a job still running when the invocation runs short of time',
      { pages: [], pollsInProgress: 1_000_000 },
      { remainingMs: () => 30_000, reserveMs: 30_000 },
      'too_complex',
      /could not be read by OCR within 0 ms/,
    ],
  ])('%s fails the document with a reason', async (_name, script, options, code, reason) => {
    // prepare
    const { context } = await textract(script, options);

    // act
    const parsing = parseDocument({ source: 'team/scan.pdf', bytes: await buildScannedPdf(1) }, { ocr: context });

    // assess
    const error = await parsing.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DocumentError);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toMatch(reason);
  });

  test.each<[string, string, string, string, number, 'image' | 'pdf', string]>([
    ['an image the role may not send', 'DetectDocumentText', 'AccessDeniedException', 'provider_auth', 400, 'image', ''],
    [
      'a scan started while Textract is throttling',
      'StartDocumentTextDetection',
      'ProvisionedThroughputExceededException',
      'provider_rate_limited',
      400,
      'pdf',
      '',
    ],
    ['a job polled while Textract is throttling', 'GetDocumentTextDetection', 'ThrottlingException', 'provider_rate_limited', 400, 'pdf', ''],
    ['a scan started while Textract is down', 'StartDocumentTextDetection', 'InternalServerError', 'provider_unavailable', 500, 'pdf', ''],
    ['an image Textract cannot read', 'DetectDocumentText', 'UnsupportedDocumentException', 'corrupt', 400, 'image', 'document'],
  ])('%s (%s answering %s) fails with %s', async (_name, operation, type, code, status, kind, blame) => {
    // prepare: the SDK client makes one attempt, so a retryable error reaches the adapter at once
    const { context } = await textract({ pages: [{ lines: [INVOICES], confidence: 90 }], error: { operation, type, status } });
    const input = kind === 'image' ? { source: 'team/notice.png', bytes: PNG } : { source: 'team/scan.pdf', bytes: await buildScannedPdf(1) };

    // act
    const error = await parseDocument(input, { ocr: context }).catch((caught: unknown) => caught);

    // assess: a failure of Textract itself is a ProviderError, which ingest retries; the document's own is a DocumentError
    expect(error).toBeInstanceOf(blame === 'document' ? DocumentError : ProviderError);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toContain(type);
  });
});
