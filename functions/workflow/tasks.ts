/**
 * The Lambda tasks the lifecycle state machine calls. Each `substitution` is the `${...}` placeholder in
 * statemachines/refund-lifecycle.asl.json: CDK fills it with the function's ARN, the local runner with the module.
 */
import type { Needs } from '../api/routes.ts';

export interface TaskFunction {
  id: string;
  substitution: string;
  entry: string;
  needs: Needs;
}

export const TASKS: readonly TaskFunction[] = [
  {
    id: 'Assess',
    substitution: 'AssessFunctionArn',
    entry: 'functions/workflow/assess.ts',
    needs: { main: 'write', notify: true },
  },
  {
    id: 'Wait',
    substitution: 'WaitFunctionArn',
    entry: 'functions/workflow/wait.ts',
    needs: { main: 'write', notify: true },
  },
  {
    id: 'Timeout',
    substitution: 'TimeoutFunctionArn',
    entry: 'functions/workflow/timeout.ts',
    needs: { main: 'write', notify: true },
  },
  {
    id: 'Payout',
    substitution: 'PayoutFunctionArn',
    entry: 'functions/workflow/payout.ts',
    // The secret signs the sandbox stand-in's webhooks (PAYMENT_PROVIDER=sandbox); a real provider signs its own.
    needs: { main: 'write', ledger: 'append', notify: true, webhookSecret: true },
  },
  {
    id: 'PayoutFailed',
    substitution: 'PayoutFailedFunctionArn',
    entry: 'functions/workflow/payout-failed.ts',
    needs: { main: 'write', ledger: 'append', notify: true },
  },
];
