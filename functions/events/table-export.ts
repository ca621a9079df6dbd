/**
 * Scheduled table export (EventBridge Scheduler once a day): exports the main table to the analytics bucket for
 * Athena (docs/analytics.md). The first run, when DynamoDB lists no usable export of the table, asks for a FULL export
 * at the schedule time; every later run for an INCREMENTAL export of the 24 hours before the schedule time. The window
 * comes from the schedule time alone, so nothing is stored, consecutive runs tile time, and a retried or redriven run
 * (same schedule time, same client token) starts no second export.
 */
import { exportRequest, startExport, tableHasExport } from '../adapters/dynamodb/table-export.ts';
import { EVENT_FUNCTIONS, requireEnvironment } from '../manifest.ts';
import { entryHandler } from '../observability/invocation.ts';

requireEnvironment(EVENT_FUNCTIONS.TableExport);

/** The scheduler's input: `{ "export": "tables", "id": <execution id>, "time": <scheduled time> }`. */
interface ExportEvent {
  id?: string;
  time?: string;
}

export const handler = entryHandler(
  { fn: 'TableExport', correlationId: (event: ExportEvent) => event?.id },
  async (event: ExportEvent) => {
    const tableArn = process.env.MAIN_TABLE_ARN as string;
    const request = exportRequest({
      tableArn,
      bucket: process.env.EXPORT_BUCKET as string,
      scheduledAt: event?.time ?? '',
      exported: await tableHasExport(tableArn),
    });
    return { exportArn: await startExport(request), type: request.ExportType };
  },
);
