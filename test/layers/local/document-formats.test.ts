import { buildPptx, buildXlsx } from '../../fixtures/office-fixtures.js';
import { chat, startTestStack, uploadFiles, waitForJob } from '../../support/local-stack-harness.js';

/**
 * A row of a workbook or a CSV, uploaded over HTTP and ingested by the real local pipeline,
 * can be asked about, and so can a slide; the citation names the sheet, or the slide by its
 * title and number.
 */
describe('document formats through the local stack', () => {
  let t: Awaited<ReturnType<typeof startTestStack>>;
  let job: Awaited<ReturnType<typeof waitForJob>>;

  beforeAll(async () => {
    t = await startTestStack({ RAG_RATE_LIMIT_PER_MINUTE: '0' });
    const workbook = buildXlsx([
      { name: 'Staff', rows: [['Name', 'Team', 'Desk'], ['Ada Byron', 'Compilers', 'B-12'], ['Grace Brewster', 'Payroll', 'C-07']] },
      { name: 'Suppliers', rows: [['Supplier', 'Contact'], ['Tornillería Ibérica', 'ventas@tornilleria.example']] },
    ]);
    const csv = 'Vehículo;Matrícula;Plaza\nFurgoneta azul;4471-KLM;Sótano 2\nCamión grúa;9902-BCD;Patio\n';
    const deck = buildPptx([
      { title: 'Kick-off', bullets: ['Welcome to the Orion programme'] },
      { title: 'Launch window', bullets: ['The Orion probe launches from Kourou'], notes: 'The backup launch date is 14 October.' },
    ]);
    const upload = await uploadFiles(t.url, [
      { name: 'directory.xlsx', content: workbook },
      { name: 'flota.csv', content: csv },
      { name: 'orion.pptx', content: deck },
    ]);
    job = await waitForJob(t.url, ((await upload.json()) as { jobId: string }).jobId);
  });
  afterAll(async () => {
    await t.close();
  });

  test('every file is indexed', () => {
    expect(job.status).toBe('succeeded');
    expect(job.documents.map((document) => document.status)).toEqual(['indexed', 'indexed', 'indexed']);
  });

  test.each([
    ['Which desk does Grace Brewster sit at?', 'api-uploads/directory.xlsx', 'Staff', 'C-07'],
    ['What is the contact of Tornillería Ibérica?', 'api-uploads/directory.xlsx', 'Suppliers', 'ventas@tornilleria.example'],
    ['¿Qué matrícula tiene la furgoneta azul?', 'api-uploads/flota.csv', undefined, '4471-KLM'],
  ])('%s', async (question, source, sheet, fact) => {
    // act
    const reply = await chat(t.url, question);

    // assess
    expect(reply.status).toBe(200);
    expect(reply.body.answer).toContain(fact);
    const cited = reply.body.citations.find((citation: { source: string }) => citation.source === source);
    expect(cited).toBeDefined();
    if (sheet) expect(cited.heading).toBe(sheet);
    expect(cited.passage).toContain(fact);
  });

  test('a slide, its speaker notes included, is cited by title and slide number', async () => {
    // act
    const reply = await chat(t.url, 'What is the backup launch date of the Orion probe?');

    // assess
    expect(reply.body.answer).toContain('14 October');
    const cited = reply.body.citations.find((citation: { source: string }) => citation.source === 'api-uploads/orion.pptx');
    expect(cited).toMatchObject({ heading: 'Launch window', page: 2 });
  });
});
