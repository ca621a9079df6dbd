/**
 * `npm start -- --demo`: seeds one order per scenario for a demo buyer and merchant through the public API, as
 * the order system would (`PUT /v1/orders` with a system token), makes a demo reviewer available, and lists the
 * orders for the console's order picker. Order ids carry a run suffix so each run starts from unrefunded orders.
 */
import { type DemoOrder, setDemoOrders } from './console.ts';

/** Who the demo orders belong to; the console's role switcher offers these ids. */
export const DEMO = { buyer: 'demo-buyer', merchant: 'demo-merchant', reviewer: 'demo-reviewer' } as const;

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const shipped = (days: number) => ({ carrier: 'SF', trackingNumber: 'SF1234567890123', shippedAt: daysAgo(days) });

const KINDS = [
  {
    key: 'not-shipped',
    label: 'NOT_SHIPPED · tea',
    category: 'GENERAL',
    price: 12900,
    fulfillment: { status: 'NOT_SHIPPED' },
  },
  {
    key: 'in-transit',
    label: 'IN_TRANSIT · kettle',
    category: 'GENERAL',
    price: 25900,
    fulfillment: { status: 'IN_TRANSIT', ...shipped(1) },
  },
  {
    key: 'delivered',
    label: 'DELIVERED 3 days ago · jacket',
    category: 'GENERAL',
    price: 39900,
    fulfillment: { status: 'DELIVERED', ...shipped(5), deliveredAt: daysAgo(3) },
  },
  {
    key: 'fresh',
    label: 'FRESH · lychees',
    category: 'FRESH',
    price: 8800,
    fulfillment: { status: 'DELIVERED', ...shipped(2), deliveredAt: daysAgo(1) },
  },
  {
    key: 'custom',
    label: 'CUSTOM · engraved pen',
    category: 'CUSTOM',
    price: 15900,
    fulfillment: { status: 'DELIVERED', ...shipped(6), deliveredAt: daysAgo(2) },
  },
  {
    key: 'virtual',
    label: 'VIRTUAL · game card',
    category: 'VIRTUAL',
    price: 5000,
    fulfillment: { status: 'DELIVERED', deliveredAt: daysAgo(0) },
  },
] as const;

async function call(url: string, method: string, path: string, body: unknown, token?: string): Promise<unknown> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function tokenFor(url: string, claims: Record<string, string>): Promise<string> {
  const body = await call(url, 'POST', '/local/token', claims);
  const token = typeof body === 'object' && body && 'token' in body ? body.token : undefined;
  if (typeof token !== 'string') throw new Error('the runtime returned no token');
  return token;
}

/** Seeds the demo orders into the runtime at `url` and returns them. */
export async function seedDemo(url: string, run = Date.now().toString(36)): Promise<DemoOrder[]> {
  const system = await tokenFor(url, { sub: 'order-system', role: 'system' });
  const orders: DemoOrder[] = [];
  for (const kind of KINDS) {
    const orderId = `demo-${kind.key}-${run}`;
    await call(
      url,
      'PUT',
      `/v1/orders/${orderId}`,
      {
        userId: DEMO.buyer,
        merchantId: DEMO.merchant,
        currency: 'CNY',
        paidAmount: kind.price,
        paymentMethod: 'ALIPAY',
        paidAt: daysAgo(7),
        items: [
          {
            sku: `sku-${kind.key}`,
            name: kind.label.split(' · ')[1],
            category: kind.category,
            unitPrice: kind.price,
            quantity: 1,
          },
        ],
        fulfillment: kind.fulfillment,
        buyer: { creditScore: 700, accountCreatedAt: daysAgo(400) },
      },
      system,
    );
    orders.push({ orderId, scenario: kind.fulfillment.status, label: kind.label });
  }
  const reviewer = await tokenFor(url, { sub: DEMO.reviewer, role: 'reviewer' });
  await call(url, 'PUT', '/v1/review/availability', { available: true }, reviewer);
  setDemoOrders(orders);
  return orders;
}
