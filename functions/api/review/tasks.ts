/**
 * `GET /v1/review/tasks`: the caller's open review tasks, each with everything needed to decide: the refund and
 * its timeline, the order, the buyer's recent refunds, evidence with OCR fields, the rules that fired, the risk
 * score and guidance for this reason and category.
 */

import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { DynamoReviewStore } from '../../adapters/dynamodb/review-store.ts';
import { adapter, defaultAdapter } from '../../adapters/index.ts';
import { guidanceFor } from '../../domain/guidance/guidance.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import type { ReviewTask } from '../../ports/review-store.ts';
import { noQuerySchema } from '../../schemas/lifecycle.ts';
import { presentRefund } from '../refunds/present.ts';

defaultAdapter('store', () => new DynamoRefundStore());
defaultAdapter('reviews', () => new DynamoReviewStore());

const HISTORY_DAYS = 90;

async function withContext(task: ReviewTask, locale: 'zh-CN' | 'en', now: Date) {
  const store = adapter('store');
  const refund = await store.getRefund(task.refundId);
  if (!refund) return { ...task, refund: null };
  const order = await store.getOrder(refund.orderId);
  const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000).toISOString();
  const history = (await store.recentRefunds(refund.userId, since)).filter((r) => r.refundId !== refund.refundId);
  return {
    ...task,
    refund: presentRefund(refund, locale),
    order: order ?? null,
    buyerHistory: { days: HISTORY_DAYS, refunds: history.length, amount: history.reduce((s, r) => s + r.amount, 0) },
    evidence: refund.evidence ?? [],
    returnShipment: refund.returnShipment ?? null,
    dispute: refund.dispute ?? null,
    rules: refund.decision?.rules ?? [],
    riskScore: refund.decision?.riskScore ?? null,
    facts: refund.decision?.inputs ?? {},
    guidance: guidanceFor(refund.reason, refund.category),
  };
}

export const handler = httpHandler({ fn: 'ReviewTasks' }, async ({ event, principal, locale }) => {
  parse(noQuerySchema, event.queryStringParameters ?? {}, 'query');
  const tasks = await adapter('reviews').openTasks(principal.sub);
  const now = adapter('clock').now();
  return { statusCode: 200, body: { items: await Promise.all(tasks.map((t) => withContext(t, locale, now))) } };
});
