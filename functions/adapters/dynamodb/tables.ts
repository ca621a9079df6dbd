/**
 * The one declaration of every DynamoDB table: names of key attributes and indexes.
 * Used by the CDK data construct, by the local runtime (which creates the tables in DynamoDB Local)
 * and by the store adapters. Change a key here and all three follow.
 */

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface IndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** Attributes copied into the index besides the keys; undefined means ALL. */
  nonKeyAttributes?: string[];
  /** Only the keys are copied (the reader fetches the items it needs from the table). */
  keysOnly?: true;
}

export interface TableDefinition {
  /** Construct id in CDK and suffix of the local table name. */
  id: string;
  /** Environment variable through which functions receive the physical table name. */
  envVar: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  indexes: IndexDefinition[];
}

const S = (name: string): KeyAttribute => ({ name, type: 'S' });

/**
 * Single-table design for everything mutable: orders (with their locked lines), refunds, review tasks, reviewers,
 * alerts and per-merchant statistics. Items are told apart by key prefixes (see ./keys.ts).
 */
export const MAIN_TABLE = {
  id: 'Refunds',
  envVar: 'TABLE_NAME',
  partitionKey: S('pk'),
  sortKey: S('sk'),
  indexes: [
    /** A buyer's refunds, newest first. */
    { indexName: 'byUser', partitionKey: S('gsi1pk'), sortKey: S('gsi1sk') },
    /** A merchant's refunds by status. */
    { indexName: 'byMerchant', partitionKey: S('gsi2pk'), sortKey: S('gsi2sk') },
    /**
     * Sparse and sharded: only refunds whose payout is sent and not settled carry gsi3pk, so the monitor's cost
     * grows with outstanding payouts, never with the table.
     */
    { indexName: 'outstandingPayouts', partitionKey: S('gsi3pk'), sortKey: S('gsi3sk') },
    /**
     * Sparse: live refunds by status (sharded) and the time they entered it, and alerts by OPEN/CLOSED. The monitor
     * reads only refunds past a deadline and the open alerts; finance lists alerts without a scan.
     */
    { indexName: 'byState', partitionKey: S('gsi4pk'), sortKey: S('gsi4sk') },
    /** Refunds by UTC creation day: recent applications for RATE_SPIKE, without reading older days. */
    { indexName: 'byCreatedDay', partitionKey: S('gsi5pk'), sortKey: S('gsi5sk') },
    /**
     * A buyer's orders, newest paid first (`GET /v1/orders`). Keys only: an order's line tallies are attributes
     * named by sku, which no projection list can name, so the page's orders are read from the table by key.
     */
    { indexName: 'ordersByUser', partitionKey: S('gsi6pk'), sortKey: S('gsi6sk'), keysOnly: true },
  ],
} as const satisfies TableDefinition;

/** Append-only money movements. Nothing updates or deletes an entry (IAM denies it in the stack). */
export const LEDGER_TABLE = {
  id: 'Ledger',
  envVar: 'LEDGER_TABLE_NAME',
  partitionKey: S('pk'),
  sortKey: S('sk'),
  indexes: [{ indexName: 'byDay', partitionKey: S('day'), sortKey: S('entryId') }],
} as const satisfies TableDefinition;

export const TABLES: readonly TableDefinition[] = [MAIN_TABLE, LEDGER_TABLE];
