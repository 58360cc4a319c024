import { splitSentences } from '../text/index.js';

/** What kind of text a unit is; key-value lines and table rows answer "what is the X" directly. */
export type UnitKind = 'sentence' | 'list_item' | 'key_value' | 'table_row' | 'heading';

/** A candidate answer: one sentence, list item, key-value line, table row or heading of a chunk. */
export interface AnswerUnit {
  /** The unit as quoted: whitespace collapsed; a table row is read with its header ("Year: 1998; Director: …"). */
  text: string;
  /** Where the unit stands in the chunk text. */
  start: number;
  end: number;
  kind: UnitKind;
  /** Position among the chunk's units, from 0. */
  index: number;
  /** Captions, bibliography and reference lines, navigation: never quoted as an answer. */
  boilerplate: boolean;
}

interface Line {
  text: string;
  start: number;
  end: number;
}

const BULLET = /^(?:[-*•·]|\d{1,3}[.)])\s+/;
const MARKDOWN_HEADING = /^#{1,6}\s+/;
const TABLE_ROW = /^\|.*\|$/;
const TABLE_RULE = /^\|?[\s:|-]+\|?$/;
// "Architect: Manuel Ibarra", "Fecha de firma: 12 de marzo de 2021": a short label, then a value.
const KEY_VALUE = /^([\p{L}][\p{L}\p{N} ()'’/.-]{0,38}[\p{L})]):\s+(\S.*)$/u;
const HEADING_MAX_CHARS = 60;

/** Splits a chunk's text into candidate answer units, in reading order. */
export function answerUnits(text: string): AnswerUnit[] {
  const units: AnswerUnit[] = [];
  const push = (unitText: string, start: number, end: number, kind: UnitKind) => {
    const collapsed = unitText.replace(/\s+/g, ' ').trim();
    if (!collapsed) return;
    units.push({ text: collapsed, start, end, kind, index: units.length, boilerplate: isBoilerplate(collapsed, kind) });
  };

  const lines = linesOf(text);
  let prose: Line[] = [];
  const flushProse = () => {
    if (prose.length === 0) return;
    const start = prose[0]!.start;
    const end = prose[prose.length - 1]!.end;
    let cursor = start;
    for (const sentence of splitSentences(text.slice(start, end))) {
      const at = text.indexOf(sentence, cursor);
      if (at < 0) continue;
      push(sentence, at, at + sentence.length, 'sentence');
      cursor = at + sentence.length;
    }
    prose = [];
  };

  let header: string[] | undefined;
  for (const line of lines) {
    const trimmed = line.text.trim();
    if (!trimmed) {
      flushProse();
      header = undefined;
      continue;
    }
    if (TABLE_ROW.test(trimmed)) {
      flushProse();
      if (TABLE_RULE.test(trimmed)) continue;
      const cells = trimmed
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim());
      if (!header) {
        header = cells;
        continue;
      }
      const read = cells
        .map((cell, i) => (cell ? (header![i] ? `${header![i]}: ${cell}` : cell) : ''))
        .filter(Boolean)
        .join('; ');
      push(read, line.start, line.end, 'table_row');
      continue;
    }
    header = undefined;
    if (MARKDOWN_HEADING.test(trimmed)) {
      flushProse();
      push(trimmed.replace(MARKDOWN_HEADING, ''), line.start, line.end, 'heading');
      continue;
    }
    if (BULLET.test(trimmed)) {
      flushProse();
      const body = trimmed.replace(BULLET, '');
      push(body, line.start + line.text.indexOf(body), line.end, KEY_VALUE.test(body) ? 'key_value' : 'list_item');
      continue;
    }
    const keyValue = KEY_VALUE.exec(trimmed);
    if (keyValue && keyValue[1]!.split(/\s+/).length <= 5 && trimmed.length <= 200 && !/[.!?]\s+\S/.test(keyValue[2]!)) {
      flushProse();
      push(trimmed, line.start + line.text.indexOf(trimmed), line.end, 'key_value');
      continue;
    }
    if (trimmed.length < HEADING_MAX_CHARS && !/[.!?…:;,]$/.test(trimmed) && prose.length === 0) {
      push(trimmed, line.start + line.text.indexOf(trimmed), line.end, 'heading');
      continue;
    }
    prose.push(line);
  }
  flushProse();
  return units;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    lines.push({ text: line, start, end: start + line.length });
    start += line.length + 1;
  }
  return lines;
}

const REFERENCE_LINE =
  /\bISBN\b|\bISSN\b|\bdoi:|\bRetrieved (?:on )?\p{Lu}?\p{L}* ?\d|\bArchived from\b|\bURL accessed\b|\bConsultado el\b|\bpp?\.\s?\d|\bet al\.|\bUniversity Press\b|\bPress, \d{4}|^\^|^\*/u;
// "Dawson, Terence J. 1995. Kangaroos…", "Smith, J. (1999). Title".
const CITATION_SHAPE = /^\p{Lu}[\p{L}'’-]+, (?:\p{Lu}[\p{L}.]*\s?)+[.,]?\s*\(?\d{4}\)?[.,]/u;
const NAVIGATION =
  /^(?:see also|references|external links|further reading|notes|bibliography|véase también|referencias|enlaces externos|bibliografía|notas|main article:|artículo principal:)\b/iu;
const CAPTION_OPENING =
  /^(?:(?:official|an?|the)\s+)?(?:[\p{L}]+\s+)?(?:portrait|photo|photograph|picture|image|painting|statue|bust|map|drawing|engraving|retrato|foto|fotografía|imagen|pintura|estatua|busto|mapa|dibujo|grabado)\b/iu;
// A finite verb or auxiliary: a caption has none ("Lincoln in 1863", "Portrait of Monroe by …").
const VERB =
  /\b(?:is|was|are|were|be|been|being|has|had|have|does|did|do|can|could|will|would|may|might|must|shall|should|became|become|es|fue|era|son|fueron|eran|está|estaba|ha|han|había|tiene|tenía|tuvo|hay|puede|se)\b|\p{L}{3,}(?:ed|ó|ió|aron|ieron|aba|ía)\b/iu;

/** A unit that is never an answer: captions, bibliography and reference lines, navigation. */
export function isBoilerplate(text: string, kind: UnitKind = 'sentence'): boolean {
  if (NAVIGATION.test(text)) return true;
  if (REFERENCE_LINE.test(text) || CITATION_SHAPE.test(text)) return true;
  if (kind === 'key_value' || kind === 'table_row' || kind === 'heading') return false;
  const words = text.split(/\s+/).length;
  if (words <= 16 && CAPTION_OPENING.test(text) && /\b(?:of|by|de|por)\b/iu.test(text)) return true;
  if (words <= 8 && !VERB.test(text) && /^\p{Lu}/u.test(text) && /\b(?:in|en|c\.|circa|hacia)\s+\d{4}\)?\.?$|\(\d{4}\)\.?$/u.test(text)) return true;
  return false;
}
