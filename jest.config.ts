/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// ESM + TypeScript through SWC: fast transforms; type checking is `npm run typecheck`.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'es6' },
      },
    ],
  },
  setupFiles: ['<rootDir>/test/setup-polyfills.ts'],
  testTimeout: 60_000,
  // PGlite instances are memory-hungry WASM; two workers match the 2-core CI machine.
  maxWorkers: 2,
};

export default config;
