/**
 * The buyer's orders list with in-memory ports (app/list-orders.ts): only the caller's orders, newest paid first,
 * paged by cursor; what is still refundable in all and per line; and the refund to follow on each order (the newest
 * still under way, else the newest that ended).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { listOrders } from '../../../functions/app/list-orders.ts';
import { ValidationFailed } from '../../../functions/domain/errors.ts';
import { refundToFollow } from '../../../functions/domain/order-summary.ts';
import { anOrderBody, aRefund } from '../../support/builders.ts';
import { fakePorts } from '../../support/fakes/index.ts';

const BUYER = { sub: 'buyer-1', role: 'buyer' as const };
const NOW = '2026-11-20T10:00:00.000Z';
const paidDaysAgo = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();

let ports: ReturnType<typeof fakePorts>;
beforeEach(async () => {
  ports = fakePorts({ now: NOW });
  // Three orders of buyer-1 paid 3, 2 and 1 days ago; one of someone else paid today.
  for (const [orderId, days, userId] of [
    ['o-old', 3, 'buyer-1'],
    ['o-mid', 2, 'buyer-1'],
    ['o-new', 1, 'buyer-1'],
    ['o-other', 0, 'buyer-2'],
  ] as const) {
    await ports.store.putOrder(
      {
        orderId,
        ...anOrderBody({
          userId,
          paidAt: paidDaysAgo(days),
          paidAmount: 20000,
          items: [
            { sku: 'tea', name: '龙井茶', category: 'GENERAL', unitPrice: 10000, quantity: 1 },
            { sku: 'cup', name: '茶杯', category: 'GENERAL', unitPrice: 5000, quantity: 2 },
          ],
        }),
      },
      NOW,
    );
  }
});

describe('listOrders', () => {
  it('lists only the caller’s orders, newest paid first, a page at a time', async () => {
    const first = await listOrders(ports, BUYER, { limit: 2, locale: 'zh-CN' });
    expect(first.items.map((o) => o.orderId)).toEqual(['o-new', 'o-mid']);
    expect(first.cursor).toBeDefined();
    const second = await listOrders(ports, BUYER, { limit: 2, cursor: first.cursor, locale: 'zh-CN' });
    expect(second.items.map((o) => o.orderId)).toEqual(['o-old']);
    expect(second.cursor).toBeUndefined();
    const theirs = await listOrders(ports, { sub: 'buyer-2', role: 'buyer' }, { locale: 'zh-CN' });
    expect(theirs.items.map((o) => o.orderId)).toEqual(['o-other']);
  });

  it('refuses another buyer’s cursor', async () => {
    const theirs = await listOrders(ports, { sub: 'buyer-3', role: 'buyer' }, { limit: 1, locale: 'zh-CN' });
    expect(theirs.items).toEqual([]);
    const mine = await listOrders(ports, BUYER, { limit: 1, locale: 'zh-CN' });
    await expect(
      listOrders(ports, { sub: 'buyer-2', role: 'buyer' }, { cursor: mine.cursor, locale: 'zh-CN' }),
    ).rejects.toBeInstanceOf(ValidationFailed);
  });

  it('says what is still refundable, in all and per line, and which refund to follow', async () => {
    const order = await ports.store.getOrder('o-mid');
    if (!order) throw new Error('no order');
    // A refund of one cup, still with the merchant.
    await ports.store.createRefund(
      aRefund({
        refundId: 'rf-open',
        orderId: 'o-mid',
        amount: 5000,
        status: 'AWAITING_MERCHANT',
        items: [{ sku: 'cup', quantity: 1, amount: 5000 }],
        createdAt: '2026-11-20T11:00:00.000Z',
      }),
      order,
    );
    const page = await listOrders(ports, BUYER, { locale: 'en' });
    const mid = page.items.find((o) => o.orderId === 'o-mid');
    expect(mid).toMatchObject({
      paidAmount: 20000,
      paymentMethod: 'ALIPAY',
      scenario: 'NOT_SHIPPED',
      refundableAmount: 15000,
      refund: { refundId: 'rf-open', status: 'AWAITING_MERCHANT', statusLabel: 'Waiting for the merchant', open: true },
    });
    expect(mid?.items.map((i) => [i.sku, i.refundableQuantity, i.refundableAmount])).toEqual([
      ['tea', 1, 10000],
      ['cup', 1, 5000],
    ]);
    const fresh = page.items.find((o) => o.orderId === 'o-new');
    expect(fresh?.refundableAmount).toBe(20000);
    expect(fresh?.refund).toBeUndefined();
  });
});

describe('refundToFollow', () => {
  const r = (refundId: string, status: 'REFUNDED' | 'AWAITING_MERCHANT' | 'CANCELLED', createdAt: string) => ({
    refundId,
    orderId: 'o-1',
    status,
    createdAt,
  });
  it('is the newest open refund, else the newest that ended, and nothing without refunds on the order', () => {
    const old = r('a', 'AWAITING_MERCHANT', '2026-11-01T00:00:00.000Z');
    const ended = r('b', 'REFUNDED', '2026-11-02T00:00:00.000Z');
    const cancelled = r('c', 'CANCELLED', '2026-11-03T00:00:00.000Z');
    expect(refundToFollow('o-1', [ended, old, cancelled])?.refundId).toBe('a');
    expect(refundToFollow('o-1', [ended, cancelled])?.refundId).toBe('c');
    expect(refundToFollow('o-2', [ended, old])).toBeUndefined();
  });
});
