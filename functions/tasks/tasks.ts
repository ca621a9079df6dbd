/**
 * The Lambda tasks the lifecycle state machine calls. Each `substitution` is the `${...}` placeholder in
 * statemachines/refund-lifecycle.asl.json: CDK fills it with the function's ARN, the local runner with the module.
 */
import { MAIN, type TaskFunction } from '../manifest.ts';

export const TASKS: readonly TaskFunction[] = [
  {
    id: 'Assess',
    substitution: 'AssessFunctionArn',
    entry: 'functions/tasks/assess.ts',
    needs: { main: MAIN.update, notify: true },
  },
  {
    id: 'Wait',
    substitution: 'WaitFunctionArn',
    entry: 'functions/tasks/wait.ts',
    // A wait for a reviewer puts the review task (review-store.ts assign).
    needs: { main: MAIN.create, notify: true },
  },
  {
    id: 'Timeout',
    substitution: 'TimeoutFunctionArn',
    entry: 'functions/tasks/timeout.ts',
    needs: { main: MAIN.update, notify: true },
  },
  {
    id: 'Payout',
    substitution: 'PayoutFunctionArn',
    entry: 'functions/tasks/payout.ts',
    // Pays through the channels' own functions (functions/channels/), which alone hold the channels' credentials.
    needs: { main: MAIN.update, ledger: 'append', notify: true, payments: 'send' },
  },
  {
    id: 'PayoutFailed',
    substitution: 'PayoutFailedFunctionArn',
    entry: 'functions/tasks/payout-failed.ts',
    needs: { main: MAIN.update, ledger: 'append', notify: true, payments: 'record' },
  },
];
