/**
 * Lifecycle task "Wait" (`.waitForTaskToken`): keeps the task token on the refund and prepares what the person
 * waited for needs (app/hold-wait.ts). Input `{ refundId, outcome, timeoutSeconds, taskToken }`.
 */
import { DynamoRefundStore } from '../adapters/dynamodb/refund-store.ts';
import { DynamoReviewStore } from '../adapters/dynamodb/review-store.ts';
import { DynamoScorecardStore } from '../adapters/dynamodb/scorecard-store.ts';
import { wallClock, wire } from '../adapters/index.ts';
import { holdWait } from '../app/hold-wait.ts';
import { requireEnvironmentOf } from '../catalog.ts';
import { isWait } from '../domain/lifecycle.ts';
import { type TaskPayload, taskHandler } from '../observability/invocation.ts';

requireEnvironmentOf('Wait');

const deps = wire({
  store: () => new DynamoRefundStore(),
  reviews: () => new DynamoReviewStore(),
  inspections: () => new DynamoReviewStore('inspector'),
  clock: wallClock,
  scorecards: () => new DynamoScorecardStore(),
});

export interface WaitInput extends TaskPayload {
  outcome: string;
  timeoutSeconds: number;
  taskToken: string;
}

export const handler = taskHandler('Wait', async (input: WaitInput): Promise<{ waiting: string }> => {
  if (!isWait(input.outcome)) throw new Error(`not a wait: ${input.outcome}`);
  const { refundId, outcome: wait, timeoutSeconds, taskToken } = input;
  return holdWait(deps, { refundId, wait, timeoutSeconds, taskToken });
});
