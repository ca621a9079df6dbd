/**
 * `POST /v1/merchant/refunds/{refundId}/decision`: the merchant approves or rejects. Accepted once: a second or late
 * decision finds the wait gone and gets 409. The response time is recorded per merchant.
 */

import { DynamoMerchantStats } from '../../adapters/dynamodb/merchant-stats.ts';
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { adapter, defaultAdapter } from '../../adapters/index.ts';
import { StepFunctionsWorkflow } from '../../adapters/stepfunctions/executions.ts';
import { enterStep } from '../../domain/lifecycle.ts';
import { afterMerchantDecision } from '../../domain/transitions.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { merchantDecisionSchema } from '../../schemas/lifecycle.ts';
import { notifyBuyer } from '../../tasks/notify-buyer.ts';
import { resumeWaiting } from '../../tasks/resume.ts';
import { merchantIdOf, refundFor } from '../access.ts';
import { presentRefund } from '../refunds/present.ts';

defaultAdapter('store', () => new DynamoRefundStore());
defaultAdapter('workflow', () => new StepFunctionsWorkflow());
defaultAdapter('merchantStats', () => new DynamoMerchantStats());

const refundIdSchema = id();

export const handler = httpHandler({ fn: 'MerchantDecision' }, async ({ event, principal, locale, body }) => {
  const refundId = parse(refundIdSchema, event.pathParameters?.refundId, 'refundId');
  const input = parse(merchantDecisionSchema, body);
  const merchantId = merchantIdOf(principal);
  const refund = await refundFor(principal, refundId);
  const next = afterMerchantDecision(refund, input.decision);
  const now = adapter('clock').now();
  const at = now.toISOString();
  const decision = {
    outcome: input.decision,
    by: 'MERCHANT' as const,
    rules: [],
    ...(refund.decision?.policyVersion ? { policyVersion: refund.decision.policyVersion } : {}),
    inputs: { reason: input.reason ?? null, note: input.note ?? null },
    at,
  };
  const detail = [input.reason, input.note].filter(Boolean).join(': ') || undefined;
  await resumeWaiting(refund, ['MERCHANT_REVIEW'], next, {
    ...enterStep(next, at, 'MERCHANT', adapter('policy'), {
      actorId: merchantId,
      decision,
      ...(detail ? { detail } : {}),
    }),
  });
  const askedAt = refund.timeline.findLast((e) => e.status === 'AWAITING_MERCHANT')?.at ?? refund.createdAt;
  await adapter('merchantStats').record(
    merchantId,
    input.decision === 'APPROVE' ? 'APPROVED' : 'REJECTED',
    (now.getTime() - Date.parse(askedAt)) / 1000,
  );
  const updated = await adapter('store').getRefund(refund.refundId);
  if (updated && (next === 'APPROVE' || next === 'AWAIT_DISPUTE')) {
    await notifyBuyer(next === 'APPROVE' ? 'APPROVED' : 'REJECTED', updated);
  }
  return { statusCode: 200, body: presentRefund(updated ?? refund, locale) };
});
