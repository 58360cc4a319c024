export { openRagRuntime, type OpenRagRuntimeOptions } from './rag-runtime.js';
export { chatDependencies, ingestDependencies, wireRagRuntime, type RagRuntime, type WireRagRuntimeOptions } from './wire-rag-runtime.js';
export { createEmbeddingProvider, createChatModel } from './create-providers.js';
export { acquireDataDirLock } from './data-dir-lock.js';
