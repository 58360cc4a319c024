import type { ChatCompletion, ChatModel, ChatRequest, ChatStreamEvent, ChatUsage } from '#core/chat-models/chat-model.js';

/**
 * An in-memory chat model that plays a script: each call takes the next reply (or throws the
 * next error) and records the request. Usage is derived from text length, so it is predictable.
 */
export class ScriptedChatModel implements ChatModel {
  readonly id = 'scripted:test';
  readonly requests: ChatRequest[] = [];
  private readonly script: (string | Error)[];

  constructor(script: (string | Error)[]) {
    this.script = [...script];
  }

  async complete(request: ChatRequest): Promise<ChatCompletion> {
    this.requests.push(request);
    const text = this.next();
    return { text, usage: usageOf(request, text) };
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    this.requests.push(request);
    const text = this.next();
    for (let i = 0; i < text.length; i += 7) yield { type: 'delta', text: text.slice(i, i + 7) };
    yield { type: 'done', usage: usageOf(request, text) };
  }

  private next(): string {
    const step = this.script.shift();
    if (step === undefined) throw new Error('the script has no more replies');
    if (step instanceof Error) throw step;
    return step;
  }
}

export function usageOf(request: ChatRequest, text: string): ChatUsage {
  const input = request.messages.reduce((sum, message) => sum + message.content.length, 0);
  return { inputTokens: Math.ceil(input / 4), outputTokens: Math.ceil(text.length / 4) };
}
