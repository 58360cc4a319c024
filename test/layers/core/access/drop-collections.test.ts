import { collectionOfSource, defaultDropCollection, parseDropCollections } from '#core/access/source-collection.js';

describe('drop folders on AWS', () => {
  test.each([
    ['a plain name', 'alice', 'alice'],
    ['upper case and dots', 'Bob.Smith', 'bob-smith'],
    ['an email-like name', 'ops@example.com', 'ops-example-com'],
    ['a name no collection can have', '_ops', 'default'],
  ])('the default collection of %s', (_, user, expected) => {
    // act + assess
    expect(defaultDropCollection(user)).toBe(expected);
  });

  test.each([
    ['absent', undefined, 'alice/report.pdf', 'default'],
    ['a mapped folder', '{"alice":"finance"}', 'alice/report.pdf', 'finance'],
    ['an unmapped folder', '{"alice":"finance"}', 'bob/report.pdf', 'default'],
    ['a value that is no collection is dropped', '{"alice":"Finance"}', 'alice/report.pdf', 'default'],
    ['API uploads keep their own collection', '{"api-uploads":"finance"}', 'api-uploads/handbook/a.md', 'handbook'],
  ])('%s: %s files %s under %s', (_, json, source, expected) => {
    // act + assess
    expect(collectionOfSource(source, parseDropCollections(json))).toBe(expected);
  });
});
