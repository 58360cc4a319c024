import { z } from 'zod';
import { apiGatewayModelSchema } from '../../../lib/constructs/api-gateway-model.js';

describe('apiGatewayModelSchema', () => {
  test('a contract schema becomes a draft-4 model in the CDK spelling, keeping only draft-4 formats', () => {
    // prepare
    const schema = z.strictObject({
      id: z.uuid(),
      email: z.email().optional(),
      tags: z.array(z.string().min(1)).max(3),
    });

    // act
    const model = apiGatewayModelSchema(schema, 'Thing') as Record<string, any>;

    // assess
    expect(model.schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(model.$schema).toBeUndefined();
    expect(model.title).toBe('Thing');
    expect(model.additionalProperties).toBe(false);
    expect(model.required).toEqual(['id', 'tags']);
    expect(model.properties.id.format).toBeUndefined();
    expect(model.properties.id.pattern).toEqual(expect.any(String));
    expect(model.properties.email.format).toBe('email');
    expect(model.properties.tags).toEqual({ type: 'array', items: { type: 'string', minLength: 1 }, maxItems: 3 });
  });
});
