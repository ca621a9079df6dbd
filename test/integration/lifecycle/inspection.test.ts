/**
 * Third-party inspection over HTTP, with the real ASL and DynamoDB Local: a high-value return the merchant says is
 * damaged goes to an inspector, who sees the refund, its evidence, its thread and the deadline; each verdict leads
 * where the policy's verdict rules say; bad bodies and strangers change nothing; a verdict is taken once; and an
 * inspector who lets the deadline pass is replaced, then a reviewer decides.
 */
import { describe, expect, it } from 'vitest';
import { type Client, eventually } from '../../support/local.ts';
import {
  applyFor,
  type Cast,
  givenARuntimeWithActors,
  PAID_OUT,
  scenarios,
  sendBack,
  statusOf,
  uniqueId,
} from '../../support/steps.ts';

/** ¥3,000 of goods: at or above the default policy's inspection threshold (¥2,000). */
const HIGH_VALUE = {
  paidAmount: 300_000,
  items: [{ sku: 'cam-1', name: 'Mirrorless camera', category: 'GENERAL' as const, unitPrice: 300_000, quantity: 1 }],
};

interface InspectionTask {
  taskId: string;
  refundId: string;
  dueBy: string;
  reviewerId: string;
  refund: { refundId: string; status: string; reason: string; amount: number };
  inspection: { rules: string[]; condition: string };
  evidence: unknown[];
  thread: { text: string }[];
}

/** Every inspector made available in this file: a task may go to any of them (the least loaded). */
const everyInspector: Record<string, string> = {};

/** Inspectors with tokens, each made available in the inspectors' rotation. */
async function inspectors(client: Client, count: number): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const id = uniqueId('inspector');
    tokens[id] = await client.token('inspector', id);
    const joined = await client.call('PUT', '/v1/review/availability', {
      token: tokens[id],
      body: { available: true },
    });
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ reviewerId: id, available: true });
  }
  Object.assign(everyInspector, tokens);
  return tokens;
}

/** A ¥3,000 no-reason return, shipped back, that the merchant says arrived damaged. */
async function aDamagedHighValueReturn(client: Client, who: Cast, message?: string): Promise<string> {
  const { refundId } = await applyFor(
    client,
    who,
    { ...scenarios.deliveredDaysAgo(3), ...HIGH_VALUE },
    { reason: 'NO_LONGER_NEEDED' },
  );
  await statusOf(client, who, refundId, 'AWAITING_RETURN');
  if (message) {
    const posted = await client.call('POST', `/v1/refunds/${refundId}/messages`, {
      token: who.buyer,
      headers: { 'idempotency-key': uniqueId('msg') },
      body: { text: message },
    });
    expect(posted.status).toBe(201);
  }
  await sendBack(client, who, refundId, 'DAMAGED');
  return refundId;
}

/** The inspection task of `refundId` in the queue of whichever inspector holds it. */
async function heldTask(client: Client, refundId: string) {
  return eventually(async () => {
    for (const [id, token] of Object.entries(everyInspector)) {
      const list = await client.call('GET', '/v1/inspection/tasks', { token });
      const task = list.body.items.find((t: InspectionTask) => t.refundId === refundId);
      if (task) return { id, token, task: task as InspectionTask };
    }
    return undefined;
  }, 60_000);
}

const verdict = (client: Client, token: string, taskId: string, body: unknown) =>
  client.call('POST', `/v1/inspection/tasks/${taskId}/result`, { token, body });

describe('a damaged claim on a high-value return', () => {
  // Real timers with the prod policy: the inspector's day never runs out here.
  const { client, who } = givenARuntimeWithActors({ timeScale: 1, stage: 'prod', availableReviewer: true });

  it('goes to an inspector who sees the refund, its thread and the deadline; AS_CLAIMED pays it', async () => {
    await inspectors(client, 1);
    const refundId = await aDamagedHighValueReturn(client, who, '相机寄出时完好，请查收');
    const waiting = await statusOf(client, who, refundId, 'AWAITING_INSPECTION');
    expect(waiting.nextStep).toMatchObject({ who: 'INSPECTOR', action: 'INSPECT', dueBy: expect.any(String) });
    expect(waiting).not.toHaveProperty('inspection');

    const { token, task } = await heldTask(client, refundId);
    expect(task).toMatchObject({
      kind: 'INSPECTION',
      status: 'OPEN',
      refund: { refundId, status: 'AWAITING_INSPECTION', reason: 'NO_LONGER_NEEDED', amount: 300_000 },
      inspection: { rules: ['INSPECTION.HIGH_VALUE', 'INSPECTION.CONDITION_CLAIM'], condition: 'DAMAGED' },
      evidence: [],
      thread: [expect.objectContaining({ text: '相机寄出时完好，请查收' })],
    });
    expect(Date.parse(task.dueBy)).toBeGreaterThan(Date.now() + 23 * 3600_000);

    // The inspector takes part in the thread and reads it; a stranger inspector does neither.
    const post = { token, headers: { 'idempotency-key': uniqueId('msg') }, body: { text: '已收到商品，正在检验' } };
    const said = await client.call('POST', `/v1/refunds/${refundId}/messages`, post);
    expect(said.status).toBe(201);
    const thread = await client.call('GET', `/v1/refunds/${refundId}/messages`, { token });
    expect(thread.status).toBe(200);
    expect(thread.body.items.at(-1)).toMatchObject({ text: '已收到商品，正在检验', author: { role: 'inspector' } });
    // The buyer reads it too, and a retry of the same post answers the same message.
    const buyerView = await client.call('GET', `/v1/refunds/${refundId}/messages`, { token: who.buyer });
    expect(buyerView.body.items.map((m: { text: string }) => m.text)).toContain('已收到商品，正在检验');
    const repeated = await client.call('POST', `/v1/refunds/${refundId}/messages`, post);
    expect(repeated.status).toBe(201);
    expect(repeated.body.messageId).toBe(said.body.messageId);
    const stranger = await client.token('inspector', uniqueId('stranger'));
    expect((await client.call('GET', `/v1/refunds/${refundId}/messages`, { token: stranger })).status).toBe(404);
    expect((await verdict(client, stranger, task.taskId, { verdict: 'AS_CLAIMED', note: 'x' })).status).toBe(404);

    // Bad bodies are refused and change nothing.
    const before = await statusOf(client, who, refundId, 'AWAITING_INSPECTION');
    for (const bad of [
      { verdict: 'MAYBE', note: 'not a verdict' },
      { verdict: 'AS_CLAIMED' },
      { verdict: 'AS_CLAIMED', note: '' },
      { verdict: 'AS_CLAIMED', note: 'ok', extra: true },
      { verdict: 'AS_CLAIMED', note: 'ok', evidenceIds: ['ev-not-this-refunds'] },
    ]) {
      const refused = await verdict(client, token, task.taskId, bad);
      expect(refused.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await statusOf(client, who, refundId, 'AWAITING_INSPECTION')).timeline).toEqual(before.timeline);

    const first = await verdict(client, token, task.taskId, {
      verdict: 'AS_CLAIMED',
      note: '外观完好，与买家描述一致',
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ taskId: task.taskId, verdict: 'AS_CLAIMED', refundId });
    const again = await verdict(client, token, task.taskId, { verdict: 'NOT_AS_CLAIMED', note: 'changed my mind' });
    expect(again.status).toBe(409);

    const paid = await statusOf(client, who, refundId, PAID_OUT);
    expect(paid.decision).toMatchObject({
      outcome: 'AS_CLAIMED',
      by: 'INSPECTOR',
      rules: ['INSPECTION.HIGH_VALUE', 'INSPECTION.CONDITION_CLAIM', 'INSPECTION.VERDICT.AS_CLAIMED'],
    });
    expect(paid.timeline.map((e: { status: string }) => e.status)).toContain('AWAITING_INSPECTION');
    const queue = await client.call('GET', '/v1/inspection/tasks', { token });
    expect(queue.body.items.some((t: InspectionTask) => t.refundId === refundId)).toBe(false);
  });

  it('NOT_AS_CLAIMED rejects it for good, and the buyer and merchant are told', async () => {
    await inspectors(client, 1);
    const refundId = await aDamagedHighValueReturn(client, who);
    await statusOf(client, who, refundId, 'AWAITING_INSPECTION');
    const { token, task } = await heldTask(client, refundId);
    const recorded = await verdict(client, token, task.taskId, { verdict: 'NOT_AS_CLAIMED', note: '镜头有新划痕' });
    expect(recorded.status).toBe(200);
    const rejected = await statusOf(client, who, refundId, 'REJECTED');
    expect(rejected.nextStep).toBeUndefined();
    expect(rejected.decision.rules).toContain('INSPECTION.VERDICT.NOT_AS_CLAIMED');
    const disputed = await client.call('POST', `/v1/refunds/${refundId}/dispute`, {
      token: who.buyer,
      body: { note: 'no' },
    });
    expect(disputed.status).toBe(409);
    await eventually(async () => {
      const told = client.runtime.outbox.entries.filter((e) => e.attributes?.refundId === refundId);
      const events = told.map((e) => e.attributes?.event);
      return events.includes('REJECTED') && events.includes('RULING') ? true : undefined;
    });
  });

  it('INCONCLUSIVE hands it to a reviewer, with the inspection attached', async () => {
    await inspectors(client, 1);
    const refundId = await aDamagedHighValueReturn(client, who);
    await statusOf(client, who, refundId, 'AWAITING_INSPECTION');
    const { token, task } = await heldTask(client, refundId);
    expect((await verdict(client, token, task.taskId, { verdict: 'INCONCLUSIVE', note: '无法判断' })).status).toBe(200);
    await statusOf(client, who, refundId, 'MANUAL_REVIEW');
    const review = await eventually(async () => {
      const tasks = await client.call('GET', '/v1/review/tasks', { token: who.reviewer });
      return tasks.body.items.find((t: { refundId: string }) => t.refundId === refundId);
    });
    expect(review.refund.inspection).toMatchObject({ verdict: { verdict: 'INCONCLUSIVE', note: '无法判断' } });
    expect(review.decisions.at(-1)).toMatchObject({ kind: 'INSPECTION', outcome: 'INCONCLUSIVE' });
    // The buyer withdraws it before the reviewer decides: the task leaves the reviewer's queue.
    expect((await client.call('POST', `/v1/refunds/${refundId}/cancel`, { token: who.buyer })).status).toBe(200);
    const queue = await client.call('GET', '/v1/review/tasks', { token: who.reviewer });
    expect(queue.body.items.map((t: { refundId: string }) => t.refundId)).not.toContain(refundId);
  });

  it("a buyer who cancels during the inspection takes it out of the inspector's queue and frees their slot", async () => {
    await inspectors(client, 1);
    const refundId = await aDamagedHighValueReturn(client, who);
    await statusOf(client, who, refundId, 'AWAITING_INSPECTION');
    const { id, token, task } = await heldTask(client, refundId);
    const before = await client.call('GET', '/v1/review/availability', { token });
    expect((await client.call('POST', `/v1/refunds/${refundId}/cancel`, { token: who.buyer })).status).toBe(200);
    await statusOf(client, who, refundId, 'CANCELLED');
    const queue = await client.call('GET', '/v1/inspection/tasks', { token });
    expect(queue.body.items.map((t: InspectionTask) => t.refundId)).not.toContain(refundId);
    const after = await client.call('GET', '/v1/review/availability', { token });
    expect(after.body).toMatchObject({ reviewerId: id, openTasks: before.body.openTasks - 1 });
    // Too late for a verdict: the task is closed.
    expect((await verdict(client, token, task.taskId, { verdict: 'AS_CLAIMED', note: '完好' })).status).toBe(409);
  });
});

describe('an inspector who lets the deadline pass', () => {
  const { client, who } = givenARuntimeWithActors({
    timeScale: 1,
    stage: 'prod',
    policy: { inspection: { slaSeconds: 2, reassignments: 1 } },
  });

  it('is replaced by another inspector, and then a reviewer decides', async () => {
    const tokens = await inspectors(client, 2);
    const refundId = await aDamagedHighValueReturn(client, who);
    const holders = new Set<string>();
    await eventually(async () => {
      for (const [id, token] of Object.entries(tokens)) {
        const list = await client.call('GET', '/v1/inspection/tasks', { token });
        if (list.body.items.some((t: InspectionTask) => t.refundId === refundId)) holders.add(id);
      }
      return holders.size === 2 ? true : undefined;
    }, 60_000);
    const reviewed = await statusOf(client, who, refundId, 'MANUAL_REVIEW', 60_000);
    expect(reviewed.timeline.map((e: { detail?: string }) => e.detail)).toEqual(
      expect.arrayContaining(['已转交其他质检员检验', '质检未在期限内完成，转平台审核']),
    );
    await client.call('POST', `/v1/refunds/${refundId}/cancel`, { token: who.buyer });
  });
});
