/**
 * Replaces the workflow adapter with one that starts nothing, for tests about the API alone (load, capacity,
 * fuzzing): hundreds of lifecycles running in the same process would only compete with what is measured.
 */
import { useAdapters } from '../../functions/adapters/index.ts';

const nothing = async () => undefined;

export function withoutLifecycle(): void {
  useAdapters({ workflow: { start: nothing, payout: nothing, resume: nothing, fail: nothing, stop: nothing } });
}
