/**
 * A merchant's partial offer with in-memory ports: the offer waits for the buyer (AWAITING_BUYER, the policy's
 * deadline), the buyer's answer is taken once, an accepted offer shrinks the refund and gives the rest of its
 * reservation back on the order in the same write, a declined one goes where the policy says, and silence is the
 * policy's answer.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { answerOffer } from '../../../functions/app/answer-offer.ts';
import { applyTimeout } from '../../../functions/app/apply-timeout.ts';
import { cancelRefund } from '../../../functions/app/cancel-refund.ts';
import { decideAsMerchant } from '../../../functions/app/decide-as-merchant.ts';
import { buyerNotification } from '../../../functions/domain/notifications/buyer.ts';
import { linesForAmount } from '../../../functions/domain/partial-offer.ts';
import { loadPolicy } from '../../../functions/domain/policy/load.ts';
import type { PolicyOverride } from '../../../functions/domain/policy/merge.ts';
import type { ReviewStore } from '../../../functions/ports/review-store.ts';
import { aDeliveredRefundWaiting } from '../../support/fakes/given.ts';
import { fakePorts } from '../../support/fakes/index.ts';

const NOW = '2026-11-20T10:00:00.000Z';
const MERCHANT = { sub: 'm-1-staff', role: 'merchant' as const, merchantId: 'm-1' };
const BUYER = { sub: 'u-1', role: 'buyer' as const };
const noReviews = new Proxy({} as ReviewStore, {
  get: () => () => Promise.reject(new Error('no review task expected')),
});

let ports: ReturnType<typeof fakePorts>;

/** A ¥129 refund waiting for merchant m-1, with its wait's token held; `policy` overrides the prod policy. */
async function waitingForTheMerchant(policy: PolicyOverride = {}) {
  ports = fakePorts({ now: NOW });
  ports.policy = loadPolicy('prod', policy);
  await aDeliveredRefundWaiting(ports);
  await ports.store.holdWait('rf-1', 'MERCHANT_REVIEW', 'token-1');
}

/** The merchant offers ¥80 of the ¥129, and the execution holds the buyer's wait. */
async function offered(amount = 8000) {
  const refund = await decideAsMerchant(ports, MERCHANT, {
    refundId: 'rf-1',
    decision: 'OFFER',
    amount,
    note: '少量瑕疵，补偿 80 元',
  });
  await ports.store.holdWait('rf-1', 'AWAIT_OFFER', 'token-2');
  return refund;
}

const orderLine = async () => (await ports.store.getOrder('o-rf-1'))?.lines?.tea;

describe('the merchant offers part of the amount', () => {
  beforeEach(() => waitingForTheMerchant());

  it('waits for the buyer until the policy deadline, with the offer on the refund, and tells the buyer', async () => {
    const refund = await offered();
    const dueBy = new Date(Date.parse(NOW) + ports.policy.offer.answerSeconds * 1000).toISOString();
    expect(refund).toMatchObject({
      status: 'AWAITING_BUYER',
      step: 'AWAIT_OFFER',
      amount: 12_900,
      nextStep: { who: 'BUYER', action: 'ANSWER_OFFER', dueBy },
      offer: { amount: 8000, requested: 12_900, note: '少量瑕疵，补偿 80 元', merchantId: 'm-1', at: NOW, dueBy },
      decision: { kind: 'MERCHANT', outcome: 'OFFER', by: 'MERCHANT' },
    });
    expect(ports.workflow.calls).toEqual([
      {
        kind: 'resume',
        taskToken: 'token-1',
        output: { outcome: 'AWAIT_OFFER', timeoutSeconds: ports.policy.offer.answerSeconds },
      },
    ]);
    expect(ports.notifier.sent).toHaveLength(1);
    expect(ports.notifier.sent[0]).toMatchObject({
      channel: 'buyer',
      message: { attributes: { event: 'OFFER_MADE', refundId: 'rf-1', channel: 'SMS' } },
    });
    expect(ports.notifier.sent[0]?.message.text).toContain('¥80.00');
    expect(ports.notifier.sent[0]?.message.text).toContain('¥129.00');
  });

  it.each([0, 12_900, 20_000])(
    'refuses an offer of %i (not partial): 422, nothing written or resumed',
    async (amount) => {
      await expect(
        decideAsMerchant(ports, MERCHANT, { refundId: 'rf-1', decision: 'OFFER', amount }),
      ).rejects.toMatchObject({ code: 'OFFER_NOT_PARTIAL', kind: 'unprocessable' });
      expect(ports.workflow.calls).toEqual([]);
      expect(await ports.store.getRefund('rf-1')).toMatchObject({
        status: 'AWAITING_MERCHANT',
        step: 'MERCHANT_REVIEW',
      });
      expect(ports.store.tokenOf('rf-1')).toBe('token-1');
    },
  );
});

describe('while the offer waits', () => {
  beforeEach(async () => {
    await waitingForTheMerchant();
    await offered();
  });

  it('the buyer may still withdraw: the whole reservation is released and a later answer gets 409', async () => {
    const cancelled = await cancelRefund(ports, BUYER, 'rf-1');
    expect(cancelled).toMatchObject({ status: 'CANCELLED', amount: 12_900 });
    expect((await ports.store.getOrder('o-rf-1'))?.refundedAmount).toBe(0);
    await expect(answerOffer(ports, BUYER, { refundId: 'rf-1', accept: true })).rejects.toMatchObject({
      code: 'NOT_WAITING',
    });
  });

  it('the buyer reads the offer in English too: both amounts and the deadline', async () => {
    const refund = await ports.store.getRefund('rf-1');
    if (!refund) throw new Error('no refund');
    const message = buyerNotification('OFFER_MADE', refund, 'en');
    expect(message.subject).toBe('The merchant offers a partial refund');
    expect(message.text).toContain('¥129.00');
    expect(message.text).toContain('¥80.00');
    expect(message.text).toContain('(China time)');
  });
});

describe('the buyer accepts', () => {
  beforeEach(async () => {
    await waitingForTheMerchant();
    await offered();
  });

  it('is paid the offer: the amount and its line shrink, the rest of the reservation is released, once', async () => {
    expect(await orderLine()).toMatchObject({ reservedUnits: 1, reservedAmount: 12_900 });
    const refund = await answerOffer(ports, BUYER, { refundId: 'rf-1', accept: true });

    // Approved with the payout it owes recorded in the same write, on the amount the offer shrank it to.
    expect(refund).toMatchObject({
      status: 'PAYOUT_PENDING',
      step: 'APPROVE',
      amount: 8000,
      items: [{ sku: 'tea', quantity: 1, amount: 8000 }],
      offer: { amount: 8000, answer: { outcome: 'ACCEPTED', by: 'BUYER', at: NOW } },
      decision: { kind: 'OFFER_ANSWER', outcome: 'ACCEPT', by: 'BUYER', actorId: 'u-1' },
      payout: { amount: 8000, promisedBy: expect.any(String) },
      nextStep: { who: 'SYSTEM', action: 'AWAIT_SETTLEMENT' },
    });
    expect(refund.timeline.slice(-2).map((e) => e.status)).toEqual(['APPROVED', 'PAYOUT_PENDING']);
    expect((await ports.store.getOrder('o-rf-1'))?.refundedAmount).toBe(8000);
    // The units stay held: the buyer keeps the goods, settled by the partial refund.
    expect(await orderLine()).toMatchObject({ reservedUnits: 1, reservedAmount: 8000 });
    expect(ports.workflow.calls.at(-1)).toMatchObject({ taskToken: 'token-2', output: { outcome: 'APPROVE' } });
    expect(ports.notifier.sent.at(-1)).toMatchObject({ message: { attributes: { event: 'APPROVED' } } });
    expect(ports.notifier.sent.at(-1)?.message.text).toContain('¥80.00');

    await expect(answerOffer(ports, BUYER, { refundId: 'rf-1', accept: false })).rejects.toMatchObject({
      code: 'NOT_WAITING',
    });
    expect(ports.workflow.calls).toHaveLength(2);
    expect((await ports.store.getOrder('o-rf-1'))?.refundedAmount).toBe(8000);
  });

  it("another buyer cannot answer (404, as if the refund did not exist); the merchant's wait is gone (409)", async () => {
    await expect(
      answerOffer(ports, { sub: 'u-2', role: 'buyer' }, { refundId: 'rf-1', accept: true }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(decideAsMerchant(ports, MERCHANT, { refundId: 'rf-1', decision: 'APPROVE' })).rejects.toMatchObject({
      code: 'NOT_WAITING',
    });
    expect(await ports.store.getRefund('rf-1')).toMatchObject({ status: 'AWAITING_BUYER', amount: 12_900 });
  });
});

describe('the buyer declines', () => {
  it('goes to the platform by default (MANUAL_REVIEW), asking for the whole amount still', async () => {
    await waitingForTheMerchant();
    await offered();
    const refund = await answerOffer(ports, BUYER, { refundId: 'rf-1', accept: false });
    expect(refund).toMatchObject({
      status: 'MANUAL_REVIEW',
      step: 'MANUAL_REVIEW',
      amount: 12_900,
      offer: { answer: { outcome: 'DECLINED', by: 'BUYER' } },
      nextStep: { who: 'REVIEWER', action: 'DECIDE' },
    });
    expect((await ports.store.getOrder('o-rf-1'))?.refundedAmount).toBe(12_900);
    expect(ports.workflow.calls.at(-1)).toMatchObject({ output: { outcome: 'MANUAL_REVIEW' } });
  });

  it('goes back to the merchant when the policy says so, who may offer again only up to maxOffers', async () => {
    await waitingForTheMerchant({ offer: { onDecline: 'MERCHANT_REVIEW', maxOffers: 1 } });
    await offered();
    const refund = await answerOffer(ports, BUYER, { refundId: 'rf-1', accept: false });
    expect(refund).toMatchObject({ status: 'AWAITING_MERCHANT', step: 'MERCHANT_REVIEW' });
    await ports.store.holdWait('rf-1', 'MERCHANT_REVIEW', 'token-3');
    await expect(
      decideAsMerchant(ports, MERCHANT, { refundId: 'rf-1', decision: 'OFFER', amount: 10_000 }),
    ).rejects.toMatchObject({ code: 'OFFER_LIMIT_REACHED' });
    const approved = await decideAsMerchant(ports, MERCHANT, { refundId: 'rf-1', decision: 'APPROVE' });
    expect(approved).toMatchObject({ status: 'PAYOUT_PENDING', amount: 12_900, payout: { amount: 12_900 } });
  });
});

describe('an answer from a page that shows an older offer', () => {
  it('is refused (409 OFFER_CHANGED) and changes nothing; the answer naming the offer now made is taken', async () => {
    await waitingForTheMerchant({ offer: { onDecline: 'MERCHANT_REVIEW', maxOffers: 2 } });
    await offered(10_000);
    // Declined in one tab; the merchant offers less; the other tab still shows ¥100.
    await answerOffer(ports, BUYER, { refundId: 'rf-1', accept: false, amount: 10_000 });
    await ports.store.holdWait('rf-1', 'MERCHANT_REVIEW', 'token-3');
    await offered(5000);
    const calls = ports.workflow.calls.length;

    await expect(answerOffer(ports, BUYER, { refundId: 'rf-1', accept: true, amount: 10_000 })).rejects.toMatchObject({
      code: 'OFFER_CHANGED',
      details: { answered: 10_000, offered: 5000 },
    });
    expect(await ports.store.getRefund('rf-1')).toMatchObject({
      status: 'AWAITING_BUYER',
      amount: 12_900,
      offer: { amount: 5000 },
    });
    expect(await ports.store.getRefund('rf-1')).not.toHaveProperty('offer.answer');
    expect(ports.workflow.calls).toHaveLength(calls);

    const accepted = await answerOffer(ports, BUYER, { refundId: 'rf-1', accept: true, amount: 5000 });
    expect(accepted).toMatchObject({ status: 'PAYOUT_PENDING', amount: 5000, payout: { amount: 5000 } });
  });

  it('is about the offer now made even when an eventually consistent read still shows the older one', async () => {
    await waitingForTheMerchant({ offer: { onDecline: 'MERCHANT_REVIEW', maxOffers: 2 } });
    await offered(10_000);
    const lagging = structuredClone(await ports.store.getRefund('rf-1'));
    await answerOffer(ports, BUYER, { refundId: 'rf-1', accept: false });
    await ports.store.holdWait('rf-1', 'MERCHANT_REVIEW', 'token-3');
    await offered(5000);
    // A replica a moment behind answers every eventually consistent read with the refund as the first offer left it.
    const getRefund = ports.store.getRefund.bind(ports.store);
    ports.store.getRefund = async (refundId, options) =>
      options?.consistent ? getRefund(refundId, options) : structuredClone(lagging);

    const accepted = await answerOffer(ports, BUYER, { refundId: 'rf-1', accept: true });
    expect(accepted).toMatchObject({ amount: 5000, payout: { amount: 5000 }, offer: { amount: 5000 } });
    expect((await ports.store.getOrder('o-rf-1'))?.refundedAmount).toBe(5000);
  });

  it('an accept racing a decline in another tab and a new offer takes nothing: it was worked out on the old offer', async () => {
    await waitingForTheMerchant({ offer: { onDecline: 'MERCHANT_REVIEW', maxOffers: 2 } });
    await offered(10_000);
    const claim = ports.store.claimWait.bind(ports.store);
    let raced = false;
    ports.store.claimWait = async (refund, waits, change, options) => {
      if (!raced) {
        raced = true;
        // Between the accept's read and its claim: the other tab declines, the merchant offers less a minute later.
        await answerOffer(ports, BUYER, { refundId: 'rf-1', accept: false, amount: 10_000 });
        await ports.store.holdWait('rf-1', 'MERCHANT_REVIEW', 'token-3');
        ports.clock.advance(60_000);
        await offered(5000);
      }
      return claim(refund, waits, change, options);
    };
    await expect(answerOffer(ports, BUYER, { refundId: 'rf-1', accept: true, amount: 10_000 })).rejects.toMatchObject({
      code: 'NOT_WAITING',
    });
    expect(await ports.store.getRefund('rf-1')).toMatchObject({
      status: 'AWAITING_BUYER',
      amount: 12_900,
      offer: { amount: 5000 },
    });
    expect((await ports.store.getOrder('o-rf-1'))?.refundedAmount).toBe(12_900);
  });

  it('an answer to an offer already answered is 409 NOT_WAITING whatever amount it names', async () => {
    await waitingForTheMerchant();
    await offered();
    await answerOffer(ports, BUYER, { refundId: 'rf-1', accept: true, amount: 8000 });
    await expect(answerOffer(ports, BUYER, { refundId: 'rf-1', accept: true, amount: 1234 })).rejects.toMatchObject({
      code: 'NOT_WAITING',
    });
  });
});

describe('the buyer stays silent until the deadline', () => {
  const deps = () => ({ ...ports, reviews: noReviews });

  it('counts as a decline by default: to the platform, with the timeout rule in the history', async () => {
    await waitingForTheMerchant();
    await offered();
    ports.clock.advance(ports.policy.offer.answerSeconds * 1000);
    const step = await applyTimeout(deps(), { refundId: 'rf-1', wait: 'AWAIT_OFFER' });
    expect(step.outcome).toBe('MANUAL_REVIEW');
    const refund = await ports.store.getRefund('rf-1');
    expect(refund).toMatchObject({
      status: 'MANUAL_REVIEW',
      amount: 12_900,
      offer: { answer: { outcome: 'DECLINED', by: 'SYSTEM' } },
      decision: { kind: 'TIMEOUT', outcome: 'DECLINE', rules: ['BUYER.OFFER.TIMEOUT.DECLINE'] },
    });
    // A late answer finds the wait gone.
    await expect(answerOffer(ports, BUYER, { refundId: 'rf-1', accept: true })).rejects.toMatchObject({
      code: 'NOT_WAITING',
    });
  });

  it('counts as an acceptance when the policy says so: the offer is paid', async () => {
    await waitingForTheMerchant({ offer: { onSilence: 'ACCEPT' } });
    await offered(5000);
    const step = await applyTimeout(deps(), { refundId: 'rf-1', wait: 'AWAIT_OFFER' });
    expect(step.outcome).toBe('APPROVE');
    expect(await ports.store.getRefund('rf-1')).toMatchObject({
      status: 'PAYOUT_PENDING',
      amount: 5000,
      payout: { amount: 5000 },
      decision: { kind: 'TIMEOUT', outcome: 'ACCEPT', rules: ['BUYER.OFFER.TIMEOUT.ACCEPT'] },
    });
    expect((await ports.store.getOrder('o-rf-1'))?.refundedAmount).toBe(5000);
  });

  it('an answer after the deadline, before the timer has fired, is refused: the silence decides', async () => {
    await waitingForTheMerchant();
    await offered();
    const calls = ports.workflow.calls.length;
    ports.clock.advance(ports.policy.offer.answerSeconds * 1000 + 60_000);
    await expect(answerOffer(ports, BUYER, { refundId: 'rf-1', accept: true, amount: 8000 })).rejects.toMatchObject({
      code: 'NOT_WAITING',
    });
    expect(await ports.store.getRefund('rf-1')).toMatchObject({ status: 'AWAITING_BUYER', amount: 12_900 });
    expect(ports.store.tokenOf('rf-1')).toBe('token-2');
    expect(ports.workflow.calls).toHaveLength(calls);
    // The timer fires a moment later: the policy's answer for silence (decline, to the platform) applies.
    expect((await applyTimeout(deps(), { refundId: 'rf-1', wait: 'AWAIT_OFFER' })).outcome).toBe('MANUAL_REVIEW');
  });

  it("a timeout that loses the race to the buyer's answer continues from the answer", async () => {
    await waitingForTheMerchant();
    await offered();
    await answerOffer(ports, BUYER, { refundId: 'rf-1', accept: true });
    const step = await applyTimeout(deps(), { refundId: 'rf-1', wait: 'AWAIT_OFFER' });
    expect(step.outcome).toBe('APPROVE');
    expect(await ports.store.getRefund('rf-1')).toMatchObject({ status: 'PAYOUT_PENDING', amount: 8000 });
  });
});

describe('linesForAmount', () => {
  it('shares the offer by what each line held, adding up to it, none growing; keeps the units', () => {
    const lines = linesForAmount(
      [
        { sku: 'a', quantity: 2, amount: 3000 },
        { sku: 'b', quantity: 1, amount: 1001 },
      ],
      2001,
    );
    expect(lines).toEqual([
      { sku: 'a', quantity: 2, amount: 1500 },
      { sku: 'b', quantity: 1, amount: 501 },
    ]);
  });

  it('leaves lines without amounts (refunds from before lines were tracked) as they are', () => {
    expect(linesForAmount([{ sku: 'a', quantity: 1 }], 10)).toEqual([{ sku: 'a', quantity: 1 }]);
    expect(linesForAmount(undefined, 10)).toBeUndefined();
  });
});
