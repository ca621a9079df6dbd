import { describe, expect, it } from 'vitest';
import {
  applySettlement,
  decideSettlement,
  type PayoutState,
  type SettlementDecision,
} from '../../../functions/domain/payout/settlement.ts';
import type { PayoutWebhook } from '../../../functions/domain/payout/webhook.ts';

const at = '2026-11-26T03:00:00Z';
const sent: PayoutState = { amount: 12_900, providerRef: 'p-2' };
const settled: PayoutState = { ...sent, settledAt: '2026-11-26T02:00:00.000Z', settledAmount: 12_900 };
const failed: PayoutState = { ...sent, failedAt: '2026-11-26T02:00:00.000Z' };
const unrecorded: PayoutState = { amount: 12_900 };

const ev = (status: 'SETTLED' | 'FAILED', providerRef = 'p-2', amount = 12_900): PayoutWebhook => ({
  providerRef,
  refundId: 'r-1',
  status,
  amount,
  at,
});

type Row = [string, PayoutState, PayoutWebhook, SettlementDecision['action'], string | undefined, string[]];

describe('decideSettlement', () => {
  it.each<Row>([
    ['first SETTLED settles', sent, ev('SETTLED'), 'SETTLE', undefined, []],
    [
      'SETTLED with another amount settles and flags it',
      sent,
      ev('SETTLED', 'p-2', 12_800),
      'SETTLE',
      undefined,
      ['AMOUNT_MISMATCH'],
    ],
    ['a duplicate SETTLED changes nothing', settled, ev('SETTLED'), 'NONE', 'DUPLICATE', []],
    ['FAILED after SETTLED (same attempt) changes nothing', settled, ev('FAILED'), 'NONE', 'DUPLICATE', []],
    [
      'FAILED from an old attempt after SETTLED changes nothing',
      settled,
      ev('FAILED', 'p-1'),
      'NONE',
      'FAILED_AFTER_SETTLED',
      [],
    ],
    [
      'SETTLED for another attempt after SETTLED is a double payout',
      settled,
      ev('SETTLED', 'p-1'),
      'NONE',
      'SETTLED_TWICE',
      ['SETTLED_TWICE'],
    ],
    ['FAILED before any settlement fails the payout', sent, ev('FAILED'), 'FAIL', undefined, []],
    ['a duplicate FAILED changes nothing', failed, ev('FAILED'), 'NONE', 'DUPLICATE', []],
    [
      'FAILED from an old attempt while the new one is pending changes nothing',
      sent,
      ev('FAILED', 'p-1'),
      'NONE',
      'STALE_ATTEMPT',
      [],
    ],
    [
      'SETTLED after FAILED (same attempt) settles: money moved',
      failed,
      ev('SETTLED'),
      'SETTLE',
      'SETTLED_AFTER_FAILED',
      [],
    ],
    [
      'SETTLED from an earlier attempt settles: money moved',
      sent,
      ev('SETTLED', 'p-1'),
      'SETTLE',
      'SETTLED_BY_EARLIER_ATTEMPT',
      [],
    ],
    ['SETTLED before the send was recorded settles', unrecorded, ev('SETTLED'), 'SETTLE', 'BEFORE_SEND_RECORDED', []],
    ['FAILED before the send was recorded fails', unrecorded, ev('FAILED'), 'FAIL', 'BEFORE_SEND_RECORDED', []],
  ])('%s', (_why, payout, event, action, note, flags) => {
    const decision = decideSettlement(payout, event);
    expect(decision.action).toBe(action);
    expect('note' in decision ? decision.note : undefined).toBe(note);
    expect(decision.flags).toEqual(flags);
  });

  it('records when and how much arrived, normalised to UTC', () => {
    const decision = decideSettlement(sent, { ...ev('SETTLED', 'p-2', 12_800), at: '2026-11-26T11:00:00+08:00' });
    expect(decision).toEqual({
      action: 'SETTLE',
      patch: { settledAt: '2026-11-26T03:00:00.000Z', settledAmount: 12_800, providerRef: 'p-2' },
      difference: -100,
      flags: ['AMOUNT_MISMATCH'],
    });
  });

  it('keeps the provider failure reason', () => {
    const decision = decideSettlement(sent, { ...ev('FAILED'), reason: 'ACCOUNT_CLOSED' });
    expect(decision.action === 'FAIL' && decision.patch.failureReason).toBe('ACCOUNT_CLOSED');
  });

  it('applies a decision without touching unrelated fields, and ignores NONE', () => {
    const payout = { ...sent, method: 'ALIPAY' as const };
    const next = applySettlement(payout, decideSettlement(payout, ev('SETTLED')));
    expect(next).toEqual({ ...payout, settledAt: '2026-11-26T03:00:00.000Z', settledAmount: 12_900 });
    expect(applySettlement(next, decideSettlement(next, ev('SETTLED')))).toBe(next);
  });
});
