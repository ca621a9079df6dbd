/** An order push whose times lie ahead of the clock: a little (clock skew) is taken, more is refused with where. */
import { expect, it } from 'vitest';
import { recordOrder } from '../../../functions/app/record-order.ts';
import type { OrderFacts } from '../../../functions/ports/refund-store.ts';
import { fakePorts } from '../../support/fakes/index.ts';

const NOW = '2026-12-03T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();
const facts = (over: Partial<OrderFacts> = {}): OrderFacts => ({
  orderId: 'o-1',
  userId: 'u-1',
  merchantId: 'm-1',
  currency: 'CNY',
  paidAmount: 12_900,
  paymentMethod: 'ALIPAY',
  paidAt: at(-600),
  items: [{ sku: 'tea', name: 'Longjing tea', category: 'GENERAL', unitPrice: 12_900, quantity: 1 }],
  fulfillment: { status: 'DELIVERED', deliveredAt: at(-60) },
  ...over,
});

it('takes times up to five minutes ahead (a fast clock), and refuses later ones naming each field', async () => {
  const ports = fakePorts({ now: NOW });
  expect((await recordOrder(ports, facts({ fulfillment: { status: 'DELIVERED', deliveredAt: at(4) } }))).created).toBe(
    true,
  );
  await expect(
    recordOrder(
      ports,
      facts({
        orderId: 'o-2',
        paidAt: at(480),
        fulfillment: { status: 'DELIVERED', deliveredAt: at(481) },
        buyer: { accountCreatedAt: at(10) },
      }),
    ),
  ).rejects.toMatchObject({
    code: 'VALIDATION_FAILED',
    details: [
      { path: 'paidAt', problem: 'in_the_future' },
      { path: 'fulfillment.deliveredAt', problem: 'in_the_future' },
      { path: 'buyer.accountCreatedAt', problem: 'in_the_future' },
    ],
  });
  expect(await ports.store.getOrder('o-2')).toBeUndefined();
});
