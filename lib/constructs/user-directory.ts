import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AuthorizationType, CognitoUserPoolsAuthorizer } from 'aws-cdk-lib/aws-apigateway';
import { AccountRecovery, FeaturePlan, Mfa, UserPool, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';

export interface UserDirectoryProps {
  readonly mfa: 'off' | 'optional' | 'required';
  /** prod: the user pool is retained and protected from deletion. */
  readonly production: boolean;
}

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
  const userPoolClient = userPool.addClient('WebClient', {
    generateSecret: false,
    authFlows: { userSrp: true, userPassword: true },
    preventUserExistenceErrors: true,
    idTokenValidity: Duration.hours(1),
    accessTokenValidity: Duration.hours(1),
    refreshTokenValidity: Duration.days(30),
  });
  const authorizer = new CognitoUserPoolsAuthorizer(scope, 'Authorizer', { cognitoUserPools: [userPool] });
  return { userPool, userPoolClient, authorized: { authorizer, authorizationType: AuthorizationType.COGNITO } };
}
