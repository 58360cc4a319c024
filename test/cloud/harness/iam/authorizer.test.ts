import { credentialsForRole } from '../functions/role-credentials.js';
import type { CfnTemplate } from '../template/load-template.js';
import { IntrinsicResolver } from '../template/resolve-intrinsics.js';
import { Authorizer } from './authorizer.js';

/** The shape CDK gives a function role: a managed policy, a DefaultPolicy, a bucket policy denying plain HTTP. */
const TEMPLATE: CfnTemplate = {
  Resources: {
    Raw: { Type: 'AWS::S3::Bucket' },
    RawPolicy: {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: { Ref: 'Raw' },
        PolicyDocument: {
          Statement: [
            {
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 's3:*',
              Resource: [{ 'Fn::GetAtt': ['Raw', 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Raw', 'Arn'] }, '/*']] }],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    },
    IngestRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']] }],
      },
    },
    IngestRoleDefaultPolicy: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        Roles: [{ Ref: 'IngestRole' }],
        PolicyDocument: {
          Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Raw', 'Arn'] }, '/*']] } }],
        },
      },
    },
    OtherRole: {
      Type: 'AWS::IAM::Role',
      Properties: { Policies: [{ PolicyName: 'inline', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'logs:*', Resource: '*' }] } }] },
    },
  },
};

describe('Authorizer', () => {
  const resolver = new IntrinsicResolver(TEMPLATE, { stackName: 'Docs' });
  const objectArn = `arn:aws:s3:::${resolver.ref('Raw')}/alice/a.pdf`;

  test.each([
    ['the ingest role reads an object', 'IngestRole', 's3:GetObject', objectArn, {}, true],
    ['the ingest role writes an object', 'IngestRole', 's3:PutObject', objectArn, {}, false],
    ['the ingest role logs through its managed policy', 'IngestRole', 'logs:PutLogEvents', 'arn:aws:logs:us-east-1:123456789012:log-group:x:*', {}, true],
    ['another role reads an object', 'OtherRole', 's3:GetObject', objectArn, {}, false],
    ['the ingest role reads over plain HTTP', 'IngestRole', 's3:GetObject', objectArn, { 'aws:SecureTransport': 'false' }, false],
  ])('%s: allowed %s', (_name, role, action, resource, context, expected) => {
    // prepare
    const authorizer = new Authorizer(resolver);
    // act
    const decision = authorizer.authorize(credentialsForRole(role).accessKeyId, action, resource, context);
    // assess
    expect(decision.allowed).toBe(expected);
    if (!expected) expect(decision.message).toContain(`is not authorized to perform: ${action} on resource: ${resource}`);
  });

  test('denies a key that names no role of the template', () => {
    // act
    const decision = new Authorizer(resolver).authorize('AKIAEXAMPLE', 's3:GetObject', objectArn);
    // assess
    expect(decision.allowed).toBe(false);
  });
});
