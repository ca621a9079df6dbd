/**
 * The Express payout run must end within Express's five minutes even when every attempt of every step times out:
 * past them Step Functions stops the run before PayoutFailed has recorded the failure, and the refund waits, owed and
 * unalarmed by the run, for the monitor's late-payout check. Worked out from the ASL's retry policies and the
 * functions' timeouts as synthesized, so a longer timeout or one more retry that breaks the budget fails here.
 * The Payout step also outlasts a channel function, so a slow provider's answer reaches it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { devStack } from '../support/dev-stack.ts';

const EXPRESS_LIMIT_SECONDS = 300;

interface Retrier {
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
}
interface TaskState {
  Type: string;
  Parameters?: { FunctionName?: string };
  Retry?: Retrier[];
  Next?: string;
}

/** The longest a Task can take: every attempt runs to the function's timeout, every wait at its full (unjittered) length. */
function worstCase(state: TaskState, timeoutSeconds: number): number {
  // The retrier allowing the most attempts governs the worst case (an error matches one retrier at a time).
  const retriers = state.Retry ?? [];
  const longest = retriers.reduce((worst, r) => {
    let waits = 0;
    for (let i = 0; i < (r.MaxAttempts ?? 3); i++) {
      waits += Math.min(
        (r.IntervalSeconds ?? 1) * (r.BackoffRate ?? 2) ** i,
        r.MaxDelaySeconds ?? Number.POSITIVE_INFINITY,
      );
    }
    const total = ((r.MaxAttempts ?? 3) + 1) * timeoutSeconds + waits;
    return Math.max(worst, total);
  }, timeoutSeconds);
  return longest;
}

describe('the Express payout run', () => {
  const resources = devStack().template.toJSON().Resources as Record<
    string,
    { Type: string; Properties: Record<string, unknown> }
  >;
  const functions = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
  const timeoutOf = (pattern: RegExp) => {
    const found = functions.filter(([id]) => pattern.test(id));
    expect(found.length).toBeGreaterThan(0);
    return Math.max(...found.map(([, r]) => Number(r.Properties.Timeout ?? 3)));
  };
  const asl = JSON.parse(readFileSync('statemachines/refund-payout.asl.json', 'utf8')) as {
    StartAt: string;
    States: Record<string, TaskState>;
  };

  it('ends within five minutes when every attempt of Payout and then PayoutFailed times out', () => {
    const payout = asl.States.Payout;
    const failed = asl.States.PayoutFailed;
    if (!payout || !failed) throw new Error('the payout ASL has no Payout or PayoutFailed state');
    const seconds =
      worstCase(payout, timeoutOf(/^WorkflowPayoutFunction/)) +
      worstCase(failed, timeoutOf(/^WorkflowPayoutFailedFunction/));
    console.log(`payout run, worst case: ${seconds} s of ${EXPRESS_LIMIT_SECONDS}`);
    expect(seconds).toBeLessThanOrEqual(EXPRESS_LIMIT_SECONDS);
  });

  it('gives the Payout step longer than any channel function it invokes', () => {
    expect(timeoutOf(/^WorkflowPayoutFunction/)).toBeGreaterThan(timeoutOf(/^PaymentChannels\w+Function/));
  });
});
