import { describe, expect, it } from 'vitest';
import { reconcileDays } from '../../../functions/app/reconcile.ts';
import { type LedgerEntryInput, ledgerEntry } from '../../../functions/domain/ledger/entry.ts';
import { reconcile } from '../../../functions/domain/ledger/reconcile.ts';
import { aLedgerMove } from '../../support/builders.ts';
import { InMemoryLedger } from '../../support/fakes/finance.ts';

const base = { currency: 'CNY', provider: 'alipay', method: 'ALIPAY' as const, at: '2026-11-26T17:00:00Z' };
const e = (refundId: string, kind: LedgerEntryInput['kind'], amount: number, providerRef?: string) =>
  ledgerEntry({ ...base, refundId, kind, amount, ...(providerRef ? { providerRef } : {}) });

describe('a ledger entry', () => {
  it('has a deterministic id and the CST business day', () => {
    expect(e('r-1', 'SETTLED', 100, 'p-1')).toMatchObject({ entryId: 'r-1#SETTLED#p-1', day: '2026-11-27' });
    expect(e('r-1', 'RESERVED', 100).entryId).toBe('r-1#RESERVED#1');
  });

  it('refuses floats, negatives, bad currencies and attempt kinds without a providerRef', () => {
    expect(() => e('r-1', 'SENT', 1.5, 'p')).toThrow(RangeError);
    expect(() => e('r-1', 'SENT', -1, 'p')).toThrow(RangeError);
    expect(() => e('r-1', 'SENT', 100)).toThrow(RangeError);
    expect(() => ledgerEntry({ ...base, currency: 'yuan', refundId: 'r', kind: 'BONUS', amount: 1 })).toThrow(
      RangeError,
    );
  });
});

describe('reconcile', () => {
  it('is balanced when everything settled as sent, even with retried writes', () => {
    const entries = [
      e('r-1', 'RESERVED', 100),
      e('r-1', 'SENT', 100, 'p-1'),
      e('r-1', 'SETTLED', 100, 'p-1'),
      e('r-1', 'SETTLED', 100, 'p-1'),
      e('r-2', 'SENT', 50, 'p-2'),
      e('r-2', 'FAILED', 50, 'p-2'),
      e('r-2', 'SENT', 50, 'p-3'),
      e('r-2', 'SETTLED', 50, 'p-3'),
    ];
    const report = reconcile(entries);
    expect(report.balanced).toBe(true);
    expect(report.issues).toEqual([]);
    expect(report.groups).toEqual([
      {
        provider: 'alipay',
        method: 'ALIPAY',
        day: '2026-11-27',
        currency: 'CNY',
        sentCount: 3,
        sentAmount: 200,
        failedCount: 1,
        failedAmount: 50,
        settledCount: 2,
        settledAmount: 150,
        reversedCount: 0,
        reversedAmount: 0,
        differenceCount: 0,
        differenceAmount: 0,
      },
    ]);
  });

  it('flags sent-not-settled, amount mismatch, double settlement and settlement without send', () => {
    const report = reconcile([
      e('r-1', 'SENT', 100, 'p-1'),
      e('r-2', 'SENT', 100, 'p-2'),
      e('r-2', 'SETTLED', 90, 'p-2'),
      e('r-3', 'SENT', 70, 'p-3'),
      e('r-3', 'SETTLED', 70, 'p-3'),
      e('r-3', 'SENT', 70, 'p-4'),
      e('r-3', 'SETTLED', 70, 'p-4'),
      e('r-4', 'SETTLED', 30, 'p-5'),
    ]);
    expect(report.balanced).toBe(false);
    expect(report.issues.map((i) => [i.kind, i.refundId])).toEqual([
      ['SENT_NOT_SETTLED', 'r-1'],
      ['AMOUNT_MISMATCH', 'r-2'],
      ['SETTLED_WITHOUT_SEND', 'r-4'],
      ['SETTLED_TWICE', 'r-3'],
    ]);
    expect(report.totals.CNY).toMatchObject({ differenceCount: 0, differenceAmount: 100 + 10 - 30 });
  });

  it('does not count a reversed double payout twice', () => {
    const report = reconcile([
      e('r-3', 'SENT', 70, 'p-3'),
      e('r-3', 'SETTLED', 70, 'p-3'),
      e('r-3', 'SENT', 70, 'p-4'),
      e('r-3', 'SETTLED', 70, 'p-4'),
      e('r-3', 'REVERSED', 70, 'p-4'),
    ]);
    expect(report.issues).toEqual([]);
  });

  it('groups per provider, method and day', () => {
    const report = reconcile([
      e('r-1', 'SENT', 100, 'p-1'),
      ledgerEntry({
        ...base,
        provider: 'wechat',
        method: 'WECHAT_PAY',
        refundId: 'r-2',
        kind: 'SENT',
        amount: 5,
        providerRef: 'w',
      }),
      ledgerEntry({ ...base, at: '2026-11-28T01:00:00Z', refundId: 'r-3', kind: 'SENT', amount: 7, providerRef: 'x' }),
    ]);
    expect(report.groups.map((g) => [g.day, g.provider, g.differenceAmount])).toEqual([
      ['2026-11-27', 'alipay', 100],
      ['2026-11-27', 'wechat', 5],
      ['2026-11-28', 'alipay', 7],
    ]);
  });
});

describe('a reconciliation narrowed to some China days', () => {
  it('totals and balances the days it shows, not the earlier send it read to pair the settlement', async () => {
    const ledger = new InMemoryLedger();
    // Sent on 11-19 (China time), settled on 11-20: its group is 11-19's, the day of the send.
    await ledger.append(aLedgerMove('r-1', 'SENT', 10_000, '2026-11-19T08:00:00Z'));
    await ledger.append(aLedgerMove('r-1', 'SETTLED', 10_000, '2026-11-20T08:00:00Z'));
    const report = await reconcileDays({ ledger }, '2026-11-20', '2026-11-20');
    const shown = report.groups.reduce((sum, g) => sum + g.sentAmount, 0);
    expect(report.totals.CNY?.sentAmount ?? 0).toBe(shown);
    expect(report.groups.every((g) => g.day === '2026-11-20')).toBe(true);

    const both = await reconcileDays({ ledger }, '2026-11-19', '2026-11-20');
    expect(both.totals.CNY).toMatchObject({ sentAmount: 10_000, settledAmount: 10_000 });
    expect(both.balanced).toBe(true);
  });

  it("shows and totals its own day's groups only, with the day before's payouts read along to pair theirs", async () => {
    const ledger = new InMemoryLedger();
    // r-2: sent 11-19, never settled. r-3: sent and settled 11-20. r-4: sent 11-19, settled 11-20 (read along for the
    // 11-20 window, but its group is 11-19's, the day it was sent).
    await ledger.append(aLedgerMove('r-2', 'SENT', 5_000, '2026-11-19T08:00:00Z'));
    await ledger.append(aLedgerMove('r-3', 'SENT', 7_000, '2026-11-20T02:00:00Z'));
    await ledger.append(aLedgerMove('r-3', 'SETTLED', 7_000, '2026-11-20T03:00:00Z'));
    await ledger.append(aLedgerMove('r-4', 'SENT', 2_000, '2026-11-19T09:00:00Z'));
    await ledger.append(aLedgerMove('r-4', 'SETTLED', 2_000, '2026-11-20T04:00:00Z'));
    const day = await reconcileDays({ ledger }, '2026-11-20', '2026-11-20');
    expect(day.groups.map((g) => [g.day, g.sentAmount])).toEqual([['2026-11-20', 7_000]]);
    expect(day.totals.CNY).toMatchObject({ sentAmount: 7_000, settledAmount: 7_000 });
    expect(day.balanced).toBe(true);
    expect((await reconcileDays({ ledger }, '2026-11-19', '2026-11-19')).balanced).toBe(false);
  });
});
