import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { FakeResponse } from '../support/fake-http-server.js';
import { openAiChatResponse, openAiChatStreamResponse, openAiEmbeddingsResponse } from '../support/fake-openai-server.js';
import { describeChatPath } from './chat-scenarios.js';
import { readingModelReply } from './harness/emulators/reading-chat-model.js';
import { HARNESS_REPO_ROOT } from './harness/template/load-template.js';

const SHIPPED_CONFIG = 'config/openai.example.json';

/**
 * The functions reach OpenAI at the config's `openai.baseUrl` (the documented field for any
 * OpenAI-compatible endpoint); the template carries it, so the server must listen where the
 * synthesized config says. A loopback address of this checkout's own keeps the synthesized
 * app reusable between runs and apart from other checkouts on the machine.
 */
const digest = createHash('sha256').update(HARNESS_REPO_ROOT).digest();
const HOST = `127.${(digest[0]! % 250) + 2}.${digest[1]!}.${(digest[2]! % 250) + 2}`;
const PORT = 18_080;
const DIMENSIONS = 3072;

describeChatPath({
  configFile: SHIPPED_CONFIG,
  accessScenario: true,
  synthesizedConfigFile: () => {
    const config = JSON.parse(readFileSync(path.join(HARNESS_REPO_ROOT, SHIPPED_CONFIG), 'utf8')) as { openai: Record<string, unknown> };
    config.openai.baseUrl = `http://${HOST}:${PORT}/v1`;
    const dir = path.join(os.tmpdir(), 'rag-cloud-configs');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'openai.example.json');
    writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
    return file;
  },
  extras: async () => {
    const server: Server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
          input?: string | string[];
          dimensions?: number;
          model?: string;
          stream?: boolean;
          messages?: { role: string; content: string }[];
        };
        const model = body.model ? { model: body.model } : {};
        const usage = { prompt_tokens: 120, completion_tokens: 20 };
        let answer: FakeResponse | undefined;
        if (request.url === '/v1/embeddings') {
          answer = openAiEmbeddingsResponse(Array.isArray(body.input) ? body.input : [body.input ?? ''], {
            dimensions: body.dimensions ?? DIMENSIONS,
            ...model,
          });
        } else if (request.url === '/v1/chat/completions') {
          const text = readingModelReply(body.messages ?? []);
          answer = body.stream ? openAiChatStreamResponse([text], { ...model, usage }) : openAiChatResponse(text, { ...model, usage });
        }
        if (!answer) {
          response.writeHead(404).end();
          return;
        }
        response.writeHead(answer.status ?? 200, answer.headers ?? { 'content-type': 'application/json' });
        if (answer.chunks) for (const chunk of answer.chunks) response.write(chunk);
        response.end(answer.chunks ? undefined : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(PORT, HOST, resolve));
    return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  },
});
