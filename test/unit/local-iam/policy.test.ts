import { describe, expect, it } from 'vitest';
import {
  AccessDeniedException,
  authorize,
  evaluate,
  type PolicyStatement,
  statementsOf,
} from '../../../local/iam/policy.ts';

const refunds = 'arn:aws:dynamodb:us-east-1:123456789012:table/refunds';
const ledger = 'arn:aws:dynamodb:us-east-1:123456789012:table/ledger';
const principalArn = 'arn:aws:sts::123456789012:assumed-role/PayoutRole/payout';

/** What CDK writes for grantReadWriteData on both tables plus the ledger's append-only Deny. */
const payout: PolicyStatement[] = [
  {
    Effect: 'Allow',
    Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
    Resource: [refunds, `${refunds}/index/*`, ledger, `${ledger}/index/*`],
  },
  { Effect: 'Deny', Action: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem'], Resource: ledger },
];

describe('evaluate', () => {
  it('allows a granted action on a granted resource', () => {
    expect(evaluate(payout, 'dynamodb:PutItem', refunds)).toBe('allow');
    expect(evaluate(payout, 'dynamodb:Query', `${refunds}/index/byMerchant`)).toBe('allow');
  });

  it('denies implicitly what no statement allows', () => {
    expect(evaluate(payout, 'dynamodb:Scan', refunds)).toBe('implicit-deny');
    expect(evaluate(payout, 'dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:123456789012:table/other')).toBe(
      'implicit-deny',
    );
    expect(evaluate([], 'dynamodb:GetItem', refunds)).toBe('implicit-deny');
  });

  it('lets an explicit Deny win over an Allow', () => {
    expect(evaluate(payout, 'dynamodb:UpdateItem', refunds)).toBe('allow');
    expect(evaluate(payout, 'dynamodb:UpdateItem', ledger)).toBe('explicit-deny');
    expect(evaluate(payout, 'dynamodb:PutItem', ledger)).toBe('allow');
  });

  it('matches actions case-insensitively with * and ? wildcards', () => {
    const statements: PolicyStatement[] = [
      { Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' },
      { Effect: 'Allow', Action: 's3:Get*', Resource: '*' },
      { Effect: 'Allow', Action: 'sns:Publis?', Resource: '*' },
    ];
    expect(evaluate(statements, 'DynamoDB:putitem', refunds)).toBe('allow');
    expect(evaluate(statements, 's3:getobjectversion', 'arn:aws:s3:::b/k')).toBe('allow');
    expect(evaluate(statements, 's3:PutObject', 'arn:aws:s3:::b/k')).toBe('implicit-deny');
    expect(evaluate(statements, 'sns:Publish', 'arn:aws:sns:us-east-1:1:t')).toBe('allow');
    expect(evaluate(statements, 'sns:Publishes', 'arn:aws:sns:us-east-1:1:t')).toBe('implicit-deny');
  });

  it('matches resources case-sensitively, with * spanning / and :', () => {
    const statements: PolicyStatement[] = [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::evidence/evidence/*' },
      { Effect: 'Allow', Action: 'states:DescribeExecution', Resource: 'arn:aws:states:*:execution:machine:*' },
    ];
    expect(evaluate(statements, 's3:GetObject', 'arn:aws:s3:::evidence/evidence/r-1/receipt.png')).toBe('allow');
    expect(evaluate(statements, 's3:GetObject', 'arn:aws:s3:::evidence/Evidence/r-1.png')).toBe('implicit-deny');
    expect(evaluate(statements, 's3:GetObject', 'arn:aws:s3:::evidence/other/r-1.png')).toBe('implicit-deny');
    expect(
      evaluate(statements, 'states:DescribeExecution', 'arn:aws:states:us-east-1:123456789012:execution:machine:r-1'),
    ).toBe('allow');
  });

  it('treats a resource pattern literally apart from the wildcards', () => {
    const statements: PolicyStatement[] = [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::a.b/(x)+' }];
    expect(evaluate(statements, 's3:GetObject', 'arn:aws:s3:::a.b/(x)+')).toBe('allow');
    expect(evaluate(statements, 's3:GetObject', 'arn:aws:s3:::aXb/(x)+')).toBe('implicit-deny');
  });

  it('honours NotAction and NotResource', () => {
    const statements: PolicyStatement[] = [
      { Effect: 'Allow', NotAction: 'dynamodb:Delete*', Resource: refunds },
      { Effect: 'Allow', Action: 'sns:Publish', NotResource: 'arn:aws:sns:*:*:secret-topic' },
    ];
    expect(evaluate(statements, 'dynamodb:PutItem', refunds)).toBe('allow');
    expect(evaluate(statements, 'dynamodb:DeleteItem', refunds)).toBe('implicit-deny');
    expect(evaluate(statements, 'sns:Publish', 'arn:aws:sns:us-east-1:1:alerts')).toBe('allow');
    expect(evaluate(statements, 'sns:Publish', 'arn:aws:sns:us-east-1:1:secret-topic')).toBe('implicit-deny');
  });

  it('reads conditions conservatively: only aws:SecureTransport is known (true)', () => {
    const allowIf = (Condition: unknown): PolicyStatement[] => [
      { Effect: 'Allow', Action: 'sns:Publish', Resource: '*', Condition },
    ];
    const topic = 'arn:aws:sns:us-east-1:1:t';
    expect(evaluate(allowIf({ Bool: { 'aws:SecureTransport': 'true' } }), 'sns:Publish', topic)).toBe('allow');
    expect(evaluate(allowIf({ Bool: { 'aws:SecureTransport': 'false' } }), 'sns:Publish', topic)).toBe('implicit-deny');
    expect(evaluate(allowIf({ StringEquals: { 'aws:SourceVpc': 'vpc-1' } }), 'sns:Publish', topic)).toBe(
      'implicit-deny',
    );
    const denyIf = (Condition: unknown): PolicyStatement[] => [
      { Effect: 'Allow', Action: 'sns:Publish', Resource: '*' },
      { Effect: 'Deny', Action: '*', Resource: '*', Condition },
    ];
    expect(evaluate(denyIf({ Bool: { 'aws:SecureTransport': false } }), 'sns:Publish', topic)).toBe('allow');
    expect(evaluate(denyIf({ StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } }), 'sns:Publish', topic)).toBe(
      'explicit-deny',
    );
  });
});

describe('statementsOf', () => {
  it('accepts a single Statement object or a list, and rejects a statement without a valid Effect', () => {
    const one = { Effect: 'Allow', Action: 'sns:Publish', Resource: '*' };
    expect(statementsOf({ Version: '2012-10-17', Statement: one })).toEqual([one]);
    expect(statementsOf({ Statement: [one, one] })).toHaveLength(2);
    expect(() => statementsOf({ Statement: [{ Action: 'x' }] })).toThrow(/Effect/);
    expect(() => statementsOf({ Statement: [{ Effect: 'Maybe' }] })).toThrow(/Allow or Deny/);
    expect(() => statementsOf({})).toThrow(/Statement/);
  });
});

describe('authorize', () => {
  const identity = { principalArn, statements: payout };

  it('returns quietly when allowed', () => {
    expect(() => authorize(identity, 'dynamodb:GetItem', refunds)).not.toThrow();
  });

  it("throws AccessDeniedException in AWS's words for an implicit deny", () => {
    const error = catchError(() => authorize(identity, 'dynamodb:Scan', refunds));
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(error).toMatchObject({
      name: 'AccessDeniedException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
      action: 'dynamodb:Scan',
      resource: refunds,
      principal: principalArn,
      message: `User: ${principalArn} is not authorized to perform: dynamodb:Scan on resource: ${refunds} because no identity-based policy allows the dynamodb:Scan action`,
    });
  });

  it("throws AccessDeniedException in AWS's words for an explicit deny", () => {
    const error = catchError(() => authorize(identity, 'dynamodb:UpdateItem', ledger));
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect((error as Error).message).toBe(
      `User: ${principalArn} is not authorized to perform: dynamodb:UpdateItem on resource: ${ledger} with an explicit deny in an identity-based policy`,
    );
  });
});

function catchError(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
