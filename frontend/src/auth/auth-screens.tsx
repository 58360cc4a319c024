import { useState, type FormEvent, type ReactNode } from 'react';
import type { Translate } from '../i18n/i18n.js';
import { LogoMark } from '../ui/icons.js';
import type { Auth } from './use-auth.js';

function AuthCard({ title, children, t }: { title: string; children: ReactNode; t: Translate }) {
  return (
    <main className="auth-screen" id="main">
      <div className="auth-card">
        <div className="auth-brand">
          <LogoMark />
          <span>{t('appName')}</span>
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

/** Asks once for the local API token (RAG_API_TOKEN), and again if the server refuses it. */
export function TokenPrompt({ auth, verify, t }: { auth: Auth; verify: () => Promise<boolean>; t: Translate }) {
  const [token, setToken] = useState('');
  const [checking, setChecking] = useState(false);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!token.trim()) return;
    setChecking(true);
    await auth.submitToken(token, verify);
    setChecking(false);
  };
  return (
    <AuthCard title={t('tokenTitle')} t={t}>
      <p className="muted">{t('tokenBody')}</p>
      <form onSubmit={onSubmit} className="auth-form">
        <label htmlFor="api-token">{t('tokenLabel')}</label>
        <input
          id="api-token"
          type="password"
          autoComplete="off"
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-invalid={auth.tokenRejected}
          aria-describedby={auth.tokenRejected ? 'token-error' : undefined}
          // biome-ignore lint/a11y/noAutofocus: the screen has no other purpose than this field, and it opens on page load rather than moving focus mid-task.
          autoFocus
        />
        {auth.tokenRejected && (
          <p id="token-error" className="form-error" role="alert">
            {t('tokenRejected')}
          </p>
        )}
        <button type="submit" className="primary-button" disabled={checking || !token.trim()}>
          {t('continue')}
        </button>
      </form>
    </AuthCard>
  );
}

/** Cognito sign-in (SRP), including the new-password step of accounts created by an administrator. */
export function SignInForm({ auth, t }: { auth: Auth; t: Translate }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [step, setStep] = useState<'credentials' | 'new-password'>('credentials');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (step === 'credentials') {
        const outcome = await auth.signIn(username, password);
        if (outcome.kind === 'new-password-required') setStep('new-password');
      } else {
        await auth.completeNewPassword(newPassword);
      }
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title={t('signInTitle')} t={t}>
      <p className="muted">{step === 'credentials' ? t('signInBody') : t('newPasswordBody')}</p>
      <form onSubmit={onSubmit} className="auth-form">
        {step === 'credentials' ? (
          <>
            <label htmlFor="username">{t('username')}</label>
            {/* biome-ignore lint/a11y/noAutofocus: the sign-in screen opens on page load; its first field is the only thing to do there. */}
            <input id="username" autoComplete="username" value={username} onChange={(event) => setUsername(event.target.value)} required autoFocus />
            <label htmlFor="password">{t('password')}</label>
            <input
              id="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              required
            />
          </>
        ) : (
          <>
            <label htmlFor="new-password">{t('newPassword')}</label>
            <input
              id="new-password"
              type="password"
              autoComplete="new-password"
              value={newPassword}
              onChange={(event) => setNewPassword(event.target.value)}
              required
              // biome-ignore lint/a11y/noAutofocus: this step replaces the whole form; focus stays on the one field it asks for.
              autoFocus
            />
          </>
        )}
        {(error || auth.error) && (
          <p className="form-error" role="alert">
            {t('signInFailed', { message: error ?? auth.error ?? '' })}
          </p>
        )}
        <button type="submit" className="primary-button" disabled={busy || auth.status === 'failed'}>
          {step === 'credentials' ? t('signIn') : t('continue')}
        </button>
      </form>
    </AuthCard>
  );
}
