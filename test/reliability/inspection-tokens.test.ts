/**
 * The inspection's wait is spent once: two verdicts sent at the same moment get one 200 and one 409 and the refund
 * is paid once; a verdict racing the inspector's deadline either wins or finds the deadline decided (a reviewer),
 * never both, and nothing is paid twice or paid after the deadline handed the refund to a reviewer.
 */
import { describe, expect, it } from 'vitest';
import { inspectionTaskId } from '../../functions/domain/inspection.ts';
import { type Client, eventually } from '../support/local.ts';
import { paidWhenDone } from '../support/payouts.ts';
import {
  applyFor,
  type Cast,
  givenARuntimeWithActors,
  scenarios,
  sendBack,
  statusOf,
  uniqueId,
} from '../support/steps.ts';

/** ¥3,000 of goods: the default policy inspects returns from ¥2,000. */
const HIGH_VALUE = {
  paidAmount: 300_000,
  items: [{ sku: 'cam-1', name: 'Mirrorless camera', category: 'GENERAL' as const, unitPrice: 300_000, quantity: 1 }],
};

const inspectors = new WeakMap<Client, Promise<string>>();

/** One inspector per runtime, the only one in its rotation: every inspection there is theirs. */
function theInspector(client: Client): Promise<string> {
  const known = inspectors.get(client);
  if (known) return known;
  const joining = (async () => {
    const token = await client.token('inspector', uniqueId('inspector'));
    const joined = await client.call('PUT', '/v1/review/availability', { token, body: { available: true } });
    expect(joined.status).toBe(200);
    return token;
  })();
  inspectors.set(client, joining);
  return joining;
}

/** Until the inspection's task exists (it is assigned just after the wait holds its token), or its deadline passed. */
async function assigned(client: Client, who: Cast, token: string, refundId: string, taskId: string) {
  await eventually(async () => {
    const tasks = await client.call('GET', '/v1/inspection/tasks', { token });
    if (tasks.body.items.some((t: { taskId: string }) => t.taskId === taskId)) return true;
    const refund = await client.call('GET', `/v1/refunds/${refundId}`, { token: who.buyer });
    return refund.body.status === 'MANUAL_REVIEW' ? true : undefined;
  });
}

/** A damaged ¥3,000 return, just handed to inspection; its first inspection task's id (deterministic per round). */
async function handedToInspection(client: Client, who: Cast): Promise<{ refundId: string; taskId: string }> {
  const { refundId } = await applyFor(
    client,
    who,
    { ...scenarios.deliveredDaysAgo(3), ...HIGH_VALUE },
    { reason: 'NO_LONGER_NEEDED' },
  );
  await statusOf(client, who, refundId, 'AWAITING_RETURN');
  await sendBack(client, who, refundId, 'DAMAGED');
  return { refundId, taskId: inspectionTaskId({ refundId }) };
}

const verdict = (client: Client, token: string, taskId: string, value: string) =>
  client.call('POST', `/v1/inspection/tasks/${taskId}/result`, { token, body: { verdict: value, note: 'checked' } });

describe('two verdicts on one inspection at the same moment', () => {
  const { client, who } = givenARuntimeWithActors({ timeScale: 1, stage: 'prod' });

  it('get exactly one 200 and one 409, and the refund is paid once', async () => {
    const token = await theInspector(client);
    const { refundId, taskId } = await handedToInspection(client, who);
    await statusOf(client, who, refundId, 'AWAITING_INSPECTION');
    await assigned(client, who, token, refundId, taskId);
    const answers = await Promise.all([
      verdict(client, token, taskId, 'AS_CLAIMED'),
      verdict(client, token, taskId, 'AS_CLAIMED'),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    const paid = await paidWhenDone(client, refundId);
    console.log(
      `inspection tokens: twin verdicts → ${statuses.join(' + ')}, ${paid.sent.length} SENT, ${paid.attempts} payout`,
    );
    expect(statuses).toEqual([200, 409]);
    expect(paid).toMatchObject({ sent: [expect.any(Number)], attempts: 1 });
  });

  it('a verdict for the buyer and one against at once: exactly one takes effect', async () => {
    const token = await theInspector(client);
    const { refundId, taskId } = await handedToInspection(client, who);
    await statusOf(client, who, refundId, 'AWAITING_INSPECTION');
    await assigned(client, who, token, refundId, taskId);
    const [yes, no] = await Promise.all([
      verdict(client, token, taskId, 'AS_CLAIMED'),
      verdict(client, token, taskId, 'NOT_AS_CLAIMED'),
    ]);
    expect([yes.status, no.status].sort()).toEqual([200, 409]);
    if (yes.status === 200) {
      expect(await paidWhenDone(client, refundId)).toMatchObject({ sent: [expect.any(Number)], attempts: 1 });
    } else {
      const rejected = await statusOf(client, who, refundId, 'REJECTED');
      expect(rejected.timeline.some((e: { status: string }) => e.status === 'APPROVED')).toBe(false);
      expect(await paidWhenDone(client, refundId)).toEqual({ sent: [], attempts: 0 });
    }
  });
});

describe("a verdict racing the inspector's deadline", () => {
  // No reassignment: at the deadline a reviewer decides, so a verdict that also took effect would pay a refund a
  // reviewer is about to judge.
  const { client, who } = givenARuntimeWithActors({
    timeScale: 1,
    stage: 'prod',
    policy: { inspection: { slaSeconds: 1, reassignments: 0 } },
  });

  it('either wins (200, paid once) or finds the deadline decided (409, with a reviewer, nothing paid)', async () => {
    const token = await theInspector(client);
    const outcomes: number[] = [];
    await Promise.all(
      [0, 400, 800, 900, 1000, 1100, 1500].map(async (delay) => {
        const { refundId, taskId } = await handedToInspection(client, who);
        await statusOf(client, who, refundId, ['AWAITING_INSPECTION', 'MANUAL_REVIEW']);
        await assigned(client, who, token, refundId, taskId);
        await new Promise((resolve) => setTimeout(resolve, delay));
        const late = await verdict(client, token, taskId, 'AS_CLAIMED');
        outcomes.push(late.status);
        expect([200, 409]).toContain(late.status);
        if (late.status === 200) {
          expect(await paidWhenDone(client, refundId)).toMatchObject({ sent: [expect.any(Number)], attempts: 1 });
          const refund = await client.call('GET', `/v1/refunds/${refundId}`, { token: who.buyer });
          expect(refund.body.timeline.some((e: { status: string }) => e.status === 'MANUAL_REVIEW')).toBe(false);
        } else {
          const reviewed = await statusOf(client, who, refundId, 'MANUAL_REVIEW');
          expect(reviewed.timeline.some((e: { status: string }) => e.status === 'APPROVED')).toBe(false);
          expect(client.runtime.payments.attempts(refundId)).toHaveLength(0);
          await client.call('POST', `/v1/refunds/${refundId}/cancel`, { token: who.buyer });
        }
      }),
    );
    const won = outcomes.filter((s) => s === 200).length;
    console.log(`inspection tokens: verdicts racing the deadline → ${won} recorded, ${outcomes.length - won} too late`);
  });
});
