/**
 * The lifecycle's ASL file (statemachines/refund-lifecycle.asl.json) on the local runner, with scripted tasks: which
 * states an execution enters (each one a billed transition in AWS) and where it goes when a task says the refund
 * moved on. The tasks' real behaviour is tested with the runtime (test/integration/lifecycle).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidTransition } from '../../functions/domain/errors.ts';
import type { Step } from '../../functions/domain/lifecycle.ts';
import { LocalStepFunctions } from '../../local/asl-runner.ts';

const runners: LocalStepFunctions[] = [];
afterEach(() => {
  for (const runner of runners.splice(0)) runner.shutdown();
});

interface Script {
  /** What Assess answers, call after call. */
  assess?: Step[];
  /** What each call of the Wait function does with its token (and the refund id it was given). */
  wait?: ((token: string) => Promise<unknown>)[];
  /** What each call of the OnTimeout function does. */
  timeout?: (() => Promise<unknown>)[];
}

function machine(script: Script) {
  const calls: { task: string; payload: Record<string, unknown> }[] = [];
  const assess = [...(script.assess ?? [])];
  const waits = [...(script.wait ?? [])];
  const timeouts = [...(script.timeout ?? [])];
  const record = (task: string, payload: unknown) => calls.push({ task, payload: payload as Record<string, unknown> });
  const runner = new LocalStepFunctions({
    definitionPath: 'statemachines/refund-lifecycle.asl.json',
    // Retry intervals in milliseconds; the waits below are resumed long before any timeout.
    timeScale: 0.01,
    tasks: {
      AssessFunctionArn: async (payload) => {
        record('Assess', payload);
        const next = assess.shift();
        if (!next) throw new Error('Assess was not expected');
        return next;
      },
      WaitFunctionArn: async (payload) => {
        record('Wait', payload);
        const act = waits.shift();
        if (!act) throw new Error('Wait was not expected');
        return act(String((payload as { taskToken: string }).taskToken));
      },
      TimeoutFunctionArn: async (payload) => {
        record('Timeout', payload);
        const act = timeouts.shift();
        if (!act) throw new Error('Timeout was not expected');
        return act();
      },
      PayoutStateMachineArn: async (payload) => {
        record('StartPayout', payload);
        return { executionArn: 'local:payout' };
      },
    },
  });
  runners.push(runner);
  return { runner, calls };
}

const merchantReview: Step = { outcome: 'MERCHANT_REVIEW', timeoutSeconds: 86_400 };
const approve: Step = { outcome: 'APPROVE', timeoutSeconds: 1 };

describe('the lifecycle started by the application with its decision', () => {
  it('goes straight into the wait, and ends once the approval has started the payout: four transitions', async () => {
    const { runner, calls } = machine({
      wait: [async (token) => setTimeout(() => void runner.resume(token, { ...approve }), 5)],
    });
    await runner.start('rf_1', merchantReview);
    const done = await runner.finished('rf_1');
    expect(done?.status).toBe('SUCCEEDED');
    expect(done?.statesEntered).toEqual(['Route', 'Wait', 'Route', 'StartPayout']);
    expect(calls.map((c) => c.task)).toEqual(['Wait', 'StartPayout']);
    // The wait got the decided step; the payout run gets the refund.
    expect(calls[0]?.payload).toMatchObject({ refundId: 'rf_1', outcome: 'MERCHANT_REVIEW', timeoutSeconds: 86_400 });
    expect(calls[1]?.payload).toMatchObject({ refundId: 'rf_1' });
  });
});

describe('an execution started without a step (by the version before, while a deploy replaces it)', () => {
  it('reads where the refund stands first, instead of failing in a wait without its step', async () => {
    const { runner, calls } = machine({
      assess: [merchantReview],
      wait: [async (token) => setTimeout(() => void runner.resume(token, { ...approve }), 5)],
    });
    await runner.start('rf_2');
    const done = await runner.finished('rf_2');
    expect(done?.status).toBe('SUCCEEDED');
    expect(done?.statesEntered).toEqual(['Route', 'Assess', 'Route', 'Wait', 'Route', 'StartPayout']);
    expect(calls.map((c) => c.task)).toEqual(['Assess', 'Wait', 'StartPayout']);
    expect(calls[1]?.payload).toMatchObject({ outcome: 'MERCHANT_REVIEW', timeoutSeconds: 86_400 });
  });
});

describe('a wait that finds the refund already moved on', () => {
  it('goes back through Assess and on from what is stored: an approval decided on an older token is paid', async () => {
    const { runner, calls } = machine({
      assess: [approve],
      wait: [
        async () => {
          throw new InvalidTransition('MOVED_ON', 'wait in MERCHANT_REVIEW');
        },
      ],
    });
    await runner.start('rf_3', merchantReview);
    const done = await runner.finished('rf_3');
    expect(done?.status).toBe('SUCCEEDED');
    expect(done?.statesEntered).toEqual(['Route', 'Wait', 'Assess', 'Route', 'StartPayout']);
    expect(calls.map((c) => c.task)).toEqual(['Wait', 'Assess', 'StartPayout']);
  });

  it('ends when what is stored asks nothing more (a cancelled refund)', async () => {
    const { runner } = machine({
      assess: [{ outcome: 'END', timeoutSeconds: 1 }],
      wait: [
        async () => {
          throw new InvalidTransition('CANCELLED', 'wait in MERCHANT_REVIEW');
        },
      ],
    });
    await runner.start('rf_4', merchantReview);
    const done = await runner.finished('rf_4');
    expect(done?.status).toBe('SUCCEEDED');
    expect(done?.statesEntered).toEqual(['Route', 'Wait', 'Assess', 'Route', 'Done']);
  });
});

describe('a timeout that finds the refund already moved on (a person answered at the last moment)', () => {
  it('goes back through Assess and on from what is stored, instead of failing the execution', async () => {
    const { runner, calls } = machine({
      assess: [approve],
      // The wait holds its token and nobody answers: the wait times out.
      wait: [async () => ({})],
      timeout: [
        async () => {
          throw new InvalidTransition('MOVED_ON', 'timeout in MERCHANT_REVIEW');
        },
      ],
    });
    await runner.start('rf_7', { outcome: 'MERCHANT_REVIEW', timeoutSeconds: 1 });
    const done = await runner.finished('rf_7');
    expect(done?.status).toBe('SUCCEEDED');
    expect(calls.map((c) => c.task)).toEqual(['Wait', 'Timeout', 'Assess', 'StartPayout']);
  });
});

describe('a wait whose function is throttled by DynamoDB while it keeps its token', () => {
  it.each([
    'ProvisionedThroughputExceededException',
    'ThrottlingException',
    'InternalServerError',
    // The function itself timed out or was lost: holding the wait again is harmless (app/hold-wait.ts).
    'Sandbox.Timedout',
    'Lambda.Unknown',
  ])(
    'is retried (%s), as Assess and OnTimeout are, instead of failing the execution with the refund stuck in its wait',
    async (name) => {
      const { runner, calls } = machine({
        wait: [
          async () => {
            throw Object.assign(new Error('slow down'), { name });
          },
          async (token) => setTimeout(() => void runner.resume(token, { ...approve }), 5),
        ],
      });
      await runner.start('rf_6', merchantReview);
      const done = await runner.finished('rf_6');
      expect(done?.status).toBe('SUCCEEDED');
      expect(calls.map((c) => c.task)).toEqual(['Wait', 'Wait', 'StartPayout']);
    },
  );
});

describe('a wait the person answers with another wait', () => {
  it('waits again with the new step, and a rejection ends it', async () => {
    const dispute: Step = { outcome: 'AWAIT_DISPUTE', timeoutSeconds: 604_800 };
    const { runner, calls } = machine({
      wait: [
        async (token) => setTimeout(() => void runner.resume(token, { ...dispute }), 5),
        async (token) => setTimeout(() => void runner.resume(token, { outcome: 'END', timeoutSeconds: 1 }), 5),
      ],
    });
    await runner.start('rf_5', merchantReview);
    const done = await runner.finished('rf_5');
    expect(done?.status).toBe('SUCCEEDED');
    expect(done?.statesEntered).toEqual(['Route', 'Wait', 'Route', 'Wait', 'Route', 'Done']);
    expect(calls.map((c) => [c.task, c.payload.outcome])).toEqual([
      ['Wait', 'MERCHANT_REVIEW'],
      ['Wait', 'AWAIT_DISPUTE'],
    ]);
  });
});
