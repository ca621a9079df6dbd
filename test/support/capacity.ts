/**
 * Measures DynamoDB capacity without touching the production path: an HTTP proxy in front of DynamoDB Local adds
 * `ReturnConsumedCapacity: TOTAL` to every request that takes it and adds up what comes back. It sees every client
 * in the process (the store's and Powertools' idempotency layer alike). DynamoDB Local does not check signatures,
 * so rewriting the body is harmless there.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';

const TAKES_CAPACITY = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'TransactWriteItems',
  'TransactGetItems',
  'BatchGetItem',
  'BatchWriteItem',
]);

export interface CapacityEntry {
  operation: string;
  read: number;
  write: number;
}

export interface CapacityProxy {
  endpoint: string;
  entries: CapacityEntry[];
  /** Starts a new measurement. */
  reset(): void;
  totals(): { read: number; write: number };
  close(): Promise<void>;
}

type Consumed = { ReadCapacityUnits?: number; WriteCapacityUnits?: number; CapacityUnits?: number };

const READS = new Set(['GetItem', 'Query', 'Scan', 'TransactGetItems', 'BatchGetItem']);

/** TOTAL mode answers `CapacityUnits` only; whether they are read or write units follows from the operation. */
function sum(consumed: Consumed | Consumed[] | undefined, key: 'ReadCapacityUnits' | 'WriteCapacityUnits'): number {
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  return list.reduce((total, c) => total + (c[key] ?? c.CapacityUnits ?? 0), 0);
}

export async function startCapacityProxy(target: string): Promise<CapacityProxy> {
  const upstream = new URL(target);
  const entries: CapacityEntry[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    if (TAKES_CAPACITY.has(operation)) {
      const input = JSON.parse(body.toString('utf8'));
      input.ReturnConsumedCapacity = 'TOTAL';
      body = Buffer.from(JSON.stringify(input));
    }
    const headers = { ...req.headers, 'content-length': String(body.length), host: upstream.host };
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      async (answer) => {
        const parts: Buffer[] = [];
        for await (const chunk of answer) parts.push(chunk as Buffer);
        const text = Buffer.concat(parts);
        if (TAKES_CAPACITY.has(operation)) {
          try {
            const output = JSON.parse(text.toString('utf8'));
            const consumed = output.ConsumedCapacity;
            entries.push({
              operation,
              read: READS.has(operation) ? sum(consumed, 'ReadCapacityUnits') : 0,
              write: READS.has(operation) ? 0 : sum(consumed, 'WriteCapacityUnits'),
            });
          } catch {
            // not JSON: nothing to count
          }
        }
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        res.end(text);
      },
    );
    forward.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    entries,
    reset: () => void entries.splice(0),
    totals: () => ({
      read: entries.reduce((t, e) => t + e.read, 0),
      write: entries.reduce((t, e) => t + e.write, 0),
    }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
