/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// End-to-end tests: the real local stack (`rag serve`) driven through Chromium. One worker,
// because each file starts its own stack and browser on a 2-core machine.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
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
  testTimeout: 180_000,
  maxWorkers: 1,
};

export default config;
