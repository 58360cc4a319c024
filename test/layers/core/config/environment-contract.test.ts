import { databaseEnvironmentSchema, ingestEnvironmentSchema, readEnvironment } from '#core/config/environment-contract.js';
import { ConfigError } from '#core/errors.js';

describe('the Lambda environment contract', () => {
  test.each<[string, Record<string, string>, Record<string, unknown>]>([
    ['defaults', { RAG_DB_HOST: 'db' }, { RAG_DB_HOST: 'db', RAG_DB_PORT: 5432, RAG_DB_NAME: 'rag', RAG_DB_CONNECT_DEADLINE_MS: 20_000 }],
    [
      'as deployed',
      { RAG_DB_HOST: 'proxy', RAG_DB_PORT: '6432', RAG_DB_NAME: 'docs', RAG_DB_SSL: 'verify-full', RAG_DB_CONNECT_DEADLINE_MS: '9000' },
      { RAG_DB_PORT: 6432, RAG_DB_NAME: 'docs', RAG_DB_SSL: 'verify-full', RAG_DB_CONNECT_DEADLINE_MS: 9000 },
    ],
    ['a URL instead', { DATABASE_URL: 'postgres://u@h/db' }, { DATABASE_URL: 'postgres://u@h/db' }],
  ])('database settings: %s', (_name, env, expected) => {
    // act
    const parsed = readEnvironment(databaseEnvironmentSchema, env);

    // assess
    expect(parsed).toMatchObject(expected);
  });

  test.each<[string, Record<string, string>, RegExp]>([
    ['a port that is not a number', { RAG_DB_PORT: 'five' }, /RAG_DB_PORT/],
    ['ingest without its receive limit', { RAW_BUCKET_NAME: 'raw' }, /RAG_MAX_RECEIVE_COUNT/],
    ['ingest without its bucket', { RAG_MAX_RECEIVE_COUNT: '5' }, /RAW_BUCKET_NAME/],
  ])('%s is a ConfigError naming the variable', (_name, env, named) => {
    // act
    const read = () => readEnvironment(env.RAG_DB_PORT ? databaseEnvironmentSchema : ingestEnvironmentSchema, env);

    // assess
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(named);
  });
});
