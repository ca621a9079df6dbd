/**
 * Failed payouts are recovered exactly once (issues 16 and 24), through every payment channel: the sandbox, and the
 * real Alipay and WeChat Pay adapters against their local fakes. Whatever races (ten finance retries at once,
 * retries at the very moment the original attempt's late notification lands, finance retries against the buyer's
 * switch to the platform balance) the money is paid once, by the ledger (SENT/SETTLED entries) and by the channel's
 * own record of attempts (plus the wallet's credits), and the refund ends REFUNDED. Fault injection: the channel's
 * failure, transient-error and ambiguous-timeout rates, duplicate and early notifications.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, signWebhook } from '../../functions/domain/payout/signature.ts';
import { anOrderBody } from '../support/builders.ts';
import {
  CHANNELS_UNDER_TEST,
  type ChannelUnderTest,
  type ChannelUnderTestName,
  channelUnderTest,
} from '../support/channels.ts';
import { type Client, eventually, startTestRuntime } from '../support/local.ts';
import { ledgerEntries } from '../support/payouts.ts';

const SECRET = 'whsec_recovery';
let client: Client;
let system: string;
let finance: string;
/**
 * Each refund's buyer's token: every order is its own buyer's, since one buyer refunding every order they paid would
 * be judged high risk (the refund rate) and sent to a reviewer, while these tests are about paying.
 */
const buyers = new Map<string, string>();

beforeAll(async () => {
  client = await startTestRuntime({
    payments: { secret: SECRET, latencyMs: { min: 100, max: 200 } },
    fakeChannels: ['alipay', 'wechat'],
  });
  system = await client.token('system', 'order-system');
  finance = await client.token('finance', 'f-1');
});
afterAll(() => client.runtime.stop());

const channelOf = (name: ChannelUnderTestName) => channelUnderTest(client.runtime, name);

async function apply(channel: ChannelUnderTest, orderId: string): Promise<string> {
  const id = `${orderId}-${channel.name}`;
  await client.call('PUT', `/v1/orders/${id}`, {
    token: system,
    body: anOrderBody({ userId: `buyer-${id}`, paymentMethod: channel.paymentMethod }),
  });
  const buyer = await client.token('buyer', `buyer-${id}`);
  const applied = await client.call('POST', '/v1/refunds', {
    token: buyer,
    headers: { 'idempotency-key': id },
    body: { orderId: id, reason: 'NO_LONGER_NEEDED' },
  });
  expect(applied.status).toBe(201);
  buyers.set(applied.body.refundId, buyer);
  return applied.body.refundId;
}

const buyerOf = (refundId: string) => buyers.get(refundId) ?? '';
const read = async (refundId: string) =>
  (await client.call('GET', `/v1/refunds/${refundId}`, { token: buyerOf(refundId) })).body;
const untilStatus = (refundId: string, status: string) =>
  eventually(async () => {
    const refund = await read(refundId);
    return refund.status === status ? refund : undefined;
  });
const retry = (refundId: string) => client.call('POST', `/v1/finance/payouts/${refundId}/retry`, { token: finance });
const toBalance = (refundId: string) =>
  client.call('POST', `/v1/refunds/${refundId}/payout-destination`, {
    token: buyerOf(refundId),
    body: { destination: 'BALANCE' },
  });

/**
 * Paid exactly once: one SETTLED attempt at the channel or the wallet, one SETTLED ledger entry for it, at most one
 * SENT entry per attempt, and the refund REFUNDED with that attempt's reference.
 */
async function expectPaidOnce(channel: ChannelUnderTest, refundId: string) {
  const refund = await untilStatus(refundId, 'REFUNDED');
  // Nothing left to notify that could move money or change the refund again.
  await channel.settled();
  const attempts = channel.attempts(refundId);
  const settledAtProvider = attempts.filter((a) => a.outcome === 'SETTLED');
  expect(settledAtProvider).toHaveLength(1);
  const entries = (await ledgerEntries(client.runtime)).filter((e) => e.refundId === refundId);
  const settled = entries.filter((e) => e.kind === 'SETTLED');
  expect(settled.map((e) => e.providerRef)).toEqual([settledAtProvider[0]?.providerRef]);
  expect(settled[0]?.provider).toBe(settledAtProvider[0]?.via === 'wallet' ? 'wallet' : channel.name);
  // At most one SENT entry per attempt, each for an attempt the channel accepted (one accepted behind a lost answer
  // and settled by its notification before any recovery has none: the notification's SETTLED entry records it).
  const sent = entries.filter((e) => e.kind === 'SENT').map((e) => e.providerRef);
  expect(new Set(sent).size).toBe(sent.length);
  for (const ref of sent) expect(attempts.map((a) => a.providerRef)).toContain(ref);
  const final = await read(refundId);
  expect(final.status).toBe('REFUNDED');
  expect(final.payout.providerRef).toBe(settledAtProvider[0]?.providerRef);
  expect(final.payout.flags ?? []).not.toContain('SETTLED_TWICE');
  return { refund, attempts };
}

describe.each(CHANNELS_UNDER_TEST)('through the %s channel', (name) => {
  const channel = () => channelOf(name);
  beforeEach(() => channel().setFaults({}));

  it('ten finance retries of one failed payout at once send exactly one new attempt, and the buyer is paid once', async () => {
    channel().setFaults({ failureRate: 1 });
    const refundId = await apply(channel(), 'o-ten-retries');
    await untilStatus(refundId, 'PAYOUT_FAILED');
    channel().setFaults({ duplicateRate: 1, earlyNotificationRate: 0.5 });
    const answers = await Promise.all(Array.from({ length: 10 }, () => retry(refundId)));
    const statuses = answers.map((a) => a.status).sort();
    console.log(`payout recovery (${name}): 10 concurrent retries → ${statuses.join(',')}`);
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    for (const lost of answers.filter((a) => a.status !== 202)) {
      expect(lost.status).toBe(409);
      expect(['RECOVERY_CONFLICT', 'PAYOUT_NOT_FAILED']).toContain(lost.body.error.code);
    }
    const { refund, attempts } = await expectPaidOnce(channel(), refundId);
    expect(attempts).toHaveLength(2);
    expect(refund.payout.attempts).toBe(2);
  });

  it('retries racing the late notification of an attempt accepted behind timeouts never send a second attempt', async () => {
    // Every send times out, but the channel accepted the first: the Payout step gives up (PAYOUT_FAILED) while the
    // attempt is still pending and will settle by notification.
    // Longer than the Payout step's tries (six, each held past the adapter's 1 s timeout locally).
    const latency = 9000;
    channel().setFaults({
      transientErrorRate: 1,
      ambiguousTimeoutShare: 1,
      duplicateRate: 1,
      latencyMs: { min: latency, max: latency },
    });
    const refundIds = await Promise.all(Array.from({ length: 3 }, (_, i) => apply(channel(), `o-late-notify-${i}`)));
    await Promise.all(refundIds.map((id) => untilStatus(id, 'PAYOUT_FAILED')));
    channel().setFaults({ latencyMs: { min: latency, max: latency } });
    // Three retries per refund around the moment its notification is due (earlier for each refund), so some find
    // the attempt still pending and some find it settled, before or after its notification.
    const answers = await Promise.all(
      refundIds.flatMap((refundId, r) => {
        const [original] = channel().attempts(refundId);
        if (!original) throw new Error('the channel accepted nothing');
        return [0, 1, 2].map(async (i) => {
          const at = original.acceptedAtMs + latency - r * 80 + (i - 1) * 40;
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
          return { refundId, answer: await retry(refundId) };
        });
      }),
    );
    const outcomes = answers.map(({ answer: a }) => (a.status < 300 ? a.body.outcome : a.body.error.code));
    console.log(`payout recovery (${name}): retries around late notifications → ${outcomes.join(',')}`);
    for (const refundId of refundIds) {
      const mine = answers.filter((a) => a.refundId === refundId && a.answer.status < 300).map((a) => a.answer);
      expect(mine.length).toBeLessThanOrEqual(1);
      for (const answer of mine) expect(['AWAITING_PROVIDER', 'SETTLED']).toContain(answer.body.outcome);
      for (const lost of answers.filter((a) => a.refundId === refundId && a.answer.status >= 300)) {
        expect(lost.answer.status).toBe(409);
      }
      const { attempts } = await expectPaidOnce(channel(), refundId);
      expect(attempts).toHaveLength(1);
    }
  });

  it("finance retries racing the buyer's switch to the platform balance: one acts, the money goes out once", async () => {
    channel().setFaults({ failureRate: 1 });
    const refundId = await apply(channel(), 'o-retry-vs-switch');
    await untilStatus(refundId, 'PAYOUT_FAILED');
    channel().setFaults({});
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? retry(refundId) : toBalance(refundId))),
    );
    const winners = answers.filter((a) => a.status === 202);
    console.log(`payout recovery (${name}): retries vs switches → ${answers.map((a) => a.status).join(',')}`);
    expect(winners).toHaveLength(1);
    expect(answers.filter((a) => a.status !== 202).every((a) => a.status === 409)).toBe(true);
    const { refund, attempts } = await expectPaidOnce(channel(), refundId);
    expect(attempts).toHaveLength(2);
    // The refund says where the money went, and it is where it was paid: the wallet for the balance.
    const paid = attempts.find((a) => a.outcome === 'SETTLED');
    expect(refund.payout.method === 'BALANCE').toBe(paid?.via === 'wallet');
    expect(refund.destination).toBe(refund.payout.method === 'BALANCE' ? 'BALANCE' : 'ORIGINAL');
  });
});

describe('a late SETTLED of the replaced sandbox attempt after the balance was credited', () => {
  it('is recorded and flagged SETTLED_TWICE, never settled again', async () => {
    const sandbox = channelOf('sandbox');
    sandbox.setFaults({ failureRate: 1 });
    const refundId = await apply(sandbox, 'o-settled-twice');
    await untilStatus(refundId, 'PAYOUT_FAILED');
    sandbox.setFaults({});
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
