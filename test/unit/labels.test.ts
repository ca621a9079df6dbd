/**
 * The label catalogue names every code the API returns, in both languages, and never shows a code as its label.
 */
import { describe, expect, it } from 'vitest';
import { ANALYTICS_DIMENSIONS, OTHER_SKUS } from '../../functions/domain/analytics/tally.ts';
import { CARRIERS } from '../../functions/domain/evidence/carriers.ts';
import { EVIDENCE_FILE_ERRORS } from '../../functions/domain/evidence/limits.ts';
import { VERIFICATION_RESULTS } from '../../functions/domain/evidence/verify.ts';
import { INSPECTION_RULE_IDS, INSPECTION_VERDICTS } from '../../functions/domain/inspection.ts';
import { codesOf, hasLabel, type LabelKind, label } from '../../functions/domain/labels.ts';
import { LEDGER_KINDS } from '../../functions/domain/ledger/entry.ts';
import { WAIT_NEXT } from '../../functions/domain/lifecycle.ts';
import { ALERT_ACTIONS, ALERT_KINDS, ALERT_STATUSES } from '../../functions/domain/monitoring/alert.ts';
import { DESTINATION_LABELS } from '../../functions/domain/notifications/buyer-texts.ts';
import { CHANNELS } from '../../functions/domain/payout/channels.ts';
import { DEFAULT_ADJUST_RULES, DEFAULT_DECIDE_RULES } from '../../functions/domain/policy/default-rules.ts';
import { defaultPolicy } from '../../functions/domain/policy/load.ts';
import { OUTCOMES, RISK_LEVELS } from '../../functions/domain/policy/schema.ts';
import { TIMEOUT_KINDS, timeoutPlan } from '../../functions/domain/policy/timeouts.ts';
import { DECISION_KINDS } from '../../functions/domain/refund.ts';
import { RISK_FACTORS } from '../../functions/domain/risk/score.ts';
import { METRICS, NEW_TIER, SCORECARD_RULES, STANDARD_TIER } from '../../functions/domain/scorecard/index.ts';
import {
  ACTORS,
  CATEGORIES,
  DESTINATIONS,
  EVIDENCE_KINDS,
  PAYMENT_METHODS,
  REASONS,
  SCENARIOS,
  STATUSES,
} from '../../functions/domain/vocabulary.ts';

const VOCABULARY: Record<LabelKind, readonly string[]> = {
  status: STATUSES,
  reason: REASONS,
  scenario: SCENARIOS,
  category: CATEGORIES,
  destination: [...new Set([...PAYMENT_METHODS, ...DESTINATIONS])],
  channel: CHANNELS,
  actor: ACTORS,
  action: [...new Set([...Object.values(WAIT_NEXT).map((n) => n.action), 'ASSESS', 'PAYOUT'])],
  evidenceKind: EVIDENCE_KINDS,
  returnCondition: ['INTACT', 'DAMAGED', 'NOT_MATCHING'],
  verification: [...VERIFICATION_RESULTS, 'REJECTED'],
  ocrReason: [...EVIDENCE_FILE_ERRORS, 'NO_TRACKING_NUMBER', 'NOTHING_TO_COMPARE', 'AMOUNT_MATCHES'],
  decisionKind: DECISION_KINDS,
  verdict: INSPECTION_VERDICTS,
  outcome: OUTCOMES,
  riskLevel: RISK_LEVELS,
  riskFactor: RISK_FACTORS,
  timeoutKind: TIMEOUT_KINDS,
  alertKind: ALERT_KINDS,
  alertStatus: ALERT_STATUSES,
  alertAction: ALERT_ACTIONS,
  ledgerKind: LEDGER_KINDS,
  rule: [
    ...[...DEFAULT_DECIDE_RULES, ...DEFAULT_ADJUST_RULES].map((r) => r.id),
    ...Object.values(timeoutPlan()).map((step) => step.rule),
    'MERCHANT.TIMEOUT.APPROVE',
    'MERCHANT.TIMEOUT.ESCALATE',
    ...Object.values(SCORECARD_RULES),
    ...INSPECTION_RULE_IDS,
  ],
  reconIssue: ['SENT_NOT_SETTLED', 'AMOUNT_MISMATCH', 'SETTLED_TWICE', 'SETTLED_WITHOUT_SEND'],
  carrier: CARRIERS,
  scorecardTier: [NEW_TIER, STANDARD_TIER, ...defaultPolicy().scorecard.tiers.map((t) => t.id)],
  scorecardMetric: METRICS,
  analyticsDimension: ANALYTICS_DIMENSIONS,
  analyticsGroup: ['ALL', OTHER_SKUS],
};

/** What a raw code looks like on a screen: an upper-case token with underscores, or a camelCase identifier. */
const CODE_LIKE = /\b[A-Z][A-Z_]{3,}\b|\b[a-z]+[A-Z][A-Za-z]*\b/;

describe('the label catalogue', () => {
  for (const [kind, codes] of Object.entries(VOCABULARY) as [LabelKind, readonly string[]][]) {
    it(`names every ${kind} code in zh-CN and en, with words rather than codes`, () => {
      for (const code of codes) {
        expect(hasLabel(kind, code), `${kind} ${code}`).toBe(true);
        const zh = label(kind, code, 'zh-CN');
        const en = label(kind, code, 'en');
        expect(zh, `${kind} ${code}`).toMatch(/[\u4e00-\u9fff]/);
        expect(zh).not.toMatch(CODE_LIKE);
        expect(en).not.toMatch(CODE_LIKE);
        expect(en).not.toBe(code);
      }
      expect(codesOf(kind).length).toBeGreaterThanOrEqual(codes.length);
    });
  }

  it('reads an unknown code as "other", never as the code', () => {
    expect(label('status', 'SOMETHING_NEW', 'zh-CN')).toBe('其他');
    expect(label('reason', 'SOMETHING_NEW', 'en')).toBe('Other');
  });

  it('gives the buyer messages the same names of payout methods as the console', () => {
    expect(DESTINATION_LABELS['zh-CN'].ALIPAY).toBe(label('destination', 'ALIPAY', 'zh-CN'));
    expect(DESTINATION_LABELS.en.WECHAT_PAY).toContain(label('destination', 'WECHAT_PAY', 'en'));
  });
});
