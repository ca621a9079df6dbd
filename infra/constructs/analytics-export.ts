/**
 * Analytics over the main table's history (docs/analytics.md): a daily export of the table to a private bucket
 * (functions/events/table-export.ts: full the first time, then incremental), Glue tables over the export's DynamoDB
 * JSON files, Glue views that flatten them into plain rows (analytics/views/*.sql, the SQL the local tests run on
 * DuckDB) and an Athena workgroup with encrypted, enforced results.
 */
import { type CfnElement, Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { hiveType, RAW_TABLES, STORE_ITEM, STORE_KEYS, VIEWS, viewSql } from '../../analytics/schema.ts';
import { EVENT_FUNCTIONS } from '../../functions/manifest.ts';
import { bindNeeds, EXPORT_PREFIX } from './bindings.ts';
import type { Data } from './data.ts';
import { RefundFunction } from './refund-function.ts';

/** Athena's results are working files: kept a month. */
export const ATHENA_RESULT_DAYS = 30;

export interface AnalyticsExportProps {
  data: Data;
  stage: string;
  deadLetters: IQueue;
  removalPolicy: RemovalPolicy;
}

/** The Presto view text Athena stores in a Glue view (what `CREATE VIEW` in Athena would write). */
function prestoView(sql: string, database: string, columns: readonly (readonly [string, string])[]): string {
  const definition = {
    originalSql: sql,
    catalog: 'awsdatacatalog',
    schema: database,
    columns: columns.map(([name, type]) => ({ name, type })),
  };
  return `/* Presto View: ${Buffer.from(JSON.stringify(definition)).toString('base64')} */`;
}

/** The Hive type of a Presto column type, as Glue lists a view's columns. */
const hiveOf = (prestoType: string) =>
  prestoType === 'varchar' ? 'string' : prestoType === 'bigint' ? 'bigint' : hiveType(STORE_ITEM);

export class AnalyticsExport extends Construct {
  readonly bucket: Bucket;
  readonly exporter: RefundFunction;
  readonly database: CfnDatabase;
  readonly workGroup: CfnWorkGroup;
  readonly databaseName: string;

  constructor(scope: Construct, id: string, props: AnalyticsExportProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.bucket = new Bucket(this, 'Exports', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: props.data.accessLogs,
      serverAccessLogsPrefix: 'analytics/',
      lifecycleRules: [
        { id: 'AthenaResults', prefix: 'athena-results/', expiration: Duration.days(ATHENA_RESULT_DAYS) },
        { id: 'IncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: props.removalPolicy,
    });

    const spec = EVENT_FUNCTIONS.TableExport;
    this.exporter = new RefundFunction(this, spec.id, {
      entry: spec.entry,
      description: 'Exports the main table to S3 for Athena once a day (full the first time, then incremental)',
      timeout: Duration.seconds(30),
      deadLetterQueue: props.deadLetters,
    });
    bindNeeds(this.exporter.fn, spec.needs, { data: props.data, stage: props.stage, exportBucket: this.bucket });
    new Schedule(this, 'Daily', {
      // 02:00 UTC: the incremental window is the 24 hours before the schedule time (table-export.ts).
      schedule: ScheduleExpression.cron({ hour: '2', minute: '0' }),
      description: 'Exports the main table for analytics (the 24 hours before the schedule time)',
      target: new LambdaInvoke(this.exporter.fn, {
        input: ScheduleTargetInput.fromObject({
          export: 'tables',
          id: ContextAttribute.executionId,
          time: ContextAttribute.scheduledTime,
        }),
        deadLetterQueue: props.deadLetters,
        retryAttempts: 2,
        maxEventAge: Duration.hours(6),
      }),
    });
    const fnId = stack.getLogicalId(this.exporter.fn.node.defaultChild as CfnElement);
    Validations.of(stack).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${fnId}.Arn>:*]`,
      reason: 'The scheduler role may invoke the table export function and its versions, nothing else.',
    });

    this.databaseName = `refunds_${props.stage.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
    this.database = new CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: { name: this.databaseName, description: 'Exports of the refund pipeline main table' },
    });
    const location = (prefix: string) => `s3://${this.bucket.bucketName}/${EXPORT_PREFIX}/${prefix}/`;
    const rawTable = (constructId: string, name: string, prefix: string, columns: { name: string; type: string }[]) => {
      const table = new CfnTable(this, constructId, {
        catalogId: stack.account,
        databaseName: this.databaseName,
        tableInput: {
          name,
          tableType: 'EXTERNAL_TABLE',
          parameters: { classification: 'json', compressionType: 'gzip' },
          storageDescriptor: {
            columns,
            location: location(prefix),
            inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
            outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
            serdeInfo: {
              serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
              // An export's manifest and checksum files sit beside its data; they read as empty rows.
              parameters: { 'ignore.malformed.json': 'true' },
            },
          },
        },
      });
      table.node.addDependency(this.database);
      return table;
    };
    rawTable('FullExportTable', RAW_TABLES.full.name, 'full', [{ name: 'item', type: hiveType(STORE_ITEM) }]);
    rawTable('ChangesTable', RAW_TABLES.changes.name, 'incremental', [
      { name: 'keys', type: hiveType(STORE_KEYS) },
      { name: 'newimage', type: hiveType(STORE_ITEM) },
      { name: 'metadata', type: 'struct<writetime:struct<n:string>>' },
    ]);
    for (const view of VIEWS) {
      const table = new CfnTable(this, `View-${view.name}`, {
        catalogId: stack.account,
        databaseName: this.databaseName,
        tableInput: {
          name: view.name,
          description: view.description,
          tableType: 'VIRTUAL_VIEW',
          parameters: { presto_view: 'true', comment: 'Presto View' },
          viewOriginalText: prestoView(viewSql(view.name), this.databaseName, view.columns),
          viewExpandedText: '/* Presto View */',
          storageDescriptor: {
            columns: view.columns.map(([name, type]) => ({ name, type: hiveOf(type) })),
            serdeInfo: {},
          },
        },
      });
      table.node.addDependency(this.database);
    }

    this.workGroup = new CfnWorkGroup(this, 'WorkGroup', {
      name: `refunds-${props.stage}-analytics`,
      description: 'Queries over the refund pipeline table exports (docs/analytics.md)',
      state: 'ENABLED',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        // Ad-hoc questions, not a warehouse: a runaway query stops at 10 GB scanned.
        bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        resultConfiguration: {
          outputLocation: `s3://${this.bucket.bucketName}/athena-results/`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
  }
}
