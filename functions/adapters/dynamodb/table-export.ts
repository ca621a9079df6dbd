/**
 * The export requests of the scheduled table export (functions/events/table-export.ts): full the first time, then
 * incremental windows that end at the schedule time. See docs/analytics.md.
 */
import {
  DynamoDBClient,
  type ExportSummary,
  ExportTableToPointInTimeCommand,
  type ExportTableToPointInTimeCommandInput,
  ListExportsCommand,
} from '@aws-sdk/client-dynamodb';
import { ValidationFailed } from '../../domain/errors.ts';

/** S3 prefixes of the two kinds of export (analytics/schema.ts RAW_TABLES reads them), under `tables/`. */
export const EXPORT_PREFIXES = { FULL_EXPORT: 'tables/full', INCREMENTAL_EXPORT: 'tables/incremental' } as const;
/** An incremental export covers at most 24 hours: one schedule period. */
export const INCREMENTAL_WINDOW_MS = 24 * 60 * 60 * 1000;

/** An export that exists or is on its way: a failed one leaves nothing to build on. */
const usable = (summary: ExportSummary) => summary.ExportStatus !== 'FAILED';

/** The export request for the run scheduled at `scheduledAt`, given whether the table already has an export. */
export function exportRequest(options: {
  tableArn: string;
  bucket: string;
  scheduledAt: string;
  exported: boolean;
}): ExportTableToPointInTimeCommandInput {
  const at = Date.parse(options.scheduledAt);
  if (!Number.isFinite(at)) throw new ValidationFailed(`the schedule time ${options.scheduledAt} is not a time`);
  const to = new Date(at);
  const type = options.exported ? 'INCREMENTAL_EXPORT' : 'FULL_EXPORT';
  return {
    TableArn: options.tableArn,
    S3Bucket: options.bucket,
    S3Prefix: EXPORT_PREFIXES[type],
    S3SseAlgorithm: 'AES256',
    ExportFormat: 'DYNAMODB_JSON',
    ExportType: type,
    // The same schedule time is the same export: DynamoDB treats a repeated token as the same request.
    ClientToken: `${type === 'FULL_EXPORT' ? 'full' : 'incremental'}-${to.toISOString()}`,
    ...(options.exported
      ? {
          IncrementalExportSpecification: {
            ExportFromTime: new Date(at - INCREMENTAL_WINDOW_MS),
            ExportToTime: to,
            ExportViewType: 'NEW_AND_OLD_IMAGES',
          },
        }
      : { ExportTime: to }),
  };
}

let client: DynamoDBClient | undefined;
/** One control-plane client per process, made on first use. */
const dynamodb = () => {
  client ??= new DynamoDBClient({});
  return client;
};

/** Whether DynamoDB lists an export of the table that did not fail. */
export async function tableHasExport(tableArn: string): Promise<boolean> {
  let token: string | undefined;
  do {
    const page = await dynamodb().send(new ListExportsCommand({ TableArn: tableArn, NextToken: token }));
    if ((page.ExportSummaries ?? []).some(usable)) return true;
    token = page.NextToken;
  } while (token);
  return false;
}

/** Starts the export; returns its ARN. */
export async function startExport(request: ExportTableToPointInTimeCommandInput): Promise<string | undefined> {
  const started = await dynamodb().send(new ExportTableToPointInTimeCommand(request));
  return started.ExportDescription?.ExportArn;
}
