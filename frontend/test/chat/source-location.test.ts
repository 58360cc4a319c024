import { describe, expect, test } from 'vitest';
import type { Citation } from '../../src/api/api-types.js';
import { sectionOf, sourceLocation } from '../../src/chat/source-location.js';
import { t } from '../support/render-with-i18n.js';

const base: Citation = { n: 1, documentId: 'd', source: 's.md', title: 'Guide', score: 1, excerpt: 'e' };

describe('where a citation points', () => {
  test.each<[string, Partial<Citation>, string | undefined]>([
    ['a heading under the title', { heading: 'Guide › Install › Linux' }, 'Install › Linux'],
    ['a heading that is only the title', { heading: 'Guide' }, undefined],
    ['a heading without the title', { heading: 'Install' }, 'Install'],
    ['a page', { page: 4 }, 'Page 4'],
    ['a heading and a page', { heading: 'Guide › Install', page: 4 }, 'Install · Page 4'],
    ['nothing', {}, undefined],
  ])('%s', (_name, overrides, expected) => {
    expect(sourceLocation({ ...base, ...overrides }, t)).toBe(expected);
  });

  test('sectionOf ignores the page', () => {
    expect(sectionOf({ title: 'Guide', heading: 'Guide › FAQ' })).toBe('FAQ');
  });
});
