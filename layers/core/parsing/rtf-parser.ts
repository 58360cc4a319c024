import type { ParsedDocument } from './parsed-document.js';
import { decodeWindows1252 } from './text-decoding.js';
import { SectionBuilder, singleLine, titleFromSource } from './text-structure.js';

/** Destinations whose content is not reading text: font and colour tables, pictures, fields' instructions… */
const SKIPPED_DESTINATIONS = new Set([
  'fonttbl',
  'colortbl',
  'stylesheet',
  'listtable',
  'listoverridetable',
  'revtbl',
  'rsidtbl',
  'generator',
  'pict',
  'object',
  'fldinst',
  'themedata',
  'colorschememapping',
  'latentstyles',
  'datastore',
  'xmlnstbl',
  'header',
  'footer',
  'headerl',
  'headerr',
  'headerf',
  'footerl',
  'footerr',
  'footerf',
  'bkmkstart',
  'bkmkend',
  'filetbl',
  'pgdsctbl',
  'mmathPr',
]);

/** Other single-byte code pages RTF names with \ansicpgN; 1252, the default, is decoded by hand. */
const CODE_PAGES: Record<number, string> = {
  1250: 'windows-1250',
  1251: 'windows-1251',
  1253: 'windows-1253',
  1254: 'windows-1254',
  1255: 'windows-1255',
  1256: 'windows-1256',
  1257: 'windows-1257',
  1258: 'windows-1258',
  10000: 'macintosh',
};

interface Group {
  skip: boolean;
  /** How many fallback characters follow a \uN. */
  unicodeSkip: number;
  destination?: string;
}

/**
 * RTF as text, not markup: control words and skipped destinations are dropped, \par ends a
 * paragraph, table cells are separated by " | ", and \'hh and \uN escapes are decoded.
 * Linear and iterative, so deep groups cost nothing. Style-based headings are not recognised.
 */
export function parseRtf(source: string, rtf: string): ParsedDocument {
  const builder = new SectionBuilder();
  let decode: (bytes: Uint8Array) => string = decodeWindows1252;
  const stack: Group[] = [];
  let group: Group = { skip: false, unicodeSkip: 1 };
  let paragraph = '';
  let pendingBytes: number[] = [];
  let fallbackToSkip = 0;
  let title = '';

  const flushBytes = () => {
    if (pendingBytes.length === 0) return;
    const text = decode(Uint8Array.from(pendingBytes));
    pendingBytes = [];
    append(text);
  };
  const append = (text: string) => {
    if (group.skip) return;
    if (group.destination === 'title') title += text;
    else if (group.destination === undefined) paragraph += text;
  };
  const endParagraph = () => {
    flushBytes();
    builder.paragraph(singleLine(paragraph));
    paragraph = '';
  };

  for (let i = 0; i < rtf.length; i += 1) {
    const char = rtf[i]!;
    if (char === '{') {
      flushBytes();
      stack.push(group);
      group = { ...group };
      // A group that starts with \* is an optional destination: skipped unless we know it.
      if (rtf.startsWith('\\*', i + 1)) group.skip = true;
      continue;
    }
    if (char === '}') {
      flushBytes();
      group = stack.pop() ?? { skip: false, unicodeSkip: 1 };
      continue;
    }
    if (char === '\r' || char === '\n') continue;
    if (char !== '\\') {
      if (fallbackToSkip > 0) {
        fallbackToSkip -= 1;
        continue;
      }
      flushBytes();
      append(char);
      continue;
    }
    const next = rtf[i + 1];
    if (next === undefined) break;
    if (next === "'") {
      const byte = Number.parseInt(rtf.slice(i + 2, i + 4), 16);
      i += 3;
      if (fallbackToSkip > 0) {
        fallbackToSkip -= 1;
        continue;
      }
      if (!Number.isNaN(byte)) pendingBytes.push(byte);
      continue;
    }
    if (!/[a-zA-Z]/.test(next)) {
      i += 1;
      flushBytes();
      if (next === '~') append('\u00a0');
      else if (next === '_') append('\u2011');
      else if (next === '\\' || next === '{' || next === '}') append(next);
      else if (next === '\n' || next === '\r') endParagraph();
      continue;
    }
    const match = /^([a-zA-Z]{1,32})(-?\d{1,10})? ?/.exec(rtf.slice(i + 1, i + 45))!;
    i += match[0].length;
    const word = match[1]!;
    const parameter = match[2] === undefined ? undefined : Number(match[2]);
    if (word !== 'u') flushBytes();
    switch (word) {
      case 'row':
        paragraph = paragraph.replace(/ \| $/, '');
        if (!group.skip && group.destination === undefined) endParagraph();
        break;
      case 'par':
      case 'sect':
      case 'page':
        if (!group.skip && group.destination === undefined) endParagraph();
        break;
      case 'line':
        append('\n');
        break;
      case 'tab':
        append('\t');
        break;
      case 'cell':
        append(' | ');
        break;
      case 'emdash':
        append('—');
        break;
      case 'endash':
        append('–');
        break;
      case 'bullet':
        append('•');
        break;
      case 'lquote':
        append('‘');
        break;
      case 'rquote':
        append('’');
        break;
      case 'ldblquote':
        append('“');
        break;
      case 'rdblquote':
        append('”');
        break;
      case 'uc':
        group.unicodeSkip = parameter ?? 1;
        break;
      case 'u':
        flushBytes();
        if (parameter !== undefined) append(String.fromCharCode(parameter < 0 ? parameter + 65_536 : parameter));
        fallbackToSkip = group.unicodeSkip;
        break;
      case 'ansicpg': {
        const encoding = parameter === undefined ? undefined : CODE_PAGES[parameter];
        if (encoding) {
          const decoder = new TextDecoder(encoding);
          decode = (bytes) => decoder.decode(bytes);
        }
        break;
      }
      case 'title':
        group.destination = 'title';
        break;
      case 'info':
        group.destination = 'info';
        break;
      default:
        if (SKIPPED_DESTINATIONS.has(word)) group.skip = true;
    }
  }
  endParagraph();

  return {
    source,
    format: 'rtf',
    title: singleLine(title) || titleFromSource(source),
    sections: builder.build(),
    metadata: {},
  };
}
