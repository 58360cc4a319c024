import { walkHtmlStructure } from './html-structure.js';
import type { ParsedDocument, ParsedSection } from './parsed-document.js';
import { decodeWindows1252 } from './text-decoding.js';
import { singleLine, splitParagraphs, titleFromSource } from './text-structure.js';

/** MIME parts read at most; a message with more is read up to here. */
const MAX_PARTS = 500;
const SHOWN_HEADERS = ['From', 'To', 'Cc', 'Date', 'Subject'] as const;

interface MimePart {
  headers: Map<string, string>;
  body: string;
}

export interface EmailAttachment {
  name: string;
  type: string;
  bytes: number;
}

/** An attachment's decoded content, to be ingested as a document of its own. */
export interface EmailAttachmentContent {
  /** The file name the message gives, or "" when it gives none. */
  name: string;
  /** Its MIME type, lower case. */
  type: string;
  content: Uint8Array;
}

export interface EmailAttachmentLimits {
  /** Attachments read at most; the rest are named as skipped. */
  maxCount: number;
  /** Decoded bytes read at most over all attachments; an attachment that would pass it is skipped. */
  maxTotalBytes: number;
}

/** At most 20 attachments and 25 MiB of them, decoded, are read from one e-mail. */
export const DEFAULT_EMAIL_ATTACHMENT_LIMITS: EmailAttachmentLimits = { maxCount: 20, maxTotalBytes: 25 * 1024 * 1024 };

interface WalkedMessage {
  message: MimePart;
  plain: string[];
  html: string[];
  attachments: (EmailAttachment & { latin1: string })[];
}

/**
 * An e-mail (RFC 5322, MIME): its headers (From, To, Cc, Date, Subject) as one paragraph, the
 * plain-text body (or the HTML body when there is no plain one), and its attachments listed by
 * name, type and size. The attachments' content is read by {@link readEmlAttachments}, which
 * ingestion uses to make each one a document of its own.
 */
export function parseEml(source: string, bytes: Uint8Array): ParsedDocument {
  const { message, plain, html, attachments: found } = walkMessage(bytes);
  const attachments: EmailAttachment[] = found.map(({ name, type, bytes: size }) => ({ name: name || '(unnamed)', type, bytes: size }));

  const sections: ParsedSection[] = [];
  const headerLines = SHOWN_HEADERS.flatMap((name) => {
    const value = message.headers.get(name.toLowerCase());
    return value ? [`${name}: ${singleLine(decodeEncodedWords(value))}`] : [];
  });
  // "; " rather than line breaks, which cleaning folds into spaces.
  if (headerLines.length > 0) sections.push({ headingPath: [], text: headerLines.join('; ') });
  if (plain.length > 0) {
    for (const body of plain) for (const paragraph of splitParagraphs(body)) sections.push({ headingPath: [], text: paragraph });
  } else {
    for (const body of html) sections.push(...walkHtmlStructure(body).sections);
  }
  if (attachments.length > 0) {
    sections.push({
      headingPath: ['Attachments'],
      text: attachments.map((attachment) => `${attachment.name} (${attachment.type}, ${formatSize(attachment.bytes)})`).join('; '),
    });
  }
  const subject = singleLine(decodeEncodedWords(message.headers.get('subject') ?? ''));
  return {
    source,
    format: 'eml',
    title: subject || titleFromSource(source),
    sections: mergeUntitled(sections),
    metadata: { attachments },
  };
}

/**
 * The attachments of an e-mail with their decoded content, in message order, within the limits:
 * past the count or the total size, an attachment is returned in `skipped` with the reason.
 */
export function readEmlAttachments(
  bytes: Uint8Array,
  limits: EmailAttachmentLimits = DEFAULT_EMAIL_ATTACHMENT_LIMITS,
): { attachments: EmailAttachmentContent[]; skipped: { name: string; type: string; reason: string }[] } {
  const attachments: EmailAttachmentContent[] = [];
  const skipped: { name: string; type: string; reason: string }[] = [];
  let total = 0;
  for (const found of walkMessage(bytes).attachments) {
    if (attachments.length >= limits.maxCount) {
      skipped.push({ name: found.name, type: found.type, reason: `only the first ${limits.maxCount} attachments of an e-mail are read` });
      continue;
    }
    if (total + found.bytes > limits.maxTotalBytes) {
      skipped.push({
        name: found.name,
        type: found.type,
        reason: `the e-mail's attachments pass ${formatSize(limits.maxTotalBytes)} in all, the limit read per e-mail`,
      });
      continue;
    }
    total += found.bytes;
    attachments.push({ name: found.name, type: found.type, content: new Uint8Array(Buffer.from(found.latin1, 'latin1')) });
  }
  return { attachments, skipped };
}

/**
 * Ingest reads an e-mail twice from the same bytes (its text, then its attachments' content), so
 * the walk, which decodes every attachment, is kept with the bytes and done once.
 */
const walkedMessages = new WeakMap<Uint8Array, WalkedMessage>();

function walkMessage(bytes: Uint8Array): WalkedMessage {
  let walked = walkedMessages.get(bytes);
  if (!walked) {
    walked = walkMessageOnce(bytes);
    walkedMessages.set(bytes, walked);
  }
  return walked;
}

function walkMessageOnce(bytes: Uint8Array): WalkedMessage {
  // Latin-1 maps each byte to one character, so byte-oriented MIME structure survives until each part is decoded.
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const message = splitPart(raw);
  const walked: WalkedMessage = { message, plain: [], html: [], attachments: [] };

  const queue: MimePart[] = [message];
  let parts = 0;
  while (queue.length > 0 && parts < MAX_PARTS) {
    const part = queue.shift()!;
    parts += 1;
    const { type, parameters } = parseHeaderValue(part.headers.get('content-type') ?? 'text/plain');
    const disposition = parseHeaderValue(part.headers.get('content-disposition') ?? '');
    const fileName = decodeEncodedWords(disposition.parameters.filename ?? parameters.name ?? '');
    if (type.startsWith('multipart/') && parameters.boundary) {
      queue.unshift(...splitMultipart(part.body, parameters.boundary).map(splitPart));
      continue;
    }
    const content = decodeTransfer(part.body, part.headers.get('content-transfer-encoding') ?? '');
    const isAttachment = disposition.type === 'attachment' || fileName !== '' || !(type === 'text/plain' || type === 'text/html');
    if (isAttachment) {
      walked.attachments.push({ name: fileName, type, bytes: content.length, latin1: content });
      continue;
    }
    const text = decodeCharset(content, parameters.charset);
    (type === 'text/html' ? walked.html : walked.plain).push(text);
  }
  return walked;
}

/** Consecutive sections without headings become one, paragraphs separated by blank lines. */
function mergeUntitled(sections: ParsedSection[]): ParsedSection[] {
  const merged: ParsedSection[] = [];
  for (const section of sections) {
    const last = merged.at(-1);
    if (last && last.headingPath.join('\u0000') === section.headingPath.join('\u0000')) last.text += `\n\n${section.text}`;
    else merged.push({ ...section });
  }
  return merged;
}

function splitPart(raw: string): MimePart {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  const lines = body.split(/\r?\n/);
  let current: string[] | undefined;
  for (const line of lines) {
    if (line.startsWith(delimiter)) {
      if (current) parts.push(current.join('\r\n'));
      if (line.startsWith(`${delimiter}--`)) return parts;
      current = [];
    } else current?.push(line);
  }
  if (current) parts.push(current.join('\r\n'));
  return parts;
}

/** "text/plain; charset=utf-8; name=\"a b.txt\"" → type and lower-case parameter names. */
function parseHeaderValue(value: string): { type: string; parameters: Record<string, string> } {
  const [type = '', ...rest] = value.split(';');
  const parameters: Record<string, string> = {};
  for (const parameter of rest) {
    const equals = parameter.indexOf('=');
    if (equals < 0) continue;
    const name = parameter.slice(0, equals).trim().toLowerCase().replace(/\*$/, '');
    let parameterValue = parameter
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    // RFC 2231: filename*=utf-8''Informe%20anual.pdf
    const extended = /^([\w-]+)'[^']*'(.*)$/.exec(parameterValue);
    if (extended) parameterValue = decodeCharset(Buffer.from(decodeURIComponent(extended[2]!), 'utf8').toString('latin1'), extended[1]);
    parameters[name] = parameterValue;
  }
  return { type: type.trim().toLowerCase(), parameters };
}

/** Undoes base64 or quoted-printable; the result is still one character per byte. */
function decodeTransfer(body: string, encoding: string): string {
  const kind = encoding.trim().toLowerCase();
  if (kind === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('latin1');
  if (kind === 'quoted-printable')
    return body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return body;
}

/** Bytes (one character per byte) in the named charset as text; UTF-8 when none is named. */
function decodeCharset(latin1: string, charset = 'utf-8'): string {
  const bytes = Buffer.from(latin1, 'latin1');
  const name = charset.trim().toLowerCase();
  if (['iso-8859-1', 'latin1', 'windows-1252', 'cp1252', 'us-ascii', 'ascii'].includes(name) && !isUtf8(bytes)) return decodeWindows1252(bytes);
  if (name === 'utf-8' || name === 'utf8' || name === 'us-ascii' || name === 'ascii') return bytes.toString('utf8');
  try {
    return new TextDecoder(name).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** RFC 2047 encoded words (=?utf-8?B?…?=, =?iso-8859-1?Q?…?=) in a header; raw 8-bit headers are read as UTF-8. */
export function decodeEncodedWords(value: string): string {
  const raw = /[\u0080-\u00ff]/.test(value) && isUtf8(Buffer.from(value, 'latin1')) ? Buffer.from(value, 'latin1').toString('utf8') : value;
  const withoutGaps = raw.replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1');
  return withoutGaps.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, kind: string, text: string) => {
    const bytes =
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('latin1')
        : text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (__, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    return decodeCharset(bytes, charset.split('*')[0]);
  });
}

function formatSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
