import type { AuthConfig } from './site-config.js';

type CognitoConfig = Extract<AuthConfig, { type: 'cognito' }>;

export type SignInOutcome = { kind: 'signed-in' } | { kind: 'new-password-required' };

/** Sign-in against a Cognito user pool with SRP: the password never leaves the browser. */
export interface CognitoAuth {
  /** The current ID token, refreshed when expired; undefined when nobody is signed in. */
  idToken(): Promise<string | undefined>;
  signIn(username: string, password: string): Promise<SignInOutcome>;
  /** Finishes a first sign-in of a user an administrator created with a temporary password. */
  completeNewPassword(newPassword: string): Promise<void>;
  signOut(): void;
}

/**
 * The Cognito SDK is loaded only here, on demand, so sites that never use Cognito (the
 * local stack) do not download it.
 */
export async function createCognitoAuth(config: CognitoConfig): Promise<CognitoAuth> {
  const { AuthenticationDetails, CognitoUser, CognitoUserPool } = await import('amazon-cognito-identity-js');
  type Session = import('amazon-cognito-identity-js').CognitoUserSession;
  const pool = new CognitoUserPool({ UserPoolId: config.userPoolId, ClientId: config.userPoolClientId });
  let pending: InstanceType<typeof CognitoUser> | undefined;

  const callbacks = (resolve: (outcome: SignInOutcome) => void, reject: (error: Error) => void) => ({
    onSuccess: () => resolve({ kind: 'signed-in' as const }),
    onFailure: (error: Error) => reject(error),
    newPasswordRequired: () => resolve({ kind: 'new-password-required' as const }),
  });

  return {
    idToken() {
      const user = pool.getCurrentUser();
      if (!user) return Promise.resolve(undefined);
      return new Promise((resolve) => {
        user.getSession((error: Error | null, session: Session | null) => {
          resolve(error || !session?.isValid() ? undefined : session.getIdToken().getJwtToken());
        });
      });
    },
    signIn(username, password) {
      const user = new CognitoUser({ Username: username.trim(), Pool: pool });
      pending = user;
      const details = new AuthenticationDetails({ Username: username.trim(), Password: password });
      return new Promise((resolve, reject) => user.authenticateUser(details, callbacks(resolve, reject)));
    },
    async completeNewPassword(newPassword) {
      const user = pending;
      if (!user) throw new Error('Sign in first.');
      const outcome = await new Promise<SignInOutcome>((resolve, reject) => user.completeNewPasswordChallenge(newPassword, {}, callbacks(resolve, reject)));
      if (outcome.kind !== 'signed-in') throw new Error('The new password was not accepted.');
    },
    signOut() {
      pool.getCurrentUser()?.signOut();
      pending = undefined;
    },
  };
}
