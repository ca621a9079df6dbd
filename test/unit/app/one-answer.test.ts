/**
 * Refund options are the contract (issue 14): for any order, buyer, refund history and reason, what
 * `GET /v1/orders/{id}/refund-options` says is what `POST /v1/refunds` and the Assess task do. Checked over generated
 * worlds through the use cases themselves (app/refund-options, app/apply-for-refund, app/assess-refund) on the
 * in-memory ports: the predicted class (paid now, paid after the return, merchant, evidence, reviewer, refused)
 * is the assessed one, and a refused application writes nothing and counts nowhere.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyForRefund } from '../../../functions/app/apply-for-refund.ts';
import { assessmentInput } from '../../../functions/app/assessment-input.ts';
import { refundOptions } from '../../../functions/app/refund-options.ts';
import type { Application } from '../../../functions/domain/application.ts';
import { DomainError } from '../../../functions/domain/errors.ts';
import { WAIT_STATUS } from '../../../functions/domain/lifecycle.ts';
import type { Refund } from '../../../functions/domain/refund.ts';
import { assess, loadPolicy, payWhenOf, REFUSAL_CODES } from '../../../functions/domain/rules/index.ts';
import { CATEGORIES, DESTINATIONS, PAYMENT_METHODS, REASONS, SCENARIOS } from '../../../functions/domain/vocabulary.ts';
import { fakePorts } from '../../support/fakes/index.ts';

const NOW = '2026-11-20T10:00:00.000Z';
const hoursAgo = (hours: number) => new Date(Date.parse(NOW) - hours * 3_600_000).toISOString();
const BUYER = { sub: 'buyer-1', role: 'buyer' as const };
// One policy object for every world: the compiled rules are cached per policy.
const policy = loadPolicy('prod');

beforeAll(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

const aWorld = fc.record({
  scenario: fc.constantFrom(...SCENARIOS),
  deliveredHoursAgo: fc.integer({ min: 0, max: 30 * 24 }),
  lines: fc.array(
    fc.record({
      category: fc.constantFrom(...CATEGORIES),
      unitPrice: fc.integer({ min: 100, max: 60_000 }),
      quantity: fc.integer({ min: 1, max: 3 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  /** Share of the paid amount already refunded or reserved, 0..1. */
  refundedShare: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
  redeemed: fc.option(fc.boolean(), { nil: undefined }),
  paymentMethod: fc.constantFrom(...PAYMENT_METHODS),
  creditScore: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
  accountAgeHours: fc.option(fc.integer({ min: 1, max: 2000 * 24 }), { nil: undefined }),
  history: fc.array(
    fc.record({ amount: fc.integer({ min: 100, max: 100_000 }), hoursAgo: fc.integer({ min: 0, max: 100 * 24 }) }),
    { maxLength: 12 },
  ),
  reason: fc.constantFrom(...REASONS),
  destination: fc.option(fc.constantFrom(...DESTINATIONS), { nil: undefined }),
});
type World = typeof aWorld extends fc.Arbitrary<infer T> ? T : never;

/** In-memory ports holding the world's order and the buyer's past refunds (on other orders). */
async function portsFor(world: World) {
  const ports = { ...fakePorts({ now: NOW }), policy };
  const items = world.lines.map((l, i) => ({ sku: `sku-${i}`, name: `Item ${i}`, ...l }));
  const paidAmount = items.reduce((sum, i) => sum + i.unitPrice * i.quantity, 0);
  await ports.store.putOrder(
    {
      orderId: 'o-1',
      userId: BUYER.sub,
      merchantId: 'm-1',
      currency: 'CNY',
      paidAmount,
      paymentMethod: world.paymentMethod,
      paidAt: hoursAgo(40 * 24),
      items,
      fulfillment:
        world.scenario === 'DELIVERED'
          ? { status: 'DELIVERED', deliveredAt: hoursAgo(world.deliveredHoursAgo) }
          : { status: world.scenario },
      ...(world.creditScore === undefined && world.accountAgeHours === undefined
        ? {}
        : {
            buyer: {
              ...(world.creditScore === undefined ? {} : { creditScore: world.creditScore }),
              ...(world.accountAgeHours === undefined ? {} : { accountCreatedAt: hoursAgo(world.accountAgeHours) }),
            },
          }),
      ...(world.redeemed === undefined ? {} : { redeemed: world.redeemed }),
    },
    hoursAgo(40 * 24),
  );
  const stored = ports.store.orders.get('o-1');
  if (stored) stored.refundedAmount = Math.floor(paidAmount * world.refundedShare);
  world.history.forEach((past, i) => {
    const at = hoursAgo(past.hoursAgo);
    const refund: Refund = {
      refundId: `past-${i}`,
      orderId: `past-order-${i}`,
      userId: BUYER.sub,
      merchantId: 'm-1',
      amount: past.amount,
      currency: 'CNY',
      reason: 'OTHER',
      scenario: 'NOT_SHIPPED',
      category: 'GENERAL',
      destination: 'ORIGINAL',
      status: 'REFUNDED',
      timeline: [],
      createdAt: at,
      updatedAt: at,
    };
    ports.store.refunds.set(refund.refundId, refund);
  });
  return ports;
}

const refusalOf = async (attempt: Promise<unknown>): Promise<DomainError | undefined> => {
  try {
    await attempt;
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
};

describe('refund options and applying for a refund', () => {
  it('give one answer: the class, the return, when the money moves and the evidence options predict is what happens', async () => {
    await fc.assert(
      fc.asyncProperty(aWorld, async (world) => {
        const ports = await portsFor(world);
        const options = await refundOptions(ports, BUYER, { orderId: 'o-1', locale: 'en' });
        const offered = options.reasons.find((r) => r.code === world.reason);
        const destinationOffered =
          world.destination === undefined || options.destinations.some((d) => d.type === world.destination);
        const before = { refunds: ports.store.refunds.size, reserved: ports.store.orders.get('o-1')?.refundedAmount };
        const application: Application = {
          orderId: 'o-1',
          reason: world.reason,
          ...(world.destination ? { destination: world.destination } : {}),
        };
        const command = { idempotencyKey: 'key-1', application };

        if (!offered || !destinationOffered) {
          const refused = await refusalOf(applyForRefund(ports, BUYER, command));
          expect(refused, 'an application the options do not offer is refused').toBeDefined();
          const order = ports.store.orders.get('o-1');
          if (order && order.paidAmount === order.refundedAmount) {
            expect(refused?.code).toBe('NOTHING_REFUNDABLE');
          } else if (!destinationOffered) {
            expect(refused).toMatchObject({ kind: 'unprocessable', code: 'DESTINATION_NOT_OFFERED' });
          } else {
            expect(refused?.kind).toBe('unprocessable');
            expect(REFUSAL_CODES).toContain(refused?.code);
          }
          // Nothing written, nothing reserved, nothing started: it counts in no history and no rate window.
          expect(ports.store.refunds.size).toBe(before.refunds);
          expect(ports.store.orders.get('o-1')?.refundedAmount).toBe(before.reserved);
          expect(ports.workflow.calls).toEqual([]);
          return;
        }

        const { refund } = await applyForRefund(ports, BUYER, command);
        expect(refund.amount).toBe(options.maxAmount);
        const { input } = await assessmentInput(ports, refund, NOW);
        // The rules decided in the application's own request, and its answer says what they decided.
        const assessed = await ports.store.getRefund(refund.refundId);
        expect(refund.status, 'the answer says the status').toBe(assessed?.status);
        expect(refund.decision, 'the answer says the decision').toEqual(assessed?.decision);
        const outcome = assessed?.decision?.outcome;
        const requirements = assessed?.requirements;
        expect(outcome, 'the class').toBe(offered.outcome);
        // An approval's payout is recorded at once, with its promise in the answer.
        expect(assessed?.status).toBe(offered.outcome === 'APPROVE' ? 'PAYOUT_PENDING' : WAIT_STATUS[offered.outcome]);
        if (offered.outcome === 'APPROVE') expect(refund.payout?.promisedBy).toBe(assessed?.payout?.promisedBy);
        expect(requirements?.returnRequired, 'returnRequired').toBe(offered.returnRequired);
        expect(requirements?.evidenceRequired, 'evidenceRequired').toEqual(offered.evidenceRequired);
        expect(payWhenOf(offered.outcome, requirements?.refundOnWaybill ?? false)).toBe(offered.payWhen);
        expect(assess(input, policy).instant, 'instant').toBe(offered.instant);
        expect(assessed?.decision?.policyVersion).toBe(options.policyVersion);
        // A return is asked for only where the buyer holds goods to send back.
        if (offered.returnRequired) {
          expect(refund.scenario).toBe('DELIVERED');
          expect(['GENERAL', 'CUSTOM']).toContain(refund.category);
          expect(['NOT_RECEIVED', 'MISSING_PARTS']).not.toContain(refund.reason);
        }
      }),
      { numRuns: 400 },
    );
  });
});
