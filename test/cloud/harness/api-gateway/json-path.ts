/**
 * The JSONPath subset API Gateway templates use in `$input.path` and `$input.json`: `$`,
 * `.name`, `['name']` / `["name"]` and `[index]`. Anything else is refused loudly rather
 * than guessed at.
 */
export function selectJsonPath(document: unknown, path: string): unknown {
  if (!path.startsWith('$')) throw new Error(`JSONPath must start with $: ${path}`);
  let current: unknown = document;
  const pattern = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/gy;
  pattern.lastIndex = 1;
  while (pattern.lastIndex < path.length) {
    const start = pattern.lastIndex;
    const match = pattern.exec(path);
    if (!match) throw new Error(`Unsupported JSONPath at ${start}: ${path}`);
    const key = match[1] ?? match[3] ?? match[4];
    if (current === null || current === undefined) return undefined;
    if (key !== undefined) current = typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
    else current = Array.isArray(current) ? current[Number(match[2])] : undefined;
  }
  return current;
}
