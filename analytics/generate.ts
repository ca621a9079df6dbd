/**
 * A generated data set of orders and refunds, deterministic for a seed, written as a DynamoDB export of the main
 * table would write it (./export-files.ts). Refund items come from the store's own mapping (newRefundItem), so the
 * views read what the refund store writes. The mix is made to give the documented queries something to find:
 * reasons that depend on the category, skus that come back more than others, merchants that lose more disputes,
 * payout methods that take longer.
 */
import { orderKey, ordersByUserKeys } from '../functions/adapters/dynamodb/keys.ts';
import { dominantCategory } from '../functions/domain/order.ts';
import { DEFAULT_POLICY_DOCUMENT } from '../functions/domain/policy/default-policy.ts';
import type { Order, OrderItem, Payout, Refund, RefundLine } from '../functions/domain/refund.ts';
import type {
  Category,
  Destination,
  PaymentMethod,
  Reason,
  RefundStatus,
  Scenario,
} from '../functions/domain/vocabulary.ts';

/** mulberry32: a small seeded generator, so a seed always gives the same data set. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, weighted: readonly (readonly [T, number])[]): T => {
  const total = weighted.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [value, w] of weighted) {
    r -= w;
    if (r < 0) return value;
  }
  return (weighted.at(-1) as readonly [T, number])[0];
};
const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Orders are paid over 90 days from here; the full export is taken on day 60, the changes after it follow. */
export const DATA_START = Date.parse('2026-01-01T00:00:00.000Z');
export const FULL_EXPORT_AT = DATA_START + 60 * 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

const REASONS_BY_CATEGORY: Record<Category, readonly (readonly [Reason, number])[]> = {
  GENERAL: [
    ['NO_LONGER_NEEDED', 30],
    ['NOT_AS_DESCRIBED', 15],
    ['QUALITY_ISSUE', 15],
    ['DAMAGED', 10],
    ['WRONG_ITEM', 8],
    ['MISSING_PARTS', 7],
    ['LATE_DELIVERY', 5],
    ['ORDERED_BY_MISTAKE', 5],
    ['NOT_RECEIVED', 3],
    ['OTHER', 2],
  ],
  FRESH: [
    ['QUALITY_ISSUE', 40],
    ['DAMAGED', 25],
    ['LATE_DELIVERY', 15],
    ['NOT_RECEIVED', 10],
    ['WRONG_ITEM', 5],
    ['OTHER', 5],
  ],
  CUSTOM: [
    ['NOT_AS_DESCRIBED', 35],
    ['QUALITY_ISSUE', 25],
    ['LATE_DELIVERY', 20],
    ['DAMAGED', 10],
    ['OTHER', 10],
  ],
  VIRTUAL: [
    ['ORDERED_BY_MISTAKE', 45],
    ['NO_LONGER_NEEDED', 35],
    ['NOT_RECEIVED', 15],
    ['OTHER', 5],
  ],
};

const CATEGORY_MIX = [
  ['GENERAL', 60],
  ['FRESH', 20],
  ['CUSTOM', 10],
  ['VIRTUAL', 10],
] as const;
const PAYMENT_MIX = [
  ['ALIPAY', 45],
  ['WECHAT_PAY', 40],
  ['BANK_CARD', 10],
  ['BALANCE', 5],
] as const;
const DESTINATION_MIX = [
  ['ORIGINAL', 80],
  ['BALANCE', 15],
  ['COUPON', 5],
] as const;
const SCENARIO_MIX = [
  ['NOT_SHIPPED', 25],
  ['IN_TRANSIT', 20],
  ['DELIVERED', 55],
] as const;
/** Hours from payout sent to settled, by payout method: wallets in minutes, bank cards in days. */
const SETTLE_HOURS: Record<PaymentMethod | 'COUPON', readonly [number, number]> = {
  ALIPAY: [0.05, 2],
  WECHAT_PAY: [0.1, 3],
  BANK_CARD: [24, 120],
  BALANCE: [0.01, 0.5],
  COUPON: [0.01, 0.2],
};

interface Sku {
  sku: string;
  name: string;
  category: Category;
  unitPrice: number;
  /** How likely a buyer is to refund it (some goods come back more than others). */
  refundWeight: number;
}

export interface DataSet {
  orders: Order[];
  /** Every refund in its latest state. */
  refunds: Refund[];
  /** The refunds the full export saw earlier than their latest state (their state at the export), by refund id. */
  earlier: Map<string, Refund>;
}

/** `refunds` refunds over about 1.6 times as many orders, from `refunds / 500` merchants (at least 20). */
export function generateDataSet(options: { refunds: number; seed?: number }): DataSet {
  const random = seededRandom(options.seed ?? 20);
  const merchants = Array.from({ length: Math.max(20, Math.ceil(options.refunds / 500)) }, (_, m) => ({
    merchantId: `m-${String(m).padStart(4, '0')}`,
    // How often the platform decides this merchant's disputes for the buyer.
    disputeLoss: 0.1 + 0.8 * random(),
    skus: [] as Sku[],
  }));
  for (const merchant of merchants) {
    for (let s = 0; s < 5; s++) {
      const category = pick(random, CATEGORY_MIX);
      merchant.skus.push({
        sku: `${merchant.merchantId}-sku-${s}`,
        name: `${category.toLowerCase()} item ${s}`,
        category,
        unitPrice: between(random, 5, 500) * 100,
        refundWeight: 0.3 + 1.7 * random(),
      });
    }
  }
  const orders = Array.from({ length: Math.ceil(options.refunds * 1.6) }, (_, o) =>
    generateOrder(random, o, merchants[between(random, 0, merchants.length - 1)] as (typeof merchants)[number]),
  );
  // Which orders get a refund: weighted by their goods' refund weight, so return rates differ per sku.
  const weightOf = new Map(merchants.flatMap((m) => m.skus.map((s) => [s.sku, s.refundWeight] as const)));
  const ranked = orders
    .map((order, index) => ({ index, key: random() / (weightOf.get(order.items[0]?.sku ?? '') ?? 1) }))
    .sort((a, b) => a.key - b.key)
    .slice(0, options.refunds)
    .map((r) => r.index)
    .sort((a, b) => a - b);
  const lossOf = new Map(merchants.map((m) => [m.merchantId, m.disputeLoss]));
  const refunds: Refund[] = [];
  const earlier = new Map<string, Refund>();
  for (const [n, index] of ranked.entries()) {
    const order = orders[index] as Order;
    const refund = generateRefund(random, n, order, lossOf.get(order.merchantId) ?? 0.5);
    refunds.push(refund);
    if (Date.parse(refund.createdAt) < FULL_EXPORT_AT && Date.parse(refund.updatedAt) > FULL_EXPORT_AT) {
      earlier.set(refund.refundId, asSubmitted(refund));
    }
  }
  return { orders, refunds, earlier };
}

function generateOrder(random: Random, o: number, merchant: { merchantId: string; skus: Sku[] }): Order {
  const lines = between(random, 1, 3);
  const chosen = [...merchant.skus].sort(() => random() - 0.5).slice(0, lines);
  const items: OrderItem[] = chosen.map((s) => ({
    sku: s.sku,
    name: s.name,
    category: s.category,
    unitPrice: s.unitPrice,
    quantity: between(random, 1, 4),
  }));
  const paidAt = iso(DATA_START + Math.floor(random() * 90 * 24 * HOUR));
  const status: Scenario = pick(random, SCENARIO_MIX);
  return {
    orderId: `o-${String(o).padStart(7, '0')}`,
    userId: `u-${between(random, 0, Math.ceil(o / 3))}`,
    merchantId: merchant.merchantId,
    currency: 'CNY',
    paidAmount: items.reduce((sum, i) => sum + i.unitPrice * i.quantity, 0),
    paymentMethod: pick(random, PAYMENT_MIX),
    paidAt,
    items,
    fulfillment: { status },
    refundedAmount: 0,
    createdAt: paidAt,
    updatedAt: paidAt,
  };
}

/** How a generated refund ends. */
type Outcome = 'PAID' | 'CANCELLED' | 'REJECTED' | 'DISPUTE_WON' | 'DISPUTE_LOST' | 'IN_PROGRESS';
const OUTCOME_MIX: readonly (readonly [Outcome, number])[] = [
  ['PAID', 70],
  ['CANCELLED', 8],
  ['REJECTED', 14],
  ['IN_PROGRESS', 6],
];

function generateRefund(random: Random, n: number, order: Order, disputeLoss: number): Refund {
  const taken = order.items.slice(0, between(random, 1, order.items.length));
  const items: RefundLine[] = taken.map((i) => {
    const quantity = between(random, 1, i.quantity);
    return { sku: i.sku, quantity, amount: quantity * i.unitPrice };
  });
  const category = dominantCategory(
    order,
    DEFAULT_POLICY_DOCUMENT,
    items.map((l) => l.sku),
  );
  const createdMs = Date.parse(order.paidAt) + between(random, 1, 14 * 24) * HOUR;
  let outcome = pick(random, OUTCOME_MIX);
  // Half the rejections are disputed; the platform decides for the buyer as often as the merchant's record says.
  if (outcome === 'REJECTED' && random() < 0.5) outcome = random() < disputeLoss ? 'DISPUTE_LOST' : 'DISPUTE_WON';
  const destination: Destination = pick(random, DESTINATION_MIX);
  const method = destination === 'ORIGINAL' ? order.paymentMethod : destination === 'BALANCE' ? 'BALANCE' : 'COUPON';
  // 秒批 for most; the rest wait for the merchant (hours), and a dispute adds the platform's arbitration (days).
  const decidedMs = createdMs + (random() < 0.6 ? between(random, 1, 5) * MINUTE : between(random, 1, 48) * HOUR);
  const disputedMs = decidedMs + between(random, 1, 24) * HOUR;
  const arbitratedMs = disputedMs + between(random, 24, 96) * HOUR;
  const approvedMs = outcome === 'DISPUTE_LOST' ? arbitratedMs : decidedMs;
  const [low, high] = SETTLE_HOURS[method];
  const settledMs = approvedMs + Math.round((low + random() * (high - low)) * HOUR);
  const final: Record<Outcome, { status: RefundStatus; at: number }> = {
    PAID: { status: 'REFUNDED', at: settledMs },
    DISPUTE_LOST: { status: 'REFUNDED', at: settledMs },
    CANCELLED: { status: 'CANCELLED', at: createdMs + between(random, 1, 60) * MINUTE },
    REJECTED: { status: 'REJECTED', at: decidedMs },
    DISPUTE_WON: { status: 'REJECTED', at: arbitratedMs },
    IN_PROGRESS: { status: random() < 0.5 ? 'AWAITING_MERCHANT' : 'PAYOUT_PENDING', at: decidedMs },
  };
  const { status, at } = final[outcome];
  const amount = items.reduce((sum, l) => sum + (l.amount ?? 0), 0);
  const paidOut = status === 'REFUNDED' || status === 'PAYOUT_PENDING';
  const payout: Payout = {
    method,
    destination,
    amount,
    promisedBy: iso(approvedMs + 72 * HOUR),
    sentAt: iso(approvedMs),
    ...(status === 'REFUNDED' ? { settledAt: iso(settledMs), settledAmount: amount } : {}),
  };
  const disputed = outcome === 'DISPUTE_LOST' || outcome === 'DISPUTE_WON';
  return {
    refundId: `r-${String(n).padStart(7, '0')}`,
    orderId: order.orderId,
    userId: order.userId,
    merchantId: order.merchantId,
    amount,
    currency: order.currency,
    reason: pick(random, REASONS_BY_CATEGORY[category]),
    scenario: order.fulfillment.status,
    category,
    items,
    destination,
    status,
    timeline: [
      { at: iso(createdMs), status: 'SUBMITTED', actor: 'BUYER', actorId: order.userId },
      { at: iso(at), status, actor: 'SYSTEM' },
    ],
    ...(paidOut ? { payout } : {}),
    ...(disputed ? { dispute: { note: 'the goods were faulty', at: iso(disputedMs) } } : {}),
    createdAt: iso(createdMs),
    updatedAt: iso(at),
  };
}

/** A refund as it was when it had just been submitted (what the full export saw of a refund that changed after). */
function asSubmitted(refund: Refund): Refund {
  const { payout: _payout, dispute: _dispute, ...rest } = refund;
  return {
    ...rest,
    status: 'SUBMITTED',
    timeline: refund.timeline.slice(0, 1),
    updatedAt: refund.createdAt,
  };
}

/** The order item as the store keeps it: its key, the buyer's order index keys and the order. */
export const orderItem = (order: Order) => ({
  ...orderKey(order.orderId),
  ...ordersByUserKeys(order.userId, order.paidAt, order.orderId),
  ...order,
});
