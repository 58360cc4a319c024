import { foldText } from '../text/index.js';
import { editDistance, squeezeRepeats } from './fuzzy-match.js';

/** ISO 639-1 code. Detection only ever yields 'es' or 'en'; models may report others. */
export type Language = 'es' | 'en' | (string & {});

// Accent-folded function words and everyday chat words that belong to one language only.
// Words shared by both (a, no, me) are dropped below, so they never tip the balance.
const SPANISH_WORDS = `el la los las del al de en y un una unos unas que quien quienes cual cuales cuando donde
como cuanto cuanta cuantos cuantas por para con sin sobre entre hasta desde hacia segun durante es son fue
fueron era eran esta estan estaba estas este esto estos esa ese eso esas esos ser estar sido hay habia tiene
tienen tenia tengo hace hizo puede pueden se su sus lo le les nos mi mis tu tus yo ella ellos ellas usted
ustedes pero porque pues tambien muy mas menos ya todavia aun siempre nunca ni algo alguien nada nadie todo
todos toda todas otro otra otros otras mismo misma cada aqui alli ahi asi bien mal quiero necesito sabes dime
cuentame puedes pelicula peliculas libro ano anos nacio murio dirigio escribio ciudad pais hoy ayer manana
tiempo hora dia dias persona gente cosa decir porque entonces`;

const SPANISH_CHAT_WORDS = `hola holi buenas buenos tardes noches gracias adios chao chau vale genial jaja jajaja jeje
claro verdad perfecto estupendo entendido saludos oye perdon disculpa bienvenido`;

// Frequent misspellings and chat shorthand in Spanish.
const SPANISH_SHORTHAND = `qien kien ke q xq pq porq tmb tb dnd komo grasias grax ola wena wenas xfa porfa porfavor`;

const ENGLISH_WORDS = `the of and to in is it you that he was for on are with as his they be at one have this from
or had by not but what when where who whom how why which did does do can could would should will there their
them an were been has my your i we she her him about if so then than into over after before just also only
its our out up down here these those some any each other more most such very too am being having doing im
its whats dont cant isnt didnt doesnt wont lets many much first last year years film movie born died directed
wrote city country president capital built tell know want need please today tomorrow yesterday time day`;

const ENGLISH_CHAT_WORDS = `hi hello hey thanks thank bye goodbye cool nice okay yes yeah yep lol haha hahaha awesome
great morning evening afternoon sorry welcome`;

type Cue = { language: 'es' | 'en'; weight: number };

const EXACT_CUES = new Map<string, Cue>();
const STRETCHED_CUES = new Map<string, Cue | null>();
const FUZZY_CANDIDATES: { word: string; cue: Cue }[] = [];

buildCues();

function buildCues(): void {
  const words = (list: string) => list.split(/\s+/).filter(Boolean);
  const spanish: [string, number][] = [
    ...words(SPANISH_WORDS).map((w): [string, number] => [w, 1]),
    ...words(SPANISH_CHAT_WORDS).map((w): [string, number] => [w, 1.5]),
    ...words(SPANISH_SHORTHAND).map((w): [string, number] => [w, 1]),
  ];
  const english: [string, number][] = [
    ...words(ENGLISH_WORDS).map((w): [string, number] => [w, 1]),
    ...words(ENGLISH_CHAT_WORDS).map((w): [string, number] => [w, 1.5]),
  ];
  const spanishSet = new Set(spanish.map(([w]) => w));
  const englishSet = new Set(english.map(([w]) => w));
  const add = (word: string, cue: Cue) => {
    if (spanishSet.has(word) && englishSet.has(word)) return;
    EXACT_CUES.set(word, cue);
    const squeezed = squeezeRepeats(word);
    const existing = STRETCHED_CUES.get(squeezed);
    // A squeezed form claimed by both languages ("se" / "see") tells nothing.
    if (existing === undefined) STRETCHED_CUES.set(squeezed, cue);
    else if (existing && existing.language !== cue.language) STRETCHED_CUES.set(squeezed, null);
    if (cue.weight > 1 && word.length >= 5) FUZZY_CANDIDATES.push({ word, cue });
  };
  for (const [word, weight] of spanish) add(word, { language: 'es', weight });
  for (const [word, weight] of english) add(word, { language: 'en', weight });
}

const SPANISH_SUFFIXES = [
  'ciones',
  'cion',
  'mente',
  'dades',
  'dad',
  'ados',
  'adas',
  'ado',
  'ada',
  'idos',
  'idas',
  'ido',
  'ida',
  'aron',
  'ieron',
  'ando',
  'iendo',
  'oso',
  'osa',
];
const ENGLISH_SUFFIXES = ['tions', 'tion', 'ing', 'ness', 'ly', 'ed', 'ful', 'less', 'ship', 'ous'];
const ENGLISH_CONTRACTION = /\b\p{L}+['’](s|t|re|ll|ve|m|d)\b/giu;
const ACCENTED_WORD = /[\p{L}]*[áéíóú][\p{L}]*/giu;

/**
 * Tells Spanish from English with word and character cues: ñ, ¿, ¡, accents, function words,
 * chat words (also stretched or misspelt: "holaa", "grasias"), shorthand and suffixes.
 * Deterministic and cheap enough to run on every message. When the evidence is even, or the
 * text is too short to carry any, the answer is 'en' — unless a Spanish cue is present.
 */
export function detectLanguage(text: string): Language {
  const scores = { es: 0, en: 0 };
  const lower = text.toLowerCase();

  scores.es += Math.min(4, 2 * (lower.match(/ñ/g)?.length ?? 0));
  if (/[¿¡]/.test(lower)) scores.es += 3;
  scores.es += Math.min(3, lower.match(ACCENTED_WORD)?.length ?? 0);
  if (/ü/.test(lower)) scores.es += 0.5;
  scores.en += Math.min(3, lower.match(ENGLISH_CONTRACTION)?.length ?? 0);

  // Apostrophes are dropped so "what's" meets "whats" in the cue list.
  const words = foldText(lower.replace(/['’]/g, '')).match(/\p{L}+/gu) ?? [];
  const unknown: string[] = [];
  for (const word of words) {
    const cue = EXACT_CUES.get(word) ?? STRETCHED_CUES.get(squeezeRepeats(word)) ?? undefined;
    if (cue) {
      scores[cue.language] += cue.weight;
      continue;
    }
    if (isLaughter(word)) {
      scores[word.startsWith('j') ? 'es' : 'en'] += 1;
      continue;
    }
    unknown.push(word);
    if (word.length < 5) continue;
    if (SPANISH_SUFFIXES.some((suffix) => word.endsWith(suffix))) scores.es += 0.5;
    else if (ENGLISH_SUFFIXES.some((suffix) => word.endsWith(suffix))) scores.en += 0.5;
    if (/w|k|th|sh/.test(word)) scores.en += 0.3;
  }

  // Short, undecided messages: look for misspelt chat words ("grasias", "helllo", "tardess").
  if (Math.abs(scores.es - scores.en) < 1 && words.length <= 12) {
    for (const word of unknown) {
      if (word.length < 4) continue;
      const squeezed = squeezeRepeats(word);
      const hit = FUZZY_CANDIDATES.find(({ word: candidate }) => editDistance(squeezed, squeezeRepeats(candidate), 1) <= 1);
      if (hit) scores[hit.cue.language] += 1;
    }
  }

  return scores.es > scores.en ? 'es' : 'en';
}

/** The language whose own function or chat words include `word` (accent-folded, lower case), if one does. */
export function languageOfWord(word: string): 'es' | 'en' | undefined {
  return EXACT_CUES.get(word)?.language;
}

function isLaughter(word: string): boolean {
  return /^(?:j[aeiou]){2,}j?$/.test(word) || /^(?:h[ae]){2,}h?$/.test(word);
}
