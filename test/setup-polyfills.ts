import '#core/polyfills.js';
