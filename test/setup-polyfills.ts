import '../layers/core/polyfills.js';
