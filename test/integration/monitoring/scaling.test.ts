/**
 * The monitor's cost follows the outstanding payouts, not the table: with 100 outstanding payouts, a run reads about
 * the same capacity whether the table also holds no settled refunds or SETTLED_COUNT (default 20,000 to keep npm test short; `npm run bench:monitor` loads 100,000) of them.
 * Capacity is DynamoDB's own ReturnConsumedCapacity TOTAL, summed over every read of the run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN_TABLE } from '../../../functions/adapters/dynamodb/tables.ts';
import { batchWrite, outstandingRefunds, settledRefunds } from '../../support/bulk.ts';
import { type Client, startTestRuntime } from '../../support/local.ts';
import { MonitoringSteps, TestClock } from './steps.ts';

const OUTSTANDING = 100;
const LATE = 10;
// What is asserted is read capacity, which does not depend on the machine; the load time is only printed. DynamoDB
// Local loads ~1,500 items/s on an idle machine, far less on a busy one, hence the generous ceiling below;
// bench/monitor.bench.ts runs 100,000.
const SETTLED = Number(process.env.SETTLED_COUNT ?? 20_000);
const NOW = Date.parse('2026-11-26T04:00:00.000Z');

let client: Client;
let steps: MonitoringSteps;

beforeAll(async () => {
  client = await startTestRuntime({ clock: new TestClock(NOW), monitorEverySeconds: 0 });
  steps = new MonitoringSteps(client, new TestClock(NOW));
});
afterAll(() => client.runtime.stop());

describe(`a table with ${OUTSTANDING} outstanding payouts`, () => {
  it(`is monitored for the same read capacity with ${SETTLED.toLocaleString('en')} settled refunds beside them`, async () => {
    const table = client.runtime.tableName(MAIN_TABLE);
    await batchWrite(table, outstandingRefunds(OUTSTANDING, NOW, LATE));
    await steps.runMonitor(); // opens the LATE alerts, so both measured runs also re-check open alerts
    const before = await steps.runMonitor();

    const started = Date.now();
    await batchWrite(table, settledRefunds(SETTLED, new Date(NOW - 90 * 86_400_000).toISOString()));
    const loadSeconds = (Date.now() - started) / 1000;
    const after = await steps.runMonitor();

    const perItem = after.readCapacityUnits / OUTSTANDING;
    console.log(
      `monitor read capacity: ${before.readCapacityUnits} RCU without settled refunds, ${after.readCapacityUnits} RCU ` +
        `with ${SETTLED} settled (${after.readRequests} requests) for ${OUTSTANDING} outstanding payouts ` +
        `= ${perItem.toFixed(2)} RCU per outstanding payout; loaded ${SETTLED} items in ${loadSeconds.toFixed(1)} s`,
    );
    expect(after.outstandingPayouts).toBe(OUTSTANDING);
    expect(after.openAlerts).toBe(LATE);
    expect(after.readCapacityUnits).toBeGreaterThan(0);
    expect(after.readCapacityUnits).toBe(before.readCapacityUnits);
    // About one read of each outstanding refund: one past its hour is in both the outstanding-payouts and the byState
    // index, and is read once (1.06 RCU each when it was read twice).
    expect(perItem).toBeLessThan(0.75);
  }, 600_000);
});
