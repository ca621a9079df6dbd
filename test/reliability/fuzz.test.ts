/**
 * Item 5: hostile input on the routes the API fuzz (test/integration/api/fuzz.test.ts, buyer and order routes)
 * does not cover: the buyer's cancel/return/dispute/offer answer, evidence read URLs, merchant, reviewer, inspector, finance, the payment
 * webhook and the local token. Wrong types, huge strings, bad UTF-8, missing/forged/wrong-role tokens, unknown
 * fields: every answer is a 4xx with the error shape, and nothing is written (both tables compared before and after).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER } from '../../functions/domain/payout/signature.ts';
import { anOrderBody } from '../support/builders.ts';
import { badBytes, badId, broken } from '../support/hostile.ts';
import { withoutLifecycle } from '../support/no-lifecycle.ts';
import { snapshot } from '../support/payouts.ts';
import { givenARuntimeWithActors } from '../support/steps.ts';
import { pool, sized } from './scale.ts';

const RUNS = sized(10_000, 3000);

type Who = 'buyer' | 'merchant' | 'reviewer' | 'inspector' | 'finance' | 'system' | 'stranger' | 'forged' | 'none';
let tokens: Record<Who, string | undefined>;
let refundId: string;

// No lifecycle, no scheduled monitor: whatever changes in the tables was written by a fuzzed request.
const { client, who } = givenARuntimeWithActors({ monitorEverySeconds: 0 });
beforeAll(async () => {
  withoutLifecycle();
  tokens = {
    buyer: who.buyer,
    merchant: who.merchant,
    reviewer: who.reviewer,
    inspector: await client.token('inspector', 'fz-inspector'),
    finance: who.finance,
    system: who.system,
    stranger: await client.token('merchant', 'other-staff', 'other-m'),
    forged: `${who.buyer.slice(0, -2)}xx`,
    none: undefined,
  };
  await client.call('PUT', '/v1/orders/fz-o', {
    token: who.system,
    body: anOrderBody({ userId: who.buyerId, merchantId: who.merchantId }),
  });
  const applied = await client.call('POST', '/v1/refunds', {
    token: who.buyer,
    headers: { 'idempotency-key': 'fz' },
    body: { orderId: 'fz-o', reason: 'NO_LONGER_NEEDED', amount: 100 },
  });
  refundId = applied.body.refundId;
});

interface Attempt {
  method: string;
  path: string;
  who: Who;
  body?: unknown;
  raw?: Buffer;
  headers?: Record<string, string>;
}

/** A route with its rightful caller and a valid body to break. */
interface Target {
  method: string;
  path: (id: string) => string;
  who: Who;
  valid?: Record<string, unknown>;
  required?: string[];
  /** Headers the rightful call carries (an Idempotency-Key), so the body is what is judged. */
  headers?: Record<string, string>;
  /** The caller's own setting (no resource in the path): another principal of the same role rightly sets its own. */
  own?: true;
}
/** A finance action on the (never raised) alert about refund `id`: the alert id is URL-encoded in the path. */
const alertAction = (action: string) => (id: string) =>
  `/v1/finance/alerts/${encodeURIComponent(`LATE_PAYOUT#${id}`)}/${action}`;
const targets: Target[] = [
  { method: 'POST', path: (id) => `/v1/refunds/${id}/cancel`, who: 'buyer' },
  // No body: accepting a decision is refused (409) when no dispute window is open, whatever else is wrong.
  { method: 'POST', path: (id) => `/v1/refunds/${id}/accept`, who: 'buyer' },
  { method: 'POST', path: alertAction('acknowledge'), who: 'finance', valid: { note: 'on it' }, required: ['note'] },
  { method: 'POST', path: alertAction('assign'), who: 'finance', valid: { to: 'finance-2' }, required: ['to'] },
  { method: 'POST', path: alertAction('resolve'), who: 'finance', valid: { note: 'done' }, required: ['note'] },
  {
    method: 'POST',
    path: (id) => `/v1/refunds/${id}/return-shipment`,
    who: 'buyer',
    valid: { carrier: 'SF', trackingNumber: 'SF1234567890128' },
    required: ['trackingNumber'],
  },
  { method: 'POST', path: (id) => `/v1/refunds/${id}/dispute`, who: 'buyer', valid: { note: 'x' }, required: ['note'] },
  {
    method: 'POST',
    path: (id) => `/v1/merchant/refunds/${id}/decision`,
    who: 'merchant',
    valid: { decision: 'APPROVE', reason: 'ok' },
    required: ['decision'],
  },
  {
    // A partial offer: the amount goes with OFFER only, so dropping either breaks the body.
    method: 'POST',
    path: (id) => `/v1/merchant/refunds/${id}/decision`,
    who: 'merchant',
    valid: { decision: 'OFFER', amount: 50, note: '部分退款' },
    required: ['decision', 'amount'],
  },
  // Not waiting for an answer (no lifecycle here): even the valid answer is refused (409), and broken ones with 400.
  {
    method: 'POST',
    path: (id) => `/v1/refunds/${id}/offer`,
    who: 'buyer',
    valid: { accept: true },
    required: ['accept'],
  },
  {
    method: 'POST',
    path: (id) => `/v1/merchant/refunds/${id}/return-received`,
    who: 'merchant',
    valid: { condition: 'INTACT' },
    required: ['condition'],
  },
  {
    method: 'POST',
    path: (id) => `/v1/review/tasks/${id}.1/decision`,
    who: 'reviewer',
    valid: { decision: 'APPROVE', note: 'ok' },
    required: ['decision', 'note'],
  },
  {
    // No inspection here: even the valid verdict is refused (404), and broken ones with 400.
    method: 'POST',
    path: (id) => `/v1/inspection/tasks/${id}.inspection.0/result`,
    who: 'inspector',
    valid: { verdict: 'AS_CLAIMED', note: 'ok', evidenceIds: ['fz-no-such-evidence'] },
    required: ['verdict', 'note'],
  },
  {
    // Even a valid text is refused (422): the evidence id is not the refund's. So no broken body can post.
    method: 'POST',
    path: (id) => `/v1/refunds/${id}/messages`,
    who: 'buyer',
    valid: { text: 'hello', evidenceIds: ['fz-no-such-evidence'] },
    required: ['text'],
    headers: { 'idempotency-key': 'fz-message' },
  },
  {
    method: 'PUT',
    path: () => '/v1/review/availability',
    who: 'reviewer',
    valid: { available: true },
    required: ['available'],
  },
  {
    method: 'PUT',
    path: () => '/v1/merchant/return-address',
    who: 'merchant',
    valid: { name: '退货仓', phone: '13812345678', address: '上海市青浦区华新镇华志路 1 号', postcode: '201708' },
    required: ['name', 'phone', 'address'],
    own: true,
  },
  // No body: only ids (malformed or nobody's) and callers to get wrong.
  { method: 'POST', path: (id) => `/v1/notifications/${id}/read`, who: 'buyer' },
];
const queries: [string, Who, string[]][] = [
  ['/v1/merchant/refunds', 'merchant', ['status', 'cursor', 'limit']],
  ['/v1/finance/ledger', 'finance', ['from', 'to', 'cursor', 'limit']],
  ['/v1/finance/reconciliation', 'finance', ['from', 'to']],
  ['/v1/finance/reports/daily', 'finance', ['date']],
  ['/v1/finance/alerts', 'finance', ['status', 'assignee', 'cursor', 'limit']],
  ['/v1/refunds/fz-none/messages', 'buyer', ['cursor', 'limit']],
  ['/v1/merchant/return-address', 'merchant', ['x']],
  ['/v1/notifications', 'buyer', ['cursor', 'limit']],
  ['/v1/inspection/tasks', 'inspector', ['x']],
];
const webhook = { providerRef: 'p', refundId: 'r', status: 'SETTLED', amount: 100, at: '2026-11-26T00:00:00.000Z' };
const wrongCaller = fc.constantFrom<Who>('none', 'forged', 'stranger', 'system', 'finance', 'buyer');

const attempts: fc.Arbitrary<Attempt> = fc.oneof(
  // Broken bodies from the rightful caller (the resource exists where it can).
  fc.constantFrom(...targets.filter((t) => t.valid)).chain((t) =>
    broken(t.valid ?? {}, t.required ?? [])
      // `available: false` is a valid availability, not a broken one.
      .filter(
        (body) =>
          !(
            t.valid?.available === true &&
            Object.keys(body ?? {}).join() === 'available' &&
            typeof (body as { available?: unknown }).available === 'boolean'
          ),
      )
      .map((body) => ({
        method: t.method,
        path: t.path(refundId),
        who: t.who,
        body,
        ...(t.headers ? { headers: t.headers } : {}),
      })),
  ),
  // Not UTF-8, not JSON.
  fc.tuple(fc.constantFrom(...targets), badBytes).map(([t, raw]) => ({
    method: t.method,
    path: t.path(refundId),
    who: t.who,
    raw,
    ...(t.headers ? { headers: t.headers } : {}),
  })),
  // Ids nobody has.
  fc.tuple(fc.constantFrom(...targets.filter((t) => t.path('x') !== t.path('y'))), badId).map(([t, id]) => ({
    method: t.method,
    path: t.path(id),
    who: t.who,
    ...(t.valid ? { body: t.valid } : {}),
    ...(t.headers ? { headers: t.headers } : {}),
  })),
  // Valid bodies from the wrong caller, or none, or a forged token.
  fc.tuple(fc.constantFrom(...targets), wrongCaller).map(([t, who]) => ({
    method: t.method,
    path: t.path(refundId),
    who: who === t.who || (t.own && who === 'stranger') ? 'none' : who,
    ...(t.valid ? { body: t.valid } : {}),
    ...(t.headers ? { headers: t.headers } : {}),
  })),
  // A refund's evidence under ids nobody has, asked for by its people and by anyone (a GET: no body to break).
  fc
    .tuple(badId, fc.constantFrom<Who>('buyer', 'merchant', 'reviewer', 'stranger', 'forged', 'none', 'finance'))
    .map(([id, who]) => ({ method: 'GET', path: `/v1/refunds/${refundId}/evidence/${id}`, who })),
  // Query strings nobody asked for.
  fc
    .tuple(fc.constantFrom(...queries), fc.string({ maxLength: 300 }), fc.nat(3))
    .map(([[path, who, keys], value, k]) => ({
      method: 'GET',
      path: `${path}?${new URLSearchParams({ [keys[k % keys.length] ?? 'x']: `\u0001${value}`, junk: value })}`,
      who,
    })),
  // The webhook: broken or valid bodies, without or with a forged signature.
  fc
    .tuple(
      fc.oneof(broken(webhook, ['refundId', 'status']), fc.constant(webhook)),
      fc.option(fc.string({ maxLength: 200 })),
    )
    .map(([body, signature]) => ({
      method: 'POST',
      path: '/v1/payments/webhook',
      who: 'none' as const,
      body,
      ...(signature === null ? {} : { headers: { [SIGNATURE_HEADER]: signature } }),
    })),
  // The local token minter: broken claims.
  broken({ sub: 'u-1', role: 'buyer' }, ['sub', 'role']).map((body) => ({
    method: 'POST',
    path: '/local/token',
    who: 'none' as const,
    body,
  })),
);

describe(`${RUNS} hostile requests to every route the API fuzz leaves out`, () => {
  it('all get a 4xx with { error: { code, message } } and write nothing', async () => {
    const before = await snapshot(client.runtime);
    const samples = fc.sample(attempts, { numRuns: RUNS, seed: 20261127 });
    const started = Date.now();
    const failures: unknown[] = [];
    await pool(samples, 16, async (a) => {
      const token = tokens[a.who];
      const r = await client.call(a.method, a.path, {
        ...(token ? { token } : {}),
        ...(a.headers ? { headers: a.headers } : {}),
        ...(a.raw ? { raw: a.raw } : a.body !== undefined ? { body: a.body } : {}),
      });
      const shaped = typeof r.body?.error?.code === 'string' && typeof r.body?.error?.message === 'string';
      if (r.status < 400 || r.status >= 500 || !shaped)
        failures.push({ status: r.status, body: r.text.slice(0, 200), attempt: JSON.stringify(a).slice(0, 300) });
    });
    const after = await snapshot(client.runtime);
    console.log(
      `hostile input: ${samples.length} requests in ${Date.now() - started} ms, ${failures.length} not a shaped 4xx, ` +
        `tables ${after === before ? 'unchanged' : 'CHANGED'}`,
    );
    expect(failures.slice(0, 5)).toEqual([]);
    expect(after === before, 'a hostile request wrote something').toBe(true);
  });
});
