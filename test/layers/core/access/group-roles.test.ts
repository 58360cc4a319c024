import { type GroupAccessInput, groupAccessSchema, parseGroupAccess, parseGroupsClaim, principalFromGroups } from '#core/access/group-roles.js';
import { ConfigError } from '#core/errors.js';

const none = groupAccessSchema.parse({ everyone: {} });

describe('principalFromGroups', () => {
  test.each<[string, string[], GroupAccessInput, { admin: boolean; collections: Record<string, string> }]>([
    ['no groups, nothing granted to everyone', [], { everyone: {} }, { admin: false, collections: {} }],
    ['no groups, the default grant', [], {}, { admin: false, collections: { default: 'editor' } }],
    ['the naming rule: readers', ['finance-readers'], { everyone: {} }, { admin: false, collections: { finance: 'reader' } }],
    ['the naming rule: editors', ['finance-editors'], { everyone: {} }, { admin: false, collections: { finance: 'editor' } }],
    ['the naming rule: admins', ['rag-admins'], { everyone: {} }, { admin: true, collections: {} }],
    ['the strongest role wins', ['hr-readers', 'hr-editors'], { everyone: {} }, { admin: false, collections: { hr: 'editor' } }],
    ['a reader group never weakens a grant to everyone', ['default-readers'], {}, { admin: false, collections: { default: 'editor' } }],
    ['a name that is no collection is ignored', ['Finance-readers', '-readers', 'readers'], { everyone: {} }, { admin: false, collections: {} }],
    [
      'the config map names other groups',
      ['Finance Team', 'unrelated'],
      { everyone: {}, groups: { 'Finance Team': { finance: 'editor', handbook: 'reader' } } },
      { admin: false, collections: { finance: 'editor', handbook: 'reader' } },
    ],
    ['the config map makes admins', ['IT Ops'], { everyone: {}, groups: { 'IT Ops': 'admin' } }, { admin: true, collections: {} }],
    ['a prototype key is no group', ['constructor', '__proto__'], { everyone: {} }, { admin: false, collections: {} }],
    [
      'map, rule and everyone combine',
      ['Legal', 'finance-readers'],
      { everyone: { handbook: 'reader' }, groups: { Legal: { legal: 'editor' } } },
      { admin: false, collections: { handbook: 'reader', legal: 'editor', finance: 'reader' } },
    ],
  ])('%s', (_, groups, access, expected) => {
    // prepare
    const config = groupAccessSchema.parse(access);

    // act
    const principal = principalFromGroups('user-1', groups, config);

    // assess
    expect(principal).toEqual({ user: 'user-1', ...expected });
  });

  it('keeps the user it was given', () => {
    // act + assess
    expect(principalFromGroups('ana', [], none).user).toBe('ana');
  });
});

describe('parseGroupsClaim', () => {
  test.each<[string, unknown, string[]]>([
    ['absent', undefined, []],
    ['empty', '', []],
    ['one group', 'finance-readers', ['finance-readers']],
    ['comma-joined (REST API authorizer)', 'finance-readers,rag-admins', ['finance-readers', 'rag-admins']],
    ['bracketed (HTTP API JWT authorizer)', '[finance-readers rag-admins]', ['finance-readers', 'rag-admins']],
    ['a list', ['a', 'b', 3], ['a', 'b']],
    ['a group name with spaces', 'Finance Team,hr-readers', ['Finance Team', 'hr-readers']],
  ])('%s', (_, claim, expected) => {
    // act + assess
    expect(parseGroupsClaim(claim)).toEqual(expected);
  });
});

describe('parseGroupAccess', () => {
  it('reads the JSON the functions receive', () => {
    // act
    const access = parseGroupAccess('{"groups":{"Ops":"admin"},"everyone":{}}');

    // assess
    expect(access).toEqual({ groups: { Ops: 'admin' }, everyone: {} });
  });

  it('falls back to the default when unset', () => {
    // act + assess
    expect(parseGroupAccess(undefined)).toEqual({ groups: {}, everyone: { default: 'editor' } });
  });

  test.each([
    ['not JSON', '{', /not valid JSON/],
    ['a bad collection name', '{"everyone":{"Finance":"reader"}}', /everyone\.Finance/],
    ['a bad role', '{"groups":{"x":{"finance":"owner"}}}', /groups\.x/],
  ])('refuses %s', (_, text, message) => {
    // act + assess
    expect(() => parseGroupAccess(text)).toThrow(ConfigError);
    expect(() => parseGroupAccess(text)).toThrow(message);
  });
});
