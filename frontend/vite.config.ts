import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
// `npm run dev:site` proxies the API to a running `npm start` (port 3000 unless RAG_API_ORIGIN says otherwise).
const apiOrigin = process.env.RAG_API_ORIGIN ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    // The polyfill is for browsers without <link rel="modulepreload">; every target browser has it.
    modulePreload: { polyfill: false },
    sourcemap: false,
    // React DOM alone is about 190 kB minified (60 kB gzipped); warn only well above the whole app.
    chunkSizeWarningLimit: 400,
    rollupOptions: {
      output: {
        // The Cognito SDK and its dependencies load only on sites that sign in with Cognito.
        manualChunks(id) {
          if (
            /node_modules\/(amazon-cognito-identity-js|buffer|base64-js|ieee754|isarray|@aws-crypto|@aws-sdk|js-cookie|isomorphic-unfetch|unfetch|tslib|fast-base64-decode)\//.test(
              id,
            )
          )
            return 'cognito';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': apiOrigin,
      '/config.json': apiOrigin,
    },
  },
});
