/**
 * The readers query the index names that exist at each step of moving a deployed stack to the declared indexes
 * (functions/adapters/dynamodb/index-layout.ts): the stack sets INDEX_LAYOUT=legacy on the functions that query
 * until the last new index exists, and nothing after.
 */
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoAlertStore } from '../../../functions/adapters/dynamodb/alert-store.ts';
import {
  finalMigrationStep,
  INDEX_LAYOUT_ENV,
  indexesAtStep,
  indexName,
  layoutAtStep,
  migrationStep,
} from '../../../functions/adapters/dynamodb/index-layout.ts';
import { DynamoMonitoringSource } from '../../../functions/adapters/dynamodb/monitoring-source.ts';
import { DynamoPayoutStore } from '../../../functions/adapters/dynamodb/payout-store.ts';
import { DynamoRefundStore } from '../../../functions/adapters/dynamodb/refund-store.ts';
import { DynamoReviewStore } from '../../../functions/adapters/dynamodb/review-store.ts';
import { LEDGER_TABLE, MAIN_TABLE } from '../../../functions/adapters/dynamodb/tables.ts';
import { DEFAULT_MONITORING_CONFIG } from '../../../functions/domain/monitoring/config.ts';

const names = (step: number) => indexesAtStep(MAIN_TABLE, step).map((index) => index.indexName);
const LAST = finalMigrationStep();

describe('the index layout at each migration step', () => {
  it('starts from the indexes deployed before and ends with the declared ones', () => {
    expect(names(0)).toEqual(['byUser', 'byMerchant', 'outstandingPayouts', 'byState', 'byCreatedDay', 'ordersByUser']);
    // The old ones projected everything (no attribute list, not keys only), as the stacks deployed before have them.
    expect(indexesAtStep(MAIN_TABLE, 0).map((i) => i.nonKeyAttributes ?? i.keysOnly ?? 'ALL')).toEqual([
      ...Array(5).fill('ALL'),
      true,
    ]);
    expect(indexesAtStep(MAIN_TABLE, LAST)).toEqual(MAIN_TABLE.indexes);
    expect(indexesAtStep(LEDGER_TABLE, 3)).toEqual(LEDGER_TABLE.indexes);
  });

  it('creates the new indexes one per step, then deletes the old ones one per step', () => {
    expect(names(1)).toEqual([
      'byUser',
      'byUserV2',
      'byMerchant',
      'outstandingPayouts',
      'byState',
      'byCreatedDay',
      'ordersByUser',
    ]);
    expect(names(5)).toHaveLength(11);
    expect(names(6)).toEqual([
      'byUserV2',
      'byMerchant',
      'byMerchantV2',
      'outstandingPayouts',
      'outstandingPayoutsV2',
      'byState',
      'byStateV2',
      'byCreatedDay',
      'byCreatedDayV2',
      'ordersByUser',
    ]);
    for (let step = 1; step <= LAST; step++) {
      const before = new Set(names(step - 1));
      const after = new Set(names(step));
      const created = [...after].filter((n) => !before.has(n));
      const deleted = [...before].filter((n) => !after.has(n));
      expect(created.length + deleted.length, `step ${step}`).toBe(1);
    }
  });

  it('moves the readers to the new names at the step that creates the last new index', () => {
    expect(Array.from({ length: LAST + 1 }, (_, step) => layoutAtStep(step))).toEqual([
      ...Array(5).fill('legacy'),
      ...Array(6).fill('current'),
    ]);
    expect(indexName('byUser', 'legacy')).toBe('byUser');
    expect(indexName('byUser', undefined)).toBe('byUserV2');
    expect(indexName('ordersByUser', 'legacy')).toBe('ordersByUser');
  });

  it('reads the CDK context: a step from 1 to the last, or none', () => {
    expect(migrationStep(undefined)).toBeUndefined();
    expect(migrationStep('')).toBeUndefined();
    expect(migrationStep(' 7 ')).toBe(7);
    expect(migrationStep(10)).toBe(10);
    for (const wrong of ['0', '11', '-1', '2.5', 'last']) expect(() => migrationStep(wrong)).toThrow(/from 1 to 10/);
  });
});

describe('the readers at each step', () => {
  const dynamo = mockClient(DynamoDBDocumentClient);
  const saved = {
    layout: process.env[INDEX_LAYOUT_ENV],
    main: process.env[MAIN_TABLE.envVar],
    ledger: process.env[LEDGER_TABLE.envVar],
  };
  const restore = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };

  beforeEach(() => {
    dynamo.reset();
    dynamo.on(QueryCommand).resolves({ Items: [] });
    process.env[MAIN_TABLE.envVar] = 'refunds';
    process.env[LEDGER_TABLE.envVar] = 'ledger';
  });
  afterAll(() => {
    dynamo.restore();
    restore(INDEX_LAYOUT_ENV, saved.layout);
    restore(MAIN_TABLE.envVar, saved.main);
    restore(LEDGER_TABLE.envVar, saved.ledger);
  });

  /** Every main-table index name the readers query, as the functions of `step` run them. */
  async function queriedAt(step: number): Promise<Set<string>> {
    dynamo.resetHistory();
    restore(INDEX_LAYOUT_ENV, layoutAtStep(step) === 'legacy' ? 'legacy' : undefined);
    const now = '2026-12-02T10:00:00.000Z';
    const refunds = new DynamoRefundStore();
    await refunds.listRefundsByUser('u-1', { limit: 10 });
    await refunds.recentRefunds('u-1', '2026-11-01T00:00:00.000Z');
    await refunds.listRefundsByMerchant('m-1', { limit: 10 });
    await refunds.listOrdersByUser('u-1', { limit: 10 });
    await refunds.refundsOnOrders('u-1', ['o-1'], '2026-11-01T00:00:00.000Z');
    await new DynamoReviewStore().openTasks('r-1');
    await new DynamoAlertStore().list('OPEN', { limit: 10 });
    await new DynamoPayoutStore().latePayouts(now, 10);
    const monitoring = new DynamoMonitoringSource();
    await monitoring.merchantDeadlines(now, 3600);
    await monitoring.load(now, DEFAULT_MONITORING_CONFIG, []);
    return new Set(
      dynamo
        .commandCalls(QueryCommand)
        .filter((call) => call.args[0].input.TableName === 'refunds')
        .map((call) => String(call.args[0].input.IndexName)),
    );
  }

  it('query only indexes that exist at that step, and every one of the step’s readable names', async () => {
    for (let step = 0; step <= LAST; step++) {
      const queried = await queriedAt(step);
      const present = names(step);
      for (const name of queried) expect(present, `step ${step}`).toContain(name);
      expect(queried.size, `step ${step}`).toBe(6);
    }
  });

  it('query the old names until the last new index exists, the declared names from then on', async () => {
    expect([...(await queriedAt(4))].sort()).toEqual(
      ['byCreatedDay', 'byMerchant', 'byState', 'byUser', 'ordersByUser', 'outstandingPayouts'].sort(),
    );
    expect([...(await queriedAt(5))].sort()).toEqual(MAIN_TABLE.indexes.map((i) => i.indexName).sort());
  });
});
