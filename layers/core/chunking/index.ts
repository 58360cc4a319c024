export { type Chunk, contextualText, formatContextualHeader } from './chunk.js';
export { chunkDocument, type ChunkingOptions, DEFAULT_CHUNK_TOKENS, DEFAULT_CHUNK_OVERLAP_TOKENS } from './chunk-document.js';
