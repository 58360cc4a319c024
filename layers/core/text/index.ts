// The token counter is not re-exported here: it loads the cl100k tables (about half a second),
// which the chat code importing this module never needs; import it from './token-counter.js'.
export { foldText, foldedWords } from './fold-text.js';
export { STOPWORDS, isStopword } from './stopwords.js';
export { splitSentences } from './split-sentences.js';
export { formatMegabytes } from './format-megabytes.js';
