import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALERT_KINDS, type AlertCandidate } from '../../../functions/domain/monitoring/alert.ts';
import { alertMessage, escalationMessage, MAX_SUBJECT_LENGTH } from '../../../functions/domain/monitoring/message.ts';
import { formatChinaTime, formatMoney, NotMinorUnits } from '../../../functions/domain/notifications/format.ts';

const late: AlertCandidate = {
  alertId: 'LATE_PAYOUT#r-1',
  kind: 'LATE_PAYOUT',
  refundId: 'r-1',
  orderId: 'o-1',
  merchantId: 'm-1',
  userId: 'u-1',
  amount: 1999,
  currency: 'CNY',
  since: '2026-11-26T18:30:00.000Z',
  detail: 'Payout via ALIPAY was promised by 2026-11-26T18:30:00.000Z and has not settled.',
};

describe('money in minor units', () => {
  it('is formatted without floating point errors', () => {
    expect(formatMoney(1999, 'CNY')).toBe('CNY 19.99');
    expect(formatMoney(12900, 'CNY', 'symbol')).toBe('¥129.00');
    expect(formatMoney(5, 'USD')).toBe('USD 0.05');
    expect(formatMoney(-900, 'CNY')).toBe('CNY -9.00');
    expect(formatMoney(123456789, 'CNY')).toBe('CNY 1,234,567.89');
    expect(formatMoney(1500, 'JPY')).toBe('JPY 1,500');
  });

  it('refuses a float, which would be a bug upstream', () => {
    expect(() => formatMoney(19.99, 'CNY')).toThrow(NotMinorUnits);
  });

  it('keeps every digit of any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (amount) => {
        const digits = formatMoney(amount, 'CNY').replace(/[^0-9]/g, '');
        expect(BigInt(digits)).toBe(BigInt(amount));
      }),
    );
  });
});

describe('times', () => {
  it('are shown in China time (UTC+8), crossing midnight', () => {
    expect(formatChinaTime('2026-11-26T18:30:00.000Z')).toBe('2026-11-27 02:30');
  });
});

describe('a finance e-mail for a late payout', () => {
  const { subject, body } = alertMessage(late);

  it('names the problem, the refund and the amount in its subject', () => {
    expect(subject).toBe('[Refund alert] Late payout: refund r-1, CNY 19.99');
  });

  it('says what happened, for which records, since when and what to do, with a zh-CN summary', () => {
    expect(body).toContain('What happened: Payout via ALIPAY');
    expect(body).toMatch(/Order: +o-1/);
    expect(body).toMatch(/Merchant: +m-1/);
    expect(body).toMatch(/Payout amount: +CNY 19\.99/);
    expect(body).toContain('2026-11-26 18:30 UTC (2026-11-27 02:30 China time, UTC+8)');
    expect(body).toContain('What to do: Look the payout up with the provider');
    expect(body).toContain(
      '中文摘要：退款 r-1 打款超过承诺时间仍未到账（CNY 19.99），自 2026-11-27 02:30（北京时间）起。',
    );
  });
});

describe('a reminder for an alert still open', () => {
  it('says which reminder it is and when the problem was first detected', () => {
    const record = {
      ...late,
      status: 'OPEN' as const,
      firstDetectedAt: '2026-11-25T00:00:00.000Z',
      lastNotifiedAt: '2026-11-26T00:00:00.000Z',
      notifyCount: 3,
    };
    const { subject, body } = alertMessage(record);
    expect(subject.startsWith('[Refund alert, reminder 2] Late payout')).toBe(true);
    expect(body).toMatch(/First detected: +2026-11-25 00:00 UTC/);
  });
});

describe('any alert', () => {
  it('has an SNS-safe subject and a runbook line, whatever its ids', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALERT_KINDS), fc.string({ maxLength: 200 }), (kind, id) => {
        const { subject, body } = alertMessage({ ...late, kind, refundId: id, alertId: `${kind}#${id}` });
        expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
        expect(subject).toMatch(/^[\x20-\x7e]+$/);
        expect(body).toContain('What to do: ');
      }),
    );
  });
});

describe('the operations e-mail for an alert nobody acknowledged', () => {
  const record = {
    ...late,
    status: 'OPEN' as const,
    firstDetectedAt: '2026-11-26T19:00:00.000Z',
    lastNotifiedAt: '2026-11-27T03:00:00.000Z',
    notifyCount: 3,
    history: [],
    version: 4,
  };

  it('says it is escalated, how often finance was told and who owns it, then the finance facts', () => {
    const message = escalationMessage(record);
    expect(message.subject).toBe('[Refund alert, ESCALATED] Late payout: refund r-1 unacknowledged');
    expect(message.body).toContain('finance was notified 3 time(s)');
    expect(message.body).toContain('Nobody is assigned.');
    expect(message.body).toContain(`What happened: ${late.detail}`);
    expect(escalationMessage({ ...record, assignee: 'f-9' }).body).toContain('It is assigned to f-9.');
  });

  it('keeps the subject within what SNS accepts', () => {
    const long = escalationMessage({ ...record, refundId: 'r'.repeat(300) });
    expect(long.subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
  });
});
