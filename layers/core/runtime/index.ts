export { openRagRuntime, type RagRuntime, type OpenRagRuntimeOptions } from './rag-runtime.js';
export { createEmbeddingProvider, createChatModel } from './create-providers.js';
export { acquireDataDirLock } from './data-dir-lock.js';
