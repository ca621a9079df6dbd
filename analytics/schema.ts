/**
 * The one description of what the analytics read from a DynamoDB export of the main table, and the names and SQL of
 * the tables and views over it. The stack's Glue tables and views (infra/constructs/analytics-export.ts) and the local
 * DuckDB set-up (./duckdb.ts) are both built from here, so Athena and the tests read the same columns with the same SQL.
 *
 * An export writes DynamoDB JSON: every attribute is a one-key object naming its type (`{"S": "…"}`, `{"N": "12"}`,
 * `{"M": {…}}`, `{"L": […]}`). Only the attributes the views read are declared; the JSON readers skip the rest.
 */
import { readFileSync } from 'node:fs';

export type Attribute =
  | { type: 'S' }
  | { type: 'N' }
  | { type: 'M'; fields: Readonly<Record<string, Attribute>> }
  | { type: 'L'; of: Attribute };

const S: Attribute = { type: 'S' };
const N: Attribute = { type: 'N' };
const M = (fields: Record<string, Attribute>): Attribute => ({ type: 'M', fields });
const L = (of: Attribute): Attribute => ({ type: 'L', of });

/** The attributes of refund and order items (functions/domain/refund.ts) the views read, keys first. */
export const STORE_ITEM: Readonly<Record<string, Attribute>> = {
  pk: S,
  sk: S,
  refundId: S,
  orderId: S,
  userId: S,
  merchantId: S,
  amount: N,
  currency: S,
  reason: S,
  category: S,
  scenario: S,
  destination: S,
  status: S,
  createdAt: S,
  updatedAt: S,
  paymentMethod: S,
  paidAt: S,
  paidAmount: N,
  // A refund's lines (sku, quantity, amount) and an order's items (sku, category, unitPrice, quantity) share the name.
  items: L(M({ sku: S, category: S, quantity: N, unitPrice: N, amount: N })),
  payout: M({ method: S, destination: S, amount: N, sentAt: S, settledAt: S }),
  dispute: M({ at: S }),
};

/** The key attributes of an incremental export's `Keys`. */
export const STORE_KEYS: Readonly<Record<string, Attribute>> = { pk: S, sk: S };

/** Glue/Hive column type of a map of attributes (Glue lower-cases struct field names; the JSON SerDe matches any case). */
export function hiveType(fields: Readonly<Record<string, Attribute>>): string {
  return `struct<${Object.entries(fields)
    .map(([name, a]) => `${name.toLowerCase()}:${hiveAttribute(a)}`)
    .join(',')}>`;
}
function hiveAttribute(a: Attribute): string {
  switch (a.type) {
    case 'S':
      return 'struct<s:string>';
    case 'N':
      return 'struct<n:string>';
    case 'M':
      return `struct<m:${hiveType(a.fields)}>`;
    case 'L':
      return `struct<l:array<${hiveAttribute(a.of)}>>`;
  }
}

/** The Presto/Trino type of the same map, as Athena's view definitions spell column types. */
export function prestoType(fields: Readonly<Record<string, Attribute>>): string {
  return `row(${Object.entries(fields)
    .map(([name, a]) => `${name.toLowerCase()} ${prestoAttribute(a)}`)
    .join(', ')})`;
}
function prestoAttribute(a: Attribute): string {
  switch (a.type) {
    case 'S':
      return 'row(s varchar)';
    case 'N':
      return 'row(n varchar)';
    case 'M':
      return `row(m ${prestoType(a.fields)})`;
    case 'L':
      return `row(l array(${prestoAttribute(a.of)}))`;
  }
}

/** The DuckDB type of the same map, with DynamoDB JSON's own (case-sensitive) keys, for `read_json`'s `columns`. */
export function duckType(fields: Readonly<Record<string, Attribute>>): string {
  return `STRUCT(${Object.entries(fields)
    .map(([name, a]) => `"${name}" ${duckAttribute(a)}`)
    .join(', ')})`;
}
function duckAttribute(a: Attribute): string {
  switch (a.type) {
    case 'S':
      return 'STRUCT("S" VARCHAR)';
    case 'N':
      return 'STRUCT("N" VARCHAR)';
    case 'M':
      return `STRUCT("M" ${duckType(a.fields)})`;
    case 'L':
      return `STRUCT("L" ${duckAttribute(a.of)}[])`;
  }
}

/**
 * The one place DuckDB and Trino differ for these views: Trino's UNNEST of an array of one-field rows gives that
 * field (an `L` of `{"M": {...}}` unnests to the map's fields), DuckDB's gives the row. So locally every list is
 * read with its elements' type wrapper already taken off: the same `line.sku.s` then works on both engines.
 */
export function duckUnwrapLists(expression: string, fields: Readonly<Record<string, Attribute>>): string {
  const members = Object.entries(fields).map(
    ([name, a]) => `'${name}': ${unwrapAttribute(`${expression}."${name}"`, a)}`,
  );
  return `CASE WHEN ${expression} IS NULL THEN NULL ELSE {${members.join(', ')}} END`;
}
function unwrapAttribute(expression: string, a: Attribute): string {
  if (a.type === 'S' || a.type === 'N') return expression;
  if (a.type === 'M')
    return `CASE WHEN ${expression} IS NULL THEN NULL ELSE {'M': ${duckUnwrapLists(`${expression}."M"`, a.fields)}} END`;
  const element = a.of;
  const inner = element.type === 'M' ? duckUnwrapLists('x."M"', element.fields) : `x."${element.type}"`;
  return `CASE WHEN ${expression} IS NULL THEN NULL ELSE {'L': list_transform(${expression}."L", x -> ${inner})} END`;
}

/** The Glue tables over the export's data files: a full export's `Item` lines and an incremental export's changes. */
export const RAW_TABLES = {
  /** `{"Item": {...}}` lines of the full export (S3 prefix `<tables>/full/`). */
  full: { name: 'main_table_full', prefix: 'full' },
  /** `{"Metadata": {"WriteTime"}, "Keys", "NewImage", "OldImage"}` lines of the incremental exports. */
  changes: { name: 'main_table_changes', prefix: 'incremental' },
} as const;

/** A view: its name, its columns (name and Presto type, in order) and its SQL (analytics/views/<name>.sql). */
export interface ViewDefinition {
  name: string;
  columns: readonly (readonly [string, string])[];
  /** What one row is. */
  description: string;
}

const varchar = (...names: string[]) => names.map((n) => [n, 'varchar'] as const);
const bigint = (...names: string[]) => names.map((n) => [n, 'bigint'] as const);

/** In dependency order: each view reads only the tables and the views before it. */
export const VIEWS: readonly ViewDefinition[] = [
  {
    name: 'store_items',
    description: 'the latest image of every item of the main table (full export, then the changes after it)',
    columns: [...varchar('pk', 'sk'), ['image', prestoType(STORE_ITEM)]],
  },
  {
    name: 'refunds',
    description: 'one row per refund, its latest state',
    columns: [
      ...varchar('refund_id', 'order_id', 'user_id', 'merchant_id'),
      ...bigint('amount'),
      ...varchar('currency', 'reason', 'category', 'scenario', 'destination', 'status', 'created_at', 'updated_at'),
      ...varchar('payout_method', 'payout_settled_at', 'disputed_at'),
    ],
  },
  {
    name: 'refund_lines',
    description: 'one row per order line a refund takes',
    columns: [...varchar('refund_id', 'merchant_id', 'status', 'sku'), ...bigint('quantity', 'amount')],
  },
  {
    name: 'order_lines',
    description: 'one row per order line (sku) sold',
    columns: [
      ...varchar('order_id', 'merchant_id', 'payment_method', 'paid_at', 'sku', 'category'),
      ...bigint('quantity', 'unit_price'),
    ],
  },
];

const ANALYTICS_DIR = new URL('.', import.meta.url);

/** A view's SQL (a SELECT), as Athena's view and DuckDB's both run it. */
export const viewSql = (name: string) =>
  readFileSync(new URL(`views/${name}.sql`, ANALYTICS_DIR), 'utf8')
    .trim()
    .replace(/;$/, '');

/** The documented queries, one file each under analytics/queries (docs/analytics.md shows them). */
export const QUERIES = [
  'reason_mix_by_category',
  'return_rate_by_sku',
  'merchants_by_dispute_loss',
  'time_to_money_by_payment_method',
] as const;
export type QueryName = (typeof QUERIES)[number];

export const querySql = (name: QueryName) =>
  readFileSync(new URL(`queries/${name}.sql`, ANALYTICS_DIR), 'utf8')
    .trim()
    .replace(/;$/, '');
