import { z } from 'zod';
import { RAG_ERROR_CODES } from './error-codes.js';

/** Every error response: `{"error":{"code","message"}}`. */
export const errorBodySchema = z.strictObject({
  error: z.strictObject({ code: z.enum(RAG_ERROR_CODES), message: z.string() }),
});
