import type { z } from 'zod';
import { RagError } from '../errors.js';

/**
 * Validates a request part against its contract schema, on AWS and locally alike. A request
 * that breaks it is `invalid_request` (400), with `invalidMessage` when the route has one (so
 * the answer matches what API Gateway's own validation says) or else the first problem found.
 */
export function parseRequest<Schema extends z.ZodType>(schema: Schema, value: unknown, invalidMessage?: string): z.output<Schema> {
  // Query and path objects of HTTP frameworks have no prototype, which zod does not take for an object.
  const input = value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === null ? { ...value } : value;
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  if (invalidMessage) throw new RagError('invalid_request', invalidMessage);
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new RagError('invalid_request', `${where}${issue?.message ?? 'the request does not match the API contract'}`);
}
