/**
 * Writes a data set the way DynamoDB's export to S3 lays it out, under `<root>/<tables>/`:
 * - `full/AWSDynamoDB/<exportId>/data/*.json.gz`: the full export, one `{"Item": {...}}` line per item as it was at
 *   the export's time;
 * - `incremental/AWSDynamoDB/<exportId>/data/*.json.gz`: the changes after it, one
 *   `{"Metadata": {"WriteTime"}, "Keys", "NewImage", "OldImage"}` line per changed item (its latest image; no
 *   NewImage for a deletion);
 * each with the manifest files an export writes beside its data. The S3 prefixes are the ones the stack's export
 * function uses (RAW_TABLES), so the local views read the same paths as Athena's tables.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { marshall } from '@aws-sdk/util-dynamodb';
import { messageKey, reportKey } from '../functions/adapters/dynamodb/keys.ts';
import { newRefundItem } from '../functions/adapters/dynamodb/refund-store.ts';
import { type DataSet, FULL_EXPORT_AT, orderItem } from './generate.ts';
import { RAW_TABLES } from './schema.ts';

/** Lines per data file (an export writes many files of a few MB each). */
const LINES_PER_FILE = 20_000;

type Item = Record<string, unknown>;
const dynamoJson = (item: Item) => marshall(item, { removeUndefinedValues: true });
const keysOf = (item: Item) => ({ pk: item.pk, sk: item.sk });
/** Microseconds since the epoch, as an incremental export's WriteTime. */
const writeTime = (at: string) => ({ N: String(Date.parse(at) * 1000) });

function writeExport(root: string, prefix: string, exportId: string, lines: string[]): void {
  const dir = join(root, prefix, 'AWSDynamoDB', exportId);
  mkdirSync(join(dir, 'data'), { recursive: true });
  const files: string[] = [];
  for (let start = 0; start < lines.length; start += LINES_PER_FILE) {
    const chunk = lines.slice(start, start + LINES_PER_FILE);
    const key = `data/${exportId}-${String(files.length).padStart(4, '0')}.json.gz`;
    writeFileSync(join(dir, key), gzipSync(`${chunk.join('\n')}\n`, { level: 1 }));
    files.push(JSON.stringify({ itemCount: chunk.length, dataFileS3Key: `${prefix}/AWSDynamoDB/${exportId}/${key}` }));
  }
  writeFileSync(join(dir, 'manifest-files.json'), `${files.join('\n')}\n`);
  writeFileSync(join(dir, 'manifest-summary.json'), JSON.stringify({ exportArn: exportId, itemCount: lines.length }));
}

/**
 * The full export at FULL_EXPORT_AT and one incremental export of everything after it. Besides orders and refunds
 * the table holds other items: a message of some refunds' threads (same partition as the refund) and a daily-report
 * record that the changes delete, so the views' key filters and the deletion are exercised.
 */
export function writeDataSet(root: string, data: DataSet): { fullItems: number; changes: number } {
  const full: string[] = [];
  const changes: string[] = [];
  const exportedAt = new Date(FULL_EXPORT_AT).toISOString();
  const put = (item: Item, at: string, before?: Item) => {
    if (at <= exportedAt) full.push(JSON.stringify({ Item: dynamoJson(item) }));
    else
      changes.push(
        JSON.stringify({
          Metadata: { WriteTime: writeTime(at) },
          Keys: dynamoJson(keysOf(item)),
          NewImage: dynamoJson(item),
          ...(before ? { OldImage: dynamoJson(before) } : {}),
        }),
      );
  };
  for (const order of data.orders) put(orderItem(order), order.createdAt);
  for (const refund of data.refunds) {
    const earlier = data.earlier.get(refund.refundId);
    if (earlier) put(newRefundItem(earlier), earlier.updatedAt);
    put(newRefundItem(refund), refund.updatedAt, earlier && newRefundItem(earlier));
  }
  for (const refund of data.refunds.filter((_, i) => i % 10 === 0)) {
    const message = { ...messageKey(refund.refundId, refund.createdAt, 'msg-1'), text: 'hello' };
    put(message, refund.createdAt);
  }
  const report = { ...reportKey('2026-01-02'), sentAt: '2026-01-02T01:00:00.000Z' };
  put(report, report.sentAt);
  changes.push(JSON.stringify({ Metadata: { WriteTime: writeTime(exportedAt) }, Keys: dynamoJson(keysOf(report)) }));
  writeExport(root, RAW_TABLES.full.prefix, '01700000000000-full0001', full);
  writeExport(root, RAW_TABLES.changes.prefix, '01700000000001-incr0001', changes);
  return { fullItems: full.length, changes: changes.length };
}
