/**
 * The Lambda tasks the state machines call. Each `substitution` is the `${...}` placeholder in its machine's ASL
 * file (statemachines/refund-lifecycle.asl.json or refund-payout.asl.json): CDK fills it with the function's ARN, the
 * local runner with the module.
 */
import { MAIN, type TaskFunction } from '../manifest.ts';

export const TASKS: readonly TaskFunction[] = [
  {
    id: 'Assess',
    machine: 'lifecycle',
    substitution: 'AssessFunctionArn',
    entry: 'functions/tasks/assess.ts',
    needs: { main: MAIN.update, notify: true },
  },
  {
    id: 'Wait',
    machine: 'lifecycle',
    substitution: 'WaitFunctionArn',
    entry: 'functions/tasks/wait.ts',
    // A wait for a reviewer puts the review task (review-store.ts assign).
    needs: { main: MAIN.create, notify: true },
  },
  {
    id: 'Timeout',
    machine: 'lifecycle',
    substitution: 'TimeoutFunctionArn',
    entry: 'functions/tasks/timeout.ts',
    needs: { main: MAIN.update, notify: true },
  },
  {
    id: 'Payout',
    machine: 'payout',
    substitution: 'PayoutFunctionArn',
    entry: 'functions/tasks/payout.ts',
    // Pays through the channels' own functions (functions/channels/), which alone hold the channels' credentials:
    // longer than a channel function's 10 s, so a slow provider's answer reaches the step rather than its timeout.
    needs: { main: MAIN.update, ledger: 'append', notify: true, payments: 'send' },
    timeoutSeconds: 20,
  },
  {
    id: 'PayoutFailed',
    machine: 'payout',
    substitution: 'PayoutFailedFunctionArn',
    entry: 'functions/tasks/payout-failed.ts',
    needs: { main: MAIN.update, ledger: 'append', notify: true, payments: 'record' },
  },
];
