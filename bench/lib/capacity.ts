/**
 * Counts the DynamoDB capacity this process consumes, as AWS would bill it on demand. Installed in the bench
 * process only: it wraps the shared `send` of every SDK v3 client (the handlers' document client and the one
 * Powertools idempotency builds itself), asks DynamoDB for `ReturnConsumedCapacity: 'TOTAL'` on each call and sums
 * the answer. DynamoDB Local computes these units the way DynamoDB does (item size, GSIs), except for transactions,
 * which it under-reports: with `exactTransactions` on, the meter works their units out itself
 * (./transaction-units.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { itemSize, snapshotItems, transactionUnits } from './transaction-units.ts';

/** Capacity units consumed, split by reads and writes, with the calls and units of each operation. */
export interface Capacity {
  readUnits: number;
  writeUnits: number;
  calls: number;
  /** Calls that failed (a failed conditional write still costs at least 1 WRU in AWS; not in writeUnits). */
  failed: number;
  /** Per command (e.g. `TransactWrite`, `Update`): calls and capacity units. */
  byOperation: Record<string, { calls: number; units: number }>;
}

/** Data-plane commands (client and lib-dynamodb names) that accept ReturnConsumedCapacity. */
const DATA = /^(Get|Put|Update|Delete|BatchGet|BatchWrite|TransactGet|TransactWrite|Query|Scan|ExecuteStatement)/;
const READS = /^(Get|BatchGet|TransactGet|Query|Scan)/;
const totals: Capacity = { readUnits: 0, writeUnits: 0, calls: 0, failed: 0, byOperation: {} };
let installed = false;
let exact = false;

/**
 * Transactions counted as DynamoDB bills them (each item read before and after: slower, so only while the cost
 * phase runs).
 */
export function exactTransactions(on: boolean): void {
  exact = on;
}

interface Sendable {
  input?: Record<string, unknown>;
  constructor: { name: string };
}

function unitsOf(output: unknown): number {
  if (typeof output !== 'object' || output === null || !('ConsumedCapacity' in output)) return 0;
  const consumed = output.ConsumedCapacity;
  const list = Array.isArray(consumed) ? consumed : [consumed];
  return list.reduce((sum: number, c: unknown) => {
    const units = typeof c === 'object' && c !== null && 'CapacityUnits' in c ? Number(c.CapacityUnits) : 0;
    return sum + (Number.isFinite(units) ? units : 0);
  }, 0);
}

/** Starts counting (idempotent). Calls to services other than DynamoDB pass through untouched. */
export function installCapacityMeter(): void {
  if (installed) return;
  installed = true;
  const base = Object.getPrototypeOf(DynamoDBClient.prototype);
  const original = base.send;
  base.send = async function meteredSend(this: { config?: { serviceId?: string } }, command: Sendable, ...rest: []) {
    const name = command.constructor.name;
    if (this.config?.serviceId !== 'DynamoDB' || !command.input || !DATA.test(name)) {
      return original.call(this, command, ...rest);
    }
    command.input.ReturnConsumedCapacity ??= 'TOTAL';
    const operation = name.replace(/(Item|Items)?Command$/, '');
    totals.byOperation[operation] ??= { calls: 0, units: 0 };
    const counted = totals.byOperation[operation];
    totals.calls++;
    counted.calls++;
    const transaction = exact && operation === 'TransactWrite';
    const read = (c: unknown) => original.call(this, c);
    const marshalled = name === 'TransactWriteItemsCommand';
    const before = transaction ? await snapshotItems(read, command.input, marshalled) : [];
    let output: unknown;
    try {
      output = await original.call(this, command, ...rest);
    } catch (error) {
      totals.failed++;
      throw error;
    }
    const units = transaction
      ? transactionUnits(before, await snapshotItems(read, command.input, marshalled))
      : unitsOf(output);
    if (READS.test(name)) totals.readUnits += units;
    else totals.writeUnits += units;
    counted.units += units;
    if (process.env.BENCH_CAPACITY_TRACE) {
      // The written item's size afterwards (a read the meter does not count), to see which writes cross a KB.
      const written = /^(Put|Update)$/.test(operation)
        ? await snapshotItems(read, { TransactItems: [{ [operation]: command.input }] }, name.endsWith('ItemCommand'))
        : [];
      const item = written[0]?.item;
      traceCall(operation, command.input, units, item ? itemSize(item) : undefined);
      if (item && process.env.BENCH_CAPACITY_TRACE === 'attributes') {
        const parts = Object.entries(item).map(([k, v]) => `${k}=${itemSize({ [k]: v })}`);
        process.stderr.write(`[capacity]   ${parts.join(' ')}\n`);
      }
    }
    return output;
  };
}

/** One line per call on stderr (BENCH_CAPACITY_TRACE=1): what it touched and what it cost, to see where units go. */
function traceCall(operation: string, input: Record<string, unknown>, units: number, bytes?: number): void {
  const keys: string[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 6 || typeof value !== 'object' || value === null) return;
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'pk' || k === 'sk') && (typeof v === 'string' || (typeof v === 'object' && v && 'S' in v)))
        keys.push(`${k}=${typeof v === 'string' ? v : (v as { S: string }).S}`);
      else if (k !== 'ExpressionAttributeValues') visit(v, depth + 1);
    }
  };
  visit(input.Key ?? input.Item ?? input.TransactItems ?? input.KeyConditionExpression ?? input, 0);
  process.stderr.write(`[capacity] ${operation} ${units} ${keys.join(' ')}${bytes ? ` item=${bytes}B` : ''}\n`);
}

/** Capacity consumed so far. */
export const capacity = (): Capacity => structuredClone(totals);

/** Capacity consumed between two readings. */
export function capacitySince(before: Capacity): Capacity {
  const byOperation: Capacity['byOperation'] = {};
  for (const [operation, now] of Object.entries(totals.byOperation)) {
    const then = before.byOperation[operation] ?? { calls: 0, units: 0 };
    if (now.calls > then.calls)
      byOperation[operation] = { calls: now.calls - then.calls, units: now.units - then.units };
  }
  return {
    readUnits: totals.readUnits - before.readUnits,
    writeUnits: totals.writeUnits - before.writeUnits,
    calls: totals.calls - before.calls,
    failed: totals.failed - before.failed,
    byOperation,
  };
}
