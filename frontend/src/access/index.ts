export * from './access.js';
export * from './scope-picker.js';
export * from './scope-store.js';
export * from './use-access.js';
export * from './default-collection.js';
