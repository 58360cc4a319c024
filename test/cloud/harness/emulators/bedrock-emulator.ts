import type { Authorizer } from '../iam/authorizer.js';
import { fakeEmbedding, fakeTokenCount } from '../../../support/fake-openai-server.js';
import { type AwsServer, startAwsServer } from './aws-server.js';
import type { HarnessTls } from './harness-tls.js';
import { converseMessages, readingModelReply } from './reading-chat-model.js';

export interface BedrockCall {
  readonly modelId: string;
  readonly operation: string;
  readonly accessKeyId: string;
  readonly allowed: boolean;
}

/**
 * The Amazon Bedrock runtime over its REST/JSON protocol: InvokeModel for Titan text embeddings (the vectors of
 * test/support's fake embedding) and Converse answered by the prompt-reading model, which cites the passage it
 * answers from with the `[n]` markers the Bedrock chat adapter passes on. Each call is authorized for the model's ARN: a
 * foundation model, or an inference profile of the account for ids with a geography prefix (`us.`).
 */
export class BedrockEmulator {
  readonly calls: BedrockCall[] = [];
  private server?: AwsServer;

  constructor(
    private readonly authorizer: Authorizer,
    private readonly region: string,
    private readonly accountId: string,
  ) {}

  get url(): string {
    if (!this.server) throw new Error('Bedrock emulator not started');
    return this.server.url;
  }

  /** Embedding calls made so far (each costs money on AWS). */
  embeddingCalls(): BedrockCall[] {
    return this.calls.filter((call) => call.operation === 'invoke' && call.allowed);
  }

  modelArn(modelId: string): string {
    return /^(us|eu|apac|global)\./.test(modelId)
      ? `arn:aws:bedrock:${this.region}:${this.accountId}:inference-profile/${modelId}`
      : `arn:aws:bedrock:${this.region}::foundation-model/${modelId}`;
  }

  async start(tls: HarnessTls): Promise<void> {
    const error = (res: import('node:http').ServerResponse, status: number, type: string, message: string) => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/` });
      res.end(JSON.stringify({ message }));
    };
    this.server = await startAwsServer(
      tls,
      'bedrock',
      (request, res) => {
        const match = /^\/model\/([^/]+)\/(invoke|converse)$/.exec(request.rawPath);
        if (!match || request.method !== 'POST') {
          error(res, 404, 'UnknownOperationException', `The harness does not emulate ${request.method} ${request.rawPath}`);
          return;
        }
        const modelId = decodeURIComponent(match[1]!);
        const operation = match[2]!;
        const decision = this.authorizer.authorize(request.accessKeyId, 'bedrock:InvokeModel', this.modelArn(modelId));
        this.calls.push({ modelId, operation, accessKeyId: request.accessKeyId, allowed: decision.allowed });
        if (!decision.allowed) {
          error(res, 403, 'AccessDeniedException', decision.message);
          return;
        }
        const body = JSON.parse(request.body.toString() || '{}');
        if (operation === 'invoke' && modelId.includes('titan-embed-text')) {
          const tokens = fakeTokenCount(body.inputText);
          res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-bedrock-input-token-count': String(tokens) });
          res.end(JSON.stringify({ embedding: fakeEmbedding(body.inputText, body.dimensions ?? 1024), inputTextTokenCount: tokens }));
          return;
        }
        if (operation === 'converse') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              output: { message: { role: 'assistant', content: [{ text: readingModelReply(converseMessages(body)) }] } },
              stopReason: 'end_turn',
              usage: { inputTokens: 13, outputTokens: 5, totalTokens: 18 },
              metrics: { latencyMs: 5 },
            }),
          );
          return;
        }
        error(res, 400, 'ValidationException', `The harness does not emulate model ${modelId}`);
      },
      (res, code, message) => error(res, 403, code === 'InvalidAccessKeyId' ? 'UnrecognizedClientException' : 'InvalidSignatureException', message),
    );
  }

  async close(): Promise<void> {
    await this.server?.close();
  }
}
