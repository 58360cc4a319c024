import { DocumentError } from '../errors.js';
import type { ParsedDocument, ParsedSection } from './parsed-document.js';
import { singleLine, titleFromSource } from './text-structure.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * JSON as readable key paths, "a.b[0].c: value" pairs separated by "; " (as sheet rows are),
 * so a retrieved passage says where each value sits. A top-level array (a list of records) gives one paragraph per record;
 * a top-level object one section per key, whose arrays of records again give one paragraph each.
 */
export function parseJson(source: string, text: string): ParsedDocument {
  let value: Json;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, '')) as Json;
  } catch (error) {
    if (error instanceof RangeError) throw error; // nested too deeply: reported as too_complex
    throw new DocumentError(source, 'corrupt', `is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const sections: ParsedSection[] = [];
  if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      const path = keyPath('', key);
      const paragraphs =
        Array.isArray(child) && child.some(isContainer) ? child.map((item, index) => leafLines(item, `${path}[${index}]`)) : [leafLines(child, path)];
      pushSection(sections, [path], paragraphs);
    }
  } else if (Array.isArray(value)) {
    pushSection(
      sections,
      [],
      value.map((item, index) => leafLines(item, `[${index}]`)),
    );
  } else {
    pushSection(sections, [], [leafLines(value, '')]);
  }
  return {
    source,
    format: 'json',
    title: isObject(value) && typeof value.title === 'string' && singleLine(value.title) ? singleLine(value.title) : titleFromSource(source),
    sections,
    metadata: {},
  };
}

function pushSection(sections: ParsedSection[], headingPath: string[], paragraphs: string[]): void {
  const text = paragraphs.filter((paragraph) => paragraph.trim()).join('\n\n');
  if (text) sections.push({ headingPath, text });
}

/** Every scalar under `value` as "path: value", depth first, without recursion; cleaning would fold line breaks into spaces, so pairs are joined by "; ". */
function leafLines(value: Json, path: string): string {
  const lines: string[] = [];
  const stack: [Json, string][] = [[value, path]];
  while (stack.length > 0) {
    const [current, at] = stack.pop()!;
    if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index -= 1) stack.push([current[index]!, `${at}[${index}]`]);
    } else if (isObject(current)) {
      const entries = Object.entries(current);
      for (let index = entries.length - 1; index >= 0; index -= 1) stack.push([entries[index]![1], keyPath(at, entries[index]![0])]);
    } else {
      const scalar = current === null ? 'null' : singleLine(String(current));
      lines.push(at ? `${at}: ${scalar}` : scalar);
    }
  }
  return lines.join('; ');
}

/** "a" + "b" → "a.b"; keys that are not plain names are quoted: a["first name"]. */
function keyPath(parent: string, key: string): string {
  if (/^[\p{L}_$][\p{L}\p{N}_$-]*$/u.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isContainer(value: Json): boolean {
  return typeof value === 'object' && value !== null;
}
