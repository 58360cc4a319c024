/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';
import base from './jest.config';

// The cloud scenarios: each shipped config synthesized once (cdk synth into a cache folder) and its template
// executed by the harness in test/cloud/harness. Two workers, one config per file, on the 2-core CI machine.
const config: Config = {
  ...base,
  roots: ['<rootDir>/test/cloud'],
  testMatch: ['**/*.cloud.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  collectCoverageFrom: [],
  coverageThreshold: {},
  // A hook that synthesizes waits for `cdk synth` (about a minute per config, several on a busy machine).
  testTimeout: 900_000,
  maxWorkers: 2,
};

export default config;
