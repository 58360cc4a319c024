import { Duration, RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import { AuthorizationType, CognitoUserPoolsAuthorizer } from 'aws-cdk-lib/aws-apigateway';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ProviderAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolIdentityProviderOidc,
  UserPoolIdentityProviderSaml,
  UserPoolIdentityProviderSamlMetadata,
} from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';

export interface UserDirectoryProps {
  readonly mfa: 'off' | 'optional' | 'required';
  /** prod: the user pool is retained and protected from deletion. */
  readonly production: boolean;
  /** Federated sign-in; with any, the pool gets a hosted UI domain and the app client the authorization code flow. */
  readonly federation?: {
    readonly identityProviders: readonly FederatedProvider[];
    readonly domainPrefix: string;
    readonly callbackUrls: readonly string[];
  };
}

export type FederatedProvider =
  | {
      readonly type: 'oidc';
      readonly name: string;
      readonly clientId: string;
      readonly clientSecretArn: string;
      readonly issuerUrl: string;
      readonly scopes: readonly string[];
    }
  | { readonly type: 'saml'; readonly name: string; readonly metadataUrl: string };

/** The SAML attribute most IdPs (Entra ID, Okta, AD FS) send the email address in. */
const SAML_EMAIL = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress';

export interface UserDirectory {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  /** Method options that require a Cognito token from this pool. */
  readonly authorized: { readonly authorizer: CognitoUserPoolsAuthorizer; readonly authorizationType: AuthorizationType };
}

/**
 * The Cognito users of the API and the authorizer that checks their tokens. Built in the
 * caller's scope (not a construct of its own), so the resources keep their logical ids.
 */
export function addUserDirectory(scope: Construct, props: UserDirectoryProps): UserDirectory {
  const { mfa, production } = props;
  const userPool = new UserPool(scope, 'UserPool', {
    // Operators invite people; nobody signs themselves up to a company's documents.
    selfSignUpEnabled: false,
    signInAliases: { email: true },
    autoVerify: { email: true },
    passwordPolicy: {
      minLength: 12,
      requireLowercase: true,
      requireUppercase: true,
      requireDigits: true,
      requireSymbols: true,
      tempPasswordValidity: Duration.days(7),
    },
    mfa: mfa === 'required' ? Mfa.REQUIRED : mfa === 'optional' ? Mfa.OPTIONAL : Mfa.OFF,
    mfaSecondFactor: { otp: true, sms: false },
    accountRecovery: AccountRecovery.EMAIL_ONLY,
    featurePlan: FeaturePlan.ESSENTIALS,
    deletionProtection: production,
    removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
  Validations.of(userPool).acknowledge({
    id: 'AwsSolutions-COG8',
    reason:
      'The Plus feature plan (threat protection) is billed per monthly active user; it is left to the operator. Sign-up is closed and the password policy is strict.',
  });
  if (mfa !== 'required') {
    Validations.of(userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason: 'MFA is a deployment choice (auth.mfa in the config); TOTP is offered to every user, and prod configs set it to required.',
    });
  }
  // Identity providers, named as configured; federated users appear in the pool as `<Provider>_<id>`,
  // and get their roles from the Cognito groups they are added to, like any user.
  const providers = (props.federation?.identityProviders ?? []).map((provider) =>
    provider.type === 'oidc'
      ? new UserPoolIdentityProviderOidc(scope, `IdentityProvider${provider.name}`, {
          userPool,
          name: provider.name,
          clientId: provider.clientId,
          // A dynamic reference CloudFormation resolves at deploy time: the secret never enters the template.
          clientSecret: SecretValue.secretsManager(provider.clientSecretArn).unsafeUnwrap(),
          issuerUrl: provider.issuerUrl,
          scopes: [...provider.scopes],
          attributeMapping: { email: ProviderAttribute.other('email') },
        })
      : new UserPoolIdentityProviderSaml(scope, `IdentityProvider${provider.name}`, {
          userPool,
          name: provider.name,
          metadata: UserPoolIdentityProviderSamlMetadata.url(provider.metadataUrl),
          attributeMapping: { email: ProviderAttribute.other(SAML_EMAIL) },
        }),
  );
  if (props.federation && providers.length > 0) userPool.addDomain('HostedUiDomain', { cognitoDomain: { domainPrefix: props.federation.domainPrefix } });
  const federated =
    props.federation && providers.length > 0
      ? {
          supportedIdentityProviders: [
            UserPoolClientIdentityProvider.COGNITO,
            ...props.federation.identityProviders.map((provider) => UserPoolClientIdentityProvider.custom(provider.name)),
          ],
          oAuth: {
            flows: { authorizationCodeGrant: true },
            scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
            callbackUrls: [...props.federation.callbackUrls],
            logoutUrls: [...props.federation.callbackUrls],
          },
        }
      : {};
  const userPoolClient = userPool.addClient('WebClient', {
    ...federated,
    generateSecret: false,
    authFlows: { userSrp: true, userPassword: true },
    preventUserExistenceErrors: true,
    idTokenValidity: Duration.hours(1),
    accessTokenValidity: Duration.hours(1),
    refreshTokenValidity: Duration.days(30),
  });
  // The client names the providers by name, so it must be created after them.
  for (const provider of providers) userPoolClient.node.addDependency(provider);
  const authorizer = new CognitoUserPoolsAuthorizer(scope, 'Authorizer', { cognitoUserPools: [userPool] });
  return { userPool, userPoolClient, authorized: { authorizer, authorizationType: AuthorizationType.COGNITO } };
}
