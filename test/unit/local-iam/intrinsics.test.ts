import { describe, expect, it } from 'vitest';
import { secretSuffix } from '../../../local/iam/arns.ts';
import {
  type LocalNames,
  localResolver,
  type Pseudo,
  type ResourceResolver,
  resolveValue,
  type Template,
} from '../../../local/iam/intrinsics.ts';

const pseudo: Pseudo = {
  partition: 'aws',
  region: 'eu-west-1',
  account: '123456789012',
  urlSuffix: 'amazonaws.com',
  stackName: 'RefundPipeline-dev',
};

const names: LocalNames = {
  tableName: (id) => `refunds-local-${id.toLowerCase()}`,
  bucketName: (id) => `bucket-${id.toLowerCase()}`,
  name: (id) => `local-${id}`,
  apiEndpoint: () => 'http://127.0.0.1:3000',
};

const template: Template = {
  Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/version' } },
  Resources: {
    Table: { Type: 'AWS::DynamoDB::Table', Properties: {} },
    Machine: { Type: 'AWS::StepFunctions::StateMachine' },
    Topic: { Type: 'AWS::SNS::Topic' },
    Bucket: { Type: 'AWS::S3::Bucket' },
    Secret: { Type: 'AWS::SecretsManager::Secret' },
    Queue: { Type: 'AWS::SQS::Queue' },
    Fn: { Type: 'AWS::Lambda::Function' },
    Role: { Type: 'AWS::IAM::Role' },
    Api: { Type: 'AWS::ApiGatewayV2::Api' },
    Pool: { Type: 'AWS::Cognito::UserPool' },
    PoolClient: { Type: 'AWS::Cognito::UserPoolClient' },
    Logs: { Type: 'AWS::Logs::LogGroup' },
    Alarm: { Type: 'AWS::CloudWatch::Alarm' },
    Dashboard: { Type: 'AWS::CloudWatch::Dashboard' },
  },
};

const resolver = localResolver(pseudo, names);
const resolve = (value: unknown) => resolveValue(value, template, pseudo, resolver);
const tableArn = 'arn:aws:dynamodb:eu-west-1:123456789012:table/refunds-local-table';

describe('resolveValue', () => {
  it('resolves the resources CDK writes for grantReadWriteData on a table', () => {
    const statement = {
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Effect: 'Allow',
      Resource: [
        { 'Fn::GetAtt': ['Table', 'Arn'] },
        { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Table', 'Arn'] }, '/index/*']] },
      ],
    };
    expect(resolve(statement)).toEqual({
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Effect: 'Allow',
      Resource: [tableArn, `${tableArn}/index/*`],
    });
  });

  it('resolves the execution ARN pattern CDK builds from a state machine Ref with Select and Split', () => {
    const executions = {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':states:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':execution:',
          { 'Fn::Select': [6, { 'Fn::Split': [':', { Ref: 'Machine' }] }] },
          ':*',
        ],
      ],
    };
    expect(resolve(executions)).toBe('arn:aws:states:eu-west-1:123456789012:execution:local-Machine:*');
  });

  it('resolves Fn::Sub with pseudo parameters, Refs, attributes, variables and escapes', () => {
    // Template literals with \${ so Fn::Sub's own ${…} syntax is not read as a placeholder.
    expect(resolve({ 'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:\${Topic}` })).toBe(
      'arn:aws:logs:eu-west-1:123456789012:arn:aws:sns:eu-west-1:123456789012:local-Topic',
    );
    expect(resolve({ 'Fn::Sub': `\${Table.Arn}/index/*` })).toBe(`${tableArn}/index/*`);
    expect(resolve({ 'Fn::Sub': [`\${Name}-\${AWS::StackName}-\${!Literal}`, { Name: { Ref: 'Table' } }] })).toBe(
      `refunds-local-table-RefundPipeline-dev-\${Literal}`,
    );
  });

  it('accepts the "Logical.Attribute" string form of Fn::GetAtt', () => {
    expect(resolve({ 'Fn::GetAtt': 'Table.Arn' })).toBe(tableArn);
  });

  it('gives a template parameter its Default', () => {
    expect(resolve({ Ref: 'BootstrapVersion' })).toBe('/cdk-bootstrap/version');
  });

  it('drops AWS::NoValue from arrays and objects and leaves plain values alone', () => {
    expect(resolve({ a: 1, b: true, c: { Ref: 'AWS::NoValue' }, d: ['x', { Ref: 'AWS::NoValue' }, null] })).toEqual({
      a: 1,
      b: true,
      d: ['x', null],
    });
    expect(resolve({ Ref: 'AWS::NoValue' })).toBeUndefined();
  });

  it('asks the resolver for Refs and attributes of resources', () => {
    const seen: string[] = [];
    const recording: ResourceResolver = {
      ref(id, resource) {
        seen.push(`ref ${id} ${resource.Type}`);
        return `ref-of-${id}`;
      },
      getAtt(id, attribute) {
        seen.push(`getAtt ${id} ${attribute}`);
        return `${attribute}-of-${id}`;
      },
    };
    expect(resolveValue([{ Ref: 'Topic' }, { 'Fn::GetAtt': ['Fn', 'Arn'] }], template, pseudo, recording)).toEqual([
      'ref-of-Topic',
      'Arn-of-Fn',
    ]);
    expect(seen).toEqual(['ref Topic AWS::SNS::Topic', 'getAtt Fn Arn']);
  });

  it('throws naming what it cannot resolve', () => {
    expect(() => resolve({ 'Fn::ImportValue': 'x' })).toThrow(/Fn::ImportValue/);
    expect(() => resolve({ 'Fn::If': ['C', 'a', 'b'] })).toThrow(/Fn::If: CloudFormation conditions/);
    expect(() => resolve({ Ref: 'Missing' })).toThrow(/Missing is neither a resource nor a parameter/);
    expect(() => resolve({ 'Fn::Select': [9, ['a']] })).toThrow(/out of range/);
  });
});

describe('localResolver', () => {
  const ref = (id: string) => resolve({ Ref: id });
  const att = (id: string, attribute: string) => resolve({ 'Fn::GetAtt': [id, attribute] });

  it('answers Ref and GetAtt as CloudFormation documents them', () => {
    expect(ref('Table')).toBe('refunds-local-table');
    expect(att('Table', 'StreamArn')).toMatch(new RegExp(`^${tableArn}/stream/`));
    expect(ref('Topic')).toBe('arn:aws:sns:eu-west-1:123456789012:local-Topic');
    expect(att('Topic', 'TopicName')).toBe('local-Topic');
    expect(ref('Machine')).toBe('arn:aws:states:eu-west-1:123456789012:stateMachine:local-Machine');
    expect(att('Machine', 'Name')).toBe('local-Machine');
    expect(ref('Bucket')).toBe('bucket-bucket');
    expect(att('Bucket', 'Arn')).toBe('arn:aws:s3:::bucket-bucket');
    expect(ref('Queue')).toBe('https://sqs.eu-west-1.amazonaws.com/123456789012/local-Queue');
    expect(att('Queue', 'Arn')).toBe('arn:aws:sqs:eu-west-1:123456789012:local-Queue');
    expect(ref('Fn')).toBe('local-Fn');
    expect(att('Fn', 'Arn')).toBe('arn:aws:lambda:eu-west-1:123456789012:function:local-Fn');
    expect(att('Role', 'Arn')).toBe('arn:aws:iam::123456789012:role/local-Role');
    expect(att('Api', 'ApiEndpoint')).toBe('http://127.0.0.1:3000');
    expect(ref('Pool')).toBe('eu-west-1_local-Pool');
    expect(att('Pool', 'Arn')).toBe('arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_local-Pool');
    expect(att('Pool', 'ProviderURL')).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_local-Pool');
    expect(ref('PoolClient')).toBe('local-PoolClient');
    expect(att('Logs', 'Arn')).toBe('arn:aws:logs:eu-west-1:123456789012:log-group:local-Logs:*');
    expect(att('Alarm', 'Arn')).toBe('arn:aws:cloudwatch:eu-west-1:123456789012:alarm:local-Alarm');
  });

  it('gives a secret a stable six-character suffix derived from its name', () => {
    const arn = ref('Secret');
    expect(arn).toMatch(/^arn:aws:secretsmanager:eu-west-1:123456789012:secret:local-Secret-[A-Za-z0-9]{6}$/);
    expect(arn).toBe(ref('Secret'));
    expect(secretSuffix('local-Secret')).not.toBe(secretSuffix('other-Secret'));
  });

  it('falls back to local-<id> for Ref of other types and names type and attribute when GetAtt fails', () => {
    expect(ref('Dashboard')).toBe('local-Dashboard');
    expect(() => att('Dashboard', 'Arn')).toThrow(/attribute Arn of AWS::CloudWatch::Dashboard/);
    expect(() => att('Table', 'Nope')).toThrow(/attribute Nope of AWS::DynamoDB::Table/);
  });
});
