/**
 * Lifecycle task "OnTimeout": a wait ran out and the policy decides (app/apply-timeout.ts).
 * Input `{ refundId, outcome }` (the wait); output the Step the state machine routes on.
 */
import { DynamoInbox } from '../adapters/dynamodb/inbox.ts';
import { DynamoRefundStore } from '../adapters/dynamodb/refund-store.ts';
import { DynamoReturnAddressStore } from '../adapters/dynamodb/return-address-store.ts';
import { DynamoReviewStore } from '../adapters/dynamodb/review-store.ts';
import { DynamoScorecardStore } from '../adapters/dynamodb/scorecard-store.ts';
import { stagePolicy, wallClock, wire } from '../adapters/index.ts';
import { SnsNotifier } from '../adapters/sns/notifier.ts';
import { applyTimeout } from '../app/apply-timeout.ts';
import { requireEnvironmentOf } from '../catalog.ts';
import type { Step } from '../domain/lifecycle.ts';
import { type TaskPayload, taskHandler } from '../observability/invocation.ts';

requireEnvironmentOf('Timeout');

const deps = wire({
  store: () => new DynamoRefundStore(),
  reviews: () => new DynamoReviewStore(),
  inspections: () => new DynamoReviewStore('inspector'),
  notifier: () => new SnsNotifier(),
  inbox: () => new DynamoInbox(),
  clock: wallClock,
  policy: stagePolicy,
  returnAddresses: () => new DynamoReturnAddressStore(),
  scorecards: () => new DynamoScorecardStore(),
});

export const handler = taskHandler(
  'Timeout',
  (input: TaskPayload & { outcome: string }): Promise<Step> =>
    applyTimeout(deps, { refundId: input.refundId, wait: input.outcome }),
);
