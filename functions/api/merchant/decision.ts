/** `POST /v1/merchant/refunds/{refundId}/decision`: the merchant approves or rejects (app/decide-as-merchant.ts). */
import { DynamoInbox } from '../../adapters/dynamodb/inbox.ts';
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { DynamoReturnAddressStore } from '../../adapters/dynamodb/return-address-store.ts';
import { DynamoScorecardStore } from '../../adapters/dynamodb/scorecard-store.ts';
import { stagePolicy, wallClock, wire } from '../../adapters/index.ts';
import { SnsNotifier } from '../../adapters/sns/notifier.ts';
import { StepFunctionsWorkflow } from '../../adapters/stepfunctions/executions.ts';
import { decideAsMerchant } from '../../app/decide-as-merchant.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { merchantDecisionSchema } from '../../schemas/lifecycle.ts';
import { presentRefund } from '../refunds/present.ts';

const deps = wire({
  store: () => new DynamoRefundStore(),
  workflow: () => new StepFunctionsWorkflow(),
  notifier: () => new SnsNotifier(),
  inbox: () => new DynamoInbox(),
  clock: wallClock,
  policy: stagePolicy,
  returnAddresses: () => new DynamoReturnAddressStore(),
  scorecards: () => new DynamoScorecardStore(),
});

const refundIdSchema = id();

export const handler = httpHandler({ fn: 'MerchantDecision' }, async ({ event, principal, locale, body }) => {
  const refundId = parse(refundIdSchema, event.pathParameters?.refundId, 'refundId');
  const input = parse(merchantDecisionSchema, body);
  const refund = await decideAsMerchant(deps, principal, { refundId, ...input });
  return { statusCode: 200, body: presentRefund(refund, locale) };
});
