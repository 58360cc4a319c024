import { loadConfig } from '#core/config/rag-config.js';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '#local/local-stack.js';
import { makeTempDir } from './temp-dir.js';

/** A real local stack on free ports with its own data folder; `close()` removes everything. */
export async function startTestStack(env: Record<string, string> = {}, options: LocalStackOptions = {}) {
  const temp = await makeTempDir('rag-stack-');
  const config = loadConfig({ RAG_DATA_DIR: temp.dir, PORT: '0', SFTP_PORT: '0', RAG_SAMPLE: '0', ...env });
  const stack: LocalStack = await startLocalStack(config, { log: () => {}, batchingWindowMs: 50, retryDelaySeconds: 0, ...options });
  return {
    stack,
    config,
    dataDir: temp.dir,
    url: stack.httpUrl,
    close: async () => {
      await stack.close();
      await temp.cleanup();
    },
  };
}

export async function uploadFiles(url: string, files: { name: string; content: string | Uint8Array; type?: string }[], headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const file of files) form.append('file', new Blob([file.content as BlobPart], { type: file.type ?? 'application/octet-stream' }), file.name);
  return fetch(`${url}/api/documents`, { method: 'POST', body: form, headers });
}

/** Polls a job until it reaches a final status. */
export async function waitForJob(url: string, jobId: string, headers: Record<string, string> = {}, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await (await fetch(`${url}/api/jobs/${jobId}`, { headers })).json()) as {
      status: string;
      documents: { source: string; status: string; error?: string }[];
      events: { type: string; source?: string; detail: string }[];
    };
    if (['succeeded', 'failed', 'partially_failed'].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function chat(url: string, message: string, conversationId?: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(conversationId ? { message, conversationId } : { message }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
