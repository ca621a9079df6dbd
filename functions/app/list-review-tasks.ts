/**
 * The caller's open review tasks, each with everything needed to decide: the refund and its timeline, the order,
 * the buyer's recent refunds, evidence with OCR fields, the rules that fired, the risk score, every decision taken so
 * far (assessments, the merchant's, earlier reviews, timeouts, with their risk factors), guidance for this reason
 * and category, and the latest messages of the negotiation thread between buyer and merchant (客户沟通记录).
 */
import type { Actor } from '../domain/actor.ts';
import { decisionHistory, latestAssessment } from '../domain/decision-history.ts';
import { type Guidance, guidanceFor } from '../domain/guidance/guidance.ts';
import type { Decision, Order, Refund } from '../domain/refund.ts';
import { type Message, REVIEW_THREAD_MESSAGES } from '../domain/thread.ts';
import type { Ports } from '../ports/index.ts';
import type { ReviewTask } from '../ports/review-store.ts';

export type ListReviewTasksDeps = Pick<Ports, 'reviews' | 'store' | 'clock' | 'thread'>;

const HISTORY_DAYS = 90;

/** A task with its case; `refund: null` when the refund is gone. */
export type ReviewTaskInContext =
  | (ReviewTask & { refund: null })
  | (ReviewTask & {
      refund: Refund;
      order: Order | null;
      /** The buyer's other refunds of the last `days` days, their amount, and the orders paid in those days. */
      buyerHistory: { days: number; refunds: number; amount: number; orders: number };
      evidence: NonNullable<Refund['evidence']>;
      returnShipment: NonNullable<Refund['returnShipment']> | null;
      dispute: NonNullable<Refund['dispute']> | null;
      /** The rules engine's latest assessment: its rules, risk score and the facts it saw. */
      rules: string[];
      riskScore: number | null;
      facts: Record<string, unknown>;
      /** Every decision so far, oldest first, each with its rules, risk score and risk factors. */
      decisions: Decision[];
      guidance: Guidance;
      /** The latest REVIEW_THREAD_MESSAGES messages of the refund's thread, oldest first. */
      thread: Message[];
    });

async function withContext(deps: ListReviewTasksDeps, task: ReviewTask, now: Date): Promise<ReviewTaskInContext> {
  const { store } = deps;
  const refund = await store.getRefund(task.refundId);
  if (!refund) return { ...task, refund: null };
  const order = await store.getOrder(refund.orderId);
  const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000).toISOString();
  const [refunds, orders] = await Promise.all([
    store.recentRefunds(refund.userId, since),
    store.recentOrderCount(refund.userId, since),
  ]);
  const history = refunds.filter((r) => r.refundId !== refund.refundId);
  // Not `refund.decision`: after a merchant's rejection or a timeout that is not the machine's assessment.
  const assessed = latestAssessment(refund);
  // Only refunds with messages have thread entries: the others cost no read.
  const thread = refund.thread?.length
    ? (await deps.thread.list(refund.refundId, { limit: REVIEW_THREAD_MESSAGES, latest: true })).items
    : [];
  return {
    ...task,
    refund,
    order: order ?? null,
    // The refund rate the risk score weighs is refunds over the orders paid in the same days: both are shown.
    buyerHistory: {
      days: HISTORY_DAYS,
      refunds: history.length,
      amount: history.reduce((s, r) => s + r.amount, 0),
      orders,
    },
    evidence: refund.evidence ?? [],
    returnShipment: refund.returnShipment ?? null,
    dispute: refund.dispute ?? null,
    rules: assessed?.rules ?? [],
    riskScore: assessed?.riskScore ?? null,
    facts: assessed?.inputs ?? {},
    decisions: decisionHistory(refund),
    guidance: guidanceFor(refund.reason, refund.category),
    thread,
  };
}

export async function listReviewTasks(deps: ListReviewTasksDeps, actor: Actor): Promise<ReviewTaskInContext[]> {
  const tasks = await deps.reviews.openTasks(actor.sub);
  const now = deps.clock.now();
  return Promise.all(tasks.map((t) => withContext(deps, t, now)));
}
