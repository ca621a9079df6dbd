/**
 * Counts the DynamoDB capacity this process consumes, as AWS would bill it on demand. Installed in the bench
 * process only: it wraps the shared `send` of every SDK v3 client (the handlers' document client and the one
 * Powertools idempotency builds itself), asks DynamoDB for `ReturnConsumedCapacity: 'TOTAL'` on each call and sums
 * the answer. DynamoDB Local computes these units the way DynamoDB does (item size, GSIs, transactions ×2).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Capacity units consumed since the last reset, split by reads and writes, plus the number of calls. */
export interface Capacity {
  readUnits: number;
  writeUnits: number;
  calls: number;
}

/** Data-plane commands (client and lib-dynamodb names) that accept ReturnConsumedCapacity. */
const DATA = /^(Get|Put|Update|Delete|BatchGet|BatchWrite|TransactGet|TransactWrite|Query|Scan|ExecuteStatement)/;
const READS = /^(Get|BatchGet|TransactGet|Query|Scan)/;
const totals: Capacity = { readUnits: 0, writeUnits: 0, calls: 0 };
let installed = false;

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
    const output = await original.call(this, command, ...rest);
    const units = unitsOf(output);
    if (READS.test(name)) totals.readUnits += units;
    else totals.writeUnits += units;
    totals.calls++;
    return output;
  };
}

/** Capacity consumed so far. */
export const capacity = (): Capacity => ({ ...totals });

/** Capacity consumed between two readings. */
export const capacitySince = (before: Capacity): Capacity => ({
  readUnits: totals.readUnits - before.readUnits,
  writeUnits: totals.writeUnits - before.writeUnits,
  calls: totals.calls - before.calls,
});
