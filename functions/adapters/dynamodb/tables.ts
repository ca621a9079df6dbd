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
  /** Attributes copied into the index besides the keys (INCLUDE); with neither this nor keysOnly, ALL. */
  nonKeyAttributes?: readonly string[];
  /** Only the keys are copied (the reader fetches the items it needs from the table). */
  keysOnly?: true;
  /**
   * The name under which stacks deployed before had this index, with the same keys and ALL projected. A GSI's
   * projection cannot change in place, so a narrower one gets a new name; readers still call it by the old one
   * (`indexName`), and a deployed stack moves over one index per deployment (./index-layout.ts, docs/deploy.md).
   */
  replaces?: string;
}

export interface TableDefinition {
  /** Construct id in CDK and suffix of the local table name. */
  id: string;
  /** Environment variable through which functions receive the physical table name. */
  envVar: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  indexes: IndexDefinition[];
  /**
   * The attribute DynamoDB's TTL reads: an item whose value (Unix seconds) has passed is deleted by DynamoDB, at no
   * write cost. Only items that set it ever expire.
   */
  timeToLiveAttribute?: string;
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
  // Only analytics tallies set it (keys.ts analyticsTallyKey): they go once folded, a month after they were counted.
  timeToLiveAttribute: 'ttl',
  /*
   * Projections: an index copy is written whenever an item's index keys or projected attributes change, and costs
   * ceil(size of the copy / 1 KB) WRU. A refund is several KB (timeline, decisions, evidence), so each index carries
   * only what its readers filter or answer on; readers that need whole refunds read the index's keys, then the items
   * by key (reads.ts `itemsOf`). A changed projection needs a new index name (`replaces`: CloudFormation refuses
   * to change a GSI's projection in place); the local runtime adds the new index and drops the one it replaces
   * (local/dynamodb.ts); a deployed stack moves over one GSI per deployment (./index-layout.ts).
   */
  indexes: [
    /**
     * A buyer's refunds, newest first, and a reviewer's (or inspector's) tasks. Projects what the rules' velocity
     * reads (recentRefunds), what the orders page shows per order (refundsOnOrders) and a task's fields (openTasks):
     * a refund's copy changes only with its status. The buyer's list reads whole refunds by key.
     */
    {
      indexName: 'byUserV2',
      replaces: 'byUser',
      partitionKey: S('gsi1pk'),
      sortKey: S('gsi1sk'),
      nonKeyAttributes: [
        'refundId',
        'orderId',
        'amount',
        'status',
        'createdAt',
        'taskId',
        'reviewerId',
        'kind',
        'dueBy',
      ],
    },
    /** A merchant's refunds by status. Keys only: the merchant's list and the monitor read whole refunds by key. */
    {
      indexName: 'byMerchantV2',
      replaces: 'byMerchant',
      partitionKey: S('gsi2pk'),
      sortKey: S('gsi2sk'),
      keysOnly: true,
    },
    /**
     * Sparse and sharded: only refunds whose payout is recorded and not settled carry gsi3pk, so the monitor's cost
     * grows with outstanding payouts, never with the table. `status` lets late payouts skip failed ones in the index.
     */
    {
      indexName: 'outstandingPayoutsV2',
      replaces: 'outstandingPayouts',
      partitionKey: S('gsi3pk'),
      sortKey: S('gsi3sk'),
      nonKeyAttributes: ['status'],
    },
    /**
     * Sparse: live refunds by status (sharded) and the time they entered it (not PAYOUT_PENDING: keys.ts
     * `refundStateChange`), and alerts by OPEN/CLOSED. The monitor
     * reads only refunds past a deadline and the open alerts; finance lists alerts without a scan. Projects what the
     * filters test (the merchant-deadline reminder's `nextStep`, `remindedDueBy`; an alert's `assignee`); the
     * readers then read the matching items by key.
     */
    {
      indexName: 'byStateV2',
      replaces: 'byState',
      partitionKey: S('gsi4pk'),
      sortKey: S('gsi4sk'),
      nonKeyAttributes: ['nextStep', 'remindedDueBy', 'assignee'],
    },
    /**
     * Refunds by UTC creation day: recent applications for RATE_SPIKE, without reading older days. Keys only (they
     * never change, so a refund's copy is written once); the monitor reads the window's refunds by key.
     */
    {
      indexName: 'byCreatedDayV2',
      replaces: 'byCreatedDay',
      partitionKey: S('gsi5pk'),
      sortKey: S('gsi5sk'),
      keysOnly: true,
    },
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
