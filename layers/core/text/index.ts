export { foldText, foldedWords } from './fold-text.js';
export { STOPWORDS, isStopword } from './stopwords.js';
export { countTokens, type TokenCounter } from './token-counter.js';
export { splitSentences } from './split-sentences.js';
export { formatMegabytes } from './format-megabytes.js';
