import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess, defaultPolicy } from '../../../functions/domain/rules/index.ts';
import { CATEGORIES, EVIDENCE_KINDS, REASONS, SCENARIOS } from '../../../functions/domain/vocabulary.ts';
import { hoursAgo, NOW } from './steps.ts';

const anyApplication = fc.record({
  scenario: fc.constantFrom(...SCENARIOS),
  reason: fc.constantFrom(...REASONS),
  category: fc.constantFrom(...CATEGORIES),
  amount: fc.integer({ min: 1, max: 1_000_000 }),
  now: fc.constant(NOW),
  deliveredAt: fc.option(fc.integer({ min: 0, max: 40 * 24 }).map(hoursAgo), { nil: undefined }),
  redeemed: fc.option(fc.boolean(), { nil: undefined }),
  buyer: fc.record({
    creditScore: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
    accountCreatedAt: fc.option(fc.integer({ min: 0, max: 2000 * 24 }).map(hoursAgo), { nil: undefined }),
    refundCount90d: fc.integer({ min: 0, max: 30 }),
    orderCount90d: fc.integer({ min: 0, max: 60 }),
    refundsLast24h: fc.integer({ min: 0, max: 6 }),
    usualAmount: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
  }),
  evidence: fc.option(
    fc.record({
      kinds: fc.subarray([...EVIDENCE_KINDS]),
      waybill: fc.option(
        fc.record({
          verification: fc.constantFrom('MATCH' as const, 'MISMATCH' as const, 'UNREADABLE' as const),
          confidence: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        { nil: undefined },
      ),
    }),
    { nil: undefined },
  ),
});

describe('any application', () => {
  it('is never instant, and always goes to a person or is refused, when risk is high', () => {
    fc.assert(
      fc.property(anyApplication, (input) => {
        const d = assess(input, defaultPolicy());
        if (d.riskLevel !== 'HIGH') return;
        expect(d.instant).toBe(false);
        expect(['MANUAL_REVIEW', 'REJECT']).toContain(d.outcome);
      }),
      { numRuns: 2000 },
    );
  });

  it('gets the same decision every time it is assessed', () => {
    fc.assert(
      fc.property(anyApplication, (input) => {
        expect(assess(structuredClone(input), defaultPolicy())).toEqual(assess(input, defaultPolicy()));
      }),
    );
  });

  it('is explained: rules fired, a reason, a policy version and a score from 0 to 100', () => {
    fc.assert(
      fc.property(anyApplication, (input) => {
        const d = assess(input, defaultPolicy());
        expect(d.rules.length).toBeGreaterThan(0);
        expect(d.reason).not.toBe('');
        expect(d.policyVersion).toBe(defaultPolicy().version);
        expect(d.riskScore).toBeGreaterThanOrEqual(0);
        expect(d.riskScore).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('is never rejected by the machine because a waybill was unreadable', () => {
    fc.assert(
      fc.property(anyApplication, (input) => {
        const d = assess(input, defaultPolicy());
        if (d.inputs.waybill === 'UNREADABLE' && d.outcome === 'REJECT') {
          expect(d.rules[0]).not.toMatch(/WAYBILL|RISK/);
        }
      }),
    );
  });

  it('asks for a return only where the buyer holds goods, and never pays before a return it asks for', () => {
    fc.assert(
      fc.property(anyApplication, (input) => {
        const d = assess(input, defaultPolicy());
        if (d.returnRequired) {
          expect(input.scenario).toBe('DELIVERED');
          expect(['GENERAL', 'CUSTOM']).toContain(input.category);
          expect(['NOT_RECEIVED', 'MISSING_PARTS']).not.toContain(input.reason);
        }
        // Paid now with goods still to come back only once a valid return waybill is recorded.
        if (d.outcome === 'APPROVE' && d.returnRequired) expect(d.inputs.waybill).toBe('MATCH');
        if (d.outcome === 'REJECT') expect(d.refusal).toBeDefined();
      }),
      { numRuns: 2000 },
    );
  });
});
