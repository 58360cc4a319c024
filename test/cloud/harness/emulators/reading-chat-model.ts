/** One turn of a chat prompt, as both OpenAI's chat completions and Bedrock's Converse carry it once flattened. */
export interface PromptMessage {
  readonly role: string;
  readonly content: string;
}

function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[a-záéíóúñü]{4,}/g) ?? []);
}

/**
 * A chat model that reads its prompts, so the harness's model servers (OpenAI-compatible and
 * Bedrock) answer the way the workflow expects a real model to: the improve prompt gets the
 * triage JSON for the message, and the answer prompt gets the first sentence of the document
 * block that shares the most words with the question, cited by that block's index.
 */
export function readingModelReply(messages: readonly PromptMessage[]): string {
  const system = messages.find((message) => message.role === 'system')?.content ?? '';
  const user = messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
  if (system.startsWith('You triage')) {
    const message = /<message>([\s\S]*?)<\/message>/.exec(user)?.[1]?.trim() ?? user;
    return JSON.stringify({ intent: 'question', language: 'en', standalone_query: message });
  }
  const question = words(user.replace(/<documents>[\s\S]*<\/documents>/, ''));
  const blocks = [...user.matchAll(/<document index="(\d+)"[^>]*>\n([\s\S]*?)\n<\/document>/g)].map((match) => ({ index: match[1], text: match[2] ?? '' }));
  const best = blocks
    .map((block) => ({ ...block, overlap: [...words(block.text)].filter((word) => question.has(word)).length }))
    .sort((a, b) => b.overlap - a.overlap)[0];
  if (!best || best.overlap === 0) return 'The documents do not say.';
  const sentence = best.text.split(/(?<=\.)\s/).find((part) => [...words(part)].some((word) => question.has(word))) ?? best.text;
  return `${sentence.trim()} [${best.index}]`;
}

interface ConverseRequest {
  system?: { text?: string }[];
  messages?: { role?: string; content?: { text?: string }[] }[];
}

/** Converse's system blocks and content blocks, flattened into one text per turn. */
export function converseMessages(body: ConverseRequest): PromptMessage[] {
  const text = (blocks: { text?: string }[] | undefined) => (blocks ?? []).map((block) => block.text ?? '').join('\n');
  const system = body.system?.length ? [{ role: 'system', content: text(body.system) }] : [];
  return [...system, ...(body.messages ?? []).map((message) => ({ role: message.role ?? 'user', content: text(message.content) }))];
}
