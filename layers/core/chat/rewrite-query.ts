import { isNoiseWord, termTokens } from './content-terms.js';
import { findReferents, replacePronouns } from './resolve-references.js';
import { salientTerms, type SalientTerms } from './salient-terms.js';
import { analyseSocial } from './social-lexicon.js';

export interface HistoryTurn {
  role: 'user' | 'assistant';
  content: string;
  /** Titles the assistant cited in this turn, when the caller kept them. */
  citations?: readonly { title: string }[];
}

export interface RewriteOptions {
  /** Most terms carried over from earlier turns. @default 6 */
  maxTerms?: number;
  /** How many earlier follow-ups to resolve in a chain ("¿y él?" after "¿y quién la dirigió?"). @default 3 */
  maxDepth?: number;
}

export interface RewrittenQuery {
  /** The standalone retrieval query. */
  query: string;
  /** False when the message stood on its own and is returned unchanged. */
  rewritten: boolean;
  /** Terms carried over from the conversation, in the order they were appended. */
  addedTerms: string[];
}

// Words that open a follow-up ("¿y…?", "and…", "what about…").
const CONNECTIVES = new Set(['y', 'e', 'and', 'also', 'tambien', 'entonces', 'so', 'then', 'pero', 'but', 'plus', 'aparte']);
const CONNECTIVE_PHRASES = [
  'what about',
  'how about',
  'and what about',
  'what else',
  'que hay de',
  'y que hay de',
  'que tal',
  'y que tal',
  'que mas',
  'y sobre',
  'and about',
  'y acerca de',
];
const LEADING_CONNECTIVE =
  /^(\s*[¿¡]?\s*)(?:and what about|what about|how about|and about|y qu[ée] hay de|qu[ée] hay de|y qu[ée] tal|y sobre|y acerca de|y|e|and|also|tambi[ée]n|entonces|so|then|pero|but|plus|aparte)\b[\s,]*/iu;

// Pronouns and demonstratives that point back at something named earlier (accent-folded).
const ANAPHORA = new Set(
  `ella ellos ellas su sus eso esa ese esto estos esas esos aquel aquella aquello aquellos alli ahi alla dicho dicha
  dichos dichas it its he him his she her hers they them their theirs these those there`.split(/\s+/),
);
// Context-dependent: "this"/"that"/"este"/"esta" may be determiners, relatives or (unaccented) "está".
const WEAK_ANAPHORA = new Set(['this', 'that', 'este', 'esta']);
const CLITICS = new Set(['lo', 'la', 'los', 'las', 'le', 'les']);
const CLITIC_TRIGGERS = new Set([
  'que',
  'quien',
  'quienes',
  'cuando',
  'donde',
  'como',
  'cual',
  'cuales',
  'cuanto',
  'por',
  'porque',
  'y',
  'no',
  'se',
  'me',
  'te',
  'ya',
]);
const ENCLITIC_VERB = /(?:ar|er|ir|ando|iendo)(?:lo|la|los|las|le|les)$/;

// Attributes asked about on their own ("¿y el director?", "the budget?"): they need a subject.
const ATTRIBUTE_WORDS = new Set(
  `director directora directed dirigio autor autora author wrote escribio year ano anos date fecha cast reparto actors
  actores actor actriz actress budget presupuesto plot trama argumento population poblacion capital birth nacimiento
  born nacio death muerte died murio ending final sequel secuela location lugar where donde when cuando why who
  quien price precio size tamano length duracion height altura age edad name nombre meaning significado`.split(/\s+/),
);

/**
 * Turns a follow-up into a standalone retrieval query using the conversation so far.
 *
 * A message is a follow-up when it opens with a connective ("¿y…?", "and…", "what about…"),
 * leans on a pronoun or demonstrative with no name of its own ("¿quién la dirigió?", "when
 * was it built?"), or is only an attribute ("¿y el director?"). Pronouns are replaced by what
 * they stand for (see resolve-references): a person pronoun by the person the last answer named
 * ("When did he build it?" → "When did Cristofori build the piano?"), a thing pronoun
 * by the previous question's topic. An ellipsis with a new number ("And in 1990?") asks the
 * previous question again with it. Otherwise the salient terms of the previous question — quoted
 * titles, capitalised names and numbers or, when it has none, the previous answer's cited title
 * and the question's content words — are appended.
 * A follow-up that names its own subject ("¿y Hamlet?") keeps that subject and borrows only
 * the previous question's predicate. A self-contained message comes back unchanged.
 */
export function rewriteQuery(message: string, history: readonly HistoryTurn[], options: RewriteOptions = {}): RewrittenQuery {
  return rewrite(message, trimCurrent(message, history), options, options.maxDepth ?? 3);
}

function rewrite(message: string, history: readonly HistoryTurn[], options: RewriteOptions, depth: number): RewrittenQuery {
  const unchanged: RewrittenQuery = { query: message, rewritten: false, addedTerms: [] };
  if (depth <= 0) return unchanged;

  const own = salientTerms(message);
  const ownSubjects = own.names.length + own.numbers.length;
  const signals = followUpSignals(message);
  const short = own.words.length <= 2;
  const followUp = ownSubjects === 0 ? signals.connective || signals.anaphora || signals.bareAttribute : signals.connective && short;
  if (!followUp) return unchanged;

  // The nearest earlier question with something to carry over; "gracias" or "ok" in between is skipped.
  let candidates: string[] = [];
  let index = history.length;
  let previous: PreviousTurn | undefined;
  for (let looked = 0; looked < MAX_LOOKBACK && candidates.length === 0; looked += 1) {
    index = findLastIndex(history.slice(0, index), (turn) => turn.role === 'user');
    if (index < 0) break;
    previous = previousTurn(history, index, options, depth);
    candidates = previous ? carryOver(own, previous) : [];
  }
  if (!previous || candidates.length === 0) return unchanged;

  const core = message.replace(LEADING_CONNECTIVE, '$1').trim() || message.trim();
  // Pronouns are replaced by what they stand for: "When did he build it?" → "When did Cristofori build the piano?".
  if (signals.anaphora) {
    const referents = findReferents(previous.standalone, previous.answer, previous.citedTitle);
    const resolved = replacePronouns(core, referents);
    if (resolved) {
      const present = new Set(termTokens(resolved.query));
      // A year or a number of the previous question still narrows the topic ("Scrooge" of 1951).
      const numbers = salientTerms(previous.standalone).numbers.filter((number) => !present.has(termTokens(number)[0] ?? ''));
      const query = [resolved.query, ...numbers].join(' ');
      return { query, rewritten: true, addedTerms: [...resolved.inserted, ...numbers] };
    }
  }
  // Ellipsis with a new number ("And in 1990?") asks the previous question again with it.
  if (signals.connective && own.numbers.length === 1 && own.names.length === 0) {
    const numbers = salientTerms(previous.standalone).numbers;
    if (numbers.length === 1 && numbers[0] !== own.numbers[0]) {
      return { query: previous.standalone.replace(numbers[0]!, own.numbers[0]!), rewritten: true, addedTerms: [own.numbers[0]!] };
    }
  }

  const present = new Set(termTokens(message));
  const maxTerms = options.maxTerms ?? 6;
  const addedTerms: string[] = [];
  for (const term of candidates) {
    const tokens = termTokens(term);
    if (tokens.every((token) => present.has(token))) continue;
    for (const token of tokens) present.add(token);
    addedTerms.push(term);
    if (addedTerms.length >= maxTerms) break;
  }
  if (addedTerms.length === 0) return unchanged;
  return { query: `${core} ${addedTerms.join(' ')}`, rewritten: true, addedTerms };
}

const MAX_LOOKBACK = 3;

interface PreviousTurn {
  /** The earlier question, itself resolved when it was a follow-up. */
  standalone: string;
  /** The assistant's reply to it, when there was one. */
  answer?: string;
  citedTitle?: string;
}

/** The user turn at `index` with its reply, or undefined when it was small talk ("gracias"). */
function previousTurn(history: readonly HistoryTurn[], index: number, options: RewriteOptions, depth: number): PreviousTurn | undefined {
  const turn = history[index]!;
  if (analyseSocial(turn.content).social) return undefined;
  const standalone = depth > 1 ? rewrite(turn.content, history.slice(0, index), options, depth - 1).query : turn.content;
  const reply = history.slice(index + 1).find((item) => item.role === 'assistant');
  const previous: PreviousTurn = { standalone };
  if (reply) previous.answer = reply.content;
  const citedTitle = reply?.citations?.[0]?.title;
  if (citedTitle) previous.citedTitle = citedTitle;
  return previous;
}

/** The terms an earlier turn lends to a follow-up with the given own terms. */
function carryOver(own: SalientTerms, turn: PreviousTurn): string[] {
  const previous = salientTerms(turn.standalone);
  const citedTitle = turn.citedTitle;
  const candidates: string[] = [];
  if (own.names.length + own.numbers.length === 0) {
    candidates.push(...previous.names, ...previous.numbers);
    // Without names (typed all lower-case, say) the cited title and the content words carry the subject.
    if (previous.names.length + previous.numbers.length === 0) {
      if (citedTitle) candidates.push(citedTitle);
      candidates.push(...previous.words);
    }
  } else {
    // The message brings its own subject: keep the previous predicate, drop what it replaces.
    if (own.names.length === 0) candidates.push(...previous.names);
    candidates.push(...previous.words);
  }
  return candidates;
}

function followUpSignals(message: string): { connective: boolean; anaphora: boolean; bareAttribute: boolean } {
  const tokens = termTokens(message);
  // Same boundaries as termTokens, accents kept: "él" and "está" differ from "el" and "esta".
  const rawTokens =
    message
      .replace(/['’]/g, '')
      .normalize('NFC')
      .toLowerCase()
      .match(/\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{N}]+/gu) ?? [];
  const joined = tokens.join(' ');
  const connective = CONNECTIVES.has(tokens[0] ?? '') || CONNECTIVE_PHRASES.some((phrase) => joined === phrase || joined.startsWith(`${phrase} `));

  let anaphora = false;
  tokens.forEach((token, index) => {
    const before = tokens[index - 1];
    const after = tokens[index + 1];
    if (ANAPHORA.has(token)) anaphora = true;
    // "él" only with its accent: unaccented "el" is the article.
    else if (token === 'el' && rawTokens[index] === 'él') anaphora = true;
    else if (CLITICS.has(token) && after !== undefined && (before === undefined || CLITIC_TRIGGERS.has(before))) anaphora = true;
    else if (token.length >= 6 && ENCLITIC_VERB.test(token)) anaphora = true;
    else if (WEAK_ANAPHORA.has(token)) {
      // "¿dónde está?" is a verb; "what year was that?" and "this film" point back.
      const verb = token === 'esta' && rawTokens[index] === 'está';
      if (!verb && (after === undefined || isNoiseWord(after) || before === undefined || isNoiseWord(before))) anaphora = true;
    }
  });

  const content = tokens.filter((token) => !isNoiseWord(token));
  const bareAttribute = content.length === 0 || (content.length === 1 && ATTRIBUTE_WORDS.has(content[0]!));
  return { connective, anaphora, bareAttribute };
}

/** Drops the current message when the caller already appended it to the history. */
function trimCurrent(message: string, history: readonly HistoryTurn[]): readonly HistoryTurn[] {
  const last = history[history.length - 1];
  if (last && last.role === 'user' && last.content.trim() === message.trim()) return history.slice(0, -1);
  return history;
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i -= 1) if (predicate(items[i]!)) return i;
  return -1;
}
