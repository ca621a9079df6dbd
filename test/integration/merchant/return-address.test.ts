/**
 * The merchant's return address over HTTP against DynamoDB Local and the real ASL: set and read back, bad input
 * refused with 400 and nothing written, the refund list prompting a merchant without one, and a refund that asks for
 * the goods carrying the address in force when it entered AWAITING_RETURN: the platform default before the merchant
 * set its own, the merchant's after, never rewritten by a later change; the buyer's RETURN_REQUESTED message says it.
 */
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../functions/domain/policy/load.ts';
import { applyFor, castOf, givenARuntimeWithActors, scenarios, statusOf } from '../../support/steps.ts';

// Real timers with the prod policy: nothing times out while the return waits.
const { client, who } = givenARuntimeWithActors({ timeScale: 1, stage: 'prod' });
const PLATFORM = loadPolicy('prod').returns.defaultAddress;
const WAREHOUSE = { name: '张三', phone: '13812345678', address: '杭州市西湖区文三路 90 号', postcode: '310012' };
const PATH = '/v1/merchant/return-address';

/** A delivered order the buyer returns for no reason: the rules ask for the goods back first. */
const aReturn = async (cast = who) => {
  const { refundId } = await applyFor(client, cast, scenarios.deliveredDaysAgo(3), { reason: 'NO_LONGER_NEEDED' });
  return statusOf(client, cast, refundId, 'AWAITING_RETURN');
};
const returnRequestedTo = (refundId: string) =>
  client.runtime.outbox.entries.find(
    (e) => e.attributes?.refundId === refundId && e.attributes?.event === 'RETURN_REQUESTED',
  );

describe('PUT/GET /v1/merchant/return-address', () => {
  it('is 404 NO_RETURN_ADDRESS until set, then answers what was stored for this merchant only', async () => {
    const cast = await castOf(client);
    const none = await client.call('GET', PATH, { token: cast.merchant });
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('NO_RETURN_ADDRESS');

    const put = await client.call('PUT', PATH, { token: cast.merchant, body: WAREHOUSE });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ ...WAREHOUSE, merchantId: cast.merchantId, updatedAt: expect.any(String) });
    const got = await client.call('GET', PATH, { token: cast.merchant });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(put.body);

    const replaced = await client.call('PUT', PATH, {
      token: cast.merchant,
      body: { name: '退货仓', phone: '0571-87654321', address: '杭州市滨江区江南大道 1 号' },
    });
    expect(replaced.status).toBe(200);
    expect((await client.call('GET', PATH, { token: cast.merchant })).body).not.toHaveProperty('postcode');

    // Another merchant has none; a buyer may not call the route at all.
    const other = await castOf(client);
    expect((await client.call('GET', PATH, { token: other.merchant })).status).toBe(404);
    expect((await client.call('PUT', PATH, { token: other.buyer, body: WAREHOUSE })).status).toBe(403);
    expect((await client.call('GET', PATH, { token: other.merchant })).status).toBe(404);
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    const cast = await castOf(client);
    const bodies: Record<string, unknown> = {
      'a foreign phone': { ...WAREHOUSE, phone: '+1 415 555 0100' },
      'a short mobile': { ...WAREHOUSE, phone: '1381234567' },
      'spaces in the phone': { ...WAREHOUSE, phone: '138 1234 5678' },
      'no name': { phone: WAREHOUSE.phone, address: WAREHOUSE.address },
      'a blank name': { ...WAREHOUSE, name: '   ' },
      'a name too long': { ...WAREHOUSE, name: '张'.repeat(51) },
      'an address too long': { ...WAREHOUSE, address: '路'.repeat(129) },
      'a 5-digit postcode': { ...WAREHOUSE, postcode: '31001' },
      'a control character': { ...WAREHOUSE, address: 'a\u0007b' },
      'a second line in the name': { ...WAREHOUSE, name: '张三\n李四' },
      'a C1 next-line in the name': { ...WAREHOUSE, name: '张三\u0085' },
      'a C1 escape in the address': { ...WAREHOUSE, address: '\u009b31m杭州市' },
      'a merchant id in the body': { ...WAREHOUSE, merchantId: 'someone-else' },
      'not an object': ['x'],
    };
    for (const [what, body] of Object.entries(bodies)) {
      const r = await client.call('PUT', PATH, { token: cast.merchant, body });
      expect(r.status, what).toBe(400);
      expect(r.body.error.code, what).toBe('VALIDATION_FAILED');
    }
    const malformed = await client.call('PUT', PATH, { token: cast.merchant, raw: '{"name":' });
    expect(malformed.status).toBe(400);
    expect((await client.call('GET', PATH, { token: cast.merchant })).status).toBe(404);
  });
});

describe('a refund that asks for the goods back', () => {
  it('goes to the platform default while the merchant has none (and the merchant is prompted), then to its own', async () => {
    const list = await client.call('GET', '/v1/merchant/refunds', { token: who.merchant });
    expect(list.status).toBe(200);
    expect(list.body.setup).toEqual({ returnAddress: 'MISSING' });

    const early = await aReturn();
    expect(early.returnAddress).toEqual({ ...PLATFORM, source: 'PLATFORM_DEFAULT', at: expect.any(String) });
    expect(returnRequestedTo(early.refundId)?.text).toContain(`退货地址：${PLATFORM.name} ${PLATFORM.phone}`);

    expect((await client.call('PUT', PATH, { token: who.merchant, body: WAREHOUSE })).status).toBe(200);
    const prompted = await client.call('GET', '/v1/merchant/refunds', { token: who.merchant });
    expect(prompted.body).not.toHaveProperty('setup');

    const later = await aReturn();
    expect(later.returnAddress).toEqual({ ...WAREHOUSE, source: 'MERCHANT', at: expect.any(String) });
    expect(returnRequestedTo(later.refundId)?.text).toContain('张三 13812345678 杭州市西湖区文三路 90 号 310012');
    // The merchant sees the same address on its side.
    const mine = await client.call('GET', '/v1/merchant/refunds?status=AWAITING_RETURN', { token: who.merchant });
    const seen = mine.body.items.find((r: { refundId: string }) => r.refundId === later.refundId);
    expect(seen.returnAddress).toMatchObject({ source: 'MERCHANT', name: '张三' });

    // A later change of address rewrites neither refund.
    const moved = { ...WAREHOUSE, address: '杭州市滨江区江南大道 1 号' };
    expect((await client.call('PUT', PATH, { token: who.merchant, body: moved })).status).toBe(200);
    const get = (refundId: string) => client.call('GET', `/v1/refunds/${refundId}`, { token: who.buyer });
    expect((await get(early.refundId)).body.returnAddress).toEqual(early.returnAddress);
    expect((await get(later.refundId)).body.returnAddress).toEqual(later.returnAddress);
  });

  it('carries nothing when no return is asked', async () => {
    const { refundId } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
    const waiting = await statusOf(client, who, refundId, 'AWAITING_MERCHANT');
    expect(waiting).not.toHaveProperty('returnAddress');
  });
});
