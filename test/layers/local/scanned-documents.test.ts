import { PDFDocument, StandardFonts } from 'pdf-lib';
import { chat, startTestStack, uploadFiles, waitForJob } from '../../support/local-stack-harness.js';
import { type RenderedText, missingChromium, renderTextImages } from '../../support/rendered-text.js';

const describeWithChromium = missingChromium() ? describe.skip : describe;

/**
 * A scanned page and a photographed notice, uploaded over HTTP and ingested by the real local
 * pipeline with the offline OCR, can be asked about; the citation names the scanned page.
 */
describeWithChromium('scanned documents through the local stack', () => {
  let t: Awaited<ReturnType<typeof startTestStack>>;
  let job: Awaited<ReturnType<typeof waitForJob>>;

  beforeAll(async () => {
    const [scan, notice] = (await renderTextImages([
      // A scanned page longer than one chunk, the fact at its end: the chunk that holds it starts on
      // this page, not on the typed one before it (a chunk is cited by the page its text starts on).
      [
        ...Array.from({ length: 24 }, (_, crane) => `Crane ${crane + 1} lifted timber crates onto the east pier before noon.`),
        'The lighthouse keeper counted forty seven ships in March.',
      ],
      ['The staff canteen closes at three in the afternoon on Fridays.'],
    ])) as [RenderedText, RenderedText];
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.addPage([612, 792]).drawText('Harbour report, typed on the first page.', { x: 72, y: 700, size: 14, font });
    const picture = await pdf.embedJpg(scan.jpeg);
    pdf.addPage([612, 792]).drawImage(picture, { x: 0, y: 0, width: 612, height: 792 });

    // OCR reads its limits from the environment (the ingest threads copy it when the stack starts). The
    // per-page limit has its own test; here a loaded 2-core machine may need more than the default minute.
    process.env.RAG_OCR_TIMEOUT_MS = '300000';
    // Small chunks, so the one holding the fact starts on the scanned page rather than the typed one.
    t = await startTestStack({ RAG_RATE_LIMIT_PER_MINUTE: '0', RAG_CHUNK_TOKENS: '128', RAG_CHUNK_OVERLAP_TOKENS: '16' });
    const upload = await uploadFiles(t.url, [
      { name: 'harbour.pdf', content: await pdf.save() },
      { name: 'canteen.png', content: notice.png },
    ]);
    job = await waitForJob(t.url, ((await upload.json()) as { jobId: string }).jobId, {}, 360_000);
  }, 480_000);
  afterAll(async () => {
    delete process.env.RAG_OCR_TIMEOUT_MS;
    await t?.close();
  });

  test('both files are indexed', () => {
    // The error, if any, is part of what is compared, so a failure says why the file was refused.
    expect(job.documents.map((document) => [document.source, document.status, document.error]).sort()).toEqual([
      ['api-uploads/canteen.png', 'indexed', undefined],
      ['api-uploads/harbour.pdf', 'indexed', undefined],
    ]);
  });

  test.each([
    ['How many ships did the lighthouse keeper count in March?', 'api-uploads/harbour.pdf', 2, 'forty seven ships'],
    ['When does the staff canteen close on Fridays?', 'api-uploads/canteen.png', 1, 'three in the afternoon'],
  ])('%s', async (question, source, page, fact) => {
    // act
    const reply = await chat(t.url, question);

    // assess
    expect(reply.status).toBe(200);
    expect(reply.body.answer).toContain(fact);
    const cited = reply.body.citations.find((citation: { source: string }) => citation.source === source);
    expect(cited).toMatchObject({ source, page });
    expect(cited.passage).toContain(fact);
  });
});
