import AjvDraft04, { type ErrorObject, type ValidateFunction } from 'ajv-draft-04';

// A CommonJS module: under NodeNext its default import is module.exports, whose `default` is the class.
const Ajv = AjvDraft04.default;

/**
 * API Gateway's request body validation: the method's model for the request's content type is
 * a JSON Schema draft-04 document. The error string follows API Gateway's
 * `$context.error.validationErrorString` closely enough for a message, not byte for byte.
 */
export class RequestBodyValidator {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  validate(schema: Record<string, unknown>, body: string): { valid: true } | { valid: false; errors: string } {
    const key = JSON.stringify(schema);
    const validate = this.compiled.get(key) ?? this.ajv.compile(schema);
    this.compiled.set(key, validate);
    let document: unknown;
    try {
      document = JSON.parse(body);
    } catch (error) {
      return { valid: false, errors: `[Invalid JSON: ${(error as Error).message}]` };
    }
    if (validate(document)) return { valid: true };
    return { valid: false, errors: `[${(validate.errors ?? []).map(describe).join(', ')}]` };
  }
}

function describe(error: ErrorObject): string {
  const where = error.instancePath ? `instance ${error.instancePath}` : 'object';
  return `${where} ${error.message ?? error.keyword}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`;
}
