import { detectLanguage, languageOfWord } from '../chat/detect-language.js';
import { foldText } from '../text/index.js';

/** What a document is labelled: a language the product reads, or honestly neither. */
export type DocumentLanguage = 'es' | 'en' | 'unknown';

// Function words of the languages nearest to English and Spanish (accent-folded). A word that is
// also an English or Spanish cue ("la", "in", "was") is ignored, so only unambiguous ones count.
const OTHER_LANGUAGE_WORDS = new Set(
  `der das und ist nicht mit von zu den dem des ein eine einer eines einem auf fur sich auch wird werden wurde sind
  bei oder aus nach wie uber ich wir ihr sie zum zur durch kann muss diese dieser dieses
  le les du des et est une dans pour par plus pas qui sur avec ce cette sont ont il elle ils nous vous au aux mais ou etre ete
  fait leur leurs dont aussi tres
  il della delle degli di che non per sono gli nel nella anche questo questa essere stato
  nao uma com os das dos pelo pela sao tambem voce ela esta mais ao
  het een niet van zijn voor met ook maar wordt`
    .split(/\s+/)
    .filter((word) => word !== '' && languageOfWord(word) === undefined),
);

/** Below this share of English or Spanish function words, a long text is in neither. */
const MIN_CUE_SHARE = 0.1;
/** Texts shorter than this carry too few words to judge the share. */
const MIN_WORDS_FOR_SHARE = 20;

/**
 * The language of a document's text, for its full-text configuration and its label. Only
 * English and Spanish are detected; a text in any other language (German, French…) is
 * `unknown` rather than mislabelled, and is indexed with the `simple` configuration. A text
 * is English or Spanish when that language's function words outnumber those of its
 * neighbours and, in a text of some length, make up a tenth of its words.
 */
export function detectDocumentLanguage(text: string): DocumentLanguage {
  const words = foldText(text.toLowerCase().replace(/['’]/g, '')).match(/\p{L}+/gu) ?? [];
  let ours = 0;
  let others = 0;
  for (const word of words) {
    if (languageOfWord(word) !== undefined) ours += 1;
    else if (OTHER_LANGUAGE_WORDS.has(word)) others += 1;
  }
  if (others > ours) return 'unknown';
  if (words.length >= MIN_WORDS_FOR_SHARE && ours / words.length < MIN_CUE_SHARE) return 'unknown';
  return detectLanguage(text) === 'es' ? 'es' : 'en';
}
