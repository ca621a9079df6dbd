/**
 * Recovering a failed payout with in-memory ports: finance's retry and the buyer's switch to the platform balance
 * ask the provider first, act on what it says (settle, wait, send again), and of any number of concurrent recoveries
 * exactly one acts; nothing is ever sent while an attempt may still pay.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { retryPayout } from '../../../functions/app/retry-payout.ts';
import { settlePayout } from '../../../functions/app/settle-payout.ts';
import { switchPayoutDestination } from '../../../functions/app/switch-payout-destination.ts';
import type { Actor } from '../../../functions/domain/actor.ts';
import type { Refund } from '../../../functions/domain/refund.ts';
import { anOrder, aPayout, aRefund } from '../../support/builders.ts';
import { fakePorts } from '../../support/fakes/index.ts';
import { InMemoryLedger, InMemoryPayoutStore, ScriptedProvider, unavailable } from '../../support/fakes/payouts.ts';

const NOW = '2026-11-26T12:00:00.000Z';
const FINANCE: Actor = { sub: 'f-1', role: 'finance' };
const BUYER: Actor = { sub: 'buyer-1', role: 'buyer' };

function setUp(provider = new ScriptedProvider()) {
  const base = fakePorts({ now: NOW });
  const payouts = new InMemoryPayoutStore(base.store);
  return { ...base, payouts, ledger: new InMemoryLedger(), payments: provider };
}
let deps: ReturnType<typeof setUp>;

/** Refund r-1 whose Alipay payout (attempt ali-1) failed and was recorded as failed by its webhook. */
function givenAFailedPayout(overrides: Partial<Refund> = {}): Refund {
  const refund = aRefund({
    status: 'PAYOUT_FAILED',
    payout: aPayout({ failedAt: '2026-11-26T10:00:00.000Z', failureReason: 'SANDBOX_FAILED' }),
    timeline: [{ at: '2026-11-26T10:00:00.000Z', status: 'PAYOUT_FAILED', actor: 'SYSTEM' }],
    updatedAt: '2026-11-26T10:00:00.000Z',
    ...overrides,
  });
  deps.store.refunds.set(refund.refundId, refund);
  deps.store.orders.set(refund.orderId, {
    ...anOrder({ orderId: refund.orderId }),
    held: new Map(),
    refunded: new Map(),
    activeLines: new Set(),
  });
  return refund;
}

const stored = (refundId = 'r-1') => {
  const refund = deps.store.refunds.get(refundId);
  if (!refund) throw new Error('not stored');
  return refund;
};
const provider = () => deps.payments;
const buyerEvents = () =>
  deps.notifier.sent.filter((s) => s.channel === 'buyer').map((s) => s.message.attributes?.event);
const providerSays = (state: 'PENDING' | 'SETTLED' | 'FAILED', extra: { settledAmount?: number } = {}) =>
  provider().latest.set('r-1', { refundId: 'r-1', providerRef: 'ali-1', state, amount: 12900, at: NOW, ...extra });

beforeEach(() => {
  deps = setUp();
});

describe('finance retries a failed payout', () => {
  it('settles it without sending when the provider says the original attempt was paid', async () => {
    givenAFailedPayout();
    providerSays('SETTLED', { settledAmount: 12900 });
    const result = await retryPayout(deps, FINANCE, 'r-1');
    expect(result).toMatchObject({ refundId: 'r-1', status: 'REFUNDED', outcome: 'SETTLED', providerRef: 'ali-1' });
    expect(provider().sends).toHaveLength(0);
    expect(stored().payout).toMatchObject({ settledAmount: 12900, settledAt: NOW });
    // The attempt's SENT entry is ensured (a no-op when the payout step wrote it), then its SETTLED.
    expect(deps.ledger.kinds('r-1')).toEqual(['SENT', 'SETTLED']);
    expect(buyerEvents()).toEqual(['REFUNDED']);
    expect(stored().timeline.at(-1)).toMatchObject({ status: 'REFUNDED', actorId: 'f-1' });
    expect(stored().decisions?.at(-1)).toMatchObject({
      kind: 'PAYOUT_RECOVERY',
      actorId: 'f-1',
      outcome: 'SETTLED_AT_PROVIDER',
    });
  });

  it('waits for the webhook without sending when the provider still holds the attempt', async () => {
    givenAFailedPayout({ payout: aPayout({ sentAt: undefined, providerRef: undefined }) });
    providerSays('PENDING');
    const result = await retryPayout(deps, FINANCE, 'r-1');
    expect(result).toMatchObject({ status: 'PAYOUT_PENDING', outcome: 'AWAITING_PROVIDER', providerRef: 'ali-1' });
    expect(provider().sends).toHaveLength(0);
    expect(stored().payout).toMatchObject({ providerRef: 'ali-1', sentAt: NOW });
    expect(stored().payout?.failedAt).toBeUndefined();
    // The attempt accepted behind a lost answer gets its SENT entry.
    expect(deps.ledger.has('r-1', 'SENT', 'ali-1')).toBe(true);
    expect(stored().decisions?.at(-1)).toMatchObject({ outcome: 'AWAIT_PROVIDER', actorId: 'f-1' });

    // …and the original's webhook then settles it once.
    await settlePayout(deps, 'scripted', {
      providerRef: 'ali-1',
      refundId: 'r-1',
      status: 'SETTLED',
      amount: 12900,
      at: NOW,
    });
    expect(stored().status).toBe('REFUNDED');
  });

  it.each([
    ['the original attempt FAILED', () => providerSays('FAILED')],
    ['the provider never accepted one', () => undefined],
  ])('sends again under the same idempotency key when %s', async (_, given) => {
    givenAFailedPayout();
    given();
    const result = await retryPayout(deps, FINANCE, 'r-1');
    expect(result).toMatchObject({ status: 'PAYOUT_PENDING', outcome: 'RESENT', providerRef: 'scr-1', attempts: 2 });
    expect(provider().sends).toEqual([expect.objectContaining({ refundId: 'r-1', amount: 12900, method: 'ALIPAY' })]);
    expect(stored().payout).toMatchObject({
      providerRef: 'scr-1',
      attempts: 2,
      supersededRefs: ['ali-1'],
      sentAt: expect.any(String),
    });
    expect(deps.ledger.has('r-1', 'SENT', 'scr-1')).toBe(true);
    expect(buyerEvents()).toEqual(['PAYOUT_SENT']);
    expect(stored().timeline.at(-1)).toMatchObject({ status: 'PAYOUT_PENDING', actorId: 'f-1' });
    expect(stored().decisions?.at(-1)).toMatchObject({ kind: 'PAYOUT_RECOVERY', outcome: 'RESEND', actorId: 'f-1' });
  });

  it('sends again even while an eventually consistent read still shows the refund failed', async () => {
    const failed = structuredClone(givenAFailedPayout());
    providerSays('FAILED');
    // A replica that has not yet seen the retry's reopening write: reads that do not ask for consistency get the
    // refund as it was before the retry.
    const getRefund = deps.store.getRefund.bind(deps.store);
    deps.store.getRefund = async (refundId, options) =>
      options?.consistent || refundId !== 'r-1' ? getRefund(refundId, options) : structuredClone(failed);
    const result = await retryPayout(deps, FINANCE, 'r-1');
    expect(result).toMatchObject({ status: 'PAYOUT_PENDING', outcome: 'RESENT', providerRef: 'scr-1' });
    expect(provider().sends).toHaveLength(1);
    expect(stored().payout).toMatchObject({ providerRef: 'scr-1', sentAt: expect.any(String) });
  });

  it('sends again when the provider cannot be asked, and a provider that still holds it answers with it', async () => {
    deps = setUp(new ScriptedProvider(false));
    givenAFailedPayout();
    provider().latest.set('r-1', { refundId: 'r-1', providerRef: 'ali-1', state: 'PENDING', amount: 12900 });
    const result = await retryPayout(deps, FINANCE, 'r-1');
    // The provider's idempotency on the refund id: the same attempt back, no new one.
    expect(result).toMatchObject({ outcome: 'RESENT', providerRef: 'ali-1' });
    expect(provider().latest.get('r-1')?.providerRef).toBe('ali-1');
  });

  it('puts the refund back in PAYOUT_FAILED when the new attempt is not accepted, and it can be retried again', async () => {
    givenAFailedPayout();
    providerSays('FAILED');
    provider().failSends = unavailable();
    expect(await retryPayout(deps, FINANCE, 'r-1')).toMatchObject({ status: 'PAYOUT_FAILED', outcome: 'SEND_FAILED' });
    provider().failSends = undefined;
    deps.clock.advance(1000);
    expect(await retryPayout(deps, FINANCE, 'r-1')).toMatchObject({
      status: 'PAYOUT_PENDING',
      outcome: 'RESENT',
      attempts: 3,
    });
  });

  it('is refused with 409 unless the refund is in PAYOUT_FAILED, and 404 for an unknown refund', async () => {
    givenAFailedPayout({ status: 'PAYOUT_PENDING' });
    await expect(retryPayout(deps, FINANCE, 'r-1')).rejects.toMatchObject({
      kind: 'conflict',
      code: 'PAYOUT_NOT_FAILED',
    });
    await expect(retryPayout(deps, FINANCE, 'r-404')).rejects.toMatchObject({ kind: 'not-found' });
    expect(provider().sends).toHaveLength(0);
  });

  it('acts exactly once when ten retries arrive at once', async () => {
    givenAFailedPayout();
    providerSays('FAILED');
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => retryPayout(deps, FINANCE, 'r-1')));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const lost of results.filter((r) => r.status === 'rejected')) {
      expect(lost.reason).toMatchObject({ kind: 'conflict', code: 'RECOVERY_CONFLICT' });
    }
    expect(provider().sends).toHaveLength(1);
    expect(stored().payout?.attempts).toBe(2);
    expect(stored().decisions).toHaveLength(1);
  });
});

describe('late callbacks of a replaced attempt', () => {
  beforeEach(async () => {
    givenAFailedPayout();
    providerSays('FAILED');
    await retryPayout(deps, FINANCE, 'r-1');
  });
  const webhook = (providerRef: string, status: 'SETTLED' | 'FAILED') =>
    settlePayout(deps, 'scripted', { providerRef, refundId: 'r-1', status, amount: 12900, at: NOW });

  it('a replayed FAILED of the old attempt changes nothing', async () => {
    expect(await webhook('ali-1', 'FAILED')).toMatchObject({
      result: 'UNCHANGED',
      decision: { note: 'STALE_ATTEMPT' },
    });
    expect(stored().status).toBe('PAYOUT_PENDING');
  });

  it('a SETTLED of the old attempt after the new one settled is recorded as SETTLED_TWICE, never settled again', async () => {
    await webhook('scr-1', 'SETTLED');
    expect(await webhook('ali-1', 'SETTLED')).toMatchObject({
      result: 'UNCHANGED',
      decision: { note: 'SETTLED_TWICE' },
    });
    expect(stored().payout).toMatchObject({ providerRef: 'scr-1', flags: ['SETTLED_TWICE'] });
    expect(deps.ledger.kinds('r-1').filter((k) => k === 'SETTLED')).toHaveLength(2);
  });
});

describe('the buyer moves a failed payout to the platform balance', () => {
  it('sends it to the balance once the provider confirms the original failed', async () => {
    givenAFailedPayout();
    providerSays('FAILED');
    const result = await switchPayoutDestination(deps, BUYER, 'r-1', 'BALANCE');
    expect(result).toMatchObject({ status: 'PAYOUT_PENDING', outcome: 'RESENT', attempts: 2 });
    expect(provider().sends).toEqual([
      expect.objectContaining({ refundId: 'r-1', method: 'BALANCE', destination: 'BALANCE' }),
    ]);
    expect(stored()).toMatchObject({ destination: 'BALANCE', payout: { method: 'BALANCE', destination: 'BALANCE' } });
    // The balance is immediate: promised 5 minutes from the switch.
    expect(stored().payout?.promisedBy).toBe('2026-11-26T12:05:00.000Z');
    expect(stored().timeline.at(-1)).toMatchObject({ actor: 'BUYER', actorId: 'buyer-1', status: 'PAYOUT_PENDING' });
    expect(stored().decisions?.at(-1)).toMatchObject({ outcome: 'SWITCH_TO_BALANCE', by: 'BUYER' });
  });

  it('settles instead when the original payout arrived after all', async () => {
    givenAFailedPayout();
    providerSays('SETTLED', { settledAmount: 12900 });
    expect(await switchPayoutDestination(deps, BUYER, 'r-1', 'BALANCE')).toMatchObject({
      outcome: 'SETTLED',
      status: 'REFUNDED',
    });
    expect(stored().destination).toBe('ORIGINAL');
    expect(provider().sends).toHaveLength(0);
  });

  it.each([
    ['the original attempt is still pending', 'PAYOUT_STILL_PENDING', () => providerSays('PENDING')],
    ['the provider knows no attempt the refund recorded', 'PROVIDER_STATUS_UNKNOWN', () => undefined],
  ])('is refused while %s, and nothing changes', async (_, code, given) => {
    const before = givenAFailedPayout();
    given();
    await expect(switchPayoutDestination(deps, BUYER, 'r-1', 'BALANCE')).rejects.toMatchObject({
      kind: 'conflict',
      code,
    });
    expect(stored()).toEqual(before);
    expect(provider().sends).toHaveLength(0);
  });

  it('is refused when the provider cannot be asked', async () => {
    deps = setUp(new ScriptedProvider(false));
    givenAFailedPayout({ payout: aPayout({ providerRef: undefined, sentAt: undefined }) });
    await expect(switchPayoutDestination(deps, BUYER, 'r-1', 'BALANCE')).rejects.toMatchObject({
      code: 'PROVIDER_STATUS_UNKNOWN',
    });
  });

  it("is someone else's refund: 404; not failed: 409", async () => {
    givenAFailedPayout();
    await expect(
      switchPayoutDestination(deps, { sub: 'buyer-2', role: 'buyer' }, 'r-1', 'BALANCE'),
    ).rejects.toMatchObject({
      kind: 'not-found',
    });
    givenAFailedPayout({ status: 'REFUNDED' });
    await expect(switchPayoutDestination(deps, BUYER, 'r-1', 'BALANCE')).rejects.toMatchObject({
      code: 'PAYOUT_NOT_FAILED',
    });
  });

  it('races a finance retry: exactly one of them sends', async () => {
    givenAFailedPayout();
    providerSays('FAILED');
    const results = await Promise.allSettled([
      switchPayoutDestination(deps, BUYER, 'r-1', 'BALANCE'),
      retryPayout(deps, FINANCE, 'r-1'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(provider().sends).toHaveLength(1);
  });
});

describe('a recovery settling from what it read', () => {
  const settled = { providerRef: 'ali-1', refundId: 'r-1', status: 'SETTLED' as const, amount: 12900, at: NOW };
  const by = (asRead: string) => ({ actorId: 'f-2', detailCode: 'PAYOUT_FOUND_SETTLED' as const, asRead });

  it('settles while the refund is as it read it', async () => {
    const refund = givenAFailedPayout();
    expect((await settlePayout(deps, 'alipay', settled, by(refund.updatedAt))).result).toBe('APPLIED');
    expect(stored().status).toBe('REFUNDED');
  });

  it('changes nothing once another recovery acted on it first (it has moved on since)', async () => {
    const refund = givenAFailedPayout();
    // Another retry took it back to PAYOUT_PENDING to wait for the attempt the provider still held.
    deps.store.refunds.set('r-1', { ...refund, status: 'PAYOUT_PENDING', updatedAt: '2026-11-26T11:59:00.000Z' });
    const before = JSON.stringify(stored());
    expect(await settlePayout(deps, 'alipay', settled, by(refund.updatedAt))).toEqual({ result: 'MOVED' });
    expect(JSON.stringify(stored())).toBe(before);
    expect(deps.ledger.kinds('r-1')).toEqual([]);
    expect(buyerEvents()).toEqual([]);
  });
});
