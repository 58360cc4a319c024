import { describe, expect, test } from '@jest/globals';
import { mappedObject, type TransferUser } from './transfer-users.js';

const user = (mappings: TransferUser['mappings']): TransferUser => ({ userName: 'carol', roleLogicalId: 'CarolRole', sshPublicKeys: [], mappings });

describe('mappedObject: a LOGICAL home directory path to its S3 object', () => {
  test.each([
    {
      name: 'the home root maps to the user prefix',
      mappings: [{ entry: '/', target: '/raw/carol' }],
      path: '/a.pdf',
      expected: { bucket: 'raw', key: 'carol/a.pdf' },
    },
    {
      name: 'a nested path keeps its folders',
      mappings: [{ entry: '/', target: '/raw/carol' }],
      path: '/reports/my file (1).pdf',
      expected: { bucket: 'raw', key: 'carol/reports/my file (1).pdf' },
    },
    {
      name: 'a target with a trailing slash adds no empty segment',
      mappings: [{ entry: '/', target: '/raw/carol/' }],
      path: '/a.pdf',
      expected: { bucket: 'raw', key: 'carol/a.pdf' },
    },
    {
      name: 'the longest covering entry wins',
      mappings: [
        { entry: '/', target: '/raw/carol' },
        { entry: '/shared', target: '/other/team' },
      ],
      path: '/shared/b.md',
      expected: { bucket: 'other', key: 'team/b.md' },
    },
    {
      name: 'an entry covers only whole folder names',
      mappings: [{ entry: '/shared', target: '/other/team' }],
      path: '/sharedfile.md',
      expected: undefined,
    },
    { name: 'a path no entry covers has no object', mappings: [{ entry: '/in', target: '/raw/carol' }], path: '/out/a.pdf', expected: undefined },
  ])('$name', ({ mappings, path, expected }) => {
    // act
    const object = mappedObject(user(mappings), path);
    // assess
    expect(object).toEqual(expected);
  });
});
