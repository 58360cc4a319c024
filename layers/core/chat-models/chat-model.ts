export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ChatRequest {
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  /** Ask for a JSON object reply (OpenAI response_format json_object; Bedrock via instruction). */
  json?: boolean;
  signal?: AbortSignal;
}

export interface ChatCompletion {
  text: string;
  usage: ChatUsage;
}

export type ChatStreamEvent = { type: 'delta'; text: string } | { type: 'done'; usage: ChatUsage };

/** Port: a chat LLM. */
export interface ChatModel {
  /** e.g. "openai:gpt-4o-mini" or "bedrock:anthropic.claude-3-5-haiku-20241022-v1:0". */
  readonly id: string;
  complete(request: ChatRequest): Promise<ChatCompletion>;
  /** Token-by-token reply; ends with one `done` event carrying usage. */
  stream(request: ChatRequest): AsyncIterable<ChatStreamEvent>;
}
