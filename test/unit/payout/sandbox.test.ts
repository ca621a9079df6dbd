import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { httpWebhookDelivery } from '../../../functions/adapters/payments/http-delivery.ts';
import { type SandboxOptions, SandboxPaymentProvider } from '../../../functions/adapters/payments/sandbox.ts';
import { verifyWebhook } from '../../../functions/domain/payout/signature.ts';
import type { SendPayoutRequest } from '../../../functions/ports/payment-provider.ts';
import { parsePayoutWebhook } from '../../../functions/schemas/payout-webhook.ts';
import { fileJournal } from '../../../local/sandbox-journal.ts';

const secret = 'whsec_sandbox';
const req = (refundId: string, amount = 12_900): SendPayoutRequest => ({
  refundId,
  amount,
  currency: 'CNY',
  method: 'ALIPAY',
  destination: 'ORIGINAL',
  buyerId: 'u-1',
  order: { orderId: `o-${refundId}`, paidAmount: amount },
});

function sandbox(options: Partial<SandboxOptions> = {}) {
  const received: { body: string; header: string }[] = [];
  const provider = new SandboxPaymentProvider({
    secret,
    mode: 'manual',
    deliver: (body, header) => {
      received.push({ body, header });
    },
    ...options,
  });
  return { provider, received };
}

describe('the sandbox provider', () => {
  it('accepts, then settles by a signed webhook that matches the docs/api.md body', async () => {
    const { provider, received } = sandbox();
    const sent = await provider.send(req('r-1'));
    expect(sent.duplicate).toBe(false);
    expect(received).toHaveLength(0);
    expect(await provider.status('r-1')).toMatchObject({ state: 'PENDING', providerRef: sent.providerRef });
    await provider.drain();
    expect(received).toHaveLength(1);
    const [{ body, header }] = received as [{ body: string; header: string }];
    expect(verifyWebhook(body, header, secret, { nowSeconds: Math.floor(provider.now() / 1000) }).ok).toBe(true);
    expect(parsePayoutWebhook(body)).toMatchObject({
      ok: true,
      event: { providerRef: sent.providerRef, refundId: 'r-1', status: 'SETTLED', amount: 12_900 },
    });
    expect(await provider.status('r-1')).toMatchObject({ state: 'SETTLED', settledAmount: 12_900 });
  });

  it('is idempotent on refundId: a second send returns the same providerRef and never settles twice', async () => {
    const { provider, received } = sandbox();
    const first = await provider.send(req('r-1'));
    const again = await provider.send(req('r-1'));
    await provider.drain();
    const third = await provider.send(req('r-1'));
    await provider.drain();
    expect(again).toEqual({ ...first, duplicate: true });
    expect(third).toEqual({ ...first, duplicate: true });
    expect(received).toHaveLength(1);
    expect(provider.attempts('r-1')).toHaveLength(1);
  });

  it('starts a new attempt only after the previous one failed', async () => {
    const { provider } = sandbox({ failureRate: 1 });
    const first = await provider.send(req('r-1'));
    expect((await provider.send(req('r-1'))).duplicate).toBe(true);
    await provider.drain();
    const second = await provider.send(req('r-1'));
    expect(second.duplicate).toBe(false);
    expect(second.providerRef).not.toBe(first.providerRef);
  });

  it('rejects the same refundId with another amount, and bad amounts', async () => {
    const { provider } = sandbox();
    await provider.send(req('r-1'));
    await expect(provider.send(req('r-1', 1))).rejects.toMatchObject({ name: 'ProviderRejected', retryable: false });
    await expect(provider.send(req('r-2', 0))).rejects.toMatchObject({ name: 'ProviderRejected' });
    await expect(provider.send(req('r-3', 1.5))).rejects.toMatchObject({ name: 'ProviderRejected' });
  });

  it('throws transient errors by name, some timeouts after accepting', async () => {
    const { provider } = sandbox({ transientErrorRate: 1, ambiguousTimeoutShare: 1, seed: 7 });
    const names = new Set<string>();
    for (let i = 0; i < 20; i++) await provider.send(req(`r-${i}`)).catch((e: Error) => names.add(e.name));
    expect(names).toEqual(new Set(['ProviderTimeout', 'ProviderUnavailable']));
    expect(provider.attempts()).toHaveLength(provider.stats.ambiguousTimeouts);
    expect(provider.stats.ambiguousTimeouts).toBe(provider.stats.timeouts);
  });

  it('settles a different amount when told to', async () => {
    const { provider, received } = sandbox({ amountMismatchRate: 1 });
    await provider.send(req('r-1', 10_000));
    await provider.drain();
    const parsed = parsePayoutWebhook(received[0]?.body ?? '');
    expect(parsed.ok && parsed.event.amount).not.toBe(10_000);
  });

  it('redelivers with backoff while the receiver fails, re-signing each time', async () => {
    let calls = 0;
    const { provider } = sandbox({
      redeliveryBackoffMs: 60_000,
      deliver: () => {
        calls++;
        if (calls < 3) throw new Error('503');
      },
    });
    await provider.send(req('r-1'));
    await provider.drain();
    expect(provider.deliveries.map((d) => [d.attempt, d.ok])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(new Set(provider.deliveries.map((d) => d.header)).size).toBe(3);
  });

  it('repeats exactly for a seed', async () => {
    const run = async () => {
      const { provider } = sandbox({ seed: 42, failureRate: 0.3, duplicateRate: 0.5, transientErrorRate: 0.2 });
      for (let i = 0; i < 50; i++) await provider.send(req(`r-${i}`)).catch(() => undefined);
      await provider.drain();
      return provider.deliveries.map((d) => `${d.atMs} ${d.kind} ${d.body}`);
    };
    expect(await run()).toEqual(await run());
  });
});

describe('the sandbox started again on its journal (a restarted npm start)', () => {
  it('answers a send for a refund it accepted before as a duplicate, with the same providerRef', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-journal-'));
    try {
      const path = join(dir, 'sandbox-attempts.jsonl');
      const first = sandbox({ journal: fileJournal(path) }).provider;
      const paid = await first.send(req('rf-j1'));
      expect(paid.duplicate).toBe(false);
      first.close();
      // Killed in the middle of writing a line: the torn line is skipped.
      appendFileSync(path, '{"refundId":"rf-torn","provid');

      const again = sandbox({ journal: fileJournal(path) }).provider;
      expect(await again.send(req('rf-j1'))).toEqual({ ...paid, duplicate: true });
      expect(again.attempts('rf-j1')).toHaveLength(1);
      // A new refund gets a new attempt with a reference of its own.
      const other = await again.send(req('rf-j2'));
      expect(other.duplicate).toBe(false);
      expect(other.providerRef).not.toBe(paid.providerRef);
      again.close();
      expect(
        fileJournal(path)
          .load()
          .map((a) => a.refundId),
      ).toEqual(['rf-j1', 'rf-j2']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without a journal remembers nothing across instances (the deployed stand-in, docs/payouts.md)', async () => {
    const first = sandbox().provider;
    const paid = await first.send(req('rf-j3'));
    first.close();
    const again = sandbox().provider;
    expect((await again.send(req('rf-j3'))).duplicate).toBe(false);
    expect(paid.duplicate).toBe(false);
    again.close();
  });
});

describe('the sandbox in timers mode', () => {
  let provider: SandboxPaymentProvider | undefined;
  afterEach(() => provider?.close());

  it('posts signed webhooks over HTTP after its latency', async () => {
    const posted: Request[] = [];
    let resolve: () => void = () => undefined;
    const delivered = new Promise<void>((r) => {
      resolve = r;
    });
    const fakeFetch = async (url: string | URL | Request, init?: RequestInit) => {
      posted.push(new Request(url, init));
      resolve();
      return new Response(null, { status: 204 });
    };
    provider = new SandboxPaymentProvider({
      secret,
      latencyMs: { min: 5, max: 10 },
      deliver: httpWebhookDelivery('http://127.0.0.1:1/v1/payments/webhook', fakeFetch as typeof fetch),
    });
    await provider.send(req('r-1'));
    await delivered;
    const [request] = posted as [Request];
    expect(request.method).toBe('POST');
    const body = await request.text();
    const header = request.headers.get('x-refund-signature') ?? undefined;
    expect(verifyWebhook(body, header, secret, { nowSeconds: Math.floor(Date.now() / 1000) }).ok).toBe(true);
  });
});
