import { loadConfig } from '#core/config/rag-config.js';
import { ConfigError, DatabaseUnavailableError } from '#core/errors.js';
import { buildS3ObjectEvent } from '#core/queue/s3-event.js';
import { startLocalStack } from '#local/local-stack.js';
import { chat, startTestStack, uploadFiles, waitForJob } from '../../support/local-stack-harness.js';
import { makeTempDir } from '../../support/temp-dir.js';

describe('local stack', () => {
  let t: Awaited<ReturnType<typeof startTestStack>>;
  beforeAll(async () => {
    t = await startTestStack({ RAG_SAMPLE: '1' }, { maxReceiveCount: 2 });
    await t.stack.drained();
  });
  afterAll(async () => {
    await t.close();
  });

  test('serves health and answers a question about the sample corpus with a citation', async () => {
    // act
    const health = await fetch(`${t.url}/api/health`);
    const answer = await chat(t.url, 'How do I upload documents?');

    // assess
    expect(health.status).toBe(200);
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'pglite', documents: 4 });
    expect(answer.status).toBe(200);
    expect(answer.body.intent).toBe('question');
    expect(answer.body.citations[0].source).toBe('samples/getting-started.md');
    expect(answer.body.answer).toMatch(/\[1\]/);
  });

  test('upload → job succeeds with an audit trail → the document is searchable, in follow-ups too', async () => {
    // act
    const upload = await uploadFiles(t.url, [
      {
        name: 'scrooge.md',
        content: '# Scrooge (1951)\n\n## Production\n\nScrooge was directed by Brian Desmond Hurst and stars Alastair Sim as Ebenezer Scrooge.',
      },
    ]);
    const { jobId } = (await upload.json()) as { jobId: string };
    const job = await waitForJob(t.url, jobId);
    const first = await chat(t.url, 'Who directed Scrooge?');
    const followUp = await chat(t.url, 'and who stars in it?', first.body.conversationId);

    // assess
    expect(upload.status).toBe(202);
    expect(job.status).toBe('succeeded');
    expect(job.documents).toEqual([expect.objectContaining({ source: 'api-uploads/scrooge.md', status: 'indexed' })]);
    expect(job.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['job_created', 'received', 'parsed', 'chunked', 'embedded', 'stored', 'job_finished']),
    );
    expect(first.body.citations[0].source).toBe('api-uploads/scrooge.md');
    expect(first.body.answer).toContain('Brian Desmond Hurst');
    expect(followUp.body.conversationId).toBe(first.body.conversationId);
    expect(followUp.body.citations[0].source).toBe('api-uploads/scrooge.md');
    expect(followUp.body.answer).toContain('Alastair Sim');
  });

  test('a greeting is answered without retrieval or embedding tokens', async () => {
    const reply = await chat(t.url, 'hola, ¿qué tal?');
    expect(reply.body).toMatchObject({
      intent: 'greeting',
      language: 'es',
      citations: [],
      usage: { embeddingTokens: 0, llmInputTokens: 0, llmOutputTokens: 0 },
    });
  });

  test('streams the answer as Server-Sent Events', async () => {
    // act
    const response = await fetch(`${t.url}/api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ message: 'How do I upload documents?' }),
    });
    const text = await response.text();

    // assess
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = text
      .trim()
      .split('\n\n')
      .map((block) => ({ event: /^event: (.*)$/m.exec(block)![1], data: JSON.parse(/^data: (.*)$/m.exec(block)![1]!) }));
    expect(events.at(-1)!.event).toBe('response');
    expect(
      events
        .filter((e) => e.event === 'delta')
        .map((e) => e.data.text)
        .join(''),
    ).toBe(events.at(-1)!.data.answer);
  });

  test('redelivering the same event creates no duplicates', async () => {
    // prepare
    const upload = await uploadFiles(t.url, [{ name: 'twice.txt', content: 'Twice\n\nThe same event, delivered again and again.' }]);
    await waitForJob(t.url, ((await upload.json()) as { jobId: string }).jobId);
    const chunksBefore = await t.stack.runtime.db.query('SELECT id FROM chunks ORDER BY id');

    // act
    const event = JSON.stringify(buildS3ObjectEvent('Object Created', 'local-raw', 'api-uploads/twice.txt'));
    await t.stack.queue.send([event, event, event, event, event]);
    t.stack.worker.notify();
    await t.stack.drained();

    // assess
    expect(await t.stack.runtime.db.query('SELECT id FROM chunks ORDER BY id')).toEqual(chunksBefore);
    expect((await t.stack.runtime.store.listDocuments()).filter((d) => d.source === 'api-uploads/twice.txt')).toHaveLength(1);
  });

  test('a poison message goes to the dead-letter table with its reason while the rest of its batch succeeds', async () => {
    // prepare
    await t.stack.objects.put('alice/ok.md', new TextEncoder().encode('# Fine\n\nA perfectly good document.'));
    const good = JSON.stringify(buildS3ObjectEvent('Object Created', 'local-raw', 'alice/ok.md'));

    // act
    await t.stack.queue.send([good, '{"detail-type":"Something Else"}']);
    t.stack.worker.notify();
    await t.stack.drained();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await t.stack.queue.receive(0);
    const deadLetters = await t.stack.queue.deadLetters();

    // assess
    expect(deadLetters[0]).toMatchObject({ body: '{"detail-type":"Something Else"}', receiveCount: 2 });
    expect(deadLetters[0]!.reason).toContain('unexpected detail-type');
    expect((await t.stack.runtime.store.findDocumentBySource('alice/ok.md'))?.chunkCount).toBe(1);
  });

  test('rejects unsafe upload names and unknown routes with JSON errors', async () => {
    // act
    const traversal = await uploadFiles(t.url, [{ name: '../escape.txt', content: 'x' }]);
    const dotfile = await uploadFiles(t.url, [{ name: '.env', content: 'x' }]);
    const missing = await fetch(`${t.url}/api/nope`);
    const badChat = await fetch(`${t.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"msg":"hi"}' });

    // assess
    expect(traversal.status).toBe(400);
    expect(await traversal.json()).toMatchObject({ error: { code: 'invalid_file_name' } });
    expect(dotfile.status).toBe(400);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
    expect(badChat.status).toBe(400);
    const body = (await badChat.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_request');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  });

  test('deletes a document over the API', async () => {
    // prepare
    const document = (await t.stack.runtime.store.findDocumentBySource('alice/ok.md'))!;

    // act
    const response = await fetch(`${t.url}/api/documents/${document.id}`, { method: 'DELETE' });
    const again = await fetch(`${t.url}/api/documents/${document.id}`, { method: 'DELETE' });

    // assess
    expect(response.status).toBe(204);
    expect(again.status).toBe(404);
    expect(await t.stack.objects.head('alice/ok.md')).toBeUndefined();
  });
});

describe('local stack with RAG_API_TOKEN', () => {
  test('every /api route requires the bearer token', async () => {
    // prepare
    const t = await startTestStack({ RAG_API_TOKEN: 'local-secret-token' });
    try {
      // act
      const missing = await fetch(`${t.url}/api/health`);
      const wrong = await fetch(`${t.url}/api/jobs`, { headers: { authorization: 'Bearer nope' } });
      const right = await fetch(`${t.url}/api/jobs`, { headers: { authorization: 'Bearer local-secret-token' } });
      const siteConfig = await (await fetch(`${t.url}/config.json`)).json();

      // assess
      expect(missing.status).toBe(401);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer');
      expect(await missing.json()).toMatchObject({ error: { code: 'unauthorized' } });
      expect(wrong.status).toBe(401);
      expect(right.status).toBe(200);
      expect(siteConfig).toEqual({ apiUrl: '/api', auth: { type: 'token' } });
    } finally {
      await t.close();
    }
  });
});

describe('local stack start-up checks', () => {
  test('refuses to listen beyond loopback without a token', async () => {
    const temp = await makeTempDir();
    try {
      const start = startLocalStack(loadConfig({ RAG_DATA_DIR: temp.dir, HOST: '0.0.0.0', PORT: '0' }), { log: () => {} });
      await expect(start).rejects.toThrow(ConfigError);
      await expect(start).rejects.toThrow(/RAG_API_TOKEN/);
    } finally {
      await temp.cleanup();
    }
  });

  test('an unreachable DATABASE_URL fails fast with a clear message', async () => {
    const temp = await makeTempDir();
    try {
      const started = Date.now();
      const start = startLocalStack(loadConfig({ RAG_DATA_DIR: temp.dir, PORT: '0', DATABASE_URL: 'postgres://rag:pw@127.0.0.1:1/rag' }), { log: () => {} });
      await expect(start).rejects.toThrow(DatabaseUnavailableError);
      await expect(start).rejects.toThrow('Cannot connect to PostgreSQL at postgres://rag:***@127.0.0.1:1/rag');
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await temp.cleanup();
    }
  });
});
