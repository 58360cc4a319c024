import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConversationRepository, runChatTurnState } from '#core/chat-workflow/index.js';
import { chat, startTestStack, uploadFiles, waitForJob } from '../../support/local-stack-harness.js';
import { REPO_ROOT } from '../../support/temp-dir.js';

interface Fixture {
  data: { title: string; paragraphs: { context: string; qas: { question: string }[] }[] }[];
}

/**
 * `rag eval` calls the chat workflow's steps in-process (runChatTurnState) for speed; this
 * shows that gives the very answer `POST /api/chat` gives, on the same index.
 */
describe('the steps rag eval runs answer as POST /api/chat does', () => {
  test('same answer, citations, intent and not-found flag for English and Spanish questions', async () => {
    // prepare
    const stack = await startTestStack({ RAG_RATE_LIMIT_PER_MINUTE: '0' });
    try {
      const fixtures = await Promise.all(
        ['en', 'es'].map(
          async (language) => JSON.parse(await readFile(path.join(REPO_ROOT, `test/fixtures/eval/tiny-xquad.${language}.json`), 'utf8')) as Fixture,
        ),
      );
      const files = fixtures.flatMap((fixture, i) =>
        fixture.data.map((article) => ({ name: `${article.title}-${i}.txt`, content: `${article.title}\n\n${article.paragraphs[0]!.context}\n` })),
      );
      const upload = (await (await uploadFiles(stack.url, files)).json()) as { jobId: string };
      expect((await waitForJob(stack.url, upload.jobId)).status).toBe('succeeded');
      const questions = [
        ...fixtures.flatMap((fixture) => fixture.data.flatMap((article) => article.paragraphs[0]!.qas.map((qa) => qa.question))).slice(0, 3),
        ...fixtures[1]!.data.map((article) => article.paragraphs[0]!.qas[0]!.question).slice(0, 3),
        'What is the capital of Mongolia?',
      ];
      const runtime = stack.stack.runtime;
      const deps = {
        store: runtime.store,
        embedder: runtime.embedder,
        conversations: new ConversationRepository(runtime.db),
        chatModel: runtime.chatModel,
        topK: stack.config.retrieval.topK,
      };

      for (const question of questions) {
        // act
        const http = await chat(stack.url, question);
        const steps = (await runChatTurnState({ message: question }, deps)).response;

        // assess
        expect(http.status).toBe(200);
        expect({
          question,
          answer: steps.answer,
          intent: steps.intent,
          notFound: steps.notFound ?? false,
          sources: steps.citations.map((c) => c.source),
        }).toEqual({
          question,
          answer: http.body.answer,
          intent: http.body.intent,
          notFound: http.body.notFound ?? false,
          sources: (http.body.citations as { source: string }[]).map((c) => c.source),
        });
      }
    } finally {
      await stack.close();
    }
  }, 300_000);
});
