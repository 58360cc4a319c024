export { loadConfig, type RagConfig, type RagEnvironment } from './rag-config.js';
