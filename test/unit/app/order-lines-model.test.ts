/**
 * Issue 14, "money follows lines", as a model: generated orders (lines, quantities, discounts and surcharges) and
 * sequences of applications (named lines or the default, with or without an amount, some asking too much),
 * cancellations (from SUBMITTED and from a wait) and payouts, through the use cases and the in-memory store, which
 * mirrors the DynamoDB conditions. After every step: no line holds more units than were ordered or more than its
 * share of what was paid, the order holds exactly its live refunds and never more than was paid, the store's
 * reserved/refunded tallies are the model's, and a refused application wrote nothing.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { applyForRefund } from '../../../functions/app/apply-for-refund.ts';
import { cancelRefund } from '../../../functions/app/cancel-refund.ts';
import { DomainError, InvalidTransition } from '../../../functions/domain/errors.ts';
import { enterStep } from '../../../functions/domain/lifecycle.ts';
import { lineRefundsOf, lineShares, refundableLines } from '../../../functions/domain/order.ts';
import type { Refund } from '../../../functions/domain/refund.ts';
import { fakePorts } from '../../support/fakes/index.ts';

const BUYER = { sub: 'u-1', role: 'buyer' as const };

// The use case counts applications in CloudWatch's embedded format on stdout; thousands of them are noise here.
beforeAll(() => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
});
const AT = '2026-11-20T10:00:00.000Z';

const orderFacts = fc
  .array(fc.record({ unitPrice: fc.integer({ min: 0, max: 20_000 }), quantity: fc.integer({ min: 1, max: 5 }) }), {
    minLength: 1,
    maxLength: 5,
  })
  .chain((lines) => {
    const listed = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
    return fc.record({
      lines: fc.constant(lines),
      paidAmount: fc.integer({ min: 1, max: Math.max(1, Math.ceil(listed * 1.1)) }),
    });
  })
  .map(({ lines, paidAmount }) => ({
    orderId: 'o-1',
    userId: BUYER.sub,
    merchantId: 'm-1',
    currency: 'CNY',
    paidAmount,
    paymentMethod: 'ALIPAY' as const,
    paidAt: AT,
    items: lines.map((l, i) => ({ sku: `l${i}`, name: `Line ${i}`, category: 'GENERAL' as const, ...l })),
    fulfillment: { status: 'NOT_SHIPPED' as const },
  }));

type Step =
  | { kind: 'apply'; picks: { line: number; quantity: number }[] | null; amount: 'default' | number }
  | { kind: 'wait' | 'cancel' | 'pay'; pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('apply' as const),
      picks: fc.option(
        fc.array(fc.record({ line: fc.nat(4), quantity: fc.integer({ min: 1, max: 5 }) }), {
          minLength: 1,
          maxLength: 3,
        }),
      ),
      // An amount as a share of what the named units are worth, in ‰ (above 1,000 asks too much).
      amount: fc.oneof(fc.constant('default' as const), fc.integer({ min: 1, max: 1300 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wait' as const), pick: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pay' as const), pick: fc.nat(20) }) },
);

const REFUSALS = new Set([
  'ITEMS_EXCEED_REFUNDABLE',
  'AMOUNT_EXCEEDS_ITEMS',
  'REFUND_EXCEEDS_REFUNDABLE',
  'NOTHING_REFUNDABLE',
  'VALIDATION_FAILED',
]);

describe('refunds, cancellations and payouts on generated orders (fast-check model)', () => {
  it('never take more of a line than was ordered or paid, and hold exactly the live refunds', async () => {
    const seen = { accepted: 0, refused: 0, cancelled: 0, paid: 0, fullyRefunded: 0 };
    await fc.assert(
      fc.asyncProperty(orderFacts, fc.array(step, { minLength: 1, maxLength: 25 }), async (facts, plan) => {
        const ports = fakePorts({ now: AT });
        // Nothing approved at once (the rules run in the application): the refunds wait for the merchant, so the
        // model's cancellations and payouts reach them.
        ports.policy = {
          ...ports.policy,
          rules: { ...ports.policy.rules, decide: ports.policy.rules.decide.filter((r) => !r.id.endsWith('.INSTANT')) },
        };
        await ports.store.putOrder(facts, AT);
        const shares = lineShares(facts);
        /** The model: the refunds not cancelled, and which of them are paid. */
        const live = new Map<string, Refund>();
        const paid = new Set<string>();
        let key = 0;
        for (const s of plan) {
          if (s.kind === 'apply') {
            const before = await ports.store.getOrder('o-1');
            if (!before) throw new Error('the order is gone');
            const picks = s.picks
              ?.map((p) => ({ sku: `l${p.line % facts.items.length}`, quantity: p.quantity }))
              .filter((p, i, all) => all.findIndex((q) => q.sku === p.sku) === i);
            const worth = refundableLines(before)
              .filter((l) => !picks || picks.some((p) => p.sku === l.sku))
              .reduce((sum, l) => sum + l.refundableAmount, 0);
            const amount = s.amount === 'default' ? undefined : Math.max(1, Math.floor((worth * s.amount) / 1000));
            try {
              const { refund } = await applyForRefund(ports, BUYER, {
                idempotencyKey: `k-${key++}`,
                application: {
                  orderId: 'o-1',
                  reason: 'NO_LONGER_NEEDED',
                  ...(picks ? { items: picks } : {}),
                  ...(amount === undefined ? {} : { amount }),
                },
              });
              live.set(refund.refundId, refund);
              seen.accepted++;
              // The lifecycle's Wait task holds the wait's token (the workflow here only records its start).
              const stored = await ports.store.getRefund(refund.refundId);
              if (stored?.step) await ports.store.holdWait(refund.refundId, stored.step, `t-${refund.refundId}`);
              const parts = refund.items ?? [];
              expect(parts.reduce((sum, i) => sum + (i.amount ?? 0), 0)).toBe(refund.amount);
              if (amount !== undefined) expect(refund.amount).toBe(amount);
            } catch (error) {
              if (!(error instanceof DomainError)) throw error;
              expect(REFUSALS).toContain(error.code);
              seen.refused++;
              // Refused: nothing written.
              expect(await ports.store.getOrder('o-1')).toEqual(before);
            }
          } else {
            const candidates = [...live.values()].filter((r) => !paid.has(r.refundId));
            const refund = candidates[s.pick % Math.max(1, candidates.length)];
            if (!refund) continue;
            const current = await ports.store.getRefund(refund.refundId);
            if (s.kind === 'wait' && current?.status === 'SUBMITTED') {
              await ports.store.updateRefund(refund.refundId, enterStep('MERCHANT_REVIEW', AT, 'SYSTEM', ports.policy));
              await ports.store.holdWait(refund.refundId, 'MERCHANT_REVIEW', `t-${refund.refundId}`);
            } else if (s.kind === 'cancel' && current?.status === 'PAYOUT_PENDING') {
              // Approved at once when applied for (its payout recorded): too late to cancel, it stays held.
              await expect(cancelRefund(ports, BUYER, refund.refundId)).rejects.toBeInstanceOf(InvalidTransition);
            } else if (s.kind === 'cancel') {
              await cancelRefund(ports, BUYER, refund.refundId);
              live.delete(refund.refundId);
              seen.cancelled++;
            } else if (s.kind === 'pay') {
              await ports.store.updateRefund(refund.refundId, { status: 'PAYOUT_PENDING' });
              expect(ports.store.settle(refund.refundId, AT)).toBe(true);
              paid.add(refund.refundId);
              seen.paid++;
            }
          }

          const order = await ports.store.getOrder('o-1');
          if (!order) throw new Error('the order is gone');
          const held = [...live.values()];
          expect(order.refundedAmount).toBe(held.reduce((sum, r) => sum + r.amount, 0));
          expect(order.refundedAmount).toBeLessThanOrEqual(order.paidAmount);
          for (const [i, item] of facts.items.entries()) {
            const tally = lineRefundsOf(order, item.sku);
            const mine = held.flatMap((r) => (r.items ?? []).filter((l) => l.sku === item.sku).map((l) => ({ r, l })));
            const sum = (rows: typeof mine, f: (x: (typeof mine)[number]) => number) =>
              rows.reduce((a, x) => a + f(x), 0);
            const refunded = mine.filter((x) => paid.has(x.r.refundId));
            const reserved = mine.filter((x) => !paid.has(x.r.refundId));
            expect(tally).toEqual({
              reservedUnits: sum(reserved, (x) => x.l.quantity),
              reservedAmount: sum(reserved, (x) => x.l.amount ?? 0),
              refundedUnits: sum(refunded, (x) => x.l.quantity),
              refundedAmount: sum(refunded, (x) => x.l.amount ?? 0),
            });
            expect(tally.reservedUnits + tally.refundedUnits).toBeLessThanOrEqual(item.quantity);
            expect(tally.reservedAmount + tally.refundedAmount).toBeLessThanOrEqual(shares[i] ?? 0);
          }
        }

        // Whatever happened, refunding every unit left with default amounts pays out exactly what was paid, if every
        // earlier refund took the full worth of its units.
        const rest = await applyForRefund(ports, BUYER, {
          idempotencyKey: 'rest',
          application: { orderId: 'o-1', reason: 'NO_LONGER_NEEDED' },
        }).catch((error: unknown) => {
          if (error instanceof DomainError && error.code === 'NOTHING_REFUNDABLE') return undefined;
          throw error;
        });
        const order = await ports.store.getOrder('o-1');
        if (!order) throw new Error('the order is gone');
        // Left: at most units worth nothing (free lines), which no refund can take.
        for (const line of refundableLines(order)) {
          expect(line.refundableAmount).toBe(0);
          if (line.share > 0 || rest) expect(line.refundableQuantity).toBe(0);
        }
        if (plan.every((s) => s.kind !== 'apply' || s.amount === 'default')) {
          seen.fullyRefunded++;
          expect(order.refundedAmount).toBe(facts.paidAmount);
        }
      }),
      { numRuns: 300, seed: 20261214 },
    );
    console.log('order-lines model:', JSON.stringify(seen));
    expect(seen.refused).toBeGreaterThan(0);
    expect(seen.paid).toBeGreaterThan(0);
    expect(seen.cancelled).toBeGreaterThan(0);
  });
});
