import { foldText } from '../text/index.js';
import { isNoiseWord } from './content-terms.js';
import { salientTerms } from './salient-terms.js';

/** What a follow-up's pronouns may point back at, taken from the previous turn. */
export interface Referents {
  /** The person the previous turn was about ("Bartolomeo Cristofori"). */
  person?: string;
  /** The previous question's topic ("the piano", "Scrooge"), singular. */
  thing?: string;
  /** The topic in the plural, for "them" and "los" ("violins", "los violines"). */
  things?: string;
}

export interface ResolvedReferences {
  query: string;
  /** The referents put in place of pronouns, in order. */
  inserted: string[];
}

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;

// Questions whose answer is a person: the person of the next turn is in the answer, not the question.
const WHO_QUESTION = /(?:^|[^\p{L}])(?:who|whom|quien|quienes)(?:[^\p{L}]|$)/u;

const PERSON_PRONOUNS = new Set(['he', 'him', 'she', 'himself', 'herself']);
const PERSON_POSSESSIVES = new Set(['his', 'hers']);
const PLURAL_PRONOUNS = new Set(['they', 'them', 'themselves']);
const SPANISH_PREPOSITIONS = new Set(['en', 'de', 'con', 'sobre', 'por', 'para', 'a', 'sin', 'desde', 'hasta', 'entre', 'contra']);
const CLITIC_TRIGGERS = new Set(['que', 'quien', 'quienes', 'cuando', 'donde', 'como', 'cual', 'cuales', 'cuanto', 'por', 'porque', 'y', 'no', 'ya']);

/**
 * The person and the topic a follow-up may refer to. The person is the one named in the last
 * answer when the previous question asked "who" ("Who invented the piano?" → Cristofori), and
 * otherwise the one the previous question named; the topic is the previous question's name or,
 * without one, its noun phrase ("the piano", "un violín").
 */
export function findReferents(previousQuestion: string, previousAnswer: string | undefined, citedTitle?: string): Referents {
  const askedWho = WHO_QUESTION.test(foldText(previousQuestion));
  const questionNames = salientTerms(previousQuestion).names;
  const answerName = previousAnswer ? keyName(previousAnswer, questionNames) : undefined;
  // A name found in an answer is referred to by its last word, as a reader would ("Cristofori"):
  // fewer words to match, and the sentences that answer the follow-up rarely repeat the full name.
  const answerPerson = answerName ? shortName(answerName) : undefined;
  const person = askedWho ? (answerPerson ?? questionNames[0]) : (questionNames[0] ?? answerPerson);
  const named = questionNames.find((name) => name !== person);
  const phrase = nounPhrase(previousQuestion);
  const referents: Referents = {};
  if (person) referents.person = person;
  // Without a name or a noun phrase (typed all lower-case, say), the cited document is the topic.
  const thing = named ?? phrase?.singular ?? citedTitle;
  if (thing) referents.thing = thing;
  // "them" after a list of names means all of them: left to the caller, which carries the list over.
  const things = questionNames.length >= 2 ? undefined : (named ?? phrase?.plural);
  if (things) referents.things = things;
  return referents;
}

/**
 * Puts the referents in place of the message's pronouns: "When did he build it?" → "When did
 * Cristofori build the piano?", "¿Quién los fabrica?" → "¿Quién fabrica los violines?",
 * "¿Y su capital?" → "¿Y la capital de Francia?". Returns undefined when no pronoun could be
 * replaced, so the caller can fall back to carrying terms over.
 */
export function replacePronouns(message: string, referents: Referents): ResolvedReferences | undefined {
  const words = [...message.matchAll(WORD)].map((match) => ({
    raw: match[0],
    folded: foldText(match[0].replace(/['’]/g, '')),
    start: match.index!,
    end: match.index! + match[0].length,
  }));
  // Replacements by word index; `after` inserts text after a later word (Spanish clitics move behind the verb).
  const replace = new Map<number, string>();
  const insertAfter = new Map<number, string>();
  const inserted: string[] = [];
  const use = (text: string | undefined) => {
    if (text) inserted.push(text);
    return text;
  };

  words.forEach((word, index) => {
    const before = words[index - 1]?.folded;
    const next = words[index + 1];
    const nextIsContent = next !== undefined && !isNoiseWord(next.folded);
    const capitalise = (text: string) => (/^\p{Lu}/u.test(word.raw) ? text.charAt(0).toUpperCase() + text.slice(1) : text);
    const raw = word.raw.toLowerCase();
    let text: string | undefined;
    switch (true) {
      // English.
      case PERSON_PRONOUNS.has(word.folded):
        text = use(referents.person);
        break;
      case PERSON_POSSESSIVES.has(word.folded) || (word.folded === 'her' && nextIsContent):
        text = use(referents.person && possessive(referents.person));
        break;
      case word.folded === 'her':
        text = use(referents.person);
        break;
      case word.folded === 'it' || word.folded === 'itself':
        text = use(referents.thing ?? referents.person);
        break;
      case word.folded === 'its':
        text = use((referents.thing ?? referents.person) && possessive((referents.thing ?? referents.person)!));
        break;
      case PLURAL_PRONOUNS.has(word.folded):
        text = use(referents.things);
        break;
      case word.folded === 'their' || word.folded === 'theirs':
        text = use((referents.thing ?? referents.person) && possessive((referents.thing ?? referents.person)!));
        break;
      // Spanish: "él" only with its accent, "ella" after a preposition is usually the thing ("actuó en ella").
      case raw === 'él' || word.folded === 'ella':
        text = use(before && SPANISH_PREPOSITIONS.has(before) ? (referents.thing ?? referents.person) : (referents.person ?? referents.thing));
        break;
      case word.folded === 'ellos' || word.folded === 'ellas':
        text = use(referents.things);
        break;
      case ['lo', 'la', 'los', 'las'].includes(word.folded) &&
        next !== undefined &&
        (before === undefined || CLITIC_TRIGGERS.has(before)) &&
        isNoiseWord(next.folded) === false: {
        const plural = word.folded.length === 3;
        const referent = use(plural ? referents.things : (referents.thing ?? referents.person));
        if (referent) {
          replace.set(index, '');
          insertAfter.set(index + 1, referent);
        }
        return;
      }
      case (word.folded === 'le' || word.folded === 'les') && next !== undefined && (before === undefined || CLITIC_TRIGGERS.has(before)): {
        const referent = use(referents.person);
        if (referent) {
          replace.set(index, '');
          insertAfter.set(index + 1, `a ${referent}`);
        }
        return;
      }
      case (word.folded === 'su' || word.folded === 'sus') && next !== undefined && !isNoiseWord(next.folded): {
        const owner = use(referents.thing ?? referents.person);
        if (owner) {
          replace.set(index, spanishArticle(next.folded, word.folded === 'sus'));
          insertAfter.set(index + 1, `de ${owner}`);
        }
        return;
      }
      default:
        return;
    }
    if (text) replace.set(index, capitalise(text));
  });

  if (inserted.length === 0) return undefined;
  let query = '';
  let cursor = 0;
  words.forEach((word, index) => {
    const replacement = replace.get(index);
    if (replacement !== undefined) {
      query += message.slice(cursor, word.start) + replacement;
      cursor = word.end;
      // A removed clitic leaves no double space behind.
      if (replacement === '') cursor += /^\s/.test(message.slice(cursor)) ? 1 : 0;
    }
    const addition = insertAfter.get(index);
    if (addition !== undefined) {
      query += `${message.slice(cursor, word.end)} ${addition}`;
      cursor = word.end;
    }
  });
  query += message.slice(cursor);
  return { query: query.replace(/\s{2,}/g, ' ').trim(), inserted };
}

/** The name an answer is about: its highlighted span, else its first full name not already in the question. */
export function keyName(answer: string, questionNames: readonly string[] = []): string | undefined {
  const bold = [...answer.matchAll(/\*\*([^*]{2,80})\*\*/gu)].map((match) => match[1]!.trim()).find((span) => /^\p{Lu}/u.test(span));
  if (bold) return bold;
  const text = answer
    .replace(/\*\*/g, '')
    // The lead-in naming the quoted document ("From “Piano”:", "Según «Piano»:") is not the answer's subject.
    .replace(/^\s*(?:from|according to|in|según|de|en)\s+["“«][^"”»]*["”»]\s*:\s*/iu, '')
    .replace(/\[\d+\]/g, ' ');
  const known = new Set(questionNames.map((name) => foldText(name)));
  const names = salientTerms(text).names.filter((name) => !known.has(foldText(name)) && !/^[“"«]/u.test(name));
  return names.find((name) => name.split(' ').length >= 2) ?? names[0];
}

const ENGLISH_DETERMINERS = new Set(['the', 'a', 'an']);
const SPANISH_DETERMINERS: Record<string, { singular: string; plural: string }> = {
  el: { singular: 'el', plural: 'los' },
  la: { singular: 'la', plural: 'las' },
  los: { singular: 'el', plural: 'los' },
  las: { singular: 'la', plural: 'las' },
  un: { singular: 'el', plural: 'los' },
  una: { singular: 'la', plural: 'las' },
  unos: { singular: 'el', plural: 'los' },
  unas: { singular: 'la', plural: 'las' },
  del: { singular: 'el', plural: 'los' },
  al: { singular: 'el', plural: 'los' },
};

/** The last "determiner + content words" phrase of a question, in its singular and plural forms. */
function nounPhrase(question: string): { singular: string; plural: string } | undefined {
  const words = [...question.matchAll(WORD)].map((match) => match[0]);
  let found: { singular: string; plural: string } | undefined;
  words.forEach((word, index) => {
    const folded = foldText(word);
    const english = ENGLISH_DETERMINERS.has(folded);
    const spanish = SPANISH_DETERMINERS[folded];
    if (!english && !spanish) return;
    const body: string[] = [];
    for (let next = index + 1; next < words.length && body.length < 3; next += 1) {
      const candidate = words[next]!;
      if (isNoiseWord(foldText(candidate)) || /^\p{N}/u.test(candidate)) break;
      body.push(candidate);
    }
    if (body.length === 0) return;
    const head = body[body.length - 1]!;
    const lead = body.slice(0, -1);
    if (english) {
      found = { singular: ['the', ...body].join(' '), plural: [...lead, pluralEnglish(head)].join(' ') };
    } else {
      // Spanish adjectives follow the noun: the first word is the head ("violín eléctrico").
      const [noun, ...rest] = body;
      found = {
        singular: [spanish!.singular, ...body].join(' '),
        plural: [spanish!.plural, pluralSpanish(noun!), ...rest.map(pluralSpanish)].join(' '),
      };
    }
  });
  return found;
}

function shortName(name: string): string {
  const words = name.split(/\s+/);
  const last = words[words.length - 1]!;
  return words.length >= 2 && /^\p{Lu}/u.test(last) ? last : name;
}

function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

function pluralEnglish(word: string): string {
  if (/(?:s|x|z|ch|sh)$/i.test(word)) return /s$/i.test(word) ? word : `${word}es`;
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

const STRESSED = { á: 'a', é: 'e', í: 'i', ó: 'o', ú: 'u' } as const;

function pluralSpanish(word: string): string {
  if (/s$/i.test(word)) return word;
  if (/[aeiouáéó]$/i.test(word)) return `${word}s`;
  if (/z$/i.test(word)) return `${word.slice(0, -1)}ces`;
  // "violín" → "violines", "camión" → "camiones": the stress mark goes with the added syllable.
  const unstressed = word.replace(/([áéíóú])([^aeiouáéíóú]*)$/u, (_all, vowel: keyof typeof STRESSED, tail: string) => STRESSED[vowel] + tail);
  return `${unstressed}es`;
}

// Feminine endings, for the article that replaces "su" ("su capital" → "la capital de …").
function spanishArticle(noun: string, plural: boolean): string {
  const feminine = /(?:a|as|ion|iones|dad|dades|tad|tud|umbre|ez)$/.test(noun) && !/(?:ma|mas|pa|pas|dia|dias)$/.test(noun);
  if (plural) return feminine ? 'las' : 'los';
  return feminine ? 'la' : 'el';
}
