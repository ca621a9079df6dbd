/**
 * Lifecycle task "Assess": the rules engine decides what happens to a submitted refund (app/assess-refund.ts).
 * Input `{ refundId, correlationId, execution }` (./../observability/invocation.ts TaskPayload); output the Step the state machine routes on.
 */
import { DynamoInbox } from '../adapters/dynamodb/inbox.ts';
import { DynamoRefundStore } from '../adapters/dynamodb/refund-store.ts';
import { DynamoReturnAddressStore } from '../adapters/dynamodb/return-address-store.ts';
import { DynamoScorecardStore } from '../adapters/dynamodb/scorecard-store.ts';
import { stagePolicy, wallClock, wire } from '../adapters/index.ts';
import { SnsNotifier } from '../adapters/sns/notifier.ts';
import { assessRefund } from '../app/assess-refund.ts';
import { requireEnvironmentOf } from '../catalog.ts';
import type { Step } from '../domain/lifecycle.ts';
import { type TaskPayload, taskHandler } from '../observability/invocation.ts';

requireEnvironmentOf('Assess');

const deps = wire({
  store: () => new DynamoRefundStore(),
  notifier: () => new SnsNotifier(),
  inbox: () => new DynamoInbox(),
  clock: wallClock,
  policy: stagePolicy,
  returnAddresses: () => new DynamoReturnAddressStore(),
  scorecards: () => new DynamoScorecardStore(),
});

export const handler = taskHandler('Assess', (input: TaskPayload): Promise<Step> => assessRefund(deps, input.refundId));
