export { SignInForm, TokenPrompt } from './auth-screens.js';
export { createCognitoAuth, type CognitoAuth, type SignInOutcome } from './cognito-auth.js';
export { DEFAULT_SITE_CONFIG, loadSiteConfig, parseSiteConfig, type AuthConfig, type SiteConfig } from './site-config.js';
export { API_TOKEN_KEY, bearer, createTokenStore, type TokenStore } from './token-store.js';
export { useAuth, type Auth, type AuthStatus } from './use-auth.js';
