import { z } from 'zod';

const name = z.string().min(1).max(200);
const instant = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 date');

/** The filters a chat request may add to narrow its search (never to widen it). */
export const chatScopeFiltersSchema = z.strictObject({
  sourcePrefix: z.string().min(1).max(1024).optional(),
  formats: z.array(name).max(50).optional(),
  languages: z.array(name).max(50).optional(),
  updatedFrom: instant.optional(),
  updatedTo: instant.optional(),
});

/** `POST /api/chat`'s scope: `collections` to search among those the caller may read, and `filters`. */
export const chatScopeSchema = z.strictObject({
  collections: z.array(name).max(50).optional(),
  filters: chatScopeFiltersSchema.optional(),
});

export type ChatScope = z.infer<typeof chatScopeSchema>;
