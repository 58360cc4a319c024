import { buildEpub, buildOdp, buildOds, buildOdt, buildPptx, buildXlsx, odsCell } from '../../fixtures/office-fixtures.js';
import { buildDocx } from '../../fixtures/docx-fixtures.js';
import { buildEml } from '../../fixtures/eml-fixtures.js';
import { writeZip } from '../../fixtures/zip-writer.js';
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
      {
        name: 'Staff',
        rows: [
          ['Name', 'Team', 'Desk'],
          ['Ada Byron', 'Compilers', 'B-12'],
          ['Grace Brewster', 'Payroll', 'C-07'],
        ],
      },
      {
        name: 'Suppliers',
        rows: [
          ['Supplier', 'Contact'],
          ['Tornillería Ibérica', 'ventas@tornilleria.example'],
        ],
      },
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
      {
        name: 'almacenes.ods',
        content: buildOds(
          `<table:table table:name="Almacenes"><table:table-row>${odsCell('Almacén')}${odsCell('Encargado')}</table:table-row><table:table-row>${odsCell('Zaragoza')}${odsCell('Rosendo Quintana')}</table:table-row></table:table>`,
        ),
      },
      {
        name: 'feria.odp',
        content: buildOdp([
          { title: 'Portada', bullets: ['Feria 2026'] },
          { title: 'Stand', bullets: ['El stand de la feria es el número 7C del pabellón norte'] },
        ]),
      },
      {
        name: 'protocolo.odt',
        content: buildOdt(
          '<text:h text:outline-level="1">Incendios</text:h><text:p>El punto de reunión en caso de incendio es el aparcamiento de visitas.</text:p>',
        ),
      },
      { name: 'memo.rtf', content: String.raw`{\rtf1\ansi{\fonttbl{\f0 Arial;}}\f0 The courier collects parcels at half past four.\par}` },
      {
        name: 'servers.json',
        content: JSON.stringify({
          servers: [
            { name: 'ledger', region: 'eu-south-2' },
            { name: 'atlas', region: 'us-west-2' },
          ],
        }),
      },
      {
        name: 'lighthouse.epub',
        content: buildEpub('The Lighthouse', [{ title: 'Storm', bodyHtml: '<p>The keeper of the lighthouse is called Ewan Tarbet.</p>' }]),
      },
      {
        name: 'aviso.eml',
        content:
          'From: admin@example.com\r\nSubject: Server maintenance\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe mail server restarts on Sunday at 03:00.\r\n',
      },
    ]);
    job = await waitForJob(t.url, ((await upload.json()) as { jobId: string }).jobId);
  });
  afterAll(async () => {
    await t.close();
  });

  test('every file is indexed', () => {
    expect(job.status).toBe('succeeded');
    expect(job.documents.map((document) => document.status)).toEqual(Array(10).fill('indexed'));
  });

  test.each([
    ['Which desk does Grace Brewster sit at?', 'api-uploads/directory.xlsx', 'Staff', 'C-07'],
    ['What is the contact of Tornillería Ibérica?', 'api-uploads/directory.xlsx', 'Suppliers', 'ventas@tornilleria.example'],
    ['¿Qué matrícula tiene la furgoneta azul?', 'api-uploads/flota.csv', undefined, '4471-KLM'],
    ['¿Quién es el encargado del almacén de Zaragoza?', 'api-uploads/almacenes.ods', 'Almacenes', 'Rosendo Quintana'],
    ['¿Cuál es el punto de reunión en caso de incendio?', 'api-uploads/protocolo.odt', 'Incendios', 'aparcamiento de visitas'],
    ['When does the courier collect parcels?', 'api-uploads/memo.rtf', undefined, 'half past four'],
    ['Who is the keeper of the lighthouse?', 'api-uploads/lighthouse.epub', 'Storm', 'Ewan Tarbet'],
    ['When does the mail server restart?', 'api-uploads/aviso.eml', undefined, 'Sunday at 03:00'],
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

  // The extractive answerer (the offline default) wants a sentence that answers; a key path or a
  // bare bullet is retrieved first but not quoted as an answer, so these check retrieval.
  test.each([
    ['¿Qué número tiene el stand de la feria?', 'api-uploads/feria.odp', { heading: 'Stand', page: 2 }, '7C'],
    ['Which region is the ledger server in?', 'api-uploads/servers.json', { heading: 'servers' }, 'servers[0].name: ledger; servers[0].region: eu-south-2'],
  ])('%s: the best source is the right slide or key path', async (question, source, place, fact) => {
    // act
    const reply = await chat(t.url, question);

    // assess
    expect(reply.body.sources[0]).toMatchObject({ source, ...place });
    expect(reply.body.sources[0].excerpt).toContain(fact);
  });

  test('a .zip archive is refused with a reason that names it', async () => {
    // prepare
    const archive = writeZip([{ name: 'inside/report.md', data: Buffer.from('# Report\n\nText.') }]);

    // act
    const upload = await uploadFiles(t.url, [{ name: 'bundle.zip', content: archive, type: 'application/zip' }]);
    const refused = await waitForJob(t.url, ((await upload.json()) as { jobId: string }).jobId);

    // assess
    expect(refused.documents).toEqual([
      expect.objectContaining({
        source: 'api-uploads/bundle.zip',
        status: 'failed',
        error: 'api-uploads/bundle.zip: ZIP archives (.zip) are not supported; unpack it and upload the files inside',
      }),
    ]);
  });

  // Last: it adds and removes documents the questions above do not expect.
  test('an e-mail’s attachment is a document of its own, cited by its name, and leaves with the e-mail', async () => {
    // prepare
    const policy = await buildDocx([
      { heading: 'title', text: 'Hospitality policy' },
      { paragraph: 'Client dinners are reimbursed up to 65 euros per guest with an itemised receipt.' },
    ]);
    const email = buildEml({
      subject: 'Hospitality policy',
      body: 'The new hospitality policy is attached.',
      attachments: [
        { name: 'hospitality.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', content: policy },
        { name: 'receipts.zip', type: 'application/zip', content: writeZip([{ name: 'r.txt', data: Buffer.from('receipt') }]) },
      ],
    });
    const attachment = 'api-uploads/hospitality.eml/attachments/hospitality.docx';

    // act
    const upload = await uploadFiles(t.url, [{ name: 'hospitality.eml', content: email, type: 'message/rfc822' }]);
    const ingested = await waitForJob(t.url, ((await upload.json()) as { jobId: string }).jobId);
    const reply = await chat(t.url, 'How much are client dinners reimbursed per guest?');
    const listed = (await (await fetch(`${t.url}/api/documents`)).json()) as { id: string; source: string }[];
    const attachmentId = listed.find((document) => document.source === attachment)?.id;
    const alone = await fetch(`${t.url}/api/documents/${attachmentId}`, { method: 'DELETE' });
    const emailId = listed.find((document) => document.source === 'api-uploads/hospitality.eml')?.id;
    const withEmail = await fetch(`${t.url}/api/documents/${emailId}`, { method: 'DELETE' });
    const after = ((await (await fetch(`${t.url}/api/documents`)).json()) as { source: string }[]).map((document) => document.source);

    // assess
    expect(ingested.status).toBe('succeeded');
    expect(ingested.events).toContainEqual(
      expect.objectContaining({
        type: 'failed',
        source: 'api-uploads/hospitality.eml/attachments/receipts.zip',
        detail: expect.stringContaining('attachment "receipts.zip" of api-uploads/hospitality.eml: ZIP archives (.zip) are not supported'),
      }),
    );
    expect(reply.body.answer).toContain('65 euros');
    expect(reply.body.citations).toContainEqual(expect.objectContaining({ source: attachment, title: 'Hospitality policy' }));
    expect(alone.status).toBe(409);
    expect(((await alone.json()) as { error: { code: string } }).error.code).toBe('conflict');
    expect(withEmail.status).toBe(204);
    expect(after.filter((source) => source.startsWith('api-uploads/hospitality.eml'))).toEqual([]);
  });
});
