export type { RetrievedChunk } from './retrieved-chunk.js';
export { retrieve, DEFAULT_TOP_K, type RetrieveResult } from './retrieve.js';
