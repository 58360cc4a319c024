import { describe, expect, test } from 'vitest';
import { API_TOKEN_KEY, bearer, createTokenStore } from '../../src/auth/token-store.js';

describe('token store', () => {
  test('keeps the token in sessionStorage, trimmed', () => {
    const store = createTokenStore(sessionStorage);

    store.set('  s3cret \n');

    expect(store.get()).toBe('s3cret');
    expect(sessionStorage.getItem(API_TOKEN_KEY)).toBe('s3cret');
    expect(localStorage.getItem(API_TOKEN_KEY)).toBeNull();
  });

  test('a new store in the same tab finds the token (a reload)', () => {
    createTokenStore(sessionStorage).set('s3cret');

    expect(createTokenStore(sessionStorage).get()).toBe('s3cret');
  });

  test('clear forgets it', () => {
    const store = createTokenStore(sessionStorage);
    store.set('s3cret');

    store.clear();

    expect(store.get()).toBeUndefined();
    expect(sessionStorage.getItem(API_TOKEN_KEY)).toBeNull();
  });

  test('storage that throws still keeps the token for the page', () => {
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const store = createTokenStore(broken);

    store.set('s3cret');

    expect(store.get()).toBe('s3cret');
    store.clear();
    expect(store.get()).toBeUndefined();
  });

  test.each([
    ['s3cret', 'Bearer s3cret'],
    [undefined, undefined],
    ['', undefined],
  ])('bearer(%j) is %j', (token, header) => {
    expect(bearer(token)).toBe(header);
  });
});
