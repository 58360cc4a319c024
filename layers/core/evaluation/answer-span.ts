import { answerText } from './answer-metrics.js';

/**
 * The short answer an answer commits to, for EM/F1. Answers highlight it in bold
 * ("**Teodora Alcázar** designed it … [1]"); an answer without a bold span is scored on its
 * quoted text, without the label that introduces the quote or the [n] markers.
 */
export function answerSpan(answer: string): string {
  return highlightedSpan(answer) ?? quotedText(answer);
}

/** The first `**…**` span of an answer, if it has one. */
export function highlightedSpan(answer: string): string | undefined {
  const match = /\*\*([^*]+?)\*\*/u.exec(answer);
  const span = match?.[1]?.trim();
  return span ? answerText(span) : undefined;
}

// A lead-in names the quoted document: `From “Title”:`, `According to "Title",`,
// `Quote from “Title”:`, `Según «Título»:`, `En «Título»:`, `Cita de «Título»:`.
const TITLED_LEAD_IN = /^(?:[\p{L}]+\s+){0,2}?(?:from|according to|in|según|de|del|en|desde)\s+[“"«‘'][^”"»’'\n]{1,200}[”"»’']\s*(?:\[\d+\])?\s*[:,—–-]\s*/iu;
// The label the offline answer opens with ("Extractive answer: sentences quoted from your
// documents.") and bare quote labels ("Quote:", "Cita:").
const ANSWER_LABEL = /^(?:extractive answer|respuesta extractiva)\b[^.\n]*\.\s*/iu;
const QUOTE_LABEL = /^(?:quote|quoted text|cita|texto citado|from the documents|según los documentos)\s*:\s*/iu;
// A supported yes/no answer opens with its verdict ("Yes. From “Title”: …"); it is not quoted text.
const VERDICT = /^(?:yes|no|sí|si)[.,]\s+/iu;
// Typographic quotation marks frame each quoted unit; the document's text has none of them.
const FRAMING_QUOTES = /[“”«»]/gu;
const WRAPPING_QUOTES = /^["‘']+|["’']+$/gu;

/** An answer's quoted text: labels, lead-ins, [n] markers, bold markers and wrapping quotes removed. */
export function quotedText(answer: string): string {
  const lines = answer
    .replace(/\*\*/g, '')
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => line.replace(VERDICT, '').replace(ANSWER_LABEL, '').replace(QUOTE_LABEL, '').replace(TITLED_LEAD_IN, '').trim())
    .filter(Boolean)
    .map((line) =>
      answerText(line)
        .replace(/\s+([.,;:!?»”])/gu, '$1')
        .replace(FRAMING_QUOTES, '')
        .replace(WRAPPING_QUOTES, '')
        .trim(),
    );
  return lines.join(' ').trim();
}
