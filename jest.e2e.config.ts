/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';
import base from './jest.config';

// End-to-end tests: the real local stack (`rag serve`) driven through Chromium. One worker,
// because each file starts its own stack and browser on a 2-core machine.
const config: Config = {
  ...base,
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  testTimeout: 180_000,
  maxWorkers: 1,
};

export default config;
