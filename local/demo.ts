/**
 * `npm start -- --demo`: seeds the demo buyer's orders (one per scenario and category, and a few more) through the
 * public API, as the order system would (`PUT /v1/orders` with a system token), and makes a demo reviewer available;
 * the console's "我的订单" lists them. Order ids carry a run suffix so each run starts from unrefunded orders.
 */
import { type DemoOrder, setDemoOrders } from './console.ts';

/** Who the demo orders belong to; the console's role switcher offers these ids. */
export const DEMO = { buyer: 'demo-buyer', merchant: 'demo-merchant', reviewer: 'demo-reviewer' } as const;

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const shipped = (days: number) => ({ carrier: 'SF', trackingNumber: 'SF1234567890123', shippedAt: daysAgo(days) });

/** One line of a demo order. */
interface DemoItem {
  sku: string;
  name: string;
  unitPrice: number;
  quantity: number;
}

/**
 * The demo buyer's orders, one per scenario and category the rules treat differently, plus a few more so "我的订单"
 * looks like a real buyer's: several lines, other payment methods. The first of each scenario stays a one-line
 * Alipay order (the browser tests apply on those).
 */
const KINDS: readonly {
  key: string;
  label: string;
  category: 'GENERAL' | 'FRESH' | 'CUSTOM' | 'VIRTUAL';
  paymentMethod?: 'ALIPAY' | 'WECHAT_PAY' | 'BANK_CARD';
  /** Days ago it was paid (the list is newest paid first). */
  paidDays: number;
  items: readonly DemoItem[];
  fulfillment: Record<string, string>;
}[] = [
  {
    key: 'not-shipped',
    label: 'NOT_SHIPPED · tea',
    category: 'GENERAL',
    paidDays: 1,
    items: [{ sku: 'sku-not-shipped', name: '西湖龙井茶 250g', unitPrice: 12900, quantity: 1 }],
    fulfillment: { status: 'NOT_SHIPPED' },
  },
  {
    key: 'in-transit',
    label: 'IN_TRANSIT · kettle',
    category: 'GENERAL',
    paidDays: 2,
    items: [{ sku: 'sku-in-transit', name: '不锈钢电热水壶 1.7L', unitPrice: 25900, quantity: 1 }],
    fulfillment: { status: 'IN_TRANSIT', ...shipped(1) },
  },
  {
    key: 'delivered',
    label: 'DELIVERED 3 days ago · jacket',
    category: 'GENERAL',
    paidDays: 7,
    items: [{ sku: 'sku-delivered', name: '轻薄羽绒服', unitPrice: 39900, quantity: 1 }],
    fulfillment: { status: 'DELIVERED', ...shipped(5), deliveredAt: daysAgo(3) },
  },
  {
    key: 'fresh',
    label: 'FRESH · lychees',
    category: 'FRESH',
    paidDays: 3,
    items: [{ sku: 'sku-fresh', name: '妃子笑荔枝 2.5kg', unitPrice: 8800, quantity: 1 }],
    fulfillment: { status: 'DELIVERED', ...shipped(2), deliveredAt: daysAgo(1) },
  },
  {
    key: 'custom',
    label: 'CUSTOM · engraved pen',
    category: 'CUSTOM',
    paidDays: 8,
    items: [{ sku: 'sku-custom', name: '定制刻字钢笔', unitPrice: 15900, quantity: 1 }],
    fulfillment: { status: 'DELIVERED', ...shipped(6), deliveredAt: daysAgo(2) },
  },
  {
    key: 'virtual',
    label: 'VIRTUAL · game card',
    category: 'VIRTUAL',
    paidDays: 4,
    items: [{ sku: 'sku-virtual', name: '游戏点卡 50 元', unitPrice: 5000, quantity: 1 }],
    fulfillment: { status: 'DELIVERED', deliveredAt: daysAgo(0) },
  },
  {
    key: 'tea-set',
    label: 'NOT_SHIPPED · tea set (WeChat Pay, two lines)',
    category: 'GENERAL',
    paymentMethod: 'WECHAT_PAY',
    paidDays: 0,
    items: [
      { sku: 'sku-teapot', name: '紫砂茶壶', unitPrice: 16800, quantity: 1 },
      { sku: 'sku-teacup', name: '青瓷茶杯', unitPrice: 2900, quantity: 4 },
    ],
    fulfillment: { status: 'NOT_SHIPPED' },
  },
  {
    key: 'headphones',
    label: 'DELIVERED · headphones (bank card)',
    category: 'GENERAL',
    paymentMethod: 'BANK_CARD',
    paidDays: 6,
    items: [{ sku: 'sku-headphones', name: '降噪蓝牙耳机', unitPrice: 49900, quantity: 1 }],
    fulfillment: { status: 'DELIVERED', ...shipped(4), deliveredAt: daysAgo(2) },
  },
];

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
        paidAmount: kind.items.reduce((sum, i) => sum + i.unitPrice * i.quantity, 0),
        paymentMethod: kind.paymentMethod ?? 'ALIPAY',
        paidAt: daysAgo(kind.paidDays + 0.1),
        items: kind.items.map((i) => ({ ...i, category: kind.category })),
        fulfillment: kind.fulfillment,
        buyer: { creditScore: 700, accountCreatedAt: daysAgo(400) },
      },
      system,
    );
    orders.push({ orderId, scenario: kind.fulfillment.status ?? '', label: kind.label });
  }
  const reviewer = await tokenFor(url, { sub: DEMO.reviewer, role: 'reviewer' });
  await call(url, 'PUT', '/v1/review/availability', { available: true }, reviewer);
  setDemoOrders(orders);
  return orders;
}
