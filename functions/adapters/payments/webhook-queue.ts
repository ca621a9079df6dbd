/**
 * The sandbox provider's outgoing webhook queue: at-least-once delivery with retries, in due-time order, on either a
 * virtual clock (tests step it with `advance`/`drain`, fully deterministic) or real timers (local mode).
 */

/** Sends one signed webhook. Throw (or reject) for a non-2xx answer: the queue redelivers with backoff. */
export type WebhookDelivery = (rawBody: string, signatureHeader: string) => unknown;

/** FIRST: the settlement callback. DUPLICATE: an extra copy. STALE_REPLAY: an old attempt's FAILED, sent late. */
export type DeliveryKind = 'FIRST' | 'DUPLICATE' | 'STALE_REPLAY';

/** One delivery attempt, kept so tests can see exactly what was sent. */
export interface DeliveryRecord {
  body: string;
  header: string;
  kind: DeliveryKind;
  /** 1 for the first try of this copy, 2+ for redeliveries after an error. */
  attempt: number;
  atMs: number;
  ok: boolean;
  /** The delivery error's message when not ok. */
  error?: string;
}

export interface WebhookQueueOptions {
  mode: 'manual' | 'timers';
  /** Real clock for timers mode. */
  clock: () => number;
  /** Virtual clock start for manual mode (ms since epoch). */
  startMs: number;
  /** Signs a body at delivery time (providers re-sign each redelivery with a fresh timestamp). */
  sign: (rawBody: string, nowMs: number) => string;
  deliver?: WebhookDelivery;
  maxDeliveryAttempts: number;
  /** First redelivery delay; doubles each time. */
  backoffMs: number;
}

interface Item {
  dueMs: number;
  seq: number;
  body: string;
  kind: DeliveryKind;
  attempt: number;
  timer?: ReturnType<typeof setTimeout>;
}

export class WebhookQueue {
  readonly log: DeliveryRecord[] = [];
  private readonly items: Item[] = [];
  private virtualNow: number;
  private seq = 0;
  private deliver: WebhookDelivery | undefined;

  constructor(private readonly options: WebhookQueueOptions) {
    this.virtualNow = options.startMs;
    this.deliver = options.deliver;
  }

  /** The queue's clock: virtual in manual mode, real in timers mode. */
  now(): number {
    return this.options.mode === 'manual' ? this.virtualNow : this.options.clock();
  }

  /** Wires (or rewires) where webhooks go, e.g. once the local HTTP server is listening. */
  setDelivery(deliver: WebhookDelivery): void {
    this.deliver = deliver;
  }

  /** Queues a body for delivery at `dueMs`. */
  enqueue(body: string, dueMs: number, kind: DeliveryKind, attempt = 1): void {
    const item: Item = { dueMs, seq: this.seq++, body, kind, attempt };
    this.items.push(item);
    if (this.options.mode === 'timers') this.arm(item);
  }

  /** Webhooks not yet delivered successfully (including those waiting for a redelivery). */
  pending(): number {
    return this.items.length;
  }

  /** Manual mode: moves the virtual clock forward, delivering everything due, in due order. Returns deliveries made. */
  async advance(ms: number): Promise<number> {
    const target = this.virtualNow + ms;
    let count = 0;
    for (;;) {
      const next = this.earliest();
      if (!next || next.dueMs > target) break;
      this.virtualNow = Math.max(this.virtualNow, next.dueMs);
      await this.fire(next);
      count++;
    }
    this.virtualNow = target;
    return count;
  }

  /** Manual mode: delivers until nothing is left (redeliveries included). */
  async drain(maxSteps = 1_000_000): Promise<number> {
    let count = 0;
    for (let step = 0; step < maxSteps; step++) {
      const next = this.earliest();
      if (!next) return count;
      count += await this.advance(Math.max(0, next.dueMs - this.virtualNow));
    }
    throw new Error(`webhook queue did not drain in ${maxSteps} steps`);
  }

  /** Stops timers (timers mode) and drops everything queued. */
  close(): void {
    for (const item of this.items) if (item.timer) clearTimeout(item.timer);
    this.items.length = 0;
  }

  private earliest(): Item | undefined {
    let best: Item | undefined;
    for (const i of this.items)
      if (!best || i.dueMs < best.dueMs || (i.dueMs === best.dueMs && i.seq < best.seq)) best = i;
    return best;
  }

  private arm(item: Item): void {
    item.timer = setTimeout(() => void this.fire(item), Math.max(0, item.dueMs - this.now()));
    item.timer.unref?.();
  }

  private async fire(item: Item): Promise<void> {
    const index = this.items.indexOf(item);
    if (index < 0) return;
    this.items.splice(index, 1);
    const at = this.now();
    const header = this.options.sign(item.body, at);
    let error: string | undefined;
    try {
      if (!this.deliver) throw new Error('no webhook delivery wired');
      await this.deliver(item.body, header);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const ok = error === undefined;
    this.log.push({
      body: item.body,
      header,
      kind: item.kind,
      attempt: item.attempt,
      atMs: at,
      ok,
      ...(ok ? {} : { error }),
    });
    if (!ok && item.attempt < this.options.maxDeliveryAttempts) {
      this.enqueue(item.body, at + this.options.backoffMs * 2 ** (item.attempt - 1), item.kind, item.attempt + 1);
    }
  }
}
