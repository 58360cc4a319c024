/**
 * A string with the methods VTL templates call on java.lang.String, with Java's semantics:
 * `replaceAll` and `matches` take a regular expression (JavaScript's `replaceAll` takes a
 * literal), and a replacement's `\` escapes the next character. API Gateway runs VTL on the
 * JVM, so a template like `.replaceAll("\\'", "'")` means "backslash-quote → quote".
 */
export class JavaString {
  constructor(private readonly value: string) {}

  toString(): string {
    return this.value;
  }

  valueOf(): string {
    return this.value;
  }

  /** The velocity engine compares values through toJSON. */
  toJSON(): string {
    return this.value;
  }

  length(): number {
    return this.value.length;
  }

  isEmpty(): boolean {
    return this.value.length === 0;
  }

  replaceAll(regex: unknown, replacement: unknown): JavaString {
    return new JavaString(this.value.replace(new RegExp(String(regex), 'gu'), javaReplacement(String(replacement))));
  }

  replaceFirst(regex: unknown, replacement: unknown): JavaString {
    return new JavaString(this.value.replace(new RegExp(String(regex), 'u'), javaReplacement(String(replacement))));
  }

  /** Literal replacement of every occurrence, as String.replace(CharSequence, CharSequence). */
  replace(target: unknown, replacement: unknown): JavaString {
    return new JavaString(this.value.split(String(target)).join(String(replacement)));
  }

  matches(regex: unknown): boolean {
    return new RegExp(`^(?:${String(regex)})$`, 'u').test(this.value);
  }

  contains(part: unknown): boolean {
    return this.value.includes(String(part));
  }

  startsWith(prefix: unknown): boolean {
    return this.value.startsWith(String(prefix));
  }

  endsWith(suffix: unknown): boolean {
    return this.value.endsWith(String(suffix));
  }

  indexOf(part: unknown): number {
    return this.value.indexOf(String(part));
  }

  substring(start: number, end?: number): JavaString {
    return new JavaString(this.value.substring(start, end));
  }

  trim(): JavaString {
    return new JavaString(this.value.trim());
  }

  toLowerCase(): JavaString {
    return new JavaString(this.value.toLowerCase());
  }

  toUpperCase(): JavaString {
    return new JavaString(this.value.toUpperCase());
  }

  equals(other: unknown): boolean {
    return other !== null && other !== undefined && String(other) === this.value;
  }

  split(regex: unknown): JavaString[] {
    return this.value.split(new RegExp(String(regex), 'u')).map((part) => new JavaString(part));
  }
}

/** Java's replacement syntax (`$1` a group, `\x` a literal x) in JavaScript's (`$1`, `$$`). */
function javaReplacement(replacement: string): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const char = replacement[i] as string;
    if (char === '\\' && i + 1 < replacement.length) {
      const next = replacement[++i] as string;
      out += next === '$' ? '$$' : next;
    } else {
      out += char;
    }
  }
  return out;
}

/** Wraps strings (deeply) so templates see Java strings wherever they reach one. */
export function javaValue(value: unknown): unknown {
  if (typeof value === 'string') return new JavaString(value);
  if (Array.isArray(value)) return value.map(javaValue);
  if (value && typeof value === 'object' && !(value instanceof JavaString)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, javaValue(item)]));
  }
  return value;
}
