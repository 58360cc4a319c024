import { Lexer, type Token, type Tokens } from 'marked';
import { Fragment, memo, type ReactNode } from 'react';

/** Renders a citation marker; given the marker number, returns the element to show. */
export type RenderCitation = (n: number, key: string) => ReactNode;

export interface SafeMarkdownProps {
  text: string;
  renderCitation?: RenderCitation;
}

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
const MARKER_RUN = /(?:\s*\[\d{1,3}(?:\s*,\s*\d{1,3})*\])+/g;
const ENTITY = /&(#x[0-9a-f]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos|nbsp);/gi;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Only absolute http(s) and mailto links survive; `javascript:`, `data:` and relative tricks do not. */
export function safeHref(href: string): string | undefined {
  try {
    const url = new URL(href.trim());
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Character references become the characters they stand for, as text (never as markup). */
export function decodeEntities(text: string): string {
  return text.replace(ENTITY, (match, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#')) {
      const code = lower.startsWith('#x') ? Number.parseInt(lower.slice(2), 16) : Number.parseInt(lower.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return NAMED_ENTITIES[lower] ?? match;
  });
}

/**
 * Markdown for answers and excerpts, rendered as React elements from marked's tokens, never
 * through HTML: raw HTML in an answer or a document shows as the text it is, links keep
 * only safe protocols, and images become their alt text (no requests to arbitrary hosts).
 */
export const SafeMarkdown = memo(function SafeMarkdown({ text, renderCitation }: SafeMarkdownProps) {
  const tokens = new Lexer({ gfm: true, breaks: false }).lex(text);
  return <>{renderBlocks(tokens, renderCitation, 'b')}</>;
});

function renderBlocks(tokens: readonly Token[], cite: RenderCitation | undefined, prefix: string): ReactNode[] {
  return tokens.map((token, index) => renderBlock(token, cite, `${prefix}${index}`));
}

function renderBlock(token: Token, cite: RenderCitation | undefined, key: string): ReactNode {
  switch (token.type) {
    case 'space':
    case 'def':
      return null;
    case 'paragraph':
      return <p key={key}>{renderInline((token as Tokens.Paragraph).tokens, cite, key)}</p>;
    case 'heading': {
      const heading = token as Tokens.Heading;
      // Answers live inside the page's own heading structure, so their headings start lower.
      const Tag = `h${Math.min(6, heading.depth + 2)}` as 'h3' | 'h4' | 'h5' | 'h6';
      return <Tag key={key}>{renderInline(heading.tokens, cite, key)}</Tag>;
    }
    case 'code':
      return (
        <pre key={key}>
          <code>{(token as Tokens.Code).text}</code>
        </pre>
      );
    case 'blockquote':
      return <blockquote key={key}>{renderBlocks((token as Tokens.Blockquote).tokens, cite, key)}</blockquote>;
    case 'list': {
      const list = token as Tokens.List;
      // biome-ignore lint/suspicious/noArrayIndexKey: rendered markdown is positional and never reorders; the position is the identity.
      const items = list.items.map((item, index) => <li key={`${key}.${index}`}>{renderBlocks(item.tokens, cite, `${key}.${index}.`)}</li>);
      if (list.ordered) {
        const start = typeof list.start === 'number' && list.start !== 1 ? list.start : undefined;
        return (
          <ol key={key} start={start}>
            {items}
          </ol>
        );
      }
      return <ul key={key}>{items}</ul>;
    }
    case 'table': {
      const table = token as Tokens.Table;
      return (
        <div key={key} className="md-table">
          <table>
            <thead>
              <tr>
                {table.header.map((cell, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rendered markdown is positional and never reorders; the position is the identity.
                  <th key={index}>{renderInline(cell.tokens, cite, `${key}h${index}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, rowIndex) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rendered markdown is positional and never reorders; the position is the identity.
                <tr key={rowIndex}>
                  {row.map((cell, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: rendered markdown is positional and never reorders; the position is the identity.
                    <td key={index}>{renderInline(cell.tokens, cite, `${key}r${rowIndex}c${index}`)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    }
    case 'hr':
      return <hr key={key} />;
    case 'html':
      // Raw HTML is shown as text: inert whatever it contains.
      return (
        <p key={key} className="md-raw">
          {token.raw.trim()}
        </p>
      );
    case 'text': {
      const text = token as Tokens.Text;
      return <Fragment key={key}>{text.tokens ? renderInline(text.tokens, cite, key) : withCitations(decodeEntities(text.text), cite, key)}</Fragment>;
    }
    default:
      return <p key={key}>{withCitations(token.raw, cite, key)}</p>;
  }
}

function renderInline(tokens: readonly Token[] | undefined, cite: RenderCitation | undefined, prefix: string): ReactNode[] {
  return (tokens ?? []).map((token, index) => renderInlineToken(token, cite, `${prefix}.${index}`));
}

function renderInlineToken(token: Token, cite: RenderCitation | undefined, key: string): ReactNode {
  switch (token.type) {
    case 'text': {
      const text = token as Tokens.Text;
      if (text.tokens) return <Fragment key={key}>{renderInline(text.tokens, cite, key)}</Fragment>;
      return <Fragment key={key}>{withCitations(decodeEntities(text.text), cite, key)}</Fragment>;
    }
    case 'escape':
      return <Fragment key={key}>{(token as Tokens.Escape).text}</Fragment>;
    case 'strong':
      return <strong key={key}>{renderInline((token as Tokens.Strong).tokens, cite, key)}</strong>;
    case 'em':
      return <em key={key}>{renderInline((token as Tokens.Em).tokens, cite, key)}</em>;
    case 'del':
      return <del key={key}>{renderInline((token as Tokens.Del).tokens, cite, key)}</del>;
    case 'codespan':
      return <code key={key}>{decodeEntities((token as Tokens.Codespan).text)}</code>;
    case 'br':
      return <br key={key} />;
    case 'link': {
      const link = token as Tokens.Link;
      const href = safeHref(link.href);
      const children = renderInline(link.tokens, cite, key);
      if (!href) return <Fragment key={key}>{children}</Fragment>;
      return (
        <a key={key} href={href} target="_blank" rel="noopener noreferrer nofollow">
          {children}
        </a>
      );
    }
    case 'image':
      return <Fragment key={key}>{(token as Tokens.Image).text}</Fragment>;
    case 'html':
      return <Fragment key={key}>{token.raw}</Fragment>;
    case 'checkbox':
      return null;
    default:
      return <Fragment key={key}>{token.raw}</Fragment>;
  }
}

/**
 * Splits text at citation markers such as `[2]`, `[1, 3]` or `[1] [2]`. The word before a run
 * of markers is kept on the same line as them, so a marker never starts a line alone.
 */
export function withCitations(text: string, cite: RenderCitation | undefined, key: string): ReactNode[] {
  if (!cite) return [text];
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(MARKER_RUN)) {
    const index = match.index ?? 0;
    const before = text.slice(last, index);
    const word = /\S+$/.exec(before)?.[0] ?? '';
    if (before.length > word.length) parts.push(before.slice(0, before.length - word.length));
    const numbers = [...match[0].matchAll(/\d+/g)].map((n) => Number.parseInt(n[0], 10));
    const spaced = /^\s/.test(match[0]) && word !== '';
    parts.push(
      <span key={`${key}m${index}`} className="cite-run">
        {word}
        {spaced ? '\u00a0' : ''}
        {numbers.map((n, i) => cite(n, `${key}m${index}.${i}`))}
      </span>,
    );
    last = index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
