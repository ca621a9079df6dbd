/**
 * Item 4: the runtime is SIGKILLed (process group, DynamoDB Local's java included) with refunds being paid and
 * refunds waiting for merchants, and started again on the same data dir. Every refund finishes or is picked up
 * again (recovery re-drives it; a payout whose webhook died is settled by the monitor from the provider's record, or
 * flagged when the provider never accepted it), and none is paid twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { anOrderBody } from '../support/builders.ts';
import { eventually } from '../support/local.ts';
import { type ChildRuntime, groupMembers, killGroup, startChild } from './child.ts';
import { pool, sized } from './scale.ts';

const N = sized(200, 30);
const dataDir = mkdtempSync(join(tmpdir(), 'restart-'));
const children: ChildRuntime[] = [];
afterAll(async () => {
  for (const child of children) await killGroup(child);
  rmSync(dataDir, { recursive: true, force: true });
});

async function http(base: string, method: string, path: string, token?: string, body?: unknown, key?: string) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(key ? { 'idempotency-key': key } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const token = async (base: string, claims: Record<string, string>) =>
  (await http(base, 'POST', '/local/token', undefined, claims)).body.token as string;

/**
 * Each refund is its own buyer's (`rs-buyer-<i>`): one buyer refunding 40 orders in a second would be judged high risk
 * (the refund rate, the velocity) and sent to a reviewer, while this test is about a restart.
 */
const buyerOf = new Map<string, string>();
const buyerTokens = new Map<string, string>();
/** The refund as its buyer reads it from the runtime at `base` (each runtime signs its own tokens). */
async function refundAt(base: string, refundId: string) {
  const sub = buyerOf.get(refundId) ?? '';
  const key = `${base} ${sub}`;
  const buyer = buyerTokens.get(key) ?? (await token(base, { sub, role: 'buyer' }));
  buyerTokens.set(key, buyer);
  return http(base, 'GET', `/v1/refunds/${refundId}`, buyer);
}

async function tokensFor(base: string) {
  return {
    system: await token(base, { sub: 'order-system', role: 'system' }),
    merchant: await token(base, { sub: 'rs-staff', role: 'merchant', merchantId: 'rs-m' }),
    finance: await token(base, { sub: 'rs-finance', role: 'finance' }),
  };
}

/** SENT ledger entries per refund over the last two CST days, all pages. */
async function sentPerRefund(base: string, finance: string): Promise<Map<string, number>> {
  const day = (offset: number) => new Date(Date.now() + 8 * 3600_000 + offset).toISOString().slice(0, 10);
  const sent = new Map<string, number>();
  let cursor: string | undefined;
  do {
    const query = `from=${day(-86_400_000)}&to=${day(0)}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await http(base, 'GET', `/v1/finance/ledger?${query}`, finance);
    expect(page.status).toBe(200);
    for (const e of page.body.items) if (e.kind === 'SENT') sent.set(e.refundId, (sent.get(e.refundId) ?? 0) + 1);
    cursor = page.body.cursor;
  } while (cursor);
  return sent;
}

describe(`a runtime SIGKILLed with ${N} refunds in flight`, () => {
  it('finishes or picks up every refund after a restart, and pays none twice', async () => {
    const first = await startChild(dataDir);
    children.push(first);
    let t = await tokensFor(first.url);
    // Two in three instant (small, not shipped: paid at once), one in three waiting for the merchant.
    const refundIds = await pool(Array.from({ length: N }), 16, async (_, i) => {
      const waits = i % 3 === 2;
      const orderId = `rs-${i}`;
      const facts = waits
        ? { fulfillment: { status: 'IN_TRANSIT' as const, carrier: 'SF', trackingNumber: 'SF1234567890123' } }
        : {};
      await http(
        first.url,
        'PUT',
        `/v1/orders/${orderId}`,
        t.system,
        anOrderBody({ userId: `rs-buyer-${i}`, merchantId: 'rs-m', ...facts }),
      );
      const applied = await http(
        first.url,
        'POST',
        '/v1/refunds',
        await token(first.url, { sub: `rs-buyer-${i}`, role: 'buyer' }),
        { orderId, reason: 'NO_LONGER_NEEDED', ...(waits ? {} : { amount: 3000 }) },
        orderId,
      );
      expect(applied.status).toBe(201);
      buyerOf.set(applied.body.refundId, `rs-buyer-${i}`);
      return applied.body.refundId as string;
    });
    // Some merchant approvals are on their way as the process dies.
    const queue = await http(first.url, 'GET', '/v1/merchant/refunds?status=AWAITING_MERCHANT', t.merchant);
    for (const r of (queue.body.items ?? []).slice(0, 5)) {
      void http(first.url, 'POST', `/v1/merchant/refunds/${r.refundId}/decision`, t.merchant, {
        decision: 'APPROVE',
      }).catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 30));
    const before = await pool(
      refundIds,
      16,
      async (id) =>
        (await refundAt(first.url, id).catch(() => ({ body: { status: 'UNKNOWN' } }))).body.status as string,
    );
    const killedAt = new Date().toISOString();
    await killGroup(first);
    expect(groupMembers(first.process.pid ?? 0)).toEqual([]);
    const count = (list: string[]) =>
      Object.fromEntries([...new Set(list)].map((s) => [s, list.filter((x) => x === s).length]));
    console.log(`restart: killed with ${JSON.stringify(count(before))}`);

    const second = await startChild(dataDir);
    children.push(second);
    t = await tokensFor(second.url);
    const refundOf = async (id: string) => (await refundAt(second.url, id)).body;
    /** Done, or left pending by the first run (its webhook died with it): the monitor's business, not the runtime's. */
    const settled = (r: { status: string; timeline: { status: string; at: string }[] }) =>
      r.status === 'REFUNDED' ||
      (r.status === 'PAYOUT_PENDING' && r.timeline.some((e) => e.status === 'PAYOUT_PENDING' && e.at < killedAt));
    // The merchant decides whatever still waits; a refund decided before the kill answers 409.
    let unsettled: string[] = [];
    await eventually(async () => {
      const waiting = await http(second.url, 'GET', '/v1/merchant/refunds?status=AWAITING_MERCHANT', t.merchant);
      for (const r of waiting.body.items ?? []) {
        await http(second.url, 'POST', `/v1/merchant/refunds/${r.refundId}/decision`, t.merchant, {
          decision: 'APPROVE',
        });
      }
      const all = await pool(refundIds, 16, refundOf);
      unsettled = all
        .filter((r) => !settled(r))
        .map((r) => `${r.refundId} ${r.timeline.map((e: { status: string }) => e.status).join('>')}`);
      return unsettled.length ? undefined : true;
    }, 180_000).catch((error: Error) => {
      throw new Error(`${error.message}; still moving: ${unsettled.join(', ')}`);
    });
    const after = (await pool(refundIds, 16, refundOf)).map((r) => r.status as string);
    const pending = refundIds.filter((_, i) => after[i] === 'PAYOUT_PENDING');
    const sent = await sentPerRefund(second.url, t.finance);
    const twice = [...sent].filter(([, n]) => n > 1);
    // Payouts whose webhooks died with the first process stay pending. Once their promise has passed, the monitor
    // asks the provider about them: one it paid (the sandbox keeps its records in the data folder, as a provider
    // does) is settled from its record; one it never accepted (killed between the promise and the send) is flagged.
    // A third run with its clock 30 days ahead runs it.
    await killGroup(second, 'SIGTERM');
    const later = await startChild(dataDir, { CLOCK_OFFSET_DAYS: '30' });
    children.push(later);
    t = await tokensFor(later.url);
    await http(later.url, 'POST', '/local/monitor/run');
    const alerts = await http(later.url, 'GET', '/v1/finance/alerts?status=OPEN&limit=100', t.finance);
    const flagged = new Set((alerts.body.items ?? []).map((a: { refundId?: string }) => a.refundId));
    const afterMonitor = await pool(pending, 16, async (id) => ({
      id,
      status: (await refundAt(later.url, id)).body.status as string,
    }));
    const settledLater = new Set(afterMonitor.filter((r) => r.status === 'REFUNDED').map((r) => r.id));
    const unsent = pending.filter((id) => !sent.has(id));
    console.log(
      `restart: after restart ${JSON.stringify(count(after))}; of ${pending.length} pending, ` +
        `${settledLater.size} settled by the monitor from the provider's record, ` +
        `${pending.filter((id) => flagged.has(id)).length} flagged (${unsent.length} killed between the promise and ` +
        `the send); ${sent.size} refunds with a SENT entry, ${twice.length} paid twice`,
    );
    expect(twice).toEqual([]);
    expect(pending.filter((id) => !flagged.has(id) && !settledLater.has(id))).toEqual([]);
    // What the provider never accepted cannot have been settled: those are flagged.
    expect(unsent.filter((id) => !flagged.has(id))).toEqual([]);
  });
});
