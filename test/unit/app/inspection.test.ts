/**
 * Third-party inspection with in-memory ports: which returns the policy's rules send to an inspector, how inspectors
 * are balanced and reassigned at the deadline (then a reviewer decides), and how each verdict leads to its next step
 * by the policy's verdict rules, recorded once on the refund's decisions.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { applyTimeout } from '../../../functions/app/apply-timeout.ts';
import { cancelRefund, WITHDRAWN } from '../../../functions/app/cancel-refund.ts';
import { holdWait } from '../../../functions/app/hold-wait.ts';
import { receiveReturn } from '../../../functions/app/receive-return.ts';
import { recordInspection } from '../../../functions/app/record-inspection.ts';
import { setAvailability } from '../../../functions/app/set-availability.ts';
import {
  INSPECTION_SLA_RULES,
  INSPECTION_TRIGGERS,
  inspectionTriggers,
  VERDICT_RULES,
} from '../../../functions/domain/inspection.ts';
import { waitSeconds } from '../../../functions/domain/lifecycle.ts';
import { loadPolicy } from '../../../functions/domain/policy/load.ts';
import type { PolicyOverride } from '../../../functions/domain/policy/merge.ts';
import type { Decision } from '../../../functions/domain/refund.ts';
import type { ReviewStore } from '../../../functions/ports/review-store.ts';
import { aDeliveredRefundWaiting } from '../../support/fakes/given.ts';
import { fakePorts, InMemoryTaskStore } from '../../support/fakes/index.ts';

const NOW = '2026-11-20T10:00:00.000Z';
const MERCHANT = { sub: 'm-1-staff', role: 'merchant' as const, merchantId: 'm-1' };
const ANNA = { sub: 'insp-anna', role: 'inspector' as const };
const BORIS = { sub: 'insp-boris', role: 'inspector' as const };
const NOTE = '外壳裂痕与买家照片一致';

let ports: ReturnType<typeof fakePorts>;
let deps: ReturnType<typeof fakePorts> & { reviews: ReviewStore };

const assessed = (riskLevel: string): Decision => ({
  kind: 'ASSESSMENT',
  outcome: 'AWAIT_RETURN',
  by: 'SYSTEM',
  rules: ['RETURN.DELIVERED_GOODS'],
  riskScore: riskLevel === 'HIGH' ? 70 : 5,
  riskLevel,
  at: NOW,
});

/** A ¥129 return on its way to merchant m-1, its wait held, two inspectors available; `policy` overrides prod. */
async function aReturnOnItsWay(options: { policy?: PolicyOverride; riskLevel?: string } = {}) {
  ports = fakePorts({ now: NOW });
  ports.policy = loadPolicy('prod', options.policy ?? {});
  deps = { ...ports, reviews: new InMemoryTaskStore() };
  await aDeliveredRefundWaiting(ports, {
    wait: 'RETURN_IN_TRANSIT',
    decision: assessed(options.riskLevel ?? 'LOW'),
    requirements: { returnRequired: true },
  });
  await ports.store.holdWait('rf-1', 'RETURN_IN_TRANSIT', 'token-return');
  await setAvailability(deps, ANNA, true);
  await setAvailability(deps, BORIS, true);
}

/** The merchant says the goods came back `condition`; the execution then holds the wait it was resumed with. */
async function received(condition: 'INTACT' | 'DAMAGED' | 'NOT_MATCHING', token = 'token-inspection') {
  const refund = await receiveReturn(ports, MERCHANT, { refundId: 'rf-1', condition });
  if (refund.step === 'AWAIT_INSPECTION') await hold(token);
  return refund;
}

async function hold(token: string) {
  await holdWait(deps, {
    refundId: 'rf-1',
    wait: 'AWAIT_INSPECTION',
    timeoutSeconds: waitSeconds('AWAIT_INSPECTION', ports.policy),
    taskToken: token,
  });
  return ports.store.getRefund('rf-1');
}

const taskId = async () => (await ports.store.getRefund('rf-1'))?.inspection?.taskId ?? '';
const resumedWith = () => ports.workflow.calls.flatMap((c) => (c.kind === 'resume' ? [c.output.outcome] : []));

describe('the inspection rules', () => {
  const policy = loadPolicy('prod');
  const refund = (amount: number, riskLevel?: string) => ({
    amount,
    currency: 'CNY',
    decisions: riskLevel ? [assessed(riskLevel)] : [],
  });

  it('fire on a high value, a damaged or not-matching claim, or a high-risk buyer, each as its own rule', () => {
    expect(inspectionTriggers(refund(12_900, 'LOW'), 'INTACT', policy)).toEqual([]);
    expect(inspectionTriggers(refund(policy.inspection.minAmount, 'LOW'), 'INTACT', policy)).toEqual([
      INSPECTION_TRIGGERS.HIGH_VALUE,
    ]);
    expect(inspectionTriggers(refund(12_900, 'LOW'), 'DAMAGED', policy)).toEqual([INSPECTION_TRIGGERS.CONDITION_CLAIM]);
    expect(inspectionTriggers(refund(12_900, 'HIGH'), 'INTACT', policy)).toEqual([INSPECTION_TRIGGERS.RISKY_BUYER]);
    expect(inspectionTriggers(refund(500_000, 'HIGH'), 'NOT_MATCHING', policy)).toEqual([
      INSPECTION_TRIGGERS.HIGH_VALUE,
      INSPECTION_TRIGGERS.CONDITION_CLAIM,
      INSPECTION_TRIGGERS.RISKY_BUYER,
    ]);
  });

  it('compare the amount with the threshold of its own currency, and fire none when inspection is off', () => {
    const yen = loadPolicy('prod', {
      otherCurrencies: {
        JPY: {
          amountBandMax: { SMALL: 1_000, MEDIUM: 10_000, LARGE: null },
          creditTierLimits: {
            BASIC: { instantLimit: 1_000, noReturnLimit: 0 },
            GOOD: { instantLimit: 2_000, noReturnLimit: 0 },
            TRUSTED: { instantLimit: 4_000, noReturnLimit: 2_000 },
          },
          bonusCapMinor: { BALANCE: 0, COUPON: 400 },
          inspectionMinAmount: 40_000,
        },
      },
    });
    expect(inspectionTriggers({ ...refund(40_000), currency: 'JPY' }, 'INTACT', yen)).toEqual([
      INSPECTION_TRIGGERS.HIGH_VALUE,
    ]);
    expect(inspectionTriggers(refund(40_000), 'INTACT', yen)).toEqual([]);
    const off = loadPolicy('prod', { inspection: { enabled: false } });
    expect(inspectionTriggers(refund(900_000, 'HIGH'), 'DAMAGED', off)).toEqual([]);
  });
});

describe('the inspection wait held right after the merchant recorded the return', () => {
  it('is held from the refund as written, though an eventually consistent read still shows it before', async () => {
    await aReturnOnItsWay();
    const before = structuredClone(await ports.store.getRefund('rf-1'));
    await receiveReturn(ports, MERCHANT, { refundId: 'rf-1', condition: 'DAMAGED' });
    // A replica that has not yet seen the merchant's write: no inspection on the refund.
    const getRefund = ports.store.getRefund.bind(ports.store);
    ports.store.getRefund = async (refundId, options) =>
      options?.consistent ? getRefund(refundId, options) : structuredClone(before);
    await hold('token-inspection');
    expect(ports.store.refunds.get('rf-1')).toMatchObject({
      status: 'AWAITING_INSPECTION',
      taskToken: 'token-inspection',
      inspection: { taskId: expect.any(String) },
    });
  });
});

describe('the merchant records the return received', () => {
  it('an intact ¥129 return of a low-risk buyer is paid as before, with no inspection', async () => {
    await aReturnOnItsWay();
    const refund = await received('INTACT');
    expect(refund).toMatchObject({ status: 'PAYOUT_PENDING', step: 'APPROVE', payout: { amount: 12_900 } });
    expect(refund.inspection).toBeUndefined();
  });

  it('a damaged claim goes to the least-loaded inspector, with the rule that sent it and a deadline', async () => {
    await aReturnOnItsWay();
    await deps.inspections.assign({
      taskId: 'busy',
      refundId: 'other',
      kind: 'INSPECTION',
      createdAt: NOW,
      dueBy: NOW,
    });
    const refund = await received('DAMAGED');
    expect(refund).toMatchObject({
      status: 'AWAITING_INSPECTION',
      nextStep: { who: 'INSPECTOR', action: 'INSPECT' },
      decision: { kind: 'RETURN_CHECK', outcome: 'DAMAGED', rules: [INSPECTION_TRIGGERS.CONDITION_CLAIM] },
    });
    const held = await ports.store.getRefund('rf-1');
    expect(held?.inspection).toMatchObject({ rules: [INSPECTION_TRIGGERS.CONDITION_CLAIM], condition: 'DAMAGED' });
    const task = await deps.inspections.getTask(await taskId());
    const busy = (await deps.inspections.getTask('busy'))?.reviewerId;
    expect(task).toMatchObject({ kind: 'INSPECTION', status: 'OPEN', refundId: 'rf-1' });
    expect(task?.reviewerId).not.toBe(busy);
    expect(held?.inspection?.inspectorId).toBe(task?.reviewerId);
    expect(task?.dueBy).toBe(new Date(Date.parse(NOW) + ports.policy.inspection.slaSeconds * 1000).toISOString());
  });

  it('an intact return of a high-risk buyer is inspected too', async () => {
    await aReturnOnItsWay({ riskLevel: 'HIGH' });
    expect((await received('INTACT')).status).toBe('AWAITING_INSPECTION');
  });
});

describe("the inspector's verdict", () => {
  let inspector: typeof ANNA;
  beforeEach(async () => {
    await aReturnOnItsWay();
    await received('DAMAGED');
    inspector = (await ports.store.getRefund('rf-1'))?.inspection?.inspectorId === ANNA.sub ? ANNA : BORIS;
  });

  it('AS_CLAIMED: approved and paid as an intact return, by the verdict rule, and the buyer told', async () => {
    const result = await recordInspection(ports, inspector, {
      taskId: await taskId(),
      verdict: 'AS_CLAIMED',
      note: NOTE,
    });
    expect(result).toMatchObject({ verdict: 'AS_CLAIMED', status: 'PAYOUT_PENDING' });
    const refund = await ports.store.getRefund('rf-1');
    expect(refund?.decision).toMatchObject({
      kind: 'INSPECTION',
      by: 'INSPECTOR',
      actorId: inspector.sub,
      outcome: 'AS_CLAIMED',
      rules: [INSPECTION_TRIGGERS.CONDITION_CLAIM, VERDICT_RULES.AS_CLAIMED],
    });
    expect(refund?.inspection?.verdict).toMatchObject({
      verdict: 'AS_CLAIMED',
      note: NOTE,
      inspectorId: inspector.sub,
    });
    expect(resumedWith()).toEqual(['AWAIT_INSPECTION', 'APPROVE']);
    expect((await deps.inspections.getTask(await taskId()))?.status).toBe('DONE');
    expect(ports.notifier.sent.map((s) => `${s.channel}:${s.message.attributes?.event}`)).toContain('buyer:APPROVED');
  });

  it('NOT_AS_CLAIMED: rejected for good, and the order gets its reservation back', async () => {
    const before = (await ports.store.getOrder('o-rf-1'))?.refundedAmount;
    await recordInspection(ports, inspector, { taskId: await taskId(), verdict: 'NOT_AS_CLAIMED', note: NOTE });
    const refund = await ports.store.getRefund('rf-1');
    expect(refund).toMatchObject({ status: 'REJECTED', step: 'END' });
    expect(refund?.decision?.rules).toContain(VERDICT_RULES.NOT_AS_CLAIMED);
    expect(before).toBe(12_900);
    expect((await ports.store.getOrder('o-rf-1'))?.refundedAmount).toBe(0);
  });

  it('INCONCLUSIVE: a reviewer decides, with the inspection attached', async () => {
    await recordInspection(ports, inspector, { taskId: await taskId(), verdict: 'INCONCLUSIVE', note: NOTE });
    const refund = await ports.store.getRefund('rf-1');
    expect(refund).toMatchObject({ status: 'MANUAL_REVIEW', step: 'MANUAL_REVIEW' });
    expect(refund?.inspection?.verdict?.verdict).toBe('INCONCLUSIVE');
  });

  it('follows the policy: a verdict rule may send NOT_AS_CLAIMED to a reviewer instead', async () => {
    ports.policy = loadPolicy('prod', { inspection: { verdicts: { NOT_AS_CLAIMED: 'MANUAL_REVIEW' } } });
    await recordInspection(ports, inspector, { taskId: await taskId(), verdict: 'NOT_AS_CLAIMED', note: NOTE });
    expect((await ports.store.getRefund('rf-1'))?.status).toBe('MANUAL_REVIEW');
  });

  it('is taken once: a second verdict is 409 and changes nothing', async () => {
    const id = await taskId();
    await recordInspection(ports, inspector, { taskId: id, verdict: 'AS_CLAIMED', note: NOTE });
    const after = await ports.store.getRefund('rf-1');
    await expect(
      recordInspection(ports, inspector, { taskId: id, verdict: 'NOT_AS_CLAIMED', note: NOTE }),
    ).rejects.toMatchObject({ code: 'TASK_CLOSED' });
    expect(await ports.store.getRefund('rf-1')).toEqual(after);
  });

  it("another inspector's task is not found, and evidence not of this refund is refused; nothing changes", async () => {
    const before = await ports.store.getRefund('rf-1');
    const other = inspector === ANNA ? BORIS : ANNA;
    await expect(
      recordInspection(ports, other, { taskId: await taskId(), verdict: 'AS_CLAIMED', note: NOTE }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      recordInspection(ports, inspector, {
        taskId: await taskId(),
        verdict: 'AS_CLAIMED',
        note: NOTE,
        evidenceIds: ['ev-not-here'],
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await ports.store.getRefund('rf-1')).toEqual(before);
  });
});

describe("the inspector's deadline", () => {
  beforeEach(async () => {
    await aReturnOnItsWay();
    await received('DAMAGED', 'token-round-0');
  });

  it('gives the goods to another inspector, then (reassignments used up) to a reviewer', async () => {
    const first = await ports.store.getRefund('rf-1');
    const firstTask = await taskId();
    ports.clock.advance(ports.policy.inspection.slaSeconds * 1000);
    const step = await applyTimeout(deps, { refundId: 'rf-1', wait: 'AWAIT_INSPECTION' });
    expect(step.outcome).toBe('AWAIT_INSPECTION');
    expect((await deps.inspections.getTask(firstTask))?.status).toBe('REASSIGNED');

    const second = await hold('token-round-1');
    expect(second).toMatchObject({ status: 'AWAITING_INSPECTION', inspection: { reassigned: 1 } });
    expect(second?.inspection?.taskId).not.toBe(firstTask);
    expect(second?.inspection?.inspectorId).not.toBe(first?.inspection?.inspectorId);
    expect(second?.decision?.rules).toEqual([INSPECTION_SLA_RULES.REASSIGN]);

    // The first inspector's late verdict is refused: the task was reassigned.
    const late = first?.inspection?.inspectorId === ANNA.sub ? ANNA : BORIS;
    await expect(
      recordInspection(ports, late, { taskId: firstTask, verdict: 'AS_CLAIMED', note: NOTE }),
    ).rejects.toMatchObject({ code: 'TASK_CLOSED' });

    ports.clock.advance(ports.policy.inspection.slaSeconds * 1000);
    const last = await applyTimeout(deps, { refundId: 'rf-1', wait: 'AWAIT_INSPECTION' });
    expect(last.outcome).toBe('MANUAL_REVIEW');
    const refund = await ports.store.getRefund('rf-1');
    expect(refund).toMatchObject({ status: 'MANUAL_REVIEW', nextStep: { who: 'REVIEWER' } });
    expect(refund?.decision).toMatchObject({ kind: 'INSPECTION', rules: [INSPECTION_SLA_RULES.MANUAL_REVIEW] });
  });

  it('and a verdict that came first wins: the timeout then continues from it', async () => {
    const inspectorId = (await ports.store.getRefund('rf-1'))?.inspection?.inspectorId;
    await recordInspection(
      ports,
      { sub: inspectorId ?? '', role: 'inspector' },
      {
        taskId: await taskId(),
        verdict: 'AS_CLAIMED',
        note: NOTE,
      },
    );
    const step = await applyTimeout(deps, { refundId: 'rf-1', wait: 'AWAIT_INSPECTION' });
    expect(step.outcome).toBe('APPROVE');
    expect((await ports.store.getRefund('rf-1'))?.status).toBe('PAYOUT_PENDING');
  });
});

describe('a buyer who cancels while the goods are inspected', () => {
  it("closes the inspector's task as withdrawn: it leaves their queue and frees their slot", async () => {
    await aReturnOnItsWay();
    await received('DAMAGED');
    const id = await taskId();
    const holder = (await deps.inspections.getTask(id))?.reviewerId ?? '';
    expect((await deps.inspections.getReviewer(holder)).openTasks).toBe(1);

    const cancelled = await cancelRefund(deps, { sub: 'u-1', role: 'buyer' }, 'rf-1');

    expect(cancelled.status).toBe('CANCELLED');
    expect(await deps.inspections.getTask(id)).toMatchObject({
      status: 'DONE',
      decision: { decision: WITHDRAWN.decision, note: WITHDRAWN.note, at: NOW },
    });
    expect(await deps.inspections.openTasks(holder)).toEqual([]);
    expect((await deps.inspections.getReviewer(holder)).openTasks).toBe(0);
  });
});
