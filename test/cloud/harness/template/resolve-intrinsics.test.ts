import type { CfnTemplate } from './load-template.js';
import { FAKE_ACCOUNT_ID, IntrinsicResolver } from './resolve-intrinsics.js';

const TEMPLATE: CfnTemplate = {
  Parameters: { Stage: { Type: 'String', Default: 'dev' } },
  Conditions: {
    InUsEast1: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
    InEu: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] },
    Either: { 'Fn::Or': [{ Condition: 'InEu' }, { Condition: 'InUsEast1' }] },
    Neither: { 'Fn::Not': [{ Condition: 'Either' }] },
  },
  Mappings: { Sizes: { dev: { Memory: 512 } } },
  Resources: {
    Raw: { Type: 'AWS::S3::Bucket' },
    Named: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::Join': ['-', ['docs', { Ref: 'AWS::AccountId' }]] } } },
    Jobs: { Type: 'AWS::SQS::Queue' },
    Fn: { Type: 'AWS::Lambda::Function' },
    FnRole: { Type: 'AWS::IAM::Role' },
    Db: { Type: 'AWS::RDS::DBCluster', Properties: { Port: 5432 } },
    DbSecret: { Type: 'AWS::SecretsManager::Secret' },
    DbSecretAttachment: { Type: 'AWS::SecretsManager::SecretTargetAttachment', Properties: { SecretId: { Ref: 'DbSecret' } } },
    Key: { Type: 'AWS::KMS::Key' },
  },
};

function resolver(overrides: Record<string, unknown> = {}, stackName = 'Docs') {
  return new IntrinsicResolver(TEMPLATE, { stackName, overrides });
}

describe('IntrinsicResolver', () => {
  const cases: Array<[string, unknown, unknown]> = [
    ['a pseudo parameter', { Ref: 'AWS::AccountId' }, FAKE_ACCOUNT_ID],
    ['the partition and URL suffix', { 'Fn::Join': ['.', [{ Ref: 'AWS::Partition' }, { Ref: 'AWS::URLSuffix' }]] }, 'aws.amazonaws.com'],
    ['a parameter default', { Ref: 'Stage' }, 'dev'],
    ['a bucket named in the template', { Ref: 'Named' }, `docs-${FAKE_ACCOUNT_ID}`],
    ['a bucket ARN from its name', { 'Fn::GetAtt': ['Named', 'Arn'] }, `arn:aws:s3:::docs-${FAKE_ACCOUNT_ID}`],
    ['Fn::Sub with pseudo parameters', { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::x-${AWS::Region}' }, 'arn:aws:s3:::x-us-east-1'],
    ['Fn::Sub with a variable map', { 'Fn::Sub': ['${A}/${!Literal}', { A: { Ref: 'Stage' } }] }, 'dev/${Literal}'],
    ['Fn::Sub with a GetAtt', { 'Fn::Sub': '${Named.Arn}/*' }, `arn:aws:s3:::docs-${FAKE_ACCOUNT_ID}/*`],
    ['Fn::Select over Fn::Split', { 'Fn::Select': [1, { 'Fn::Split': [':', 'a:b:c'] }] }, 'b'],
    ['Fn::If on a true condition', { 'Fn::If': ['InUsEast1', 'yes', 'no'] }, 'yes'],
    ['Fn::If on a nested Or condition', { 'Fn::If': ['Neither', 'yes', 'no'] }, 'no'],
    ['Fn::If to AWS::NoValue drops the key', { a: 1, b: { 'Fn::If': ['InEu', 2, { Ref: 'AWS::NoValue' }] } }, { a: 1 }],
    ['AWS::NoValue drops an array item', ['x', { 'Fn::If': ['InEu', 'y', { Ref: 'AWS::NoValue' }] }], ['x']],
    ['Fn::FindInMap', { 'Fn::FindInMap': ['Sizes', { Ref: 'Stage' }, 'Memory'] }, 512],
    ['a secret attachment refers to its secret', { Ref: 'DbSecretAttachment' }, resolver().ref('DbSecret')],
    ['a cluster port', { 'Fn::GetAtt': ['Db', 'Endpoint.Port'] }, '5432'],
    ['a GetAtt in dotted string form', { 'Fn::GetAtt': 'Db.Endpoint.Port' }, '5432'],
  ];

  test.each(cases)('resolves %s', (_name, input, expected) => {
    // prepare
    const subject = resolver();
    // act
    const resolved = subject.resolve(input);
    // assess
    expect(resolved).toEqual(expected);
  });

  test.each([
    ['Ref of a queue', { Ref: 'Jobs' }, /^https:\/\/sqs\.us-east-1\.amazonaws\.com\/123456789012\/Docs-Jobs-[A-Z0-9]{12}$/],
    ['a queue ARN', { 'Fn::GetAtt': ['Jobs', 'Arn'] }, /^arn:aws:sqs:us-east-1:123456789012:Docs-Jobs-[A-Z0-9]{12}$/],
    ['a generated bucket name (lower case)', { Ref: 'Raw' }, /^docs-raw-[a-z0-9]{12}$/],
    ['a function ARN', { 'Fn::GetAtt': ['Fn', 'Arn'] }, /^arn:aws:lambda:us-east-1:123456789012:function:Docs-Fn-[A-Z0-9]{12}$/],
    ['a role ARN', { 'Fn::GetAtt': ['FnRole', 'Arn'] }, /^arn:aws:iam::123456789012:role\/Docs-FnRole-[A-Z0-9]{12}$/],
    ['a secret ARN', { Ref: 'DbSecret' }, /^arn:aws:secretsmanager:us-east-1:123456789012:secret:Docs-DbSecret-[A-Z0-9]{12}-[a-zA-F]{6}$/],
    ['a cluster endpoint', { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] }, /^docs-db-[a-z0-9]{12}\.cluster-[a-z0-9]{12}\.us-east-1\.rds\.amazonaws\.com$/],
    ['a KMS key ARN', { 'Fn::GetAtt': ['Key', 'Arn'] }, /^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f-]{36}$/],
  ])('makes up %s in the AWS format', (_name, input, pattern) => {
    // prepare
    const subject = resolver();
    // act
    const resolved = subject.resolve(input);
    // assess
    expect(resolved).toMatch(pattern);
  });

  test('gives the same name every time and another stack other names', () => {
    // prepare
    const first = resolver();
    const second = resolver({}, 'Other');
    // act
    const names = [first.ref('Raw'), first.ref('Raw'), second.ref('Raw')];
    // assess
    expect(names[0]).toBe(names[1]);
    expect(names[2]).not.toBe(names[0]);
  });

  test('prefers overrides for a Ref and for a GetAtt, including those set later', () => {
    // prepare
    const subject = resolver({ Jobs: 'http://127.0.0.1:1/q' });
    subject.override('Db.Endpoint.Address', '127.0.0.1');
    // act
    const resolved = subject.resolve({ url: { Ref: 'Jobs' }, host: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] } });
    // assess
    expect(resolved).toEqual({ url: 'http://127.0.0.1:1/q', host: '127.0.0.1' });
  });

  test.each([
    ['an unknown resource', { Ref: 'Missing' }, /No resource Missing/],
    ['an unknown function', { 'Fn::ImportValue': 'x' }, /Unsupported intrinsic function Fn::ImportValue/],
    ['a Select out of range', { 'Fn::Select': [3, ['a']] }, /out of range/],
  ])('rejects %s', (_name, input, message) => {
    // prepare
    const subject = resolver();
    // act
    const act = () => subject.resolve(input);
    // assess
    expect(act).toThrow(message);
  });
});
