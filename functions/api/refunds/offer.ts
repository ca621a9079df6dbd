/**
 * `POST /v1/refunds/{refundId}/offer` `{ "accept": true|false, "amount"? }` (buyer, own refund): the answer to the merchant's
 * partial offer, taken once (app/answer-offer.ts).
 */
import { DynamoInbox } from '../../adapters/dynamodb/inbox.ts';
import { DynamoRefundStore } from '../../adapters/dynamodb/refund-store.ts';
import { stagePolicy, wallClock, wire } from '../../adapters/index.ts';
import { SnsNotifier } from '../../adapters/sns/notifier.ts';
import { StepFunctionsWorkflow } from '../../adapters/stepfunctions/executions.ts';
import { answerOffer } from '../../app/answer-offer.ts';
import { requireEnvironmentOf } from '../../catalog.ts';
import { httpHandler, parse } from '../../http/handler.ts';
import { id } from '../../schemas/common.ts';
import { offerAnswerSchema } from '../../schemas/lifecycle.ts';
import { presentRefund } from './present.ts';

requireEnvironmentOf('AnswerOffer');

const deps = wire({
  store: () => new DynamoRefundStore(),
  workflow: () => new StepFunctionsWorkflow(),
  notifier: () => new SnsNotifier(),
  inbox: () => new DynamoInbox(),
  clock: wallClock,
  policy: stagePolicy,
});

const refundIdSchema = id();

export const handler = httpHandler({ fn: 'AnswerOffer' }, async ({ event, principal, locale, body }) => {
  const refundId = parse(refundIdSchema, event.pathParameters?.refundId, 'refundId');
  const { accept, amount } = parse(offerAnswerSchema, body);
  const refund = await answerOffer(deps, principal, { refundId, accept, ...(amount === undefined ? {} : { amount }) });
  return { statusCode: 200, body: presentRefund(refund, locale) };
});
