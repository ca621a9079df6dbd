/**
 * The merchant's return address with in-memory ports: set and read from the token's merchant, a prompt while none is
 * set, and the address a return goes to copied onto the refund when it starts waiting for the goods (the merchant's,
 * else the platform default), told to the buyer and never rewritten by a later change of address.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { applyTimeout } from '../../../functions/app/apply-timeout.ts';
import { decideAsMerchant } from '../../../functions/app/decide-as-merchant.ts';
import {
  getReturnAddress,
  merchantSetup,
  putReturnAddress,
  withReturnAddress,
} from '../../../functions/app/return-address.ts';
import { enterStep } from '../../../functions/domain/lifecycle.ts';
import { CN_PHONE_PATTERN } from '../../../functions/domain/return-address.ts';
import type { ReviewStore } from '../../../functions/ports/review-store.ts';
import { returnAddressBodySchema } from '../../../functions/schemas/return-address.ts';
import { aDeliveredRefundWaiting } from '../../support/fakes/given.ts';
import { fakePorts } from '../../support/fakes/index.ts';

const NOW = '2026-11-20T10:00:00.000Z';
const MERCHANT = { sub: 'm-1-staff', role: 'merchant' as const, merchantId: 'm-1' };
const WAREHOUSE = { name: '张三', phone: '13812345678', address: '杭州市西湖区文三路 90 号', postcode: '310012' };
const noReviews = new Proxy({} as ReviewStore, {
  get: () => () => Promise.reject(new Error('no review task expected')),
});

let ports: ReturnType<typeof fakePorts>;
beforeEach(() => {
  ports = fakePorts({ now: NOW });
});

/** rf-1 waits for merchant m-1, and its goods must come back before the money. */
async function aReturnWaitingForTheMerchant(refundId = 'rf-1') {
  await aDeliveredRefundWaiting(ports, { refundId, requirements: { returnRequired: true } });
  await ports.store.holdWait(refundId, 'MERCHANT_REVIEW', `token-${refundId}`);
}

describe('PUT/GET the return address', () => {
  it('is stored under the merchant of the token and read back; 404 NO_RETURN_ADDRESS before', async () => {
    await expect(getReturnAddress(ports, MERCHANT)).rejects.toMatchObject({ code: 'NO_RETURN_ADDRESS' });
    expect(await merchantSetup(ports, MERCHANT)).toEqual({ returnAddress: 'MISSING' });

    const stored = await putReturnAddress(ports, MERCHANT, WAREHOUSE);
    expect(stored).toEqual({ ...WAREHOUSE, merchantId: 'm-1', updatedAt: NOW });
    expect(await getReturnAddress(ports, MERCHANT)).toEqual(stored);
    expect(await merchantSetup(ports, MERCHANT)).toBeUndefined();
    // Another merchant still has none.
    const other = { sub: 'm-2-staff', role: 'merchant' as const, merchantId: 'm-2' };
    await expect(getReturnAddress(ports, other)).rejects.toMatchObject({ code: 'NO_RETURN_ADDRESS' });
  });

  it('refuses a merchant token without a merchant (403)', async () => {
    await expect(putReturnAddress(ports, { sub: 's', role: 'merchant' }, WAREHOUSE)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('takes mainland mobiles and landlines, and refuses anything else', () => {
    for (const phone of [
      '13812345678',
      '+8613812345678',
      '19912345678',
      '010-62345678',
      '0571-8765432',
      '02162345678-801',
    ])
      expect(CN_PHONE_PATTERN.test(phone), phone).toBe(true);
    for (const phone of ['12345678901', '1381234567', '138 1234 5678', '010-12345678', '+1 415 555 0100', 'abc', ''])
      expect(CN_PHONE_PATTERN.test(phone), phone).toBe(false);
    const valid = (body: unknown) => returnAddressBodySchema.safeParse(body).success;
    expect(valid(WAREHOUSE)).toBe(true);
    expect(valid({ ...WAREHOUSE, postcode: undefined })).toBe(true);
    expect(valid({ ...WAREHOUSE, postcode: '31001' })).toBe(false);
    expect(valid({ ...WAREHOUSE, name: '   ' })).toBe(false);
    expect(valid({ ...WAREHOUSE, address: 'x'.repeat(129) })).toBe(false);
    expect(valid({ ...WAREHOUSE, name: 'a\u0001b' })).toBe(false);
    expect(valid({ ...WAREHOUSE, merchantId: 'm-2' })).toBe(false);
  });
});

describe('the address a return goes to', () => {
  it('is the platform default while the merchant has none, copied when the return is asked, and told the buyer', async () => {
    await aReturnWaitingForTheMerchant();
    const refund = await decideAsMerchant(ports, MERCHANT, { refundId: 'rf-1', decision: 'APPROVE' });

    expect(refund.status).toBe('AWAITING_RETURN');
    expect(refund.returnAddress).toEqual({
      ...ports.policy.returns.defaultAddress,
      source: 'PLATFORM_DEFAULT',
      at: NOW,
    });
    const text = ports.notifier.sent[0]?.message.text ?? '';
    expect(text).toContain(`退货地址：${ports.policy.returns.defaultAddress.name}`);
    expect(text).toContain(ports.policy.returns.defaultAddress.address);
  });

  it("is the merchant's own once set, and a later change does not rewrite a refund already asked", async () => {
    await putReturnAddress(ports, MERCHANT, WAREHOUSE);
    await aReturnWaitingForTheMerchant();
    const refund = await decideAsMerchant(ports, MERCHANT, { refundId: 'rf-1', decision: 'APPROVE' });
    expect(refund.returnAddress).toEqual({ ...WAREHOUSE, source: 'MERCHANT', at: NOW });
    expect(ports.notifier.sent[0]?.message.text).toContain('张三 13812345678 杭州市西湖区文三路 90 号 310012');

    await putReturnAddress(ports, MERCHANT, { ...WAREHOUSE, address: '杭州市滨江区江南大道 1 号' });
    expect((await ports.store.getRefund('rf-1'))?.returnAddress).toEqual({ ...WAREHOUSE, source: 'MERCHANT', at: NOW });
  });

  it('is copied when a silent merchant is approved for and the goods must still come back', async () => {
    await putReturnAddress(ports, MERCHANT, WAREHOUSE);
    await aReturnWaitingForTheMerchant();
    ports.clock.advance(86_400_000);
    const step = await applyTimeout({ ...ports, reviews: noReviews }, { refundId: 'rf-1', wait: 'MERCHANT_REVIEW' });

    expect(step.outcome).toBe('AWAIT_RETURN');
    const refund = await ports.store.getRefund('rf-1');
    expect(refund?.returnAddress).toMatchObject({ source: 'MERCHANT', address: WAREHOUSE.address });
  });

  it('is left alone on other steps, and on a refund that already carries one', async () => {
    const refund = await aDeliveredRefundWaiting(ports);
    const approve = enterStep('APPROVE', NOW, 'SYSTEM', ports.policy);
    expect(await withReturnAddress(ports, refund, 'APPROVE', approve)).toBe(approve);

    const asked = enterStep('AWAIT_RETURN', NOW, 'SYSTEM', ports.policy);
    const carried = { ...ports.policy.returns.defaultAddress, source: 'PLATFORM_DEFAULT' as const, at: NOW };
    expect(await withReturnAddress(ports, { ...refund, returnAddress: carried }, 'AWAIT_RETURN', asked)).toBe(asked);
  });

  it('does not reject a refund merely because no merchant address was set: the refund goes on with the default', async () => {
    await aReturnWaitingForTheMerchant();
    await decideAsMerchant(ports, MERCHANT, { refundId: 'rf-1', decision: 'APPROVE' });
    expect(ports.workflow.calls).toEqual([
      { kind: 'resume', taskToken: 'token-rf-1', output: expect.objectContaining({ outcome: 'AWAIT_RETURN' }) },
    ]);
  });
});
