/**
 * The buyer applies for a refund of one of their orders; its amount is reserved on the order in the same write, the
 * rules decide in the same request (秒批: the 201 carries the decision) and the refund goes on at once:
 * - approved: the payout owed is recorded (the 201 carries its promise) and paid by the Express payout workflow;
 * - waiting for a person (merchant, reviewer, the buyer's evidence or return): the Standard lifecycle starts, and
 *   its Assess continues from what was decided, into the wait;
 * - rejected: nothing more runs.
 * A refund that never waits for a person never has a Standard execution.
 *
 * Idempotency without a separate store: the refund id is derived from the caller and the `Idempotency-Key`, and the
 * refund keeps a hash of the validated body. A retry with the same key finds the refund (the create transaction's
 * condition), carries on whatever the first request left undone (it crashed before the rules ran, or before the
 * payout or the lifecycle started: starting either again is harmless), and answers what the first request answered,
 * rebuilt from the stored refund byte for byte (domain/first-answer.ts);
 * another body under the same key is 422. Keys stay bound to their refund for its whole life (no expiry). This is
 * why Powertools idempotency is not used here: its record costs two more write units on every application, a third
 * of the budget, for a guarantee the refund record already gives. Failed requests leave nothing behind.
 *
 * Refund options are the contract: an application is admitted only if the options offer it to this buyer now (same
 * policy, same facts, same rules: domain/offer.ts), else refused with 422 and why, before anything is written, so a
 * refused application never reaches the buyer's risk history or the rate window.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../domain/actor.ts';
import { type Application, newRefund } from '../domain/application.ts';
import { DomainError, IdempotencyKeyReused, InvalidTransition, NotFound } from '../domain/errors.ts';
import { firstAnswer } from '../domain/first-answer.ts';
import { isWait, type Step, WAIT_STATUS } from '../domain/lifecycle.ts';
import { admit, type BuyerHistory } from '../domain/offer.ts';
import { policyInCurrency } from '../domain/policy/currency.ts';
import type { Refund } from '../domain/refund.ts';
import { recordMetric } from '../observability/metrics.ts';
import type { Ports } from '../ports/index.ts';
import { type AssessRefundDeps, assessStored } from './assess-refund.ts';
import type { AlreadyRead } from './assessment-input.ts';
import { buyerHistory } from './buyer-history.ts';
import { recordPayoutOnce } from './pay-out.ts';

export interface ApplyForRefundCommand {
  /** The caller's `Idempotency-Key`. */
  idempotencyKey: string;
  application: Application;
}

export type ApplyForRefundDeps = AssessRefundDeps & Pick<Ports, 'workflow' | 'payouts'>;

/** Same caller and key → same refund id, so a retried request can never create a second refund. */
export function refundIdFor(sub: string, key: string): string {
  return `rf_${createHash('sha256').update(`${sub}\u0000${key}`).digest('base64url').slice(0, 22)}`;
}

/** JSON with keys in a fixed order, so the same content always serialises to the same bytes. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical(Reflect.get(value, k))]),
  );
}

export function requestHashOf(body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(body)))
    .digest('base64url');
}

/** The refund, if this caller already applied with this key; 422 if with another body. */
async function replay(deps: Pick<Ports, 'store'>, refundId: string, requestHash: string): Promise<Refund | undefined> {
  // As last written: a twin request's write may be milliseconds old (an eventually consistent read would miss it, and
  // the twin would be answered 404 or 409 instead of the first answer).
  const existing = await deps.store.getRefund(refundId, { consistent: true });
  if (!existing) return undefined;
  if (existing.requestHash !== requestHash) throw new IdempotencyKeyReused();
  return existing;
}

/** The refund this request stands for, as stored, and whether this request created it (false for a replay). */
async function apply(
  deps: Pick<Ports, 'store' | 'clock' | 'policy'>,
  refundId: string,
  requestHash: string,
  sub: string,
  application: Application,
): Promise<{ refund: Refund; fresh: boolean; read?: AlreadyRead }> {
  const { store } = deps;
  const order = await store.getOrder(application.orderId);
  const now = deps.clock.now().toISOString();
  let refund: Refund;
  let history: BuyerHistory;
  try {
    if (!order) throw new NotFound('order');
    // Judged by the thresholds of the order's own currency, as the options and the assessment are.
    const policy = policyInCurrency(deps.policy, order.currency);
    refund = { ...newRefund(refundId, order, sub, application, now, policy), requestHash };
    history = await buyerHistory(deps, sub, now, refundId);
    admit(order, refund, history, now, policy);
  } catch (error) {
    // A retry after the first request reserved the remainder (or after its window closed) would be refused here:
    // answer it as a replay.
    const first = error instanceof DomainError ? await replay(deps, refundId, requestHash) : undefined;
    if (first) return { refund: first, fresh: false };
    throw error;
  }
  // The rules read what admission read (the facts they use do not change with the reservation just written).
  if (await store.createRefund(refund, order)) return { refund, fresh: true, read: { order, history } };
  const first = await replay(deps, refundId, requestHash);
  if (!first) throw new NotFound('refund');
  return { refund: first, fresh: false };
}

/**
 * The rules decide (unless a first request already had them decide), an approval's payout is recorded, and what
 * comes next is started: the payout run, or the lifecycle that waits for a person. Returns the refund as stored.
 */
async function carryOn(deps: ApplyForRefundDeps, refund: Refund, read?: AlreadyRead): Promise<Refund> {
  let current = refund;
  let step: Step | undefined;
  if (current.status === 'SUBMITTED') {
    try {
      ({ refund: current, step } = await assessStored(deps, current, read));
    } catch (error) {
      // A concurrent retry of the same request had the rules decide first: go on from what it stored.
      if (!(error instanceof InvalidTransition)) throw error;
      current = (await deps.store.getRefund(refund.refundId, { consistent: true })) ?? current;
    }
  }
  // Recorded with the approval since; a refund approved before that (or by an older version) records it here.
  if (current.status === 'APPROVED') current = (await recordPayoutOnce(deps, current)).refund;
  const { refundId } = current;
  if (current.status === 'PAYOUT_PENDING' && !current.payout?.sentAt) await deps.workflow.payout(refundId);
  else if (isWait(current.step) && WAIT_STATUS[current.step] === current.status) {
    // Named after the refund: starting twice is harmless, and a retry after a crash here starts it at last. The
    // execution goes straight into the wait that was decided (a replay reads it from the stored refund, without a
    // write), not through a state that would only read it again: every state entered is a billed transition.
    step ??= (await assessStored(deps, current)).step;
    await deps.workflow.start(refundId, step);
  }
  return current;
}

/**
 * The answer to the application: the refund as the rules left it (the first request's answer again for a replay,
 * byte for byte), and whether this request created it (false for a replay).
 */
export async function applyForRefund(
  deps: ApplyForRefundDeps,
  actor: Actor,
  command: ApplyForRefundCommand,
): Promise<{ refund: Refund; fresh: boolean }> {
  const refundId = refundIdFor(actor.sub, command.idempotencyKey);
  const result = await apply(deps, refundId, requestHashOf(command.application), actor.sub, command.application);
  if (result.fresh) recordMetric('Applications', 1);
  const stored = await carryOn(deps, result.refund, result.read);
  return { refund: firstAnswer(stored), fresh: result.fresh };
}
