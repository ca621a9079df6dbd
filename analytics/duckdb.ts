/**
 * The documented queries on an embedded engine: DuckDB reads the export's data files (./export-files.ts layout) as
 * the stack's Glue tables, creates the same views from the same SQL files, and runs the same query files. What
 * Trino (Athena) has and DuckDB lacks is defined here once, under Trino's names, never in a query.
 */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  duckType,
  duckUnwrapLists,
  type QueryName,
  querySql,
  RAW_TABLES,
  STORE_ITEM,
  STORE_KEYS,
  VIEWS,
  viewSql,
} from './schema.ts';

/** Trino functions the views and queries use, as DuckDB macros. */
const TRINO_FUNCTIONS = [
  // Trino parses ISO-8601 with this; DuckDB casts it.
  'CREATE MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)',
  // Trino's percentile is approximate (a digest) and returns one of the values; DuckDB's discrete quantile is exact.
  'CREATE MACRO approx_percentile(x, p) AS quantile_disc(x, p)',
];

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
const readExport = (root: string, prefix: string, columns: Record<string, string>) =>
  `read_json(${quote(`${root}/${prefix}/AWSDynamoDB/*/data/*.json.gz`)}, format = 'newline_delimited', compression = 'gzip', columns = {${Object.entries(
    columns,
  )
    .map(([name, type]) => `${quote(name)}: ${quote(type)}`)
    .join(', ')}})`;

export type Row = Record<string, string | number | boolean | null>;

export interface LocalAnalytics {
  /** Runs a documented query; BIGINTs come back as numbers. */
  query(name: QueryName): Promise<Row[]>;
  sql(text: string): Promise<Row[]>;
  close(): void;
}

/**
 * Loads the export under `root` into DuckDB tables named as the Glue tables (the files are read once, as Athena
 * reads them on every query), then creates the views.
 */
export async function openExport(root: string): Promise<LocalAnalytics> {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  for (const macro of TRINO_FUNCTIONS) await db.run(macro);
  const item = duckType(STORE_ITEM);
  await db.run(
    `CREATE TABLE ${RAW_TABLES.full.name} AS SELECT ${duckUnwrapLists('"Item"', STORE_ITEM)} AS item
     FROM ${readExport(root, RAW_TABLES.full.prefix, { Item: item })}`,
  );
  await db.run(
    `CREATE TABLE ${RAW_TABLES.changes.name} AS
     SELECT "Keys" AS "keys", ${duckUnwrapLists('"NewImage"', STORE_ITEM)} AS newimage, "Metadata" AS metadata
     FROM ${readExport(root, RAW_TABLES.changes.prefix, {
       Metadata: 'STRUCT("WriteTime" STRUCT("N" VARCHAR))',
       Keys: duckType(STORE_KEYS),
       NewImage: item,
     })}`,
  );
  for (const view of VIEWS) await db.run(`CREATE VIEW ${view.name} AS ${viewSql(view.name)}`);
  const sql = (text: string) => rows(db, text);
  return { sql, query: (name) => sql(querySql(name)), close: () => db.closeSync() };
}

async function rows(db: DuckDBConnection, text: string): Promise<Row[]> {
  const reader = await db.runAndReadAll(text);
  return reader
    .getRowObjects()
    .map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [
          k,
          typeof v === 'bigint' ? Number(v) : v === null || typeof v !== 'object' ? (v as Row[string]) : String(v),
        ]),
      ),
    );
}
