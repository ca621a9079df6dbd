/**
 * The evidence bucket holds personal data (names, phones, addresses on waybills): a customer-managed, rotated KMS key
 * that only the functions handling evidence may use, lifecycle rules so nothing is kept forever, and CORS for the
 * console's origins only.
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/api/routes.ts';
import { EVENT_FUNCTIONS, type Needs } from '../../functions/manifest.ts';
import { TASKS } from '../../functions/tasks/tasks.ts';
import { buildApp } from '../../infra/app.ts';
import { EVIDENCE_RETENTION_DAYS, NONCURRENT_VERSION_DAYS } from '../../infra/constructs/evidence-bucket.ts';
import { devStack } from '../support/dev-stack.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown };

const evidenceBucketOf = (template: Template) => {
  const buckets = template.findResources('AWS::S3::Bucket', {
    Properties: { VersioningConfiguration: Match.anyValue() },
  });
  const [entry, ...others] = Object.entries(buckets);
  expect(others).toHaveLength(0);
  return entry as [string, Resource];
};

describe('the evidence bucket', () => {
  it('is encrypted with a customer-managed key that rotates', () => {
    const { template } = devStack();
    const keys = template.findResources('AWS::KMS::Key', { Properties: { EnableKeyRotation: true } });
    const keyId = Object.keys(keys).find((id) => id.includes('EvidenceKey'));
    expect(keyId).toBeDefined();
    const [, bucket] = evidenceBucketOf(template);
    expect(bucket.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } },
          BucketKeyEnabled: true,
        },
      ],
    });
  });

  it('grants the key to the functions that sign uploads or read evidence, one action each, and to no other role', () => {
    const { template } = devStack();
    const keyId = Object.keys(template.findResources('AWS::KMS::Key')).find((id) => id.includes('EvidenceKey'));
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
    const granted = policies.flatMap((policy) => {
      const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
      const onKey = statements.filter((s) => JSON.stringify(s.Resource).includes(`"${keyId}"`));
      return onKey.length ? [onKey.flatMap((s) => s.Action).sort()] : [];
    });
    const needs: Needs[] = [...ROUTES, ...TASKS, ...Object.values(EVENT_FUNCTIONS)].map((f) => f.needs);
    const declared = needs.flatMap((n) =>
      n.evidence ? [n.evidence === 'put' ? ['kms:GenerateDataKey'] : ['kms:Decrypt']] : [],
    );
    expect(declared.length).toBeGreaterThan(0);
    expect(granted.map((a) => a.join()).sort()).toEqual(declared.map((a) => a.join()).sort());
  });

  it(`expires evidence ${EVIDENCE_RETENTION_DAYS} days after upload and old versions ${NONCURRENT_VERSION_DAYS} days later`, () => {
    const [, bucket] = evidenceBucketOf(devStack().template);
    expect(bucket.Properties.LifecycleConfiguration).toEqual({
      Rules: expect.arrayContaining([
        expect.objectContaining({ Prefix: 'evidence/', ExpirationInDays: EVIDENCE_RETENTION_DAYS, Status: 'Enabled' }),
        expect.objectContaining({
          NoncurrentVersionExpiration: { NoncurrentDays: NONCURRENT_VERSION_DAYS },
          ExpiredObjectDeleteMarker: true,
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          Status: 'Enabled',
        }),
      ]),
    });
  });

  it('lets browsers PUT only from the console’s origins, with the signed headers', () => {
    const [, dev] = evidenceBucketOf(devStack().template);
    expect(dev.Properties.CorsConfiguration).toEqual({
      CorsRules: [
        expect.objectContaining({
          AllowedMethods: ['PUT'],
          // The deployed console's origin (its distribution; test/infra/console.test.ts), then the callback URLs'.
          AllowedOrigins: [expect.objectContaining({ 'Fn::Join': expect.anything() }), 'http://localhost:3000'],
          AllowedHeaders: ['content-type', 'content-length', 'if-none-match'],
        }),
      ],
    });
    const app = new App({
      context: {
        'aws:cdk:bundling-stacks': [],
        stage: 'staging',
        callbackUrls: 'https://console.example.cn/callback,https://console.example.cn/other,https://ops.example.cn/',
      },
    });
    const [, staging] = evidenceBucketOf(Template.fromStack(buildApp(app).stack));
    const rules = (staging.Properties.CorsConfiguration as { CorsRules: { AllowedOrigins: string[] }[] }).CorsRules;
    expect(rules.map((r) => r.AllowedOrigins.slice(1))).toEqual([
      ['https://console.example.cn', 'https://ops.example.cn'],
    ]);
  });
});

describe('the evidence read URL function (GET /v1/refunds/{refundId}/evidence/{evidenceId})', () => {
  /** The statements of the policies attached to a function's role, by the function's construct id. */
  const statementsOf = (template: Template, functionId: string): Statement[] => {
    const resources = template.toJSON().Resources as Record<string, Resource>;
    const [, fn] =
      Object.entries(resources).find(
        ([id, r]) => r.Type === 'AWS::Lambda::Function' && new RegExp(`^Api${functionId}Function[0-9A-F]{8}$`).test(id),
      ) ?? [];
    if (!fn) throw new Error(`no function ${functionId}`);
    const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    return Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(`"${role}"`))
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  };
  const actions = (s: Statement) => [s.Action].flat().sort();

  it('presigns with exactly the object read, the key decrypt and the refund read: nothing to write or list', () => {
    const { template } = devStack();
    const ids = (type: string, name: string) =>
      Object.keys(template.findResources(type)).filter((id) => id.startsWith(name) && /[0-9A-F]{8}$/.test(id));
    const [bucketId] = ids('AWS::S3::Bucket', 'DataEvidence');
    const [keyId] = ids('AWS::KMS::Key', 'DataEvidenceKey');
    const [tableId] = ids('AWS::DynamoDB::Table', 'DataRefunds');
    const statements = statementsOf(template, 'EvidenceReadUrl');
    const summary = statements.map((s) => ({ actions: actions(s), on: JSON.stringify(s.Resource) }));
    expect(summary).toHaveLength(4);
    expect(summary).toEqual(
      expect.arrayContaining([
        { actions: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], on: '"*"' },
        { actions: ['dynamodb:GetItem', 'dynamodb:Query'], on: expect.stringContaining(`"${tableId}"`) },
        {
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          on: JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/evidence/*']] }),
        },
        { actions: ['kms:Decrypt'], on: JSON.stringify({ 'Fn::GetAtt': [keyId, 'Arn'] }) },
      ]),
    );
  });

  it('is one of only two functions that may read evidence objects, and the upload signer is not one', () => {
    const { template } = devStack();
    const functions: { id: string; needs: Needs }[] = [...ROUTES, ...TASKS, ...Object.values(EVENT_FUNCTIONS)];
    const readers = functions
      .filter((f) => f.needs.evidence === 'read')
      .map((f) => f.id)
      .sort();
    expect(readers).toEqual(['EvidenceReadUrl', 'Ocr']);
    const upload = statementsOf(template, 'RequestEvidenceUpload').flatMap(actions);
    expect(upload.filter((a) => a.startsWith('s3:'))).toEqual(['s3:PutObject']);
    expect(upload).not.toContain('kms:Decrypt');
  });
});
