import { type Principal, canEdit, canRead, jobVisibility, narrowScope, uploadCollection } from '#core/access/access-policy.js';
import { apiUploadKeyIn, collectionOfSource } from '#core/access/source-collection.js';

const alice: Principal = { user: 'alice', admin: false, collections: { finance: 'editor', handbook: 'reader' } };
const bob: Principal = { user: 'bob', admin: false, collections: { handbook: 'reader' } };
const carol: Principal = { user: 'carol', admin: false, collections: { finance: 'editor', legal: 'editor' } };
const root: Principal = { user: 'root', admin: true, collections: {} };

describe('the role table', () => {
  test.each<[string, Principal, string, boolean, boolean]>([
    ['an editor', alice, 'finance', true, true],
    ['a reader', alice, 'handbook', true, false],
    ['a stranger', bob, 'finance', false, false],
    ['an admin', root, 'anything', true, true],
    ['a prototype key is no collection', bob, 'constructor', false, false],
  ])('%s of %s: read %s, edit %s', (_, principal, collection, read, edit) => {
    // act + assess
    expect([canRead(principal, collection), canEdit(principal, collection)]).toEqual([read, edit]);
  });
});

describe('narrowScope', () => {
  test.each([
    ['no request: every readable collection', alice, {}, { collections: ['finance', 'handbook'] }],
    ['narrowed to one', alice, { collections: ['handbook'] }, { collections: ['handbook'] }],
    ['asking for an unreadable collection never widens', bob, { collections: ['finance'] }, { collections: [] }],
    ['mixed: only the readable part is kept', bob, { collections: ['finance', 'handbook'] }, { collections: ['handbook'] }],
    ['an admin without a request: no collection filter', root, {}, {}],
    ['an admin narrowing', root, { collections: ['legal'] }, { collections: ['legal'] }],
    [
      'metadata filters pass through',
      bob,
      { languages: ['es'], formats: ['pdf'], sourcePrefix: 'x/', updatedFrom: '2024-01-01' },
      { collections: ['handbook'], languages: ['es'], formats: ['pdf'], sourcePrefix: 'x/', updatedFrom: '2024-01-01' },
    ],
  ])('%s', (_, principal, request, expected) => {
    // act + assess
    expect(narrowScope(principal, request)).toEqual(expected);
  });
});

describe('uploadCollection', () => {
  test.each<[string, Principal, string | undefined, string | RegExp]>([
    ['the only editable collection when none is named', alice, undefined, 'finance'],
    ['the named editable collection', carol, 'legal', 'legal'],
    ['a name is required when the caller edits several', carol, undefined, /Name the collection/],
    ['a readable but not editable collection is forbidden', alice, 'handbook', /may not upload/],
    ['a reader of everything uploads nowhere', bob, undefined, /edit no collection/],
    ['an admin without a name uploads to default', root, undefined, 'default'],
  ])('%s', (_, principal, requested, expected) => {
    // act
    const run = () => uploadCollection(principal, requested);

    // assess
    if (typeof expected === 'string') expect(run()).toBe(expected);
    else expect(run).toThrow(expected);
  });

  test('forbidden and missing names carry the codes the API maps to 403 and 400', () => {
    // act + assess
    expect(() => uploadCollection(alice, 'handbook')).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => uploadCollection(carol, undefined)).toThrow(expect.objectContaining({ code: 'invalid_request' }));
  });
});

describe('jobVisibility', () => {
  test.each([
    [alice, { user: 'alice', editableCollections: ['finance'] }],
    [bob, { user: 'bob', editableCollections: [] }],
    [root, undefined],
  ])('%j', (principal, expected) => {
    expect(jobVisibility(principal)).toEqual(expected);
  });
});

describe('source keys and collections', () => {
  const folders = new Map([['alice', 'finance']]);
  test.each([
    ['api-uploads/report.pdf', 'default'],
    ['api-uploads/finance/report.pdf', 'finance'],
    ['api-uploads/Not Valid/report.pdf', 'default'],
    ['alice/q1.pdf', 'finance'],
    ['alice/sub/q1.pdf', 'finance'],
    ['bob/q1.pdf', 'default'],
    ['alice', 'default'],
    ['samples/guide.md', 'default'],
  ])('%s → %s', (source, collection) => {
    // act + assess
    expect(collectionOfSource(source, folders)).toBe(collection);
  });

  test.each([
    ['default', 'a.pdf', 'api-uploads/a.pdf'],
    ['finance', 'a.pdf', 'api-uploads/finance/a.pdf'],
  ])('an upload of %s/%s is stored as %s, and read back into its collection', (collection, name, key) => {
    // act
    const stored = apiUploadKeyIn(collection, name);

    // assess
    expect(stored).toBe(key);
    expect(collectionOfSource(stored)).toBe(collection);
  });
});
