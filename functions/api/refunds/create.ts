/**
 * `POST /v1/refunds`: the buyer applies for a refund, idempotently per `Idempotency-Key`, and hears the rules'
 * decision in the 201 (app/apply-for-refund.ts).
 */
import { DynamoInbox } from '../../adapters/dynamodb/inbox.ts';
import { DynamoPayoutStore } from '../../adapters/dynamodb/payout-store.ts';
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { DynamoReturnAddressStore } from '../../adapters/dynamodb/return-address-store.ts';
import { DynamoScorecardStore } from '../../adapters/dynamodb/scorecard-store.ts';
import { stagePolicy, wallClock, wire } from '../../adapters/index.ts';
import { SnsNotifier } from '../../adapters/sns/notifier.ts';
import { StepFunctionsWorkflow } from '../../adapters/stepfunctions/executions.ts';
import { applyForRefund, canonical } from '../../app/apply-for-refund.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { appendRefundId } from '../../observability/invocation.ts';
import { createRefundSchema, idempotencyKeySchema } from '../../schemas/refund.ts';
import { presentRefund } from './present.ts';

// The rules run in this request (its 201 carries the decision), with what the lifecycle's Assess task is given.
const deps = wire({
  store: () => new DynamoRefundStore(),
  workflow: () => new StepFunctionsWorkflow(),
  clock: wallClock,
  policy: stagePolicy,
  notifier: () => new SnsNotifier(),
  inbox: () => new DynamoInbox(),
  returnAddresses: () => new DynamoReturnAddressStore(),
  scorecards: () => new DynamoScorecardStore(),
  payouts: () => new DynamoPayoutStore(),
});

export const handler = httpHandler({ fn: 'CreateRefund' }, async ({ event, principal, locale, body }) => {
  const idempotencyKey = parse(idempotencyKeySchema, event.headers?.['idempotency-key'], 'Idempotency-Key header');
  const application = parse(createRefundSchema, body);
  const { refund } = await applyForRefund(deps, principal, { idempotencyKey, application });
  appendRefundId(refund.refundId);
  // A replay answers the first request's bytes: the same content, serialised in a fixed key order.
  return { statusCode: 201, raw: JSON.stringify(canonical(presentRefund(refund, locale))) };
});
