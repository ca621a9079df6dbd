/**
 * The monitor asks the provider about payouts past their promise before it alerts: paid ones are settled, failed ones
 * recorded as failed, pending or unknown ones left for the alert; a bounded number per run.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { checkLatePayouts } from '../../../functions/app/check-late-payouts.ts';
import type { Refund } from '../../../functions/domain/refund.ts';
import { aPayout, aRefund } from '../../support/builders.ts';
import { fakePorts } from '../../support/fakes/index.ts';
import { InMemoryLedger, InMemoryPayoutStore, ScriptedProvider } from '../../support/fakes/payouts.ts';

const NOW = '2026-11-30T12:00:00.000Z';
const LATE = '2026-11-26T11:30:00.000Z';

function setUp(provider = new ScriptedProvider()) {
  const base = fakePorts({ now: NOW });
  return { ...base, payouts: new InMemoryPayoutStore(base.store), ledger: new InMemoryLedger(), payments: provider };
}
let deps: ReturnType<typeof setUp>;

function given(refundId: string, promisedBy: string, overrides: Partial<Refund> = {}) {
  const refund = aRefund({
    refundId,
    status: 'PAYOUT_PENDING',
    payout: aPayout({ providerRef: `ref-${refundId}`, promisedBy }),
    ...overrides,
  });
  deps.store.refunds.set(refundId, refund);
}
const says = (refundId: string, state: 'PENDING' | 'SETTLED' | 'FAILED') =>
  deps.payments.latest.set(refundId, {
    refundId,
    providerRef: `ref-${refundId}`,
    state,
    amount: 12900,
    at: '2026-11-27T09:00:00.000Z',
    ...(state === 'SETTLED' ? { settledAmount: 12900 } : {}),
  });
const status = (refundId: string) => deps.store.refunds.get(refundId)?.status;

beforeEach(() => {
  deps = setUp();
});

describe('late payouts checked with the provider', () => {
  it('settles the paid, fails the failed and leaves the pending, the unknown and the already failed alone', async () => {
    given('paid', LATE);
    given('failed', LATE);
    given('pending', LATE);
    given('unknown', LATE);
    given('failed-before', LATE, { status: 'PAYOUT_FAILED' });
    given('on-time', '2026-12-05T00:00:00.000Z');
    says('paid', 'SETTLED');
    says('failed', 'FAILED');
    says('pending', 'PENDING');
    says('failed-before', 'SETTLED');
    says('on-time', 'SETTLED');
    const summary = await checkLatePayouts(deps);
    expect(summary).toEqual({ checked: 4, settled: 1, failed: 1, unchanged: 2, errors: 0, left: 0 });
    expect(status('paid')).toBe('REFUNDED');
    // PAYOUT_FAILED is finance's to retry (the retry asks the provider first); the monitor alerts on it.
    expect(status('failed-before')).toBe('PAYOUT_FAILED');
    expect(status('failed')).toBe('PAYOUT_FAILED');
    expect(status('pending')).toBe('PAYOUT_PENDING');
    expect(status('on-time')).toBe('PAYOUT_PENDING');
    expect(deps.ledger.kinds('paid')).toEqual(['SETTLED']);
    expect(deps.ledger.kinds('failed')).toEqual(['FAILED']);
    const events = deps.notifier.sent.map((s) => [s.message.attributes?.refundId, s.message.attributes?.event]);
    expect(events).toEqual(
      expect.arrayContaining([
        ['paid', 'REFUNDED'],
        ['failed', 'PAYOUT_FAILED'],
      ]),
    );
    expect(deps.payments.sends).toHaveLength(0);
  });

  it('asks about at most `limit` per run, earliest promise first, and counts what is left', async () => {
    for (let i = 0; i < 5; i++) {
      given(`r-${i}`, `2026-11-2${5 - i}T00:00:00.000Z`);
      says(`r-${i}`, 'SETTLED');
    }
    const summary = await checkLatePayouts(deps, { limit: 2 });
    expect(summary).toMatchObject({ checked: 2, settled: 2, left: 3 });
    expect([status('r-4'), status('r-3'), status('r-0')]).toEqual(['REFUNDED', 'REFUNDED', 'PAYOUT_PENDING']);
  });

  it('stops asking once its time budget is spent, so a provider that hangs cannot keep the run from alerting', async () => {
    for (let i = 0; i < 5; i++) {
      given(`r-${i}`, `2026-11-2${5 - i}T00:00:00.000Z`);
      says(`r-${i}`, 'SETTLED');
    }
    // Each look-up takes the 30 s of a provider that hangs until its client gives up.
    const ask = deps.payments.status;
    let asked = 0;
    deps.payments.status = async (query) => {
      asked++;
      return ask?.(query);
    };
    const summary = await checkLatePayouts(deps, { elapsedMs: () => asked * 30_000 });
    // 40 s of look-ups: the one started within the budget finishes, none starts after it.
    expect(summary).toMatchObject({ checked: 2, settled: 2, left: 3 });
    expect(asked).toBe(2);
    expect([status('r-4'), status('r-3'), status('r-2')]).toEqual(['REFUNDED', 'REFUNDED', 'PAYOUT_PENDING']);
  });

  it('changes nothing when the provider cannot be asked', async () => {
    deps = setUp(new ScriptedProvider(false));
    given('paid', LATE);
    expect(await checkLatePayouts(deps)).toMatchObject({ checked: 0 });
    expect(status('paid')).toBe('PAYOUT_PENDING');
  });

  it('counts a look-up that throws and goes on with the others', async () => {
    given('a', LATE);
    given('b', '2026-11-27T11:30:00.000Z');
    says('b', 'SETTLED');
    const status = deps.payments.status;
    deps.payments.status = async (query) => {
      if (query.refundId === 'a') throw new Error('provider down');
      return status?.(query);
    };
    expect(await checkLatePayouts(deps)).toMatchObject({ checked: 2, errors: 1, settled: 1 });
  });
});
