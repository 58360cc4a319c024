import { decideMigration } from '#core/store/migration-event.js';

describe('decideMigration', () => {
  test.each([
    ['Create applies', { RequestType: 'Create', ResourceProperties: { MigrationsChecksum: 'new' } }, 'apply'],
    ['Update with this bundle’s migrations applies', { RequestType: 'Update', ResourceProperties: { MigrationsChecksum: 'new' } }, 'apply'],
    [
      'Update naming other migrations (a rollback) does nothing',
      { RequestType: 'Update', ResourceProperties: { MigrationsChecksum: 'old' } },
      'skip-other-version',
    ],
    ['Update without a checksum applies', { RequestType: 'Update', ResourceProperties: {} }, 'apply'],
    ['Delete leaves the schema', { RequestType: 'Delete', ResourceProperties: { MigrationsChecksum: 'new' } }, 'skip-delete'],
  ] as const)('%s', (_case, event, expected) => {
    expect(decideMigration(event, 'new')).toBe(expected);
  });
});
