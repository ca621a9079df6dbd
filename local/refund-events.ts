/**
 * Refund events locally, published the way AWS publishes them: DynamoDB Local keeps a stream of the main table
 * (NEW_AND_OLD_IMAGES, as data.ts declares), this module reads it, hands each batch of records to the RefundEvents
 * function as deployed (the pipe's enrichment, functions/events/refund-events.ts), keeps the events it returns
 * (`runtime.events.items`) and, with `npm start -- --events-to URL`, POSTs each one to that URL signed like the
 * payment webhook (`x-refund-signature: t=…,v1=HMAC-SHA256(secret, "t.body")`, functions/domain/payout/signature.ts).
 *
 * Why the stream and not a hook in the store adapter: the stream sees every committed write whatever code made it
 * (the refund store, the payout store, a transaction), never one that failed, exactly like the pipe in AWS; a hook
 * would have to be kept in step with every adapter that writes a refund.
 *
 * Delivery is in stream order and at least once: a consumer answering anything but 2xx (or not answering) is tried
 * again with exponential backoff, without end, and the events behind it wait, as a pipe's shard does. Where the
 * runtime keeps data (`dataDir`), the stream position is saved once a batch is delivered, so a restart resumes
 * there (the stream keeps 24 h); consumers de-duplicate by the event's `id`.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { BUS_TARGET_MAX_BATCH, PIPE_BATCH_SIZE } from '../functions/adapters/dynamodb/stream-records.ts';
import type { RefundEvent } from '../functions/domain/events/refund-event.ts';
import { signWebhook } from '../functions/domain/payout/signature.ts';
import { LOCAL_AWS_ENV } from './dynamodb.ts';

/** The header names of a delivery (the signature header is the payment webhook's). */
export const EVENT_HEADERS = {
  signature: 'x-refund-signature',
  id: 'x-refund-event-id',
  type: 'x-refund-event-type',
} as const;

export interface RefundEventsOptions {
  /** DynamoDB Local's endpoint and the main table's stream ARN. */
  endpoint: string;
  streamArn: string;
  /** Maps a batch of stream records to events (the deployed RefundEvents function). */
  enrich: (records: unknown[]) => Promise<unknown>;
  /** POST every event here. */
  deliverTo?: string;
  /**
   * Functions a rule on the bus would invoke (refund analytics): each event of `types` is handed to `invoke` in an
   * EventBridge envelope, as the rule's Lambda target receives it, and tried again a few times if it fails.
   */
  targets?: RuleTarget[];
  /** HMAC secret of deliveries. @default process.env.EVENTS_SECRET ?? 'local-events-secret-not-for-production' */
  secret?: string;
  /** First retry delay; each failure doubles it, up to `maxDelayMs`. @default 500 */
  retryBaseMs?: number;
  /** @default 60 000 */
  maxDelayMs?: number;
  /** How often the stream is read. @default 100 */
  pollMs?: number;
  /** Where the stream position is kept across restarts; undefined: in memory only. */
  checkpointPath?: string;
  log?: (message: string, detail?: unknown) => void;
}

/** A rule on the bus, locally: the detail-types it matches and the function it invokes. */
export interface RuleTarget {
  name: string;
  types: readonly string[];
  invoke: (envelope: unknown) => Promise<unknown>;
}

/**
 * The saved stream position per shard. One a kill left unreadable (written by an older version in place, cut short)
 * is not trusted: the stream is read from its start again, and consumers de-duplicate by the event's `id`.
 */
export function readCheckpoint(
  path: string,
  log?: (message: string, detail?: unknown) => void,
): Record<string, string> {
  if (!existsSync(path)) return {};
  try {
    const saved: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof saved === 'object' && saved !== null && !Array.isArray(saved)) {
      return Object.fromEntries(Object.entries(saved).filter(([, v]) => typeof v === 'string'));
    }
  } catch {
    // fall through
  }
  log?.('refund events: the saved stream position is unreadable; reading the stream from its start', { path });
  return {};
}

/** Written beside and renamed over the last one, so a kill mid-write leaves the previous position, never a torn file. */
export function writeCheckpoint(path: string, checkpoint: Record<string, string>): void {
  const next = `${path}.next`;
  writeFileSync(next, JSON.stringify(checkpoint));
  renameSync(next, path);
}

/** Tries of one event on a rule's target (Lambda's asynchronous invocation: once and two retries). */
const TARGET_TRIES = 3;

/** What this module reads of the DynamoDB Streams answers (DescribeStream, GetShardIterator, GetRecords). */
interface StreamsAnswer {
  StreamDescription?: { Shards?: { ShardId: string }[] };
  ShardIterator?: string;
  Records?: { dynamodb?: { SequenceNumber?: string } }[];
  NextShardIterator?: string;
}

/**
 * The credential scope of the tables' own client (the SDK reads the same variables; local/runtime.ts sets them when
 * unset). A DynamoDB Local started without `-sharedDb` (as `docker run amazon/dynamodb-local` is) keeps one database
 * per access key and region: a stream call under another scope finds no stream, and no event would flow.
 */
export function streamsAuthorization(env: NodeJS.ProcessEnv = process.env): string {
  const key = env.AWS_ACCESS_KEY_ID ?? LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID;
  const region = env.AWS_REGION ?? LOCAL_AWS_ENV.AWS_REGION;
  return `AWS4-HMAC-SHA256 Credential=${key}/20260101/${region}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`;
}

export class LocalRefundEvents {
  /** Every event published since the runtime started, in stream order. */
  readonly items: RefundEvent[] = [];
  /** Delivery attempts (for tests and `npm start` logs): each POST and its outcome. */
  readonly attempts: { id: string; status: number | 'ERROR' }[] = [];
  /** Events a rule's target still failed after its tries (in AWS: the dead-letter queue). */
  readonly deadLetters: { target: string; id: string; error: string }[] = [];
  private readonly seen = new Set<string>();
  private readonly iterators = new Map<string, string | null>();
  private readonly checkpoint: Record<string, string>;
  private stopped = false;
  private rediscover = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** Passes over every shard that found nothing new: see `drained`. */
  private quietPasses = 0;
  readonly secret: string;

  constructor(private readonly options: RefundEventsOptions) {
    this.secret = options.secret ?? process.env.EVENTS_SECRET ?? 'local-events-secret-not-for-production';
    this.checkpoint = options.checkpointPath ? readCheckpoint(options.checkpointPath, options.log) : {};
  }

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /**
   * Resolves once every change committed before the call is published and handed to the rule targets: two whole
   * passes over the stream found nothing new (the first may have started before the call). For the cost bench,
   * which counts what the events cost; `timeoutMs` bounds the wait when writes never stop.
   */
  async drained(timeoutMs = 10_000): Promise<void> {
    if (!this.loop) return;
    const start = this.quietPasses;
    const until = Date.now() + timeoutMs;
    while (this.quietPasses < start + 2 && !this.stopped && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** One DynamoDB Streams call (DynamoDB Local speaks the same JSON protocol; no extra SDK client needed). */
  private async streams(operation: string, body: unknown): Promise<StreamsAnswer> {
    const response = await fetch(this.options.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDBStreams_20120810.${operation}`,
        authorization: streamsAuthorization(),
      },
      body: JSON.stringify(body),
    });
    const parsed = (await response.json()) as StreamsAnswer;
    if (!response.ok) throw new Error(`DynamoDB Streams ${operation}: ${response.status} ${JSON.stringify(parsed)}`);
    return parsed;
  }

  /**
   * One page of a shard's records; undefined when its iterator went stale. DynamoDB Local sometimes answers
   * TrimmedDataAccessException to a TRIM_HORIZON iterator taken while the shard was still empty (seen when several
   * runtimes share it), and any iterator expires after 15 minutes: the shard is then followed again from its saved
   * position, or from its start, at the next poll. Nothing is skipped: the position only moves once a batch is
   * published, and events already kept are recognised by their id.
   */
  private async records(shardId: string, iterator: string): Promise<StreamsAnswer | undefined> {
    try {
      return await this.streams('GetRecords', { ShardIterator: iterator });
    } catch (error) {
      if (!/TrimmedDataAccessException|ExpiredIteratorException/.test(String(error))) throw error;
      this.iterators.delete(shardId);
      this.rediscover = true;
      return undefined;
    }
  }

  /** Finds shards not followed yet and starts each after its saved position, or at its start. */
  private async discover(): Promise<void> {
    const described = await this.streams('DescribeStream', { StreamArn: this.options.streamArn });
    for (const shard of described.StreamDescription?.Shards ?? []) {
      if (this.iterators.has(shard.ShardId)) continue;
      const after = this.checkpoint[shard.ShardId];
      const { ShardIterator } = await this.streams('GetShardIterator', {
        StreamArn: this.options.streamArn,
        ShardId: shard.ShardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      });
      this.iterators.set(shard.ShardId, ShardIterator ?? null);
    }
  }

  private async run(): Promise<void> {
    let polls = 0;
    while (!this.stopped) {
      try {
        if (polls++ % 20 === 0 || this.rediscover) await this.discover();
        this.rediscover = false;
        let found = false;
        for (const [shardId, iterator] of this.iterators) {
          if (!iterator || this.stopped) continue;
          const page = await this.records(shardId, iterator);
          if (!page) continue;
          const records = page.Records ?? [];
          if (records.length) {
            found = true;
            await this.publish(shardId, records);
          }
          this.iterators.set(shardId, page.NextShardIterator ?? null);
        }
        if (!found) this.quietPasses++;
      } catch (error) {
        if (!this.stopped) this.options.log?.('refund events: reading the stream failed; trying again', error);
      }
      await this.sleep(this.options.pollMs ?? 100);
    }
  }

  /** A page of records, in the deployed pipe's batches (PIPE_BATCH_SIZE), each published before the next. */
  private async publish(shardId: string, records: { dynamodb?: { SequenceNumber?: string } }[]): Promise<void> {
    for (let from = 0; from < records.length; from += PIPE_BATCH_SIZE) {
      await this.publishBatch(shardId, records.slice(from, from + PIPE_BATCH_SIZE));
    }
  }

  /** The events of one batch: kept, delivered in order, then the position saved. */
  private async publishBatch(shardId: string, records: { dynamodb?: { SequenceNumber?: string } }[]): Promise<void> {
    const events = (await this.options.enrich(records)) as RefundEvent[];
    // A deployed pipe would not call the bus with more (stream-records.ts): fail here as loudly.
    if (events.length > BUS_TARGET_MAX_BATCH) {
      throw new Error(
        `enrichment returned ${events.length} events for a batch; an event bus takes ${BUS_TARGET_MAX_BATCH}`,
      );
    }
    for (const event of events) {
      if (this.seen.has(event.id)) continue;
      this.seen.add(event.id);
      this.items.push(event);
      await this.invokeTargets(event);
      if (this.options.deliverTo) await this.deliver(event);
    }
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    if (last) {
      this.checkpoint[shardId] = last;
      if (this.options.checkpointPath) writeCheckpoint(this.options.checkpointPath, this.checkpoint);
    }
  }

  /** Hands the event to every rule target matching its type, in the envelope EventBridge gives a Lambda target. */
  private async invokeTargets(event: RefundEvent): Promise<void> {
    for (const target of this.options.targets ?? []) {
      if (!target.types.includes(event.type)) continue;
      const envelope = {
        version: '0',
        id: `local-${event.id}`,
        'detail-type': event.type,
        source: 'refund-pipeline.refunds',
        time: event.occurredAt,
        resources: [],
        detail: event,
      };
      for (let attempt = 1; ; attempt++) {
        try {
          await target.invoke(envelope);
          break;
        } catch (error) {
          if (attempt >= TARGET_TRIES || this.stopped) {
            this.deadLetters.push({ target: target.name, id: event.id, error: String(error) });
            this.options.log?.(
              `refund event ${event.id}: ${target.name} failed ${attempt} times; dead-lettered`,
              error,
            );
            break;
          }
          await this.sleep((this.options.retryBaseMs ?? 500) * attempt);
        }
      }
    }
  }

  /** POSTs one event until the consumer takes it (2xx), backing off exponentially between tries. */
  private async deliver(event: RefundEvent): Promise<void> {
    const url = this.options.deliverTo;
    if (!url) return;
    const body = JSON.stringify(event);
    for (let attempt = 0; !this.stopped; attempt++) {
      let status: number | 'ERROR' = 'ERROR';
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [EVENT_HEADERS.signature]: signWebhook(body, this.secret, Math.floor(Date.now() / 1000)),
            [EVENT_HEADERS.id]: event.id,
            [EVENT_HEADERS.type]: event.type,
          },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        status = response.status;
      } catch {
        // Not answering counts as a failure like a 5xx.
      }
      this.attempts.push({ id: event.id, status });
      if (typeof status === 'number' && status >= 200 && status < 300) return;
      const delay = Math.min((this.options.retryBaseMs ?? 500) * 2 ** attempt, this.options.maxDelayMs ?? 60_000);
      this.options.log?.(`refund event ${event.id} not taken (${status}); again in ${delay} ms`);
      await this.sleep(delay);
    }
  }
}
