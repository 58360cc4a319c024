import velocity from 'amplify-velocity-template';
import { JavaString, javaValue } from './java-string.js';
import { selectJsonPath } from './json-path.js';

/** `$input.params()`: the method request's parameters by location. */
export interface RequestParameters {
  path: Record<string, string>;
  querystring: Record<string, string>;
  header: Record<string, string>;
}

/** The `$context` variables a template can read (and `responseOverride`, which it can write). */
export interface TemplateContext {
  requestId: string;
  extendedRequestId?: string;
  accountId: string;
  apiId: string;
  stage: string;
  httpMethod: string;
  resourcePath: string;
  resourceId?: string;
  path: string;
  protocol?: string;
  requestTime?: string;
  requestTimeEpoch?: number;
  domainName?: string;
  identity: { sourceIp: string; userAgent?: string };
  authorizer?: { claims?: Record<string, string>; principalId?: string };
  error?: { message: string; messageString: string; responseType: string; validationErrorString?: string };
}

export interface TemplateInput {
  /** The raw body: the method request's, or the integration's response. */
  body: string;
  params: RequestParameters;
  context: TemplateContext;
  stageVariables?: Record<string, string>;
}

export interface TemplateResult {
  output: string;
  /** What the template set in `$context.responseOverride` (status, headers). */
  statusOverride?: number;
  headerOverrides: Record<string, string>;
}

/**
 * Renders an API Gateway mapping template with a Velocity engine, offering the variables API
 * Gateway documents: `$input` (body, json, path, params), `$util` (escapeJavaScript,
 * parseJson, base64Encode/Decode, urlEncode/Decode), `$context` and `$stageVariables`.
 */
export function renderTemplate(template: string, input: TemplateInput): TemplateResult {
  const parsedBody = lazyJson(input.body);
  const responseOverride: { status?: unknown; header: Record<string, unknown> } = { header: {} };
  const variables = {
    input: {
      body: new JavaString(input.body),
      json: (path: unknown) => new JavaString(JSON.stringify(selectJsonPath(parsedBody(), String(path))) ?? ''),
      path: (path: unknown) => javaValue(selectJsonPath(parsedBody(), String(path)) ?? ''),
      params: (name?: unknown) => {
        if (name === undefined) return javaValue(input.params);
        const key = String(name);
        const value = input.params.path[key] ?? input.params.querystring[key] ?? headerValue(input.params.header, key);
        return new JavaString(value ?? '');
      },
    },
    util: {
      escapeJavaScript: (value: unknown) => new JavaString(escapeJavaScript(String(value ?? ''))),
      parseJson: (value: unknown) => javaValue(JSON.parse(String(value))),
      toJson: (value: unknown) => new JavaString(JSON.stringify(value)),
      base64Encode: (value: unknown) => new JavaString(Buffer.from(String(value), 'utf8').toString('base64')),
      base64Decode: (value: unknown) => new JavaString(Buffer.from(String(value), 'base64').toString('utf8')),
      urlEncode: (value: unknown) =>
        new JavaString(
          encodeURIComponent(String(value))
            .replace(/%20/g, '+')
            .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
        ),
      urlDecode: (value: unknown) => new JavaString(decodeURIComponent(String(value).replace(/\+/g, ' '))),
    },
    context: { ...(javaValue(input.context) as object), responseOverride },
    stageVariables: javaValue(input.stageVariables ?? {}),
  };
  const compiler = new velocity.Compile(velocity.parse(template), {
    escape: false,
    valueMapper: (value: unknown) => javaValue(value),
  });
  const output = compiler.render(variables);
  const status = responseOverride.status === undefined ? undefined : Number(String(responseOverride.status));
  const headerOverrides = Object.fromEntries(Object.entries(responseOverride.header).map(([name, value]) => [name, String(value)]));
  return { output, ...(status === undefined ? {} : { statusOverride: status }), headerOverrides };
}

function lazyJson(body: string): () => unknown {
  let parsed: { value: unknown } | undefined;
  return () => {
    if (!parsed) {
      try {
        parsed = { value: body.trim() === '' ? {} : JSON.parse(body) };
      } catch {
        throw new Error('Invalid JSON in the body for $input.json/$input.path');
      }
    }
    return parsed.value;
  };
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

/**
 * Java's StringEscapeUtils.escapeJavaScript (commons-lang 2), which `$util.escapeJavaScript`
 * is: quotes, backslash and slash escaped, control characters and everything beyond ASCII as
 * `\uXXXX` (upper-case hex).
 */
export function escapeJavaScript(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    if (code > 0xffff) {
      // Outside the BMP: Java escapes each UTF-16 unit of the surrogate pair.
      for (const unit of [char.charCodeAt(0), char.charCodeAt(1)]) out += `\\u${unit.toString(16).toUpperCase()}`;
    } else if (code > 0x7f) {
      out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    } else if (code < 32) {
      const named: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
      out += named[code] ?? `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    } else if (char === '"' || char === "'" || char === '\\' || char === '/') {
      out += `\\${char}`;
    } else {
      out += char;
    }
  }
  return out;
}
