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
          AllowedOrigins: ['http://localhost:3000'],
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
    expect(rules.map((r) => r.AllowedOrigins)).toEqual([['https://console.example.cn', 'https://ops.example.cn']]);
  });
});
