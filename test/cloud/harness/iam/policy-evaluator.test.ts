import { type AuthorizationRequest, arnMatch, conditionHolds, type Decision, evaluate, type PolicyStatement } from './policy-evaluator.js';

const ROLE = 'arn:aws:iam::123456789012:role/Ingest';
const OTHER_ROLE = 'arn:aws:iam::123456789012:role/Other';
const BUCKET = 'arn:aws:s3:::raw';
const caller = { roleArn: ROLE, accountId: '123456789012' };

function request(action: string, resource: string, context: AuthorizationRequest['context'] = { 'aws:SecureTransport': 'true' }): AuthorizationRequest {
  return { caller, action, resource, context };
}

const READ_OBJECTS: PolicyStatement = { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: `${BUCKET}/*` };

describe('evaluate', () => {
  const cases: Array<[string, AuthorizationRequest, PolicyStatement[], PolicyStatement[], Decision]> = [
    ['an allowed action on a matching resource', request('s3:GetObject', `${BUCKET}/a.pdf`), [READ_OBJECTS], [], 'Allow'],
    ['no statement at all', request('s3:GetObject', `${BUCKET}/a.pdf`), [], [], 'ImplicitDeny'],
    ['another action', request('s3:PutObject', `${BUCKET}/a.pdf`), [READ_OBJECTS], [], 'ImplicitDeny'],
    ['the bucket itself, not an object', request('s3:GetObject', BUCKET), [READ_OBJECTS], [], 'ImplicitDeny'],
    ['an action in another case', request('S3:getobject', `${BUCKET}/a.pdf`), [READ_OBJECTS], [], 'Allow'],
    ['an action wildcard', request('s3:GetObjectTagging', `${BUCKET}/a`), [{ Effect: 'Allow', Action: 's3:GetObject*', Resource: '*' }], [], 'Allow'],
    [
      'a ? wildcard in an action',
      request('sqs:SendMessage', 'arn:aws:sqs:us-east-1:123456789012:q'),
      [{ Effect: 'Allow', Action: 'sqs:?endMessage', Resource: '*' }],
      [],
      'Allow',
    ],
    [
      'NotAction excludes the action',
      request('s3:DeleteObject', `${BUCKET}/a`),
      [{ Effect: 'Allow', NotAction: 's3:Delete*', Resource: '*' }],
      [],
      'ImplicitDeny',
    ],
    ['NotAction allows other actions', request('s3:GetObject', `${BUCKET}/a`), [{ Effect: 'Allow', NotAction: 's3:Delete*', Resource: '*' }], [], 'Allow'],
    [
      'NotResource excludes the resource',
      request('s3:GetObject', `${BUCKET}/secret/x`),
      [{ Effect: 'Allow', Action: 's3:*', NotResource: `${BUCKET}/secret/*` }],
      [],
      'ImplicitDeny',
    ],
    [
      'a prefix-scoped grant outside its prefix',
      request('s3:PutObject', `${BUCKET}/alice/a.pdf`),
      [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `${BUCKET}/api-uploads/*` }],
      [],
      'ImplicitDeny',
    ],
    [
      'an explicit Deny wins over an Allow',
      request('s3:GetObject', `${BUCKET}/a`),
      [READ_OBJECTS, { Effect: 'Deny', Action: 's3:*', Resource: '*' }],
      [],
      'ExplicitDeny',
    ],
    [
      'a bucket policy Deny on insecure transport',
      request('s3:GetObject', `${BUCKET}/a`, { 'aws:SecureTransport': 'false' }),
      [READ_OBJECTS],
      [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: [BUCKET, `${BUCKET}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
      'ExplicitDeny',
    ],
    [
      'the same Deny over TLS',
      request('s3:GetObject', `${BUCKET}/a`),
      [READ_OBJECTS],
      [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: [BUCKET, `${BUCKET}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
      'Allow',
    ],
    [
      'a resource policy Allow naming the role',
      request('secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf'),
      [],
      [{ Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }],
      'Allow',
    ],
    [
      'a resource policy Allow naming another role',
      request('secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf'),
      [],
      [{ Effect: 'Allow', Principal: { AWS: OTHER_ROLE }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }],
      'ImplicitDeny',
    ],
    [
      'a resource policy Allow to the account root alone (IAM must grant too)',
      request('s3:GetObject', `${BUCKET}/a`),
      [],
      [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:*', Resource: `${BUCKET}/*` }],
      'ImplicitDeny',
    ],
    [
      'a service principal with the matching source ARN',
      {
        caller: { service: 'events.amazonaws.com' },
        action: 'sqs:SendMessage',
        resource: 'arn:aws:sqs:us-east-1:123456789012:q',
        context: { 'aws:SourceArn': 'arn:aws:events:us-east-1:123456789012:rule/r' },
      },
      [],
      [
        {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: 'arn:aws:sqs:us-east-1:123456789012:q',
          Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:events:us-east-1:123456789012:rule/r' } },
        },
      ],
      'Allow',
    ],
    [
      'a service principal from another rule',
      {
        caller: { service: 'events.amazonaws.com' },
        action: 'sqs:SendMessage',
        resource: 'arn:aws:sqs:us-east-1:123456789012:q',
        context: { 'aws:SourceArn': 'arn:aws:events:us-east-1:123456789012:rule/other' },
      },
      [],
      [
        {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: 'arn:aws:sqs:us-east-1:123456789012:q',
          Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:events:us-east-1:123456789012:rule/r' } },
        },
      ],
      'ImplicitDeny',
    ],
  ];

  test.each(cases)('%s', (_name, input, identity, resource, expected) => {
    // act
    const { decision } = evaluate(input, identity, resource);
    // assess
    expect(decision).toBe(expected);
  });
});

describe('arnMatch', () => {
  test.each([
    ['arn:aws:s3:::raw/*', 'arn:aws:s3:::raw/a/b.pdf', true],
    ['arn:aws:s3:::raw/*', 'arn:aws:s3:::raw2/a', false],
    ['arn:aws:bedrock:*::foundation-model/amazon.nova-lite-v1:0', 'arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-lite-v1:0', true],
    ['arn:aws:bedrock:*::foundation-model/amazon.nova-lite-v1:0', 'arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-pro-v1:0', false],
    ['arn:aws:lambda:us-east-1:123456789012:function:f:*', 'arn:aws:lambda:us-east-1:123456789012:function:f:live', true],
    ['arn:aws:lambda:us-east-1:123456789012:function:f', 'arn:aws:lambda:us-east-1:123456789012:function:f:live', false],
    ['arn:aws:s3:::Raw/*', 'arn:aws:s3:::raw/a', false],
  ])('%s matches %s: %s', (pattern, arn, expected) => {
    // act
    const matched = arnMatch(pattern, arn);
    // assess
    expect(matched).toBe(expected);
  });
});

describe('conditionHolds', () => {
  test.each<[string, PolicyStatement['Condition'], Record<string, string | string[]>, boolean]>([
    ['StringEquals equal', { StringEquals: { 's3:prefix': 'alice/' } }, { 's3:prefix': 'alice/' }, true],
    ['StringEquals different', { StringEquals: { 's3:prefix': 'alice/' } }, { 's3:prefix': 'bob/' }, false],
    ['StringEquals on a missing key', { StringEquals: { 's3:prefix': 'alice/' } }, {}, false],
    ['StringEqualsIfExists on a missing key', { StringEqualsIfExists: { 's3:prefix': 'alice/' } }, {}, true],
    ['StringNotEquals on a missing key', { StringNotEquals: { 's3:prefix': 'alice/' } }, {}, true],
    ['StringLike with a wildcard', { StringLike: { 's3:prefix': ['alice/*', 'shared/*'] } }, { 's3:prefix': 'shared/x' }, true],
    ['StringNotLike matching', { StringNotLike: { 's3:prefix': 'alice/*' } }, { 's3:prefix': 'alice/x' }, false],
    ['ArnLike', { ArnLike: { 'aws:SourceArn': 'arn:aws:events:*:*:rule/*' } }, { 'aws:SourceArn': 'arn:aws:events:us-east-1:1:rule/r' }, true],
    ['Bool false against true', { Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': 'true' }, false],
    ['Null true on a missing key', { Null: { 'aws:TokenIssueTime': 'true' } }, {}, true],
    ['Null false on a present key', { Null: { 'aws:TokenIssueTime': 'false' } }, { 'aws:TokenIssueTime': 'x' }, true],
    ['NumericLessThan below', { NumericLessThan: { 's3:TlsVersion': 1.2 } }, { 's3:TlsVersion': '1.1' }, true],
    ['NumericLessThan above', { NumericLessThan: { 's3:TlsVersion': 1.2 } }, { 's3:TlsVersion': '1.3' }, false],
    ['a multi-valued key matches any value', { StringEquals: { 'aws:TagKeys': 'team' } }, { 'aws:TagKeys': ['owner', 'team'] }, true],
    ['all operators must hold', { StringEquals: { a: 'x' }, Bool: { b: 'true' } }, { a: 'x', b: 'false' }, false],
  ])('%s', (_name, condition, context, expected) => {
    // act
    const holds = conditionHolds(condition, context);
    // assess
    expect(holds).toBe(expected);
  });

  test('rejects an operator it does not know instead of guessing', () => {
    // act
    const act = () => conditionHolds({ DateLessThan: { 'aws:CurrentTime': '2030-01-01' } }, { 'aws:CurrentTime': '2026-01-01' });
    // assess
    expect(act).toThrow(/Unsupported condition operator DateLessThan/);
  });
});
