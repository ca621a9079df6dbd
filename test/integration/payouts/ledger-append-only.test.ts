/**
 * The ledger nothing overwrites (issue 17, items 4 and 5), on DynamoDB Local under each function's deployed role:
 * every append is a put conditional on the entry not existing, so a second put of one id never replaces the first;
 * a retry of the same movement is a no-op, another movement under that id is refused; and no role holds table
 * actions its code does not use (DeleteItem, Scan, PutItem on the ledger for a reader).
 */
import { DeleteCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoClient } from '../../../functions/adapters/dynamodb/client.ts';
import { ledgerPartition, refundKey } from '../../../functions/adapters/dynamodb/keys.ts';
import { DynamoLedgerStore, LedgerConflict } from '../../../functions/adapters/dynamodb/ledger-store.ts';
import { LEDGER_TABLE, MAIN_TABLE } from '../../../functions/adapters/dynamodb/tables.ts';
import { ledgerEntry } from '../../../functions/domain/ledger/entry.ts';
import { type Client, startTestRuntime } from '../../support/local.ts';
import { ledgerEntries } from '../../support/payouts.ts';

let client: Client;
beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  client = await startTestRuntime();
});
afterAll(() => client.runtime.stop());

const settled = (amount: number, at = '2026-11-26T17:00:00Z') =>
  ledgerEntry({
    refundId: 'r-append',
    orderId: 'o-append',
    kind: 'SETTLED',
    amount,
    currency: 'CNY',
    provider: 'sandbox',
    method: 'ALIPAY',
    providerRef: 'p-append',
    at,
  });

describe('an append to the ledger', () => {
  const store = new DynamoLedgerStore();
  const asWebhook = <T>(work: () => Promise<T>) => client.runtime.deployment.run('PaymentWebhook', work);

  it('stores a new entry once; the same movement again (a retry, a redelivery) is a no-op', async () => {
    await expect(asWebhook(() => store.append(settled(100)))).resolves.toBe(true);
    // A later try of the same movement: another clock, same facts.
    await expect(asWebhook(() => store.append(settled(100, '2026-11-26T18:00:00Z')))).resolves.toBe(false);
    const stored = (await ledgerEntries(client.runtime)).filter((e) => e.refundId === 'r-append');
    expect(stored).toEqual([settled(100)]);
  });

  it('refuses a second put of that id with another movement, and the first stays as it was', async () => {
    await expect(asWebhook(() => store.append(settled(1)))).rejects.toBeInstanceOf(LedgerConflict);
    await expect(asWebhook(() => store.append(settled(1)))).rejects.toThrowError(/another amount/);
    const stored = (await ledgerEntries(client.runtime)).filter((e) => e.refundId === 'r-append');
    expect(stored).toEqual([settled(100)]);
  });
});

describe('the roles', () => {
  const run = <T>(id: string, work: () => Promise<T>) => client.runtime.deployment.run(id, work);

  it('let a ledger reader query and nothing else, not even append', async () => {
    const store = new DynamoLedgerStore();
    await expect(run('FinanceLedger', () => store.listByRefund('r-append'))).resolves.toHaveLength(1);
    await expect(run('FinanceLedger', () => store.append(settled(100)))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringMatching(/dynamodb:PutItem/),
    });
  });

  it('give no function Scan, DeleteItem on the tables, or an unconditional way to remove an entry', async () => {
    const main = client.runtime.tableName(MAIN_TABLE);
    const ledger = client.runtime.tableName(LEDGER_TABLE);
    const denied = { name: 'AccessDeniedException' };
    await expect(
      run('PaymentWebhook', () => dynamoClient().send(new DeleteCommand({ TableName: main, Key: refundKey('r-x') }))),
    ).rejects.toMatchObject(denied);
    await expect(
      run('Monitor', () => dynamoClient().send(new ScanCommand({ TableName: main, Select: 'COUNT' }))),
    ).rejects.toMatchObject(denied);
    await expect(
      run('Payout', () =>
        dynamoClient().send(
          new DeleteCommand({ TableName: ledger, Key: { pk: ledgerPartition('r-append'), sk: settled(100).entryId } }),
        ),
      ),
    ).rejects.toMatchObject(denied);
    // PutOrder writes orders, never the ledger.
    await expect(
      run('PutOrder', () =>
        dynamoClient().send(
          new PutCommand({ TableName: ledger, Item: { pk: ledgerPartition('r-append'), sk: settled(100).entryId } }),
        ),
      ),
    ).rejects.toMatchObject(denied);
    expect((await ledgerEntries(client.runtime)).filter((e) => e.refundId === 'r-append')).toEqual([settled(100)]);
  });
});
