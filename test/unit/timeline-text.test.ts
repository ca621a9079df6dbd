/**
 * Every timeline text a buyer or merchant reads, in both languages: built from codes, no English in zh-CN, no rule
 * ids anywhere; old events' English details mapped to codes or hidden; the ways a refund ends labelled apart.
 */
import { describe, expect, it } from 'vitest';
import { presentRefund } from '../../functions/api/refunds/present.ts';
import { CARRIERS } from '../../functions/domain/evidence/carriers.ts';
import { DEFAULT_ADJUST_RULES, DEFAULT_DECIDE_RULES } from '../../functions/domain/policy/default-rules.ts';
import type { TimelineEvent } from '../../functions/domain/refund.ts';
import { LOCALES, type Locale } from '../../functions/domain/status-labels.ts';
import {
  codeOfEvent,
  DETAIL_CODES,
  type DetailCode,
  type DetailFacts,
  detailText,
  eventLabel,
  TIMEOUT_RULE_CODES,
} from '../../functions/domain/timeline-text.ts';
import { EVIDENCE_KINDS } from '../../functions/domain/vocabulary.ts';
import { aRefund } from '../support/builders.ts';

/** Latin names a zh-CN text may keep: carriers' brands. */
const BRANDS = new Set(['EMS', 'UPS', 'FedEx', 'DHL', 'USPS']);

/** What in a zh-CN text is English or a code: a run of 3+ Latin letters (brands aside), an upper-case token. */
function englishIn(text: string): string[] {
  const runs = (text.match(/[A-Za-z]{3,}/g) ?? []).filter((run) => !BRANDS.has(run));
  const codes = (text.match(/[A-Z][A-Z_]{3,}/g) ?? []).filter((token) => !BRANDS.has(token));
  return [...runs, ...codes];
}

/** A rule id or a stored code in any text: `MERCHANT.TIMEOUT.APPROVE`, `PAYOUT_FAILED`. */
function codesIn(text: string): string[] {
  return [...(text.match(/[A-Z][A-Z_]*\.[A-Z_.]+/g) ?? []), ...(text.match(/[A-Z]+_[A-Z_]+/g) ?? [])];
}

const ruleIds = [...DEFAULT_DECIDE_RULES, ...DEFAULT_ADJUST_RULES].map((r) => r.id);
const words = { reason: '商品有划痕', note: '已与买家电话沟通' };
const REVIEW_NOTE = '凭证清晰，同意退款';

/** Facts each code is read with: every value the writers may store, and none. */
const SAMPLES: Record<DetailCode, DetailFacts[]> = {
  RULES_DECIDED: [
    ...ruleIds.map((rule) => ({ rule })),
    ...['APPROVE', 'REJECT', 'MERCHANT_REVIEW', 'MANUAL_REVIEW', 'AWAIT_EVIDENCE', 'AWAIT_RETURN'].map((outcome) => ({
      rule: 'CUSTOM.RULE',
      outcome,
    })),
    {},
  ],
  MERCHANT_TIMEOUT_APPROVED: [{ rule: 'MERCHANT.TIMEOUT.APPROVE' }],
  MERCHANT_TIMEOUT_ESCALATED: [{ rule: 'MERCHANT.TIMEOUT.ESCALATE' }],
  CLOSED_NO_EVIDENCE: [{ rule: 'BUYER.EVIDENCE.TIMEOUT.CLOSE' }],
  CLOSED_NO_RETURN: [{ rule: 'BUYER.RETURN.TIMEOUT.CLOSE' }],
  REVIEW_REASSIGNED: [{ rule: 'REVIEW.SLA.REASSIGN' }],
  DISPUTE_WINDOW_CLOSED: [{}],
  BUYER_DISPUTED: [{}],
  BUYER_ACCEPTED: [{}],
  INSPECTION_VERDICT: [
    ...['AS_CLAIMED', 'NOT_AS_CLAIMED', 'INCONCLUSIVE'].map((verdict) => ({ verdict, note: REVIEW_NOTE })),
    { verdict: 'INCONCLUSIVE' },
    {},
  ],
  INSPECTION_REASSIGNED: [{ rule: 'INSPECTION.SLA.REASSIGN' }],
  INSPECTION_TIMED_OUT: [{ rule: 'INSPECTION.SLA.MANUAL_REVIEW' }],
  RETURN_SHIPPED: [
    ...CARRIERS.map((carrier) => ({ carrier, trackingNumber: '773012345678' })),
    { carrier: '顺丰', trackingNumber: 'SF1234567890128' },
    { trackingNumber: '773012345678' },
    {},
  ],
  RETURN_SHIPPED_PHOTO: [{}],
  RETURN_RECEIVED: [{ condition: 'INTACT' }, { condition: 'DAMAGED' }, { condition: 'NOT_MATCHING' }, {}],
  EVIDENCE_RECEIVED: [...EVIDENCE_KINDS.map((kind) => ({ kind })), {}],
  EVIDENCE_READ: EVIDENCE_KINDS.flatMap((kind) =>
    ['MATCH', 'MISMATCH', 'UNREADABLE', 'REJECTED', 'SOMETHING_NEW'].map((verification) => ({
      kind,
      verification,
      found: 'SF1234567890128',
    })),
  ),
  MERCHANT_ANSWERED: [words, { note: words.note }, {}],
  REVIEWER_NOTE: [{ note: REVIEW_NOTE }, {}],
  PAYOUT_FAILED: [{ reason: 'ACCOUNT_FROZEN' }, {}],
  PAYOUT_RETRIED: [{ providerRef: 'wx-ATTEMPT-1' }, {}],
  PAYOUT_SWITCHED_TO_BALANCE: [{}],
  PAYOUT_FOUND_SETTLED: [{ by: 'buyer' }],
  PAYOUT_STILL_PENDING: [{ by: 'finance', providerRef: 'wx-ATTEMPT-1' }],
  PAYOUT_STATUS_CHECKED: [{}],
  PAYOUT_SETTLED: [{ note: 'SETTLED_AFTER_FAILED', flags: 'AMOUNT_MISMATCH' }, {}],
};

describe('timeline detail codes', () => {
  it.each(DETAIL_CODES.flatMap((code) => LOCALES.map((locale) => [code, locale] as const)))(
    '%s reads in %s without English or codes',
    (code, locale) => {
      for (const facts of SAMPLES[code]) {
        const text = detailText(code, facts, locale);
        expect(text.trim().length).toBeGreaterThan(0);
        expect(codesIn(text), text).toEqual([]);
        if (locale === 'zh-CN') {
          expect(englishIn(text), text).toEqual([]);
          expect(text).toMatch(/[\u4e00-\u9fff]/);
        } else {
          // People's own words are shown as they wrote them; nothing else is Chinese.
          const ours = [words.reason, words.note, REVIEW_NOTE].reduce((t, w) => t.replace(w, ''), text);
          expect(ours).not.toMatch(/[\u4e00-\u9fff]/);
        }
      }
    },
  );

  it('has its own text for every default rule that can decide an outcome', () => {
    const deciding = [...DEFAULT_DECIDE_RULES, ...DEFAULT_ADJUST_RULES.filter((r) => 'outcome' in r.effect)];
    const fallback = detailText('RULES_DECIDED', {}, 'en');
    for (const rule of deciding) {
      expect(detailText('RULES_DECIDED', { rule: rule.id }, 'en'), rule.id).not.toBe(fallback);
    }
  });

  it('has a code for every rule of the timers', () => {
    for (const [rule, code] of Object.entries(TIMEOUT_RULE_CODES)) expect(SAMPLES[code][0]).toEqual({ rule });
  });
});

describe('events stored before codes', () => {
  const at = '2026-01-01T00:00:00.000Z';
  const old = (status: TimelineEvent['status'], actor: TimelineEvent['actor'], detail: string): TimelineEvent => ({
    at,
    status,
    actor,
    detail,
  });

  it.each([
    [old('APPROVED', 'SYSTEM', 'MERCHANT.TIMEOUT.APPROVE'), 'MERCHANT_TIMEOUT_APPROVED'],
    [old('CANCELLED', 'SYSTEM', 'BUYER.RETURN.TIMEOUT.CLOSE'), 'CLOSED_NO_RETURN'],
    [old('CANCELLED', 'SYSTEM', 'BUYER.EVIDENCE.TIMEOUT.CLOSE'), 'CLOSED_NO_EVIDENCE'],
    [old('APPROVED', 'SYSTEM', 'Not shipped yet: refunded in full at once (秒批).'), 'RULES_DECIDED'],
    [old('MANUAL_REVIEW', 'SYSTEM', 'review task reassigned'), 'REVIEW_REASSIGNED'],
    [old('REJECTED', 'SYSTEM', 'dispute window closed; rejection final'), 'DISPUTE_WINDOW_CLOSED'],
    [old('MANUAL_REVIEW', 'BUYER', 'buyer disputes the rejection'), 'BUYER_DISPUTED'],
    [old('AWAITING_MERCHANT', 'SYSTEM', 'photo received'), 'EVIDENCE_RECEIVED'],
    [old('AWAITING_RETURN', 'SYSTEM', 'WAYBILL read: MATCH (SF1234567890128)'), 'EVIDENCE_READ'],
    [old('RETURN_IN_TRANSIT', 'BUYER', 'SF SF1234567890128'), 'RETURN_SHIPPED'],
    [old('RETURN_IN_TRANSIT', 'BUYER', 'waybill photo'), 'RETURN_SHIPPED_PHOTO'],
    [old('APPROVED', 'MERCHANT', 'return received: INTACT'), 'RETURN_RECEIVED'],
    [old('PAYOUT_FAILED', 'SYSTEM', 'ACCOUNT_FROZEN'), 'PAYOUT_FAILED'],
    [old('PAYOUT_PENDING', 'SYSTEM', 'payout retried by finance (attempt x FAILED); sent again.'), 'PAYOUT_RETRIED'],
    [
      old(
        'PAYOUT_PENDING',
        'BUYER',
        'the buyer moved the refund to the platform balance after the original payout failed.',
      ),
      'PAYOUT_SWITCHED_TO_BALANCE',
    ],
    [old('REFUNDED', 'SYSTEM', 'the monitor asked the provider about the late payout.'), 'PAYOUT_STATUS_CHECKED'],
  ] as const)('%o reads as %s', (event, code) => {
    expect(codeOfEvent(event)?.code).toBe(code);
  });

  it('keeps the facts an old detail held', () => {
    expect(codeOfEvent(old('AWAITING_RETURN', 'SYSTEM', 'WAYBILL read: MATCH (SF1234567890128)'))?.facts).toEqual({
      kind: 'WAYBILL',
      verification: 'MATCH',
      found: 'SF1234567890128',
    });
    expect(codeOfEvent(old('AWAITING_MERCHANT', 'SYSTEM', 'photo received'))?.facts).toEqual({ kind: 'PHOTO' });
  });

  it("reads a merchant's or reviewer's old detail as their own words", () => {
    expect(codeOfEvent(old('REJECTED', 'MERCHANT', 'worn: the tag is missing'))).toEqual({
      code: 'MERCHANT_ANSWERED',
      facts: { note: 'worn: the tag is missing' },
    });
    expect(codeOfEvent(old('APPROVED', 'REVIEWER', 'photos clear'))?.code).toBe('REVIEWER_NOTE');
  });

  it("cannot read the system's other English, and hides it", () => {
    expect(codeOfEvent(old('AWAITING_MERCHANT', 'SYSTEM', 'Custom policy: the merchant decides.'))).toBeUndefined();
  });
});

describe('the refund as buyers, merchants and reviewers read it', () => {
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
  const coded: TimelineEvent[] = DETAIL_CODES.flatMap((code, i) =>
    SAMPLES[code].map((facts) => ({
      at: at(i),
      status: 'MANUAL_REVIEW' as const,
      actor: 'SYSTEM' as const,
      detailCode: code,
      facts,
    })),
  );
  const legacy: TimelineEvent[] = [
    {
      at: at(90),
      status: 'APPROVED',
      actor: 'SYSTEM',
      actorId: 'MERCHANT.TIMEOUT.APPROVE',
      detail: 'MERCHANT.TIMEOUT.APPROVE',
    },
    {
      at: at(91),
      status: 'AWAITING_MERCHANT',
      actor: 'SYSTEM',
      detail: 'Not shipped yet: refunded in full at once (秒批).',
    },
    { at: at(92), status: 'AWAITING_MERCHANT', actor: 'SYSTEM', detail: 'photo received' },
    { at: at(93), status: 'AWAITING_MERCHANT', actor: 'SYSTEM', detail: 'Custom policy: the merchant decides.' },
    { at: at(93), status: 'REJECTED', actor: 'MERCHANT', detail: '吊牌已剪' },
    {
      at: at(94),
      status: 'CANCELLED',
      actor: 'SYSTEM',
      actorId: 'BUYER.RETURN.TIMEOUT.CLOSE',
      detail: 'BUYER.RETURN.TIMEOUT.CLOSE',
    },
  ];
  const refund = aRefund({ status: 'CANCELLED', timeline: [...coded, ...legacy] });

  it.each(LOCALES)('shows no English and no rule id to the buyer or merchant (%s)', (locale: Locale) => {
    const shown = presentRefund(refund, locale);
    for (const entry of shown.timeline) {
      const text = `${entry.label} ${'detail' in entry ? (entry.detail ?? '') : ''}`;
      expect(codesIn(text), text).toEqual([]);
      if (locale === 'zh-CN') expect(englishIn(text), text).toEqual([]);
      expect(entry).not.toHaveProperty('rule');
    }
    // The old English explanation of a custom rule is not shown; the rest is (the merchant's words after a lead-in).
    expect(shown.timeline.filter((e) => !('detail' in e) || !e.detail)).toHaveLength(1);
    expect(shown.statusLabel).toBe(locale === 'zh-CN' ? '已关闭(未按时退货)' : 'Closed: goods not returned in time');
  });

  it('gives reviewers the rule behind each event and the old notes', () => {
    const shown = presentRefund(refund, 'en', 'staff');
    const rules = shown.timeline.flatMap((e) => ('rule' in e && e.rule ? [e.rule] : []));
    expect(rules).toContain('MERCHANT.TIMEOUT.APPROVE');
    expect(rules).toContain('BUYER.RETURN.TIMEOUT.CLOSE');
    expect(rules).toContain('NOT_SHIPPED.INSTANT');
    expect(shown.timeline.some((e) => 'detail' in e && e.detail === 'Custom policy: the merchant decides.')).toBe(true);
  });
});

describe('how a refund ended', () => {
  const ended = (event: Omit<TimelineEvent, 'at'>) => ({ at: '2026-01-01T00:00:00.000Z', ...event });
  const endings = [
    ended({ status: 'CANCELLED', actor: 'BUYER' }),
    ended({ status: 'CANCELLED', actor: 'SYSTEM', detailCode: 'CLOSED_NO_RETURN' }),
    ended({ status: 'CANCELLED', actor: 'SYSTEM', detailCode: 'CLOSED_NO_EVIDENCE' }),
    ended({ status: 'REJECTED', actor: 'MERCHANT' }),
  ];

  it.each(LOCALES)('reads differently for a withdrawal, each system close and a rejection (%s)', (locale) => {
    const labels = endings.map((e) => eventLabel(e, locale));
    expect(new Set(labels).size).toBe(endings.length);
    if (locale === 'zh-CN') expect(labels[0]).toBe('买家已撤销');
  });
});

describe('a waybill read with nothing on record to compare it with', () => {
  it('says the number was read, not that it could not be read', () => {
    const facts = { kind: 'WAYBILL', verification: 'UNREADABLE', found: 'SF9187168812457' };
    expect(detailText('EVIDENCE_READ', facts, 'zh-CN')).toBe(
      '运单已识别：暂无可核对的物流信息，待人工核对（SF9187168812457）',
    );
    expect(detailText('EVIDENCE_READ', facts, 'en')).toContain('nothing on record to compare it with');
    // Nothing read at all: then it could not be read.
    expect(detailText('EVIDENCE_READ', { kind: 'WAYBILL', verification: 'UNREADABLE' }, 'zh-CN')).toContain('无法识别');
  });
});
