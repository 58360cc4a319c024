import { buildXlsx } from '../../fixtures/office-fixtures.js';
import { chat, startTestStack, uploadFiles, waitForJob } from '../../support/local-stack-harness.js';

/**
 * A row of a workbook or a CSV, uploaded over HTTP and ingested by the real local pipeline,
 * can be asked about; the citation names the sheet it came from.
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
    const upload = await uploadFiles(t.url, [
      { name: 'directory.xlsx', content: workbook },
      { name: 'flota.csv', content: csv },
    ]);
    job = await waitForJob(t.url, ((await upload.json()) as { jobId: string }).jobId);
  });
  afterAll(async () => {
    await t.close();
  });

  test('both files are indexed', () => {
    expect(job.status).toBe('succeeded');
    expect(job.documents.map((document) => document.status)).toEqual(['indexed', 'indexed']);
  });

  test.each([
    ['Which desk does Grace Brewster sit at?', 'api-uploads/directory.xlsx', 'Staff', 'C-07'],
    ['What is the contact of Tornillería Ibérica?', 'api-uploads/directory.xlsx', 'Suppliers', 'ventas@tornilleria.example'],
    ['¿Qué matrícula tiene la furgoneta azul?', 'api-uploads/flota.csv', undefined, '4471-KLM'],
  ])('%s', async (question, source, sheet, fact) => {
    const reply = await chat(t.url, question);

    expect(reply.status).toBe(200);
    expect(reply.body.answer).toContain(fact);
    const cited = reply.body.citations.find((citation: { source: string }) => citation.source === source);
    expect(cited).toBeDefined();
    if (sheet) expect(cited.heading).toBe(sheet);
    expect(cited.passage).toContain(fact);
  });
});
