import { TextractClient } from '@aws-sdk/client-textract';
import { configureLambdaOcr } from '#aws/lambda-ocr.js';
import { DocumentError } from '#core/errors.js';
import { setDefaultOcrContext } from '#core/ocr/ocr-context.js';
import { encodePng } from '#core/ocr/png-encoding.js';
import { parseDocument } from '#core/parsing/parse-document.js';
import { buildScannedPdf } from '../../fixtures/pdf-fixtures.js';
import { type FakeTextract, startFakeTextract } from '../../support/fake-textract-server.js';

const SENTENCE = 'The harbour master closes the inner basin at ten.';

describe('the ingest function’s OCR', () => {
  let textract: FakeTextract;
  beforeAll(async () => {
    textract = await startFakeTextract({ pages: [{ lines: [SENTENCE], confidence: 96 }] });
  });
  afterAll(async () => {
    setDefaultOcrContext(undefined);
    await textract.close();
  });

  test('with RAG_OCR_PROVIDER=textract a parse that names no OCR has Textract read the raw bucket’s object of that key', async () => {
    // prepare
    const client = new TextractClient({ endpoint: textract.url, region: 'eu-west-1', credentials: { accessKeyId: 'AKIDLAMBDA', secretAccessKey: 'secret' } });
    configureLambdaOcr({ provider: 'textract', rawBucket: 'rag-raw-123', remainingMs: () => 300_000, env: {}, client });

    // act
    const document = await parseDocument({ source: 'alice/minutes.pdf', bytes: await buildScannedPdf(1) });

    // assess
    expect(textract.calls('StartDocumentTextDetection').map((call) => call.json())).toEqual([
      { DocumentLocation: { S3Object: { Bucket: 'rag-raw-123', Name: 'alice/minutes.pdf' } } },
    ]);
    expect(document.sections.map((section) => section.text)).toEqual([SENTENCE]);
    expect(document.metadata).toMatchObject({ ocr: 'textract' });
  });

  test('with RAG_OCR_PROVIDER=none an image fails with a reason that says OCR is off, and nothing is sent', async () => {
    // prepare
    const before = textract.requests.length;
    configureLambdaOcr({ provider: 'none', rawBucket: 'rag-raw-123', remainingMs: () => 300_000, env: {} });
    const png = encodePng({ data: new Uint8Array(64).fill(255), width: 8, height: 8, channels: 1 });

    // act
    const error = await parseDocument({ source: 'alice/notice.png', bytes: png }).catch((caught: unknown) => caught);

    // assess
    expect(error).toBeInstanceOf(DocumentError);
    expect((error as Error).message).toMatch(/RAG_OCR_PROVIDER=none/);
    expect(textract.requests.length).toBe(before);
  });
});
