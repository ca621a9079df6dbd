import { describe, expect, it } from 'vitest';
import {
  assess,
  defaultPolicy,
  InvalidPolicy,
  loadPolicy,
  merchantTimeoutOutcome,
  timeoutPlan,
  timeoutsFor,
  toDecision,
} from '../../../functions/domain/rules/index.ts';
import { application, RISKY_BUYER } from './steps.ts';

describe('the default policy', () => {
  it('gives merchants 24 hours, buyers 7 days and reviewers 4 hours, in seconds', () => {
    expect(timeoutsFor(defaultPolicy())).toMatchObject({
      merchantResponseSeconds: 86_400,
      buyerEvidenceSeconds: 604_800,
      buyerReturnSeconds: 604_800,
      reviewTaskSlaSeconds: 14_400,
    });
  });

  it('approves for the buyer when the merchant stays silent', () => {
    expect(merchantTimeoutOutcome(defaultPolicy())).toEqual({ outcome: 'APPROVE', rule: 'MERCHANT.TIMEOUT.APPROVE' });
  });
});

describe('a refund left waiting', () => {
  const plan = timeoutPlan(defaultPolicy());

  it('is closed when the buyer sends no evidence or return within 7 days', () => {
    expect(plan.BUYER_EVIDENCE).toMatchObject({ afterSeconds: 604_800, action: 'CLOSE' });
    expect(plan.BUYER_RETURN).toMatchObject({ afterSeconds: 604_800, action: 'CLOSE' });
  });

  it('is reassigned when a review task passes its 4-hour SLA', () => {
    expect(plan.REVIEW_TASK_SLA).toEqual({ afterSeconds: 14_400, action: 'REASSIGN', rule: 'REVIEW.SLA.REASSIGN' });
  });
});

describe('a machine decision stored on the refund', () => {
  it('keeps the outcome, the fired rules, the risk score and its factors, the policy version and the inputs', () => {
    const d = assess(application(), defaultPolicy());
    expect(toDecision(d, '2026-03-10T12:00:00.000Z')).toEqual({
      kind: 'ASSESSMENT',
      outcome: 'AWAIT_RETURN',
      by: 'SYSTEM',
      rules: d.rules,
      riskScore: d.riskScore,
      riskLevel: d.riskLevel,
      riskFactors: d.risk.factors,
      policyVersion: defaultPolicy().version,
      inputs: d.inputs,
      at: '2026-03-10T12:00:00.000Z',
    });
  });
});

describe('a stage override', () => {
  it('changes only what it names and marks the version with the stage', () => {
    const dev = loadPolicy('dev');
    expect(dev.version).toBe(`${defaultPolicy().version}+dev`);
    expect(dev.timeouts.merchantResponseSeconds).toBe(120);
    expect(dev.windows).toEqual(defaultPolicy().windows);
    expect(dev.rules).toEqual(defaultPolicy().rules);
  });

  it('can send silent merchants to a person instead', () => {
    expect(merchantTimeoutOutcome(loadPolicy('staging')).outcome).toBe('MANUAL_REVIEW');
  });

  it('leaves an unknown stage on the default policy', () => {
    expect(loadPolicy('nowhere')).toEqual(defaultPolicy());
  });

  it('can change one rule by id without restating the list', () => {
    const strict = loadPolicy(undefined, {
      version: 'strict-1',
      rules: { decide: [{ id: 'NOT_SHIPPED.INSTANT', effect: { outcome: 'MERCHANT_REVIEW', instant: false } }] },
    });
    expect(strict.rules.decide.map((r) => r.id)).toEqual(defaultPolicy().rules.decide.map((r) => r.id));
    const d = assess(application({ scenario: 'NOT_SHIPPED', deliveredAt: undefined }), strict);
    expect(d).toMatchObject({ outcome: 'MERCHANT_REVIEW', instant: false, policyVersion: 'strict-1' });
  });

  it('can switch a rule off', () => {
    const noSmall = loadPolicy(undefined, { rules: { decide: [{ id: 'SMALL_AMOUNT.INSTANT', enabled: false }] } });
    expect(assess(application({ amount: 1000, reason: 'OTHER' }), noSmall).instant).toBe(false);
  });

  it('is refused when it breaks the document', () => {
    expect(() => loadPolicy(undefined, { ocr: { minConfidence: 2 } })).toThrow(InvalidPolicy);
    expect(() => loadPolicy(undefined, { creditTiers: [{ id: 'BASIC', minScore: 100 }] })).toThrow(/start at score 0/);
    expect(() =>
      loadPolicy(undefined, { rules: { decide: [{ id: 'FALLBACK.MERCHANT_REVIEW', enabled: false }] } }),
    ).toThrow(/catch-all/);
    const silentRefusal = { id: 'NO.GIFTS', when: { category: 'VIRTUAL' }, effect: { outcome: 'REJECT' as const } };
    expect(() => loadPolicy(undefined, { rules: { adjust: [{ ...silentRefusal, explain: 'No.' }] } })).toThrow(
      /NO.GIFTS rejects without saying why/,
    );
  });

  it('cannot let a high-risk buyer be paid instantly', () => {
    // Without the decide-time guard the not-shipped rule approves at once; the adjust rule still takes instant away.
    const noDecideGuard = loadPolicy(undefined, { rules: { decide: [{ id: 'RISK.HIGH', enabled: false }] } });
    const d = assess(
      application({ scenario: 'NOT_SHIPPED', deliveredAt: undefined, buyer: RISKY_BUYER }),
      noDecideGuard,
    );
    expect(d).toMatchObject({ riskLevel: 'HIGH', outcome: 'APPROVE', instant: false });
    expect(d.rules).toContain('RISK.HIGH.NEVER_INSTANT');

    const guard = 'RISK.HIGH.NEVER_INSTANT';
    expect(() => loadPolicy(undefined, { rules: { adjust: [{ id: guard, enabled: false }] } })).toThrow(
      /high-risk guard/,
    );
    expect(() => loadPolicy(undefined, { rules: { adjust: [{ id: guard, when: { amountBand: 'LARGE' } }] } })).toThrow(
      /high-risk guard/,
    );
    const lateInstant = { id: 'PROMO.INSTANT', when: {}, effect: { instant: true }, explain: 'Promotion.' };
    expect(() => loadPolicy(undefined, { rules: { adjust: [lateInstant] } })).toThrow(
      /PROMO.INSTANT .* before the guard/,
    );
  });
});
