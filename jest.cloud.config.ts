/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';
import base from './jest.config';

// The cloud scenarios: each shipped config synthesized once (cdk synth into a cache folder) and its template
// executed by the harness in test/cloud/harness. One worker: the cold chat scenario must answer within the
// workflow's 28 s, and a second file running beside it on a 2-core machine eats that margin.
const config: Config = {
  ...base,
  roots: ['<rootDir>/test/cloud'],
  testMatch: ['**/*.cloud.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  collectCoverageFrom: [],
  coverageThreshold: {},
  // A hook that synthesizes waits for `cdk synth` (about a minute per config, several on a busy machine).
  testTimeout: 900_000,
  maxWorkers: 1,
};

export default config;
