import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { browserStorage } from '../chat/conversation-store.js';
import { type CognitoAuth, type SignInOutcome, createCognitoAuth } from './cognito-auth.js';
import type { SiteConfig } from './site-config.js';
import { bearer, createTokenStore } from './token-store.js';

export type AuthStatus = 'checking' | 'signed-out' | 'ready' | 'failed';

export interface Auth {
  /** How this site signs in: a local API token or Cognito (`none` needs no sign-in). */
  method: 'none' | 'token' | 'cognito';
  status: AuthStatus;
  /** The last token was refused by the server. */
  tokenRejected: boolean;
  error?: string;
  /** The Authorization header for API calls. */
  authorization(): Promise<string | undefined>;
  /** Every 401 lands here: the site asks for credentials again. */
  onUnauthorized(): void;
  /** Stores a token; `verify` checks it against the server and reports whether it was accepted. */
  submitToken(token: string, verify: () => Promise<boolean>): Promise<boolean>;
  signIn(username: string, password: string): Promise<SignInOutcome>;
  completeNewPassword(password: string): Promise<void>;
  signOut(): void;
}

/** Sign-in state for the three ways the API can be protected: nothing, a local bearer token, or Cognito. */
export function useAuth(config: SiteConfig): Auth {
  const tokens = useMemo(() => createTokenStore(browserStorage('sessionStorage')), []);
  const [method, setMethod] = useState<Auth['method']>(config.auth.type);
  const [status, setStatus] = useState<AuthStatus>(() => {
    if (config.auth.type === 'cognito') return 'checking';
    if (config.auth.type === 'token' && !tokens.get()) return 'signed-out';
    return 'ready';
  });
  const [tokenRejected, setTokenRejected] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const cognito = useRef<CognitoAuth | undefined>(undefined);
  const methodRef = useRef(method);
  methodRef.current = method;

  useEffect(() => {
    const settings = config.auth;
    if (settings.type !== 'cognito') return;
    let cancelled = false;
    createCognitoAuth(settings)
      .then(async (auth) => {
        cognito.current = auth;
        const token = await auth.idToken();
        if (!cancelled) setStatus(token ? 'ready' : 'signed-out');
      })
      .catch((failure: unknown) => {
        if (cancelled) return;
        setError(failure instanceof Error ? failure.message : String(failure));
        setStatus('failed');
      });
    return () => {
      cancelled = true;
    };
  }, [config.auth]);

  const authorization = useCallback(async () => {
    if (methodRef.current === 'cognito') return cognito.current?.idToken();
    return bearer(tokens.get());
  }, [tokens]);

  const onUnauthorized = useCallback(() => {
    if (methodRef.current === 'cognito') {
      setStatus('signed-out');
      return;
    }
    // A server started with RAG_API_TOKEN after the page loaded still gets its token asked for.
    setTokenRejected(Boolean(tokens.get()));
    tokens.clear();
    setMethod('token');
    setStatus('signed-out');
  }, [tokens]);

  const submitToken = useCallback(
    async (token: string, verify: () => Promise<boolean>) => {
      tokens.set(token);
      setTokenRejected(false);
      const accepted = await verify();
      if (!accepted) {
        tokens.clear();
        setTokenRejected(true);
        setStatus('signed-out');
        return false;
      }
      setStatus('ready');
      return true;
    },
    [tokens],
  );

  const signIn = useCallback(async (username: string, password: string) => {
    if (!cognito.current) throw new Error('Sign-in is not ready yet.');
    const outcome = await cognito.current.signIn(username, password);
    if (outcome.kind === 'signed-in') setStatus('ready');
    return outcome;
  }, []);

  const completeNewPassword = useCallback(async (password: string) => {
    if (!cognito.current) throw new Error('Sign-in is not ready yet.');
    await cognito.current.completeNewPassword(password);
    setStatus('ready');
  }, []);

  const signOut = useCallback(() => {
    if (methodRef.current === 'cognito') cognito.current?.signOut();
    else tokens.clear();
    setStatus(methodRef.current === 'none' ? 'ready' : 'signed-out');
  }, [tokens]);

  return { method, status, tokenRejected, error, authorization, onUnauthorized, submitToken, signIn, completeNewPassword, signOut };
}
