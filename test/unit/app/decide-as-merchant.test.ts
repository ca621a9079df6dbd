/**
 * A use case with in-memory fakes: the merchant's decision on a refund waiting for them, without DynamoDB, Step
 * Functions or the HTTP layer. What the merchant decides is written once, resumes the lifecycle with the policy's
 * step, counts in the merchant's response time and reaches the buyer.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { decideAsMerchant } from '../../../functions/app/decide-as-merchant.ts';
import { aDeliveredRefundWaiting } from '../../support/fakes/given.ts';
import { fakePorts } from '../../support/fakes/index.ts';

const MERCHANT = { sub: 'm-1-staff', role: 'merchant' as const, merchantId: 'm-1' };
const ASKED_AT = '2026-11-20T10:00:00.000Z';

/** A delivered quality claim that the rules sent to the merchant, its wait held by a task token. */
async function waitingForTheMerchant(ports: ReturnType<typeof fakePorts>, requirements = { returnRequired: false }) {
  await aDeliveredRefundWaiting(ports, { requirements });
  await ports.store.holdWait('rf-1', 'MERCHANT_REVIEW', 'token-1');
}

describe('decideAsMerchant (in-memory ports)', () => {
  let ports: ReturnType<typeof fakePorts>;
  beforeEach(async () => {
    ports = fakePorts({ now: ASKED_AT });
    await waitingForTheMerchant(ports);
    ports.clock.advance(90_000);
  });

  it('approves: resumes the wait once with the payout step, records the response time, tells the buyer', async () => {
    const refund = await decideAsMerchant(ports, MERCHANT, { refundId: 'rf-1', decision: 'APPROVE', note: 'ok' });

    // Approved with the payout it owes recorded in the same write: the payout run finds it recorded.
    expect(refund).toMatchObject({ status: 'PAYOUT_PENDING', step: 'APPROVE', payout: { amount: 12_900 } });
    expect(refund.decision).toMatchObject({ outcome: 'APPROVE', by: 'MERCHANT', inputs: { note: 'ok' } });
    expect(ports.workflow.calls).toEqual([
      { kind: 'resume', taskToken: 'token-1', output: expect.objectContaining({ outcome: 'APPROVE' }) },
    ]);
    expect(await ports.merchantStats.get('m-1')).toMatchObject({ approved: 1, responseSecondsTotal: 90 });
    expect(ports.notifier.sent).toHaveLength(1);
    expect(ports.notifier.sent[0]).toMatchObject({ channel: 'buyer', message: { attributes: { refundId: 'rf-1' } } });
  });

  it('rejects: opens the dispute window and the buyer hears of it', async () => {
    const refund = await decideAsMerchant(ports, MERCHANT, { refundId: 'rf-1', decision: 'REJECT', reason: 'used' });

    expect(refund.status).toBe('REJECTED');
    expect(refund.step).toBe('AWAIT_DISPUTE');
    expect(refund.nextStep).toMatchObject({ who: 'BUYER', action: 'DISPUTE_OR_ACCEPT' });
    expect(ports.workflow.calls[0]).toMatchObject({ kind: 'resume', output: { outcome: 'AWAIT_DISPUTE' } });
    expect(await ports.merchantStats.get('m-1')).toMatchObject({ rejected: 1, approved: 0 });
    expect(ports.notifier.sent).toHaveLength(1);
  });

  it('a second decision finds the wait taken: 409 NOT_WAITING, nothing more written or resumed', async () => {
    await decideAsMerchant(ports, MERCHANT, { refundId: 'rf-1', decision: 'APPROVE' });
    await expect(decideAsMerchant(ports, MERCHANT, { refundId: 'rf-1', decision: 'REJECT' })).rejects.toMatchObject({
      code: 'NOT_WAITING',
    });
    expect(ports.workflow.calls).toHaveLength(1);
    expect(await ports.merchantStats.get('m-1')).toMatchObject({ approved: 1, rejected: 0 });
  });

  it("another merchant's staff cannot see or decide the refund (404, as if it did not exist)", async () => {
    const other = { sub: 'm-2-staff', role: 'merchant' as const, merchantId: 'm-2' };
    await expect(decideAsMerchant(ports, other, { refundId: 'rf-1', decision: 'APPROVE' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(ports.workflow.calls).toHaveLength(0);
    expect((await ports.store.getRefund('rf-1'))?.status).toBe('AWAITING_MERCHANT');
  });

  it('approving a refund whose goods must come back first asks for the return, and tells the buyer by when', async () => {
    ports = fakePorts({ now: ASKED_AT });
    await waitingForTheMerchant(ports, { returnRequired: true });
    const refund = await decideAsMerchant(ports, MERCHANT, { refundId: 'rf-1', decision: 'APPROVE' });
    expect(refund.status).toBe('AWAITING_RETURN');
    expect(ports.workflow.calls[0]).toMatchObject({ output: { outcome: 'AWAIT_RETURN' } });
    expect(ports.notifier.sent).toHaveLength(1);
    expect(ports.notifier.sent[0]).toMatchObject({ message: { attributes: { event: 'RETURN_REQUESTED' } } });
    expect(ports.notifier.sent[0]?.message.text).toContain('北京时间');
  });
});
