import { type IngestItem, runIngestJob } from '#core/ingestion/index.js';
import { prepareDocument } from '#core/ingestion/prepare-document.js';
import { WorkerDocumentPreparer } from '#core/ingestion/worker-document-preparer.js';
import { retrieve } from '#core/retrieval/retrieve.js';
import { buildDocx } from '../../../fixtures/docx-fixtures.js';
import { buildEml } from '../../../fixtures/eml-fixtures.js';
import { buildPdf } from '../../../fixtures/pdf-fixtures.js';
import { writeZip } from '../../../fixtures/zip-writer.js';
import { openTestStore } from '../../../support/test-store.js';

type TestStore = Awaited<ReturnType<typeof openTestStore>>;

const item = (source: string, content: Uint8Array): IngestItem => ({ source, read: async () => content });
const deletion = (source: string): IngestItem => ({ source, action: 'delete', read: async () => new Uint8Array() });

async function ingest(t: TestStore, items: IngestItem[], extra: Partial<Parameters<typeof runIngestJob>[2]> = {}) {
  const jobId = await t.jobs.create(
    'test',
    items.map((i) => ({ source: i.source, action: i.action })),
  );
  return runIngestJob(jobId, items, { store: t.store, embedder: t.embedder, jobs: t.jobs, ...extra });
}

const expensePolicy = () =>
  buildDocx([
    { heading: 'title', text: 'Expense policy' },
    { heading: 1, text: 'Meals' },
    { paragraph: 'Client dinners are reimbursed up to 65 euros per guest with an itemised receipt.' },
  ]);

const mealPolicy = () => buildDocx([{ heading: 'title', text: 'Meal policy' }, { paragraph: 'The team lunch allowance is 14 euros a day on site visits.' }]);

const SOURCE = 'finance/expenses.eml';
const POLICY = `${SOURCE}/attachments/expense-policy.docx`;

/** The stored sources under a prefix, sorted. */
const sourcesUnder = async (t: TestStore, prefix: string) =>
  (await t.store.listDocuments()).map((document) => document.source).filter((source) => source.startsWith(prefix));

/** True when every chunk belongs to a stored document's count: nothing orphaned. */
const chunksAccountedFor = async (t: TestStore) =>
  (await t.store.listDocuments()).reduce((sum, document) => sum + document.chunkCount, 0) === (await t.store.countChunks());

// One store for the file (opening and migrating one is slow); each test uses its own e-mail sources.
describe('e-mail attachments as documents', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore();
  });
  afterAll(async () => {
    await t.close();
  });

  test('a supported attachment is its own document, found by search, in the e-mail’s collection; a bad one is named while the body is indexed', async () => {
    // prepare
    const email = buildEml({
      subject: 'Updated expense policy',
      body: 'Hi all, the updated policy is attached. The finance office is on the third floor.',
      attachments: [
        { name: 'expense-policy.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', content: await expensePolicy() },
        { name: 'receipts.zip', type: 'application/zip', content: writeZip([{ name: 'a.txt', data: Buffer.from('receipt') }]) },
      ],
    });

    // act
    const result = await ingest(t, [item(SOURCE, email)], { collectionOf: () => 'finance' });
    const job = await t.jobs.get(result.jobId);
    const dinner = await retrieve('How much are client dinners reimbursed per guest?', t);
    const office = await retrieve('Which floor is the finance office on?', t);

    // assess
    expect(result.status).toBe('succeeded');
    const [outcome] = result.documents;
    expect(outcome).toMatchObject({ source: SOURCE, status: 'indexed' });
    expect(outcome!.attachments).toEqual([
      expect.objectContaining({ source: POLICY, status: 'indexed', chunks: expect.any(Number) }),
      {
        source: `${SOURCE}/attachments/receipts.zip`,
        status: 'failed',
        chunks: 0,
        errorCode: 'unsupported_type',
        error: `attachment "receipts.zip" of ${SOURCE}: ZIP archives (.zip) are not supported; unpack it and upload the files inside`,
      },
    ]);
    expect(outcome!.attachments![0]!.chunks).toBeGreaterThan(0);
    expect(dinner.chunks[0]).toMatchObject({ source: POLICY, title: 'Expense policy' });
    expect(office.chunks[0]!.source).toBe(SOURCE);
    const stored = await t.store.findDocumentBySource(POLICY);
    expect(stored).toMatchObject({ format: 'docx', collection: 'finance', metadata: expect.objectContaining({ attachedTo: SOURCE }) });
    expect(job!.events).toContainEqual(
      expect.objectContaining({ type: 'failed', source: `${SOURCE}/attachments/receipts.zip`, detail: outcome!.attachments![1]!.error }),
    );
    expect(job!.events).toContainEqual(expect.objectContaining({ type: 'stored', source: POLICY }));
  });

  test('re-ingesting the e-mail without an attachment removes that attachment’s document', async () => {
    // prepare
    const SOURCE = 'replaced/policy.eml';
    const POLICY = `${SOURCE}/attachments/expense-policy.docx`;
    const notice = 'The office closes at noon on Friday.';
    const withPolicy = buildEml({
      subject: 'Policy',
      body: notice,
      attachments: [{ name: 'expense-policy.docx', type: 'application/octet-stream', content: await expensePolicy() }],
    });
    await ingest(t, [item(SOURCE, withPolicy)]);
    const before = await t.store.findDocumentBySource(POLICY);

    // act
    const result = await ingest(t, [item(SOURCE, buildEml({ subject: 'Policy', body: `${notice} Sorry, wrong file.` }))]);

    // assess
    expect(before).toBeDefined();
    expect(result.documents[0]).toMatchObject({ status: 'indexed', attachments: [] });
    expect(await t.store.findDocumentBySource(POLICY)).toBeUndefined();
    expect(await sourcesUnder(t, 'replaced/')).toEqual([SOURCE]);
    expect(await chunksAccountedFor(t)).toBe(true);
  });

  test('deleting the e-mail deletes its attachments and their chunks, and nothing else', async () => {
    // prepare
    const SOURCE = 'deleted/parking.eml';
    const pdf = await buildPdf([{ lines: ['The parking permit costs 30 euros a month.'] }]);
    const email = buildEml({
      subject: 'Parking',
      body: 'Parking details attached.',
      attachments: [{ name: 'parking.pdf', type: 'application/pdf', content: pdf }],
    });
    await ingest(t, [item(SOURCE, email), item('deleted/other.eml', buildEml({ subject: 'Other', body: 'Unrelated e-mail about lunch.' }))]);
    const before = await sourcesUnder(t, 'deleted/');

    // act
    const result = await ingest(t, [deletion(SOURCE)]);

    // assess
    expect(before).toEqual(['deleted/other.eml', SOURCE, `${SOURCE}/attachments/parking.pdf`]);
    expect(result.documents[0]).toMatchObject({ status: 'deleted' });
    expect(await sourcesUnder(t, 'deleted/')).toEqual(['deleted/other.eml']);
    expect(await chunksAccountedFor(t)).toBe(true);
  });

  test('an attached e-mail is read one level deep: its body is a document, its own attachments are only listed', async () => {
    // prepare
    const SOURCE = 'nested/forward.eml';
    const inner = buildEml({
      subject: 'Original quote',
      body: 'The supplier quoted 1,200 euros for the chairs.',
      attachments: [{ name: 'quote.txt', type: 'text/plain', content: 'Line items of the quote.' }],
    });
    const outer = buildEml({ subject: 'Fwd: quote', body: 'Forwarding the quote.', attachments: [{ type: 'message/rfc822', content: inner }] });

    // act
    const result = await ingest(t, [item(SOURCE, outer)]);

    // assess
    expect(result.documents[0]!.attachments).toEqual([expect.objectContaining({ source: `${SOURCE}/attachments/attachment-1`, status: 'indexed' })]);
    const nested = await t.store.findDocumentBySource(`${SOURCE}/attachments/attachment-1`);
    expect(nested).toMatchObject({ format: 'eml', title: 'Original quote' });
    expect(nested!.metadata.attachments).toEqual([{ name: 'quote.txt', type: 'text/plain', bytes: 24 }]);
    expect(await sourcesUnder(t, 'nested/')).toEqual([SOURCE, `${SOURCE}/attachments/attachment-1`]);
  });

  test('attachments cross from the preparing worker thread with their chunks', async () => {
    // prepare
    const SOURCE = 'threads/policy.eml';
    const preparer = new WorkerDocumentPreparer({ threads: 1 });
    const email = buildEml({
      subject: 'Policy',
      body: 'See attached.',
      attachments: [{ name: 'meal-policy.docx', type: 'application/octet-stream', content: await mealPolicy() }],
    });

    // act
    try {
      await ingest(t, [item(SOURCE, email)], { preparer });
    } finally {
      await preparer.close();
    }
    const lunch = await retrieve('How much is the team lunch allowance?', t);

    // assess
    expect(lunch.chunks[0]!.source).toBe(`${SOURCE}/attachments/meal-policy.docx`);
  });
});

describe('prepareDocument on an e-mail', () => {
  test.each([
    [
      'past the count',
      { maxCount: 1, maxTotalBytes: 1_000_000 },
      'attachment "b.txt" of mail.eml: not read; only the first 1 attachments of an e-mail are read',
    ],
    [
      'past the total size',
      { maxCount: 10, maxTotalBytes: 40 },
      'attachment "b.txt" of mail.eml: not read; the e-mail\'s attachments pass 40 B in all, the limit read per e-mail',
    ],
  ])('an attachment %s is named with the limit and not read', async (_, attachmentLimits, reason) => {
    // prepare
    const email = buildEml({
      subject: 'Two notes',
      body: 'Two notes attached.',
      attachments: [
        { name: 'a.txt', type: 'text/plain', content: 'The first note is about the budget.' },
        { name: 'b.txt', type: 'text/plain', content: 'The second note is about hiring.' },
      ],
    });

    // act
    const prepared = await prepareDocument({ source: 'mail.eml', bytes: email }, { attachmentLimits });

    // assess
    expect(prepared.attachments!.map((attachment) => ('error' in attachment ? attachment.error : attachment.source))).toEqual([
      'mail.eml/attachments/a.txt',
      reason,
    ]);
  });

  test('an attached e-mail is prepared without its own attachments', async () => {
    // prepare
    const email = buildEml({ subject: 'Only', body: 'Body.', attachments: [{ name: 'note.txt', type: 'text/plain', content: 'A note.' }] });

    // act
    const prepared = await prepareDocument({ source: 'mail.eml', bytes: email }, { readAttachments: false });

    // assess
    expect(prepared.attachments).toBeUndefined();
  });
});
