import { z } from 'zod';
import { MAX_MESSAGE_CHARS, UUID_PATTERN } from './limits.js';

/** A conversation id: the UUID an earlier answer returned. One rule on AWS and locally. */
export const conversationIdSchema = z.string().regex(new RegExp(UUID_PATTERN), 'conversationId must be a UUID returned by an earlier answer');

/** `POST /api/chat`. */
export const chatRequestSchema = z.strictObject({
  // At least one non-space character: a blank message is refused here, not by the workflow.
  message: z.string().min(1).max(MAX_MESSAGE_CHARS).regex(/\S/),
  conversationId: conversationIdSchema.optional(),
});

/** What a chat request that breaks the schema is told, on AWS (a gateway response) and locally alike. */
export const CHAT_REQUEST_INVALID_MESSAGE = `The body must be JSON with a "message" string of 1 to ${MAX_MESSAGE_CHARS} characters and an optional "conversationId" UUID.`;

export const intentSchema = z.enum(['question', 'greeting', 'smalltalk', 'off_topic']);
export const answerModeSchema = z.enum(['extractive', 'generated', 'direct']);

/** A numbered source of an answer; "[1]" in the answer text is citation n = 1. */
export const citationSchema = z.object({
  n: z.number().int().positive(),
  documentId: z.string(),
  source: z.string(),
  title: z.string(),
  page: z.number().int().optional(),
  /** Heading path inside the document, joined with " › ". */
  heading: z.string().optional(),
  /** The chunk's fused retrieval score, 0..1. */
  score: z.number(),
  /** The passage that supports the answer, about 300 characters. */
  excerpt: z.string(),
  /** The whole chunk the excerpt was cut from. */
  passage: z.string(),
});

/** A passage the answer weighed: a citation without its marker number and whole passage. */
export const chatSourceSchema = citationSchema.omit({ n: true, passage: true });

export const chatUsageSchema = z.object({
  embeddingTokens: z.number().int().nonnegative(),
  llmInputTokens: z.number().int().nonnegative(),
  llmOutputTokens: z.number().int().nonnegative(),
});

export const chatTimingsSchema = z.object({ improve: z.number(), retrieve: z.number(), answer: z.number(), total: z.number() });

/** The chat response of the product contract. */
export const chatResponseSchema = z.object({
  answer: z.string(),
  intent: intentSchema,
  language: z.string(),
  conversationId: z.string(),
  citations: z.array(citationSchema),
  usage: chatUsageSchema,
  timingsMs: chatTimingsSchema,
  /** `extractive` (offline, quoted sentences), `generated` (a chat model), or `direct` (no retrieval). */
  answerMode: answerModeSchema,
  /** The id of this answer: `POST /api/feedback` rates it. */
  messageId: z.string(),
  /** True when the documents did not support an answer. */
  notFound: z.boolean().optional(),
  /** The passages the answer weighed, best retrieved first, whether or not it quotes them. */
  sources: z.array(chatSourceSchema).optional(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatResponseBody = z.infer<typeof chatResponseSchema>;
export type CitationBody = z.infer<typeof citationSchema>;
export type ChatSourceBody = z.infer<typeof chatSourceSchema>;
export type Intent = z.infer<typeof intentSchema>;
export type AnswerMode = z.infer<typeof answerModeSchema>;
