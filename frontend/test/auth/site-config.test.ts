import { describe, expect, test } from 'vitest';
import { parseSiteConfig } from '../../src/auth/site-config.js';

describe('parseSiteConfig', () => {
  test.each([
    ['the local stack without a token', { apiUrl: '/api', auth: { type: 'none' } }, { apiUrl: '/api', auth: { type: 'none' } }],
    ['the local stack with a token', { apiUrl: '/api', auth: { type: 'token' } }, { apiUrl: '/api', auth: { type: 'token' } }],
    [
      'AWS with Cognito',
      { apiUrl: '/api', auth: { type: 'cognito', region: 'eu-west-1', userPoolId: 'eu-west-1_abc', userPoolClientId: 'client123' } },
      { apiUrl: '/api', auth: { type: 'cognito', region: 'eu-west-1', userPoolId: 'eu-west-1_abc', userPoolClientId: 'client123' } },
    ],
    ['no auth block', { apiUrl: '/api' }, { apiUrl: '/api', auth: { type: 'none' } }],
    ['an unknown auth type', { apiUrl: '/api', auth: { type: 'saml' } }, { apiUrl: '/api', auth: { type: 'none' } }],
    ['no apiUrl', { auth: { type: 'none' } }, { apiUrl: '/api', auth: { type: 'none' } }],
    ['an absolute apiUrl', { apiUrl: ' https://api.example.com/prod ' }, { apiUrl: 'https://api.example.com/prod', auth: { type: 'none' } }],
    ['presigned uploads (AWS)', { apiUrl: '/api', uploads: 'presigned' }, { apiUrl: '/api', auth: { type: 'none' }, uploads: 'presigned' }],
    ['an unknown upload mode', { apiUrl: '/api', uploads: 'ftp' }, { apiUrl: '/api', auth: { type: 'none' } }],
  ])('%s', (_name, json, expected) => {
    expect(parseSiteConfig(json)).toEqual(expected);
  });

  test('extra Cognito fields are not carried along', () => {
    const config = parseSiteConfig({ auth: { type: 'cognito', region: 'r', userPoolId: 'p', userPoolClientId: 'c', secret: 'x' } });

    expect(config.auth).toEqual({ type: 'cognito', region: 'r', userPoolId: 'p', userPoolClientId: 'c' });
  });

  test.each([
    ['without a user pool', { auth: { type: 'cognito', region: 'eu-west-1', userPoolClientId: 'c' } }],
    ['without a client id', { auth: { type: 'cognito', region: 'eu-west-1', userPoolId: 'p' } }],
    ['with an empty region', { auth: { type: 'cognito', region: ' ', userPoolId: 'p', userPoolClientId: 'c' } }],
  ])('Cognito %s is refused', (_name, json) => {
    expect(() => parseSiteConfig(json)).toThrow(/cognito/);
  });

  test.each([[null], ['config'], [42]])('%j is not a config', (json) => {
    expect(() => parseSiteConfig(json)).toThrow(/JSON object/);
  });
});
