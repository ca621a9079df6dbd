/**
 * Failed payouts are recovered exactly once (issue 16): whatever races — ten finance retries at once, retries at the
 * very moment the original attempt's late webhook lands, finance retries against the buyer's switch to the platform
 * balance, a late SETTLED of a replaced attempt — the money is paid once, by the ledger (SENT/SETTLED entries) and
 * by the sandbox provider's own record of attempts, and the refund ends REFUNDED. Fault injection: the sandbox's
 * failure, transient-error and ambiguous-timeout rates.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, signWebhook } from '../../functions/domain/payout/signature.ts';
import { anOrderBody } from '../support/builders.ts';
import { type Client, eventually, startTestRuntime } from '../support/local.ts';
import { ledgerEntries } from '../support/payouts.ts';

const SECRET = 'whsec_recovery';
let client: Client;
let system: string;
let buyer: string;
let finance: string;

beforeAll(async () => {
  client = await startTestRuntime({ payments: { secret: SECRET, latencyMs: { min: 100, max: 200 } } });
  system = await client.token('system', 'order-system');
  buyer = await client.token('buyer', 'buyer-1');
  finance = await client.token('finance', 'f-1');
});
afterAll(() => client.runtime.stop());
beforeEach(() =>
  client.runtime.payments.setFaults({ failureRate: 0, transientErrorRate: 0, latencyMs: { min: 100, max: 200 } }),
);

async function apply(orderId: string): Promise<string> {
  await client.call('PUT', `/v1/orders/${orderId}`, { token: system, body: anOrderBody() });
  const applied = await client.call('POST', '/v1/refunds', {
    token: buyer,
    headers: { 'idempotency-key': orderId },
    body: { orderId, reason: 'NO_LONGER_NEEDED' },
  });
  expect(applied.status).toBe(201);
  return applied.body.refundId;
}

const read = async (refundId: string) => (await client.call('GET', `/v1/refunds/${refundId}`, { token: buyer })).body;
const untilStatus = (refundId: string, status: string) =>
  eventually(async () => {
    const refund = await read(refundId);
    return refund.status === status ? refund : undefined;
  });
const retry = () => (refundId: string) =>
  client.call('POST', `/v1/finance/payouts/${refundId}/retry`, { token: finance });
const toBalance = (refundId: string) =>
  client.call('POST', `/v1/refunds/${refundId}/payout-destination`, { token: buyer, body: { destination: 'BALANCE' } });

/** Paid exactly once: one SETTLED attempt at the provider, one SETTLED ledger entry, one SENT entry per attempt. */
async function expectPaidOnce(refundId: string) {
  const refund = await untilStatus(refundId, 'REFUNDED');
  const attempts = client.runtime.payments.attempts(refundId);
  const settledAtProvider = attempts.filter((a) => a.outcome === 'SETTLED');
  expect(settledAtProvider).toHaveLength(1);
  // Nothing left to deliver that could move money again.
  await eventually(async () => (client.runtime.payments.pendingWebhooks() === 0 ? true : undefined));
  const entries = (await ledgerEntries(client.runtime)).filter((e) => e.refundId === refundId);
  const settled = entries.filter((e) => e.kind === 'SETTLED');
  expect(settled.map((e) => e.providerRef)).toEqual([settledAtProvider[0]?.providerRef]);
  // At most one SENT entry per attempt, each for an attempt the provider accepted (one accepted behind a lost
  // answer and settled by its webhook before any recovery has none: the webhook's SETTLED entry records it).
  const sent = entries.filter((e) => e.kind === 'SENT').map((e) => e.providerRef);
  expect(new Set(sent).size).toBe(sent.length);
  for (const ref of sent) expect(attempts.map((a) => a.providerRef)).toContain(ref);
  const final = await read(refundId);
  expect(final.status).toBe('REFUNDED');
  expect(final.payout.providerRef).toBe(settledAtProvider[0]?.providerRef);
  expect(final.payout.flags ?? []).not.toContain('SETTLED_TWICE');
  return { refund, attempts };
}

describe('ten finance retries of one failed payout at once', () => {
  it('send exactly one new attempt, and the buyer is paid once', async () => {
    client.runtime.payments.setFaults({ failureRate: 1 });
    const refundId = await apply('o-ten-retries');
    await untilStatus(refundId, 'PAYOUT_FAILED');
    client.runtime.payments.setFaults({ failureRate: 0 });
    const answers = await Promise.all(Array.from({ length: 10 }, () => retry()(refundId)));
    const statuses = answers.map((a) => a.status).sort();
    console.log(`payout recovery: 10 concurrent retries → ${statuses.join(',')}`);
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    for (const lost of answers.filter((a) => a.status !== 202)) {
      expect(lost.status).toBe(409);
      expect(['RECOVERY_CONFLICT', 'PAYOUT_NOT_FAILED']).toContain(lost.body.error.code);
    }
    const { refund, attempts } = await expectPaidOnce(refundId);
    expect(attempts).toHaveLength(2);
    expect(refund.payout.attempts).toBe(2);
  });
});

describe('retries racing the late webhook of an attempt the provider accepted behind timeouts', () => {
  it('never send a second attempt, and the original settles each refund once', async () => {
    // Every send times out, but the provider accepted the first: the Payout step gives up (PAYOUT_FAILED) while
    // the attempt is still pending and will settle by webhook.
    client.runtime.payments.setFaults({
      transientErrorRate: 1,
      ambiguousTimeoutShare: 1,
      latencyMs: { min: 6000, max: 6000 },
    });
    const refundIds = await Promise.all(Array.from({ length: 4 }, (_, i) => apply(`o-late-webhook-${i}`)));
    await Promise.all(refundIds.map((id) => untilStatus(id, 'PAYOUT_FAILED')));
    client.runtime.payments.setFaults({ transientErrorRate: 0 });
    // Three retries per refund, 15 ms apart, around the moment its webhook is due (60 ms earlier for each refund, so
    // some find the attempt still pending and some find it settled, before or after its webhook).
    const answers = await Promise.all(
      refundIds.flatMap((refundId, r) => {
        const [original] = client.runtime.payments.attempts(refundId);
        if (!original) throw new Error('the provider accepted nothing');
        return [0, 1, 2].map(async (i) => {
          const at = original.settleAtMs - r * 60 + (i - 1) * 15;
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
          return { refundId, answer: await retry()(refundId) };
        });
      }),
    );
    const outcomes = answers.map(({ answer: a }) => (a.status < 300 ? a.body.outcome : a.body.error.code));
    console.log(`payout recovery: retries around late webhooks → ${outcomes.join(',')}`);
    for (const refundId of refundIds) {
      const mine = answers.filter((a) => a.refundId === refundId && a.answer.status < 300).map((a) => a.answer);
      expect(mine.length).toBeLessThanOrEqual(1);
      for (const answer of mine) expect(['AWAITING_PROVIDER', 'SETTLED']).toContain(answer.body.outcome);
      for (const lost of answers.filter((a) => a.refundId === refundId && a.answer.status >= 300)) {
        expect(lost.answer.status).toBe(409);
      }
      const { attempts } = await expectPaidOnce(refundId);
      expect(attempts).toHaveLength(1);
    }
  });
});

describe("finance retries racing the buyer's switch to the platform balance", () => {
  it('let exactly one of them act, and the money goes out once', async () => {
    client.runtime.payments.setFaults({ failureRate: 1 });
    const refundId = await apply('o-retry-vs-switch');
    await untilStatus(refundId, 'PAYOUT_FAILED');
    client.runtime.payments.setFaults({ failureRate: 0 });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? retry()(refundId) : toBalance(refundId))),
    );
    const winners = answers.filter((a) => a.status === 202);
    console.log(`payout recovery: retries vs switches → ${answers.map((a) => a.status).join(',')}`);
    expect(winners).toHaveLength(1);
    expect(answers.filter((a) => a.status !== 202).every((a) => a.status === 409)).toBe(true);
    const { refund, attempts } = await expectPaidOnce(refundId);
    expect(attempts).toHaveLength(2);
    // The refund says where the money went, and it is where the provider sent it.
    expect(refund.payout.method).toBe(attempts[1]?.method);
    expect(refund.destination).toBe(refund.payout.method === 'BALANCE' ? 'BALANCE' : 'ORIGINAL');
  });
});

describe('a late SETTLED of the replaced attempt after the balance was credited', () => {
  it('is recorded and flagged SETTLED_TWICE, never settled again', async () => {
    client.runtime.payments.setFaults({ failureRate: 1 });
    const refundId = await apply('o-settled-twice');
    await untilStatus(refundId, 'PAYOUT_FAILED');
    client.runtime.payments.setFaults({ failureRate: 0 });
    expect((await toBalance(refundId)).status).toBe(202);
    await untilStatus(refundId, 'REFUNDED');
    const [replaced] = client.runtime.payments.attempts(refundId);
    // A provider that moved the money of an attempt it had reported FAILED (the fault the flag exists for).
    const body = JSON.stringify({
      providerRef: replaced?.providerRef,
      refundId,
      status: 'SETTLED',
      amount: replaced?.amount,
      at: new Date().toISOString(),
    });
    const header = signWebhook(body, SECRET, Math.floor(Date.now() / 1000));
    const posted = await client.call('POST', '/v1/payments/webhook', {
      raw: body,
      headers: { [SIGNATURE_HEADER]: header },
    });
    expect(posted.status).toBe(200);
    const refund = await read(refundId);
    expect(refund).toMatchObject({ status: 'REFUNDED', destination: 'BALANCE' });
    expect(refund.payout.flags).toContain('SETTLED_TWICE');
    const settled = (await ledgerEntries(client.runtime)).filter(
      (e) => e.refundId === refundId && e.kind === 'SETTLED',
    );
    expect(settled).toHaveLength(2);
    expect(refund.timeline.filter((e: { status: string }) => e.status === 'REFUNDED')).toHaveLength(1);
  });
});
