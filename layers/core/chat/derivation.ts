import { foldText } from '../text/index.js';
import { isNoiseWord, stemTerm, termTokens } from './content-terms.js';
import type { Language } from './detect-language.js';

// Word families the suffix rules cannot join: irregular verbs and nouns whose form changes
// ("born"/"birth", "began"/"beginning", "nació"/"nacimiento"). Keys are folded words.
const FAMILIES: Record<string, string[]> = {
  '~born': ['born', 'birth', 'births', 'birthplace', 'birthday', 'nacio', 'nacido', 'nacida', 'nacer', 'nace', 'nacimiento', 'natal'],
  '~begin': [
    'begin',
    'begins',
    'began',
    'begun',
    'beginning',
    'beginnings',
    'start',
    'started',
    'starts',
    'comenzo',
    'comienzo',
    'comenzar',
    'empezo',
    'empezar',
    'inicio',
    'inicia',
    'inicio',
  ],
  '~die': ['die', 'died', 'dies', 'dying', 'death', 'deaths', 'dead', 'murio', 'muerte', 'muerto', 'muerta', 'morir', 'fallecio', 'fallecimiento'],
  '~marry': [
    'marry',
    'married',
    'marries',
    'marriage',
    'wed',
    'wedded',
    'wife',
    'husband',
    'spouse',
    'caso',
    'casado',
    'casada',
    'casarse',
    'matrimonio',
    'esposa',
    'esposo',
  ],
  '~write': ['write', 'writes', 'wrote', 'written', 'writing', 'writer', 'writers', 'escribio', 'escrito', 'escrita', 'escritor', 'escritora', 'escribir'],
  '~build': ['build', 'builds', 'built', 'building', 'builder', 'construyo', 'construido', 'construida', 'construccion', 'construir'],
  '~direct': [
    'direct',
    'directed',
    'directs',
    'director',
    'directors',
    'direction',
    'dirigio',
    'dirigida',
    'dirigido',
    'dirigir',
    'director',
    'directora',
    'direccion',
  ],
  '~invent': [
    'invent',
    'invented',
    'invents',
    'inventor',
    'inventors',
    'invention',
    'inventions',
    'invento',
    'invencion',
    'invenciones',
    'inventora',
    'inventar',
    'inventado',
    'inventada',
  ],
  '~found': ['founded', 'founder', 'founders', 'founding', 'foundation', 'fundo', 'fundador', 'fundadora', 'fundado', 'fundada', 'fundacion'],
  '~design': ['design', 'designed', 'designer', 'designs', 'diseno', 'disenado', 'disenada', 'disenador', 'arquitecto', 'architect'],
  '~sign': ['sign', 'signed', 'signing', 'signature', 'firma', 'firmo', 'firmado', 'firmada', 'firmar'],
  '~make': ['make', 'makes', 'made', 'making', 'maker', 'makers', 'manufacture', 'manufactured', 'manufacturer', 'fabrica', 'fabricado', 'fabricante'],
  '~live': ['live', 'lived', 'lives', 'living', 'life', 'vivio', 'vive', 'vida', 'vivir'],
  '~win': ['win', 'wins', 'won', 'winner', 'winning', 'gano', 'ganador', 'ganadora', 'ganar'],
  '~lead': ['lead', 'led', 'leads', 'leader', 'leaders', 'leadership'],
  '~give': ['give', 'gave', 'given', 'gives'],
  '~take': ['take', 'took', 'taken', 'takes'],
  '~speak': ['speak', 'spoke', 'spoken', 'speaks', 'speaker', 'speakers', 'speech'],
  '~grow': ['grow', 'grew', 'grown', 'grows', 'growth'],
  '~elect': ['elect', 'elected', 'election', 'elections', 'electoral', 'elegido', 'elegida', 'eleccion', 'elecciones'],
};

const FAMILY_OF = new Map<string, string>();
for (const [family, words] of Object.entries(FAMILIES)) for (const word of words) FAMILY_OF.set(word, family);

// Derivational endings stripped before the inflectional stemmer, so agent and action nouns meet
// their verb ("composer"/"composed", "creación"/"creó" through "cre").
const ENGLISH_DERIVATIONS = ['est', 'ations', 'ation', 'itions', 'ition', 'ions', 'ion', 'ors', 'or', 'ers', 'er', 'ments', 'ment'];
const SPANISH_DERIVATIONS = [
  'aciones',
  'acion',
  'iciones',
  'icion',
  'ciones',
  'cion',
  'adores',
  'adoras',
  'adora',
  'ador',
  'ores',
  'ora',
  'or',
  'mientos',
  'miento',
];
const MIN_ROOT = 4;
const MAX_STEM_LENGTH = 7;

// Ordinals meet their figures: "sixteenth" and "16th" (whose "th" the tokenizer splits off) both read "16".
const ORDINALS = `first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth
  sixteenth seventeenth eighteenth nineteenth twentieth`.split(/\s+/);
const SPANISH_ORDINALS = `primero segundo tercero cuarto quinto sexto septimo octavo noveno decimo`.split(/\s+/);
for (const [index, word] of ORDINALS.entries()) FAMILY_OF.set(word, String(index + 1));
// Counts meet their figures too: "nine nations" answers "how many nations", "2 differences" meets
// "two differences". "One"/"uno" stay words: they are pronouns far more often than counts.
const CARDINALS = `two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen
  nineteen twenty`.split(/\s+/);
const SPANISH_CARDINALS = `dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciseis diecisiete dieciocho
  diecinueve veinte`.split(/\s+/);
for (const [index, word] of CARDINALS.entries()) FAMILY_OF.set(word, String(index + 2));
for (const [index, word] of SPANISH_CARDINALS.entries()) FAMILY_OF.set(word, String(index + 2));
for (const [index, word] of SPANISH_ORDINALS.entries()) {
  FAMILY_OF.set(word, String(index + 1));
  FAMILY_OF.set(word.replace(/o$/, 'a'), String(index + 1));
}

/** A folded word's family key: an irregular family, or its stem after derivational endings are cut. */
export function termFamily(foldedWord: string, language: Language): string {
  const family = FAMILY_OF.get(foldedWord);
  if (family) return family;
  if (/^\p{N}/u.test(foldedWord)) return foldedWord;
  const endings = language === 'es' ? SPANISH_DERIVATIONS : ENGLISH_DERIVATIONS;
  for (const ending of endings) {
    if (foldedWord.endsWith(ending) && foldedWord.length - ending.length >= MIN_ROOT) {
      const root = foldedWord.slice(0, -ending.length);
      // An English root is already bare ("compos" from "composer" meets "composed" → "compos").
      return language === 'es' ? stemTerm(root, language) : root.slice(0, MAX_STEM_LENGTH);
    }
  }
  return stemTerm(foldedWord, language);
}

/** The family keys of a text's content words, in order (duplicates kept). */
export function familyTerms(text: string, language: Language): string[] {
  return termTokens(text)
    .filter((token) => !isNoiseWord(token) && (token.length > 1 || /\p{N}/u.test(token)))
    .map((token) => termFamily(token, language));
}

/** Every word of a text as a family key, noise words included, for proximity checks. */
export function familyTokens(text: string, language: Language): string[] {
  return termTokens(text).map((token) => termFamily(token, language));
}

export { foldText };
