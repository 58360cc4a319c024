import type { JsonSchema } from 'aws-cdk-lib/aws-apigateway';
import { z } from 'zod';

/** Keywords API Gateway's draft-4 validator knows; zod's output may carry others (e.g. `format: "uuid"`). */
const DRAFT4_FORMATS = new Set(['date-time', 'email', 'hostname', 'ipv4', 'ipv6', 'uri']);

/**
 * An API Gateway request model from a contract schema. API Gateway validates JSON Schema
 * draft 4, which zod emits; the CDK spells `$schema` and `$ref` as `schema` and `ref`, and a
 * format draft 4 does not define is dropped (the pattern zod emits beside it still applies).
 */
export function apiGatewayModelSchema(schema: z.ZodType, title: string): JsonSchema {
  const draft4 = z.toJSONSchema(schema, { target: 'draft-04', io: 'input' }) as Record<string, unknown>;
  return { ...(toCdk(draft4) as JsonSchema), title };
}

function toCdk(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toCdk);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'format' && typeof value === 'string' && !DRAFT4_FORMATS.has(value)) continue;
    const name = key === '$schema' ? 'schema' : key === '$ref' ? 'ref' : key;
    out[name] = key === 'properties' || key === 'definitions' ? mapValues(value as Record<string, unknown>) : toCdk(value);
  }
  return out;
}

function mapValues(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, toCdk(value)]));
}
