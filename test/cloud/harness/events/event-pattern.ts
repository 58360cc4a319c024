/**
 * EventBridge event pattern matching, for the operators the template's rules use and the common others: exact
 * values, prefix, suffix, anything-but (values, prefix, suffix), exists, numeric ranges, equals-ignore-case and
 * wildcard. Every field of the pattern must match; within a field, any listed matcher may.
 */

type Matcher = string | number | boolean | null | Record<string, unknown>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wildcardToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 's');
}

function numericMatches(conditions: unknown[], value: unknown): boolean {
  if (typeof value !== 'number') return false;
  for (let index = 0; index < conditions.length; index += 2) {
    const operator = conditions[index];
    const bound = Number(conditions[index + 1]);
    const holds =
      operator === '='
        ? value === bound
        : operator === '>'
          ? value > bound
          : operator === '>='
            ? value >= bound
            : operator === '<'
              ? value < bound
              : operator === '<='
                ? value <= bound
                : undefined;
    if (holds === undefined) throw new Error(`Unsupported numeric operator ${String(operator)}`);
    if (!holds) return false;
  }
  return true;
}

function matchOne(matcher: Matcher, value: unknown): boolean {
  if (!isPlainObject(matcher)) return value === matcher;
  const [operator, argument] = Object.entries(matcher)[0] ?? [];
  switch (operator) {
    case 'prefix':
      if (isPlainObject(argument) && 'equals-ignore-case' in argument) {
        return typeof value === 'string' && value.toLowerCase().startsWith(String(argument['equals-ignore-case']).toLowerCase());
      }
      return typeof value === 'string' && value.startsWith(String(argument));
    case 'suffix':
      if (isPlainObject(argument) && 'equals-ignore-case' in argument) {
        return typeof value === 'string' && value.toLowerCase().endsWith(String(argument['equals-ignore-case']).toLowerCase());
      }
      return typeof value === 'string' && value.endsWith(String(argument));
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === String(argument).toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && wildcardToRegExp(String(argument)).test(value);
    case 'numeric':
      return numericMatches(argument as unknown[], value);
    case 'anything-but': {
      if (isPlainObject(argument)) return value !== undefined && !matchOne(argument as Matcher, value);
      const excluded = Array.isArray(argument) ? argument : [argument];
      return value !== undefined && !excluded.includes(value);
    }
    default:
      throw new Error(`Unsupported event pattern operator ${String(operator)}`);
  }
}

function fieldMatches(matchers: unknown[], value: unknown, present: boolean): boolean {
  return matchers.some((matcher) => {
    if (isPlainObject(matcher) && 'exists' in matcher) return matcher.exists === present;
    if (!present) return false;
    const values = Array.isArray(value) ? value : [value];
    return values.some((item) => matchOne(matcher as Matcher, item));
  });
}

/** Whether an event matches an EventBridge event pattern. */
export function matchesEventPattern(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([field, expected]) => {
    if (field === '$or') throw new Error('Unsupported event pattern operator $or');
    const present = Object.hasOwn(event, field);
    const value = event[field];
    if (isPlainObject(expected)) return present && isPlainObject(value) && matchesEventPattern(expected, value);
    if (!Array.isArray(expected)) throw new Error(`Event pattern field ${field} must be an array or an object`);
    return fieldMatches(expected, value, present);
  });
}
