/**
 * In-memory fakes of the ports (functions/ports), for unit tests of use cases (functions/app): no Java, no
 * processes, milliseconds. `fakePorts()` gives a consistent set with the policy of a stage.
 */
import { loadPolicy } from '../../../functions/domain/policy/load.ts';
import type { ReviewStore } from '../../../functions/ports/review-store.ts';
import { InMemoryAnalytics } from './analytics.ts';
import { InMemoryInbox } from './inbox.ts';
import { InMemoryPayoutStore } from './payouts.ts';
import {
  FixedClock,
  InMemoryMerchantStats,
  InMemoryReturnAddresses,
  InMemoryScorecards,
  SentMessages,
} from './people.ts';
import { InMemoryRefundStore } from './refund-store.ts';
import { InMemoryTaskStore } from './tasks.ts';
import { RecordingWorkflow } from './workflow.ts';

export { InMemoryAlertStore } from './alert-store.ts';
export { InMemoryAnalytics } from './analytics.ts';
export { InMemoryInbox } from './inbox.ts';
export {
  FixedClock,
  InMemoryMerchantStats,
  InMemoryReturnAddresses,
  InMemoryScorecards,
  SentMessages,
} from './people.ts';
export { InMemoryRefundStore } from './refund-store.ts';
export { InMemoryTaskStore } from './tasks.ts';
export { InMemoryThreadStore } from './thread-store.ts';
export { RecordingWorkflow, type WorkflowCall } from './workflow.ts';

/** Reviewers' tasks, typed as the port (tests that look inside give their own InMemoryTaskStore). */
const reviewsOf = (): ReviewStore => new InMemoryTaskStore();

export function fakePorts(options: { now?: string; stage?: string } = {}) {
  const store = new InMemoryRefundStore();
  const scorecards = new InMemoryScorecards();
  return {
    store,
    // The application records an instant approval's payout (app/pay-out.ts recordPayoutOnce).
    payouts: new InMemoryPayoutStore(store),
    workflow: new RecordingWorkflow(),
    notifier: new SentMessages(),
    merchantStats: new InMemoryMerchantStats(scorecards),
    clock: new FixedClock(new Date(options.now ?? '2026-11-20T10:00:00.000Z')),
    policy: loadPolicy(options.stage ?? 'prod'),
    returnAddresses: new InMemoryReturnAddresses(),
    inbox: new InMemoryInbox(),
    scorecards,
    analytics: new InMemoryAnalytics(),
    reviews: reviewsOf(),
    inspections: new InMemoryTaskStore(),
  };
}
