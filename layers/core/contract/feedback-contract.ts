import { z } from 'zod';
import { UUID_PATTERN } from './limits.js';

/** The longest feedback comment kept. */
export const MAX_FEEDBACK_COMMENT_CHARS = 2000;

/** `POST /api/feedback`: a rating of one assistant message, by the `messageId` its chat response returned. */
export const feedbackRequestSchema = z.strictObject({
  messageId: z.string().regex(new RegExp(UUID_PATTERN), 'messageId must be the UUID a chat response returned'),
  rating: z.enum(['up', 'down']),
  comment: z.string().max(MAX_FEEDBACK_COMMENT_CHARS).optional(),
  /** The document that should have answered (its source), when the rater knows it. */
  goldSource: z.string().min(1).max(1024).optional(),
});

export const feedbackResponseSchema = z.object({
  messageId: z.string(),
  rating: z.enum(['up', 'down']),
  comment: z.string().optional(),
  goldSource: z.string().optional(),
  /** True when this rating replaced an earlier one of the same message. */
  replaced: z.boolean(),
  updatedAt: z.string(),
});

export type FeedbackRequest = z.infer<typeof feedbackRequestSchema>;
export type FeedbackResponseBody = z.infer<typeof feedbackResponseSchema>;
