/**
 * The analytics export as synthesized (docs/analytics.md): a private, TLS-only, encrypted export bucket with
 * lifecycle rules; a daily schedule that invokes the TableExport function with retries and the dead-letter queue; the
 * function's grants (export the main table, list exports, write objects under tables/ only); the tables' point-in-time
 * recovery; Glue tables over the export's data files and the views from analytics/views/*.sql; an Athena workgroup
 * with encrypted results and its configuration enforced.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { RAW_TABLES, VIEWS, viewSql } from '../../analytics/schema.ts';
import { exportRequest } from '../../functions/adapters/dynamodb/table-export.ts';
import { EVENT_FUNCTIONS, environmentFor } from '../../functions/manifest.ts';
import { devStack } from '../support/dev-stack.ts';

interface Resource {
  Type: string;
  Properties: Record<string, any>;
}

let template: Template;
let resources: Record<string, Resource>;

beforeAll(() => {
  ({ template } = devStack());
  resources = template.toJSON().Resources;
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const exportBucketId = () => {
  const found = ofType('AWS::S3::Bucket').filter(([id]) => /^AnalyticsExports[0-9A-F]{8}$/.test(id));
  expect(found).toHaveLength(1);
  return (found[0] as [string, Resource])[0];
};
const exportFunction = () => {
  const found = ofType('AWS::Lambda::Function').filter(([id]) => /^AnalyticsTableExportFunction[0-9A-F]{8}$/.test(id));
  expect(found).toHaveLength(1);
  return found[0] as [string, Resource];
};

describe('the export bucket', () => {
  it('is private, encrypted, TLS-only and bounded by lifecycle rules', () => {
    const bucket = resources[exportBucketId()] as Resource;
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]).toMatchObject({
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
    });
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Prefix: 'athena-results/', ExpirationInDays: 30, Status: 'Enabled' }),
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
      ]),
    );
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: exportBucketId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('the table export', () => {
  it('runs once a day from EventBridge Scheduler with retries and the dead-letter queue', () => {
    const [fnId] = exportFunction();
    const schedules = ofType('AWS::Scheduler::Schedule').filter(([, s]) =>
      JSON.stringify(s.Properties.Target.Arn).includes(fnId),
    );
    expect(schedules).toHaveLength(1);
    const schedule = (schedules[0] as [string, Resource])[1];
    expect(schedule.Properties.ScheduleExpression).toBe('cron(0 2 * * ? *)');
    expect(schedule.Properties.Target.RetryPolicy).toEqual({
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 21600,
    });
    expect(schedule.Properties.Target.DeadLetterConfig.Arn).toBeDefined();
    expect(JSON.parse(schedule.Properties.Target.Input)).toMatchObject({
      export: 'tables',
      time: '<aws.scheduler.scheduled-time>',
    });
  });

  it('holds exactly its grants: export the main table, list exports, write under tables/', () => {
    const [, fn] = exportFunction();
    const role = fn.Properties.Role['Fn::GetAtt'][0];
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    const actions = statements.flatMap((s: { Action: string | string[] }) => [s.Action].flat()).sort();
    expect(actions).toEqual(
      [
        'dynamodb:ExportTableToPointInTime',
        'dynamodb:ListExports',
        's3:AbortMultipartUpload',
        's3:PutObject',
        's3:PutObjectAcl',
        'sqs:SendMessage',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
    const write = statements.find((s: { Action: string[] }) => [s.Action].flat().includes('s3:PutObject'));
    expect(JSON.stringify(write.Resource)).toContain('/tables/*');
    const variables = Object.keys(fn.Properties.Environment.Variables).sort();
    expect(variables).toEqual([...environmentFor(EVENT_FUNCTIONS.TableExport.needs), 'NODE_OPTIONS'].sort());
  });

  it('exports from tables with point-in-time recovery', () => {
    for (const [id, table] of ofType('AWS::DynamoDB::Table')) {
      expect(table.Properties.PointInTimeRecoverySpecification, id).toEqual({ PointInTimeRecoveryEnabled: true });
    }
  });

  it('asks for a full export the first time, then for the 24 hours before the schedule time', () => {
    const base = {
      tableArn: 'arn:aws:dynamodb:cn-north-1:1:table/t',
      bucket: 'b',
      scheduledAt: '2026-12-02T02:00:00Z',
    };
    expect(exportRequest({ ...base, exported: false })).toMatchObject({
      ExportType: 'FULL_EXPORT',
      S3Prefix: `tables/${RAW_TABLES.full.prefix}`,
      ExportTime: new Date('2026-12-02T02:00:00Z'),
      ClientToken: 'full-2026-12-02T02:00:00.000Z',
    });
    const incremental = exportRequest({ ...base, exported: true });
    expect(incremental).toMatchObject({
      ExportType: 'INCREMENTAL_EXPORT',
      S3Prefix: `tables/${RAW_TABLES.changes.prefix}`,
      ExportFormat: 'DYNAMODB_JSON',
      IncrementalExportSpecification: {
        ExportFromTime: new Date('2026-12-01T02:00:00Z'),
        ExportToTime: new Date('2026-12-02T02:00:00Z'),
        ExportViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(() => exportRequest({ ...base, scheduledAt: 'yesterday', exported: true })).toThrow(/not a time/);
  });
});

describe('Glue and Athena', () => {
  it('has a database with the export tables over the JSON lines, gzip', () => {
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'refunds_dev' } });
    for (const [name, prefix] of [
      [RAW_TABLES.full.name, 'full'],
      [RAW_TABLES.changes.name, 'incremental'],
    ]) {
      template.hasResourceProperties('AWS::Glue::Table', {
        DatabaseName: 'refunds_dev',
        TableInput: Match.objectLike({
          Name: name,
          TableType: 'EXTERNAL_TABLE',
          StorageDescriptor: Match.objectLike({
            Location: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(`/tables/${prefix}/$`)])] },
            SerdeInfo: Match.objectLike({ SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' }),
          }),
        }),
      });
    }
  });

  it('has the views, with the SQL the local tests run', () => {
    for (const view of VIEWS) {
      const found = ofType('AWS::Glue::Table').find(([, t]) => t.Properties.TableInput.Name === view.name);
      expect(found, view.name).toBeDefined();
      const input = (found as [string, Resource])[1].Properties.TableInput;
      expect(input.TableType).toBe('VIRTUAL_VIEW');
      const encoded = /^\/\* Presto View: (.+) \*\/$/.exec(input.ViewOriginalText)?.[1] ?? '';
      const definition = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
      expect(definition.originalSql).toBe(viewSql(view.name));
      expect(definition.schema).toBe('refunds_dev');
      expect(definition.columns.map((c: { name: string }) => c.name)).toEqual(view.columns.map(([name]) => name));
    }
  });

  it('has a workgroup whose encrypted result location is enforced', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'refunds-dev-analytics',
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        ResultConfiguration: {
          OutputLocation: Match.anyValue(),
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
        },
      }),
    });
  });
});
