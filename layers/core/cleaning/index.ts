export { cleanDocument, cleanText } from './clean-document.js';
export { collapseWhitespace } from './collapse-whitespace.js';
export { type Vocabulary, documentVocabulary, joinHyphenatedLineBreaks } from './join-hyphenated-line-breaks.js';
export { normalizeUnicode } from './normalize-unicode.js';
export { removeControlCharacters } from './remove-control-characters.js';
export { findRunningHeaderFooterLines, isPageNumberLine, removeRunningHeadersFooters } from './remove-running-headers-footers.js';
