/**
 * Item 6: every route × every role × own/foreign resource, and hostile tokens on every protected route. A role the
 * route is not for gets 403, someone else's resource 404, a bad token 401; none of these writes anything.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoClient } from '../../functions/adapters/dynamodb/client.ts';
import { alertKey, alertStateKeys, inboxKey } from '../../functions/adapters/dynamodb/keys.ts';
import { MAIN_TABLE } from '../../functions/adapters/dynamodb/tables.ts';
import { ROUTES } from '../../functions/api/routes.ts';
import { ROLES, type Role } from '../../functions/domain/vocabulary.ts';
import { anOrderBody } from '../support/builders.ts';
import { eventually } from '../support/local.ts';
import { changedItems, settledSnapshot, snapshot } from '../support/payouts.ts';
import { castOf, givenARuntimeWithActors, scenarios } from '../support/steps.ts';
import { badAuthorizations, TEST_TOKEN_SECRET } from './access-tokens.ts';

const ids = {
  awaiting: '',
  review: '',
  task: '',
  seen: '',
  photo: '',
  inspection: '',
  inspected: '',
  inspectedPhoto: '',
};
/** Own and foreign principal of each role: the foreign one owns nothing of what the own one does. */
const tokens = {} as Record<Role, { own: string; foreign: string }>;

// The own cast's reviewer is the only one available, so the review task below is theirs.
const { client, who } = givenARuntimeWithActors({
  timeScale: 1,
  stage: 'prod',
  tokenSecret: TEST_TOKEN_SECRET,
  availableReviewer: true,
  // The channels' notification routes then have credentials, so an unsigned call is refused for its signature (401).
  fakeChannels: ['alipay', 'wechat'],
});
beforeAll(async () => {
  const other = await castOf(client);
  tokens.buyer = { own: who.buyer, foreign: other.buyer };
  tokens.merchant = { own: who.merchant, foreign: other.merchant };
  tokens.reviewer = { own: who.reviewer, foreign: other.reviewer };
  tokens.finance = { own: who.finance, foreign: other.finance };
  tokens.system = { own: who.system, foreign: await client.token('system', 'other-system') };
  // The own inspector is the only one in the inspectors' rotation, so the inspections below are theirs.
  tokens.inspector = {
    own: await client.token('inspector', 'acc-inspector'),
    foreign: await client.token('inspector', 'acc-other-inspector'),
  };
  await client.call('PUT', '/v1/review/availability', { token: tokens.inspector.own, body: { available: true } });
  const order = { userId: who.buyerId, merchantId: who.merchantId };
  for (const [orderId, facts] of [
    ['acc-transit', scenarios.inTransit()],
    ['acc-delivered', scenarios.deliveredDaysAgo(2)],
    ['acc-seen', scenarios.deliveredDaysAgo(2)],
    ['acc-inspect', scenarios.deliveredDaysAgo(2)],
    ['acc-inspected', scenarios.deliveredDaysAgo(2)],
  ] as const) {
    await client.call('PUT', `/v1/orders/${orderId}`, {
      token: tokens.system.own,
      body: anOrderBody({ ...order, ...facts }),
    });
  }
  const apply = async (orderId: string, reason: string) =>
    (
      await client.call('POST', '/v1/refunds', {
        token: tokens.buyer.own,
        headers: { 'idempotency-key': orderId },
        body: { orderId, reason },
      })
    ).body.refundId as string;
  // The foreign merchant has a return address of its own: its GET answers 200 with it, never the own merchant's.
  await client.call('PUT', '/v1/merchant/return-address', {
    token: tokens.merchant.foreign,
    body: { name: '别家退货仓', phone: '0571-87654321', address: '杭州市余杭区文一西路 1 号' },
  });
  ids.awaiting = await apply('acc-transit', 'NO_LONGER_NEEDED');
  ids.review = await apply('acc-delivered', 'NOT_RECEIVED');
  const at = new Date().toISOString();
  await dynamoClient().send(
    new PutCommand({
      TableName: client.runtime.tableName(MAIN_TABLE),
      Item: {
        ...alertKey(ALERT_ID),
        ...alertStateKeys('OPEN', at, ALERT_ID),
        alertId: ALERT_ID,
        kind: 'STUCK_REFUND',
        status: 'OPEN',
        since: at,
        detail: 'Stuck.',
        firstDetectedAt: at,
        lastNotifiedAt: at,
        notifyCount: 1,
        history: [{ at, by: 'monitor', action: 'OPENED' }],
        version: 1,
      },
    }),
  );
  ids.task = await eventually(async () => {
    const tasks = await client.call('GET', '/v1/review/tasks', { token: tokens.reviewer.own });
    return tasks.body?.items?.find((t: { refundId: string }) => t.refundId === ids.review)?.taskId as string;
  });
  // One notice under the same id in the own buyer's and the own merchant's message centres (ids are per inbox), so
  // the one path of the matrix is each owner's own; the foreign buyer and merchant have none by that id (404).
  for (const [audience, recipientId] of [
    ['buyer', who.buyerId],
    ['merchant', who.merchantId],
  ] as const) {
    await dynamoClient().send(
      new PutCommand({
        TableName: client.runtime.tableName(MAIN_TABLE),
        Item: {
          ...inboxKey(audience === 'buyer' ? 'BUYER' : 'MERCHANT', recipientId, NOTICE_ID),
          kind: 'NOTICE',
          id: NOTICE_ID,
          at,
          audience,
          recipientId,
          channel: audience === 'buyer' ? 'PUSH' : 'CONSOLE',
          event: audience === 'buyer' ? 'APPROVED' : 'NEW_REFUND',
          facts: { refundId: 'acc-notice', orderId: 'acc-notice', amount: 100, currency: 'CNY', place: 'ALIPAY' },
          read: false,
        },
      }),
    );
  }
  ids.seen = await apply('acc-seen', 'NOT_RECEIVED');
  ids.photo = await uploadedPhoto(ids.seen);
  // Two returns the merchant says came back damaged: the own inspector decides one in the matrix and keeps the
  // other open, whose photo, thread and evidence they may read.
  ids.inspection = await inspectedReturn(await apply('acc-inspect', 'NO_LONGER_NEEDED'));
  ids.inspected = await apply('acc-inspected', 'NO_LONGER_NEEDED');
  ids.inspectedPhoto = await uploadedPhoto(ids.inspected, false);
  await inspectedReturn(ids.inspected);
});

/** The refund's return shipped and received damaged: an inspection task of the own inspector; returns its id. */
async function inspectedReturn(refundId: string): Promise<string> {
  await eventually(async () => {
    const shipped = await client.call('POST', `/v1/refunds/${refundId}/return-shipment`, {
      token: tokens.buyer.own,
      body: { carrier: 'SF', trackingNumber: 'SF1234567890128' },
    });
    return shipped.status === 200 ? true : undefined;
  });
  await eventually(async () => {
    const received = await client.call('POST', `/v1/merchant/refunds/${refundId}/return-received`, {
      token: tokens.merchant.own,
      body: { condition: 'DAMAGED' },
    });
    return received.status === 200 ? true : undefined;
  });
  return eventually(async () => {
    const tasks = await client.call('GET', '/v1/inspection/tasks', { token: tokens.inspector.own });
    return tasks.body?.items?.find((t: { refundId: string }) => t.refundId === refundId)?.taskId as string;
  });
}

/**
 * A photo on a refund its buyer, its merchant and the own reviewer (who holds its own review task, so the reviewer's
 * decision on ids.task in the matrix leaves it open) may all see.
 */
async function uploadedPhoto(refundId: string, inReview = true): Promise<string> {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  const grant = await client.call('POST', `/v1/refunds/${refundId}/evidence`, {
    token: tokens.buyer.own,
    body: { kind: 'PHOTO', contentType: 'image/png', contentLength: png.length },
  });
  const put = await fetch(grant.body.uploadUrl, { method: 'PUT', headers: grant.body.headers, body: png });
  expect(put.status).toBe(200);
  return eventually(async () => {
    if (!inReview) {
      const refund = await client.call('GET', `/v1/refunds/${refundId}`, { token: tokens.buyer.own });
      const photo = refund.body?.evidence?.find((e: { evidenceId: string }) => e.evidenceId === grant.body.evidenceId);
      return photo?.uploadedAt ? (photo.evidenceId as string) : undefined;
    }
    const tasks = await client.call('GET', '/v1/review/tasks', { token: tokens.reviewer.own });
    const task = tasks.body?.items?.find((t: { refundId: string }) => t.refundId === refundId);
    const photo = task?.evidence.find((e: { evidenceId: string }) => e.evidenceId === grant.body.evidenceId);
    return photo?.uploadedAt ? (photo.evidenceId as string) : undefined;
  });
}

/** A message-centre entry of the own buyer and of the own merchant (seeded above). */
const NOTICE_ID = '20261120T100000000Z-0123456789abcdef';

/** An alert finance can act on (seeded below; alerts belong to finance as a whole, not to one person). */
const ALERT_ID = 'STUCK_REFUND#acc-alert#AWAITING_MERCHANT';
const alertPath = (action: string) => `/v1/finance/alerts/${encodeURIComponent(ALERT_ID)}/${action}`;

/** A valid request for each route, on the own principals' resources. */
interface MatrixRequest {
  path: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

/**
 * The inspector takes part in the thread and sees the evidence of the refunds it inspects, not of those in review: the
 * shared routes are called by inspectors on the open inspection (a foreign inspector gets 404 there too).
 */
function inspectorRequestFor(key: string): MatrixRequest | undefined {
  const table: Record<string, MatrixRequest> = {
    'GET /v1/refunds/{refundId}/evidence/{evidenceId}': {
      path: `/v1/refunds/${ids.inspected}/evidence/${ids.inspectedPhoto}`,
    },
    'GET /v1/refunds/{refundId}/messages': { path: `/v1/refunds/${ids.inspected}/messages` },
    'POST /v1/refunds/{refundId}/messages': {
      path: `/v1/refunds/${ids.inspected}/messages`,
      headers: { 'idempotency-key': 'acc-inspector-message' },
      body: { text: 'the box was crushed on arrival' },
    },
  };
  return table[key];
}

function requestFor(key: string, role?: Role): MatrixRequest {
  const forInspector = role === 'inspector' ? inspectorRequestFor(key) : undefined;
  if (forInspector) return forInspector;
  const r = ids.awaiting;
  const today = new Date().toISOString().slice(0, 10);
  const table: Record<string, MatrixRequest> = {
    'GET /health': { path: '/health' },
    'GET /openapi.json': { path: '/openapi.json' },
    'PUT /v1/orders/{orderId}': {
      path: '/v1/orders/acc-new',
      body: anOrderBody({ userId: who.buyerId, merchantId: who.merchantId }),
    },
    'POST /v1/refunds': {
      path: '/v1/refunds',
      headers: { 'idempotency-key': 'acc-again' },
      body: { orderId: 'acc-transit', reason: 'NO_LONGER_NEEDED' },
    },
    'GET /v1/refunds/{refundId}': { path: `/v1/refunds/${r}` },
    'GET /v1/refunds': { path: '/v1/refunds?orderId=acc-transit' },
    'POST /v1/refunds/{refundId}/cancel': { path: `/v1/refunds/${r}/cancel` },
    'POST /v1/refunds/{refundId}/return-shipment': {
      path: `/v1/refunds/${r}/return-shipment`,
      body: { carrier: 'SF', trackingNumber: 'SF1234567890128' },
    },
    'POST /v1/refunds/{refundId}/dispute': { path: `/v1/refunds/${r}/dispute`, body: { note: 'never arrived' } },
    // Not in the dispute window: the owner gets 409 and nothing changes.
    'POST /v1/refunds/{refundId}/accept': { path: `/v1/refunds/${r}/accept` },
    'GET /v1/merchant/refunds': { path: '/v1/merchant/refunds?status=AWAITING_MERCHANT' },
    'POST /v1/merchant/refunds/{refundId}/decision': {
      path: `/v1/merchant/refunds/${r}/decision`,
      body: { decision: 'APPROVE', reason: 'ok' },
    },
    'POST /v1/merchant/refunds/{refundId}/return-received': {
      path: `/v1/merchant/refunds/${r}/return-received`,
      body: { condition: 'INTACT' },
    },
    'GET /v1/merchant/stats': { path: '/v1/merchant/stats' },
    'GET /v1/review/tasks': { path: '/v1/review/tasks' },
    'POST /v1/review/tasks/{taskId}/decision': {
      path: `/v1/review/tasks/${ids.task}/decision`,
      body: { decision: 'APPROVE', note: 'proof of delivery is missing' },
    },
    'PUT /v1/review/availability': { path: '/v1/review/availability', body: { available: true } },
    'GET /v1/review/availability': { path: '/v1/review/availability' },
    'GET /v1/inspection/tasks': { path: '/v1/inspection/tasks' },
    'POST /v1/inspection/tasks/{taskId}/result': {
      path: `/v1/inspection/tasks/${ids.inspection}/result`,
      body: { verdict: 'INCONCLUSIVE', note: 'the damage could be from either side' },
    },
    'POST /v1/payments/webhook': {
      path: '/v1/payments/webhook',
      body: { providerRef: 'p', refundId: r, status: 'SETTLED', amount: 1, at: new Date().toISOString() },
    },
    'GET /v1/finance/ledger': { path: `/v1/finance/ledger?from=${today}` },
    'GET /v1/finance/reconciliation': { path: `/v1/finance/reconciliation?from=${today}` },
    'GET /v1/finance/reports/daily': { path: `/v1/finance/reports/daily?date=${today}` },
    'GET /v1/orders/{orderId}/refund-options': { path: '/v1/orders/acc-transit/refund-options' },
    'POST /v1/refunds/{refundId}/evidence': {
      path: `/v1/refunds/${r}/evidence`,
      body: { kind: 'PHOTO', contentType: 'image/png', contentLength: 68 },
    },
    'GET /v1/finance/alerts': { path: '/v1/finance/alerts?status=OPEN' },
    'POST /v1/finance/alerts/{alertId}/acknowledge': { path: alertPath('acknowledge'), body: {} },
    'POST /v1/finance/alerts/{alertId}/assign': { path: alertPath('assign'), body: { to: 'finance-2' } },
    'POST /v1/finance/alerts/{alertId}/resolve': { path: alertPath('resolve'), body: { note: 'done' } },
    // Not in PAYOUT_FAILED: the owner gets 409 and nothing changes.
    'POST /v1/finance/payouts/{refundId}/retry': { path: `/v1/finance/payouts/${r}/retry` },
    'POST /v1/refunds/{refundId}/payout-destination': {
      path: `/v1/refunds/${r}/payout-destination`,
      body: { destination: 'BALANCE' },
    },
    // Not waiting for an answer (no offer made): the owner gets 409 and nothing changes.
    'POST /v1/refunds/{refundId}/offer': { path: `/v1/refunds/${r}/offer`, body: { accept: true } },
    // The merchant's own setting (no resource in the path): each merchant reads and writes only its own.
    'PUT /v1/merchant/return-address': {
      path: '/v1/merchant/return-address',
      body: { name: '退货仓', phone: '13812345678', address: '上海市青浦区华新镇华志路 1 号', postcode: '201708' },
    },
    'GET /v1/merchant/return-address': { path: '/v1/merchant/return-address' },
    // Unsigned: refused for the channel's signature whatever token comes with it.
    'POST /v1/payments/alipay/notify': {
      path: '/v1/payments/alipay/notify',
      raw: `notify_type=trade_status_sync&out_biz_no=${r}&send_back_fee=129.00&sign_type=RSA2&sign=x`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
    'POST /v1/payments/wechat/notify': { path: '/v1/payments/wechat/notify', body: { id: 'evt-1', resource: {} } },
    // Buyer, merchant and reviewer: the own three all see the photo; foreign ones of each get 404.
    'GET /v1/refunds/{refundId}/evidence/{evidenceId}': { path: `/v1/refunds/${ids.seen}/evidence/${ids.photo}` },
    // A refund in review: its buyer, its merchant and the reviewer whose open task it is take part in its thread (not
    // ids.review, whose task the matrix's decision closes, and a reviewer who decided is out of the thread).
    'GET /v1/refunds/{refundId}/messages': { path: `/v1/refunds/${ids.seen}/messages` },
    // Each caller's own message centre; marking read is the owner's own entry (foreign ones: 404).
    'GET /v1/notifications': { path: '/v1/notifications' },
    'POST /v1/notifications/{id}/read': { path: `/v1/notifications/${NOTICE_ID}/read` },
    'POST /v1/refunds/{refundId}/messages': {
      path: `/v1/refunds/${ids.seen}/messages`,
      headers: { 'idempotency-key': 'acc-message' },
      body: { text: 'the parcel never came' },
    },
    // The caller's own orders (a list: each buyer sees only theirs, so a foreign buyer's page is empty).
    'GET /v1/orders': { path: '/v1/orders' },
    // A merchant's own scorecard (naming no merchant); finance reads this month's list of every merchant.
    'GET /v1/merchant/scorecard': { path: '/v1/merchant/scorecard' },
    // Finance reads the platform's, a merchant its own (naming no merchant).
    'GET /v1/analytics/refunds': { path: '/v1/analytics/refunds?groupBy=reason' },
  };
  const found = table[key];
  if (!found) throw new Error(`no request for ${key}: add the new route to the access matrix`);
  return found;
}

/** Public routes that only a signed caller may use (the payment callbacks): anyone else gets 401. */
const SIGNED = new Set([
  'POST /v1/payments/webhook',
  'POST /v1/payments/alipay/notify',
  'POST /v1/payments/wechat/notify',
]);

/**
 * Which roles each route is for: the route table's `roles`, which the HTTP wrapper enforces. Most routes have one; a
 * route several roles share (a refund's evidence and its thread: its buyer, merchant and reviewer) is owned by each.
 */
function ownersOf(route: (typeof ROUTES)[number]): readonly Role[] | 'public' {
  if (route.public) return 'public';
  if (!route.roles.length) throw new Error(`${route.id}: the access matrix expects at least one role`);
  return route.roles;
}
/** Routes whose path names a resource someone owns (a foreign caller must get 404). */
const OWNED = /\{(refundId|taskId|id)\}|refund-options/;
/** Finance acts on every refund (its routes name refunds nobody in finance owns). */
const owned = (path: string) => OWNED.test(path) && !path.startsWith('/v1/finance/');

const call = (method: string, key: string, authorization?: string, role?: Role) => {
  const { path, body, raw, headers = {} } = requestFor(key, role);
  return client.call(method, path, {
    ...(body === undefined ? {} : { body }),
    ...(raw === undefined ? {} : { raw }),
    headers: { ...headers, ...(authorization ? { authorization } : {}) },
  });
};

describe(`${ROUTES.length} routes × ${ROLES.length} roles × own/foreign, and hostile tokens`, () => {
  it('answer 401 to bad tokens, 403 to the wrong role, 404 for foreign resources, and write nothing', async () => {
    // Once the refunds set up have stopped moving (their waits hold tokens, their events are counted).
    const before = await settledSnapshot(client.runtime);
    const bad = await badAuthorizations();
    const wrong: string[] = [];
    let cells = 0;
    for (const route of ROUTES) {
      const key = `${route.method} ${route.path}`;
      const owners = ownersOf(route);
      for (const [name, authorization] of Object.entries(bad)) {
        const r = await call(route.method, key, authorization);
        cells++;
        const ok = route.public ? r.status < 500 && (!SIGNED.has(key) || r.status === 401) : r.status === 401;
        if (!ok) wrong.push(`${key} with ${name} token → ${r.status}`);
      }
      for (const role of ROLES) {
        for (const whose of ['own', 'foreign'] as const) {
          // Last, because they may change state: the owner's own calls, and a second principal of the owner role on
          // routes that own nothing (another order system pushing an order, another reviewer's availability).
          const ownsNothing = !owned(route.path) && route.method !== 'GET';
          const isOwner = owners !== 'public' && owners.includes(role);
          if (isOwner && (whose === 'own' || ownsNothing)) continue;
          const r = await call(route.method, key, `Bearer ${tokens[role][whose]}`, role);
          cells++;
          let expected: number[];
          if (owners === 'public') expected = SIGNED.has(key) ? [401] : [200];
          else if (!isOwner) expected = [403];
          else if (owned(route.path)) expected = [404];
          else expected = [200];
          if (!expected.includes(r.status)) wrong.push(`${key} as ${whose} ${role} → ${r.status} (want ${expected})`);
          if (r.status === 200 && owners !== 'public' && r.text.includes(ids.awaiting))
            wrong.push(`${key} as ${whose} ${role} sees the refund`);
        }
      }
    }
    expect(changedItems(before, await snapshot(client.runtime)), 'a refused request wrote these').toEqual([]);
    // Own cells last: the intended caller reaches the resource (never 401/403/404, never 5xx).
    for (const route of ROUTES) {
      const owners = ownersOf(route);
      if (owners === 'public') continue;
      const key = `${route.method} ${route.path}`;
      for (const owner of owners) {
        const r = await call(route.method, key, `Bearer ${tokens[owner].own}`, owner);
        cells++;
        if ([401, 403, 404].includes(r.status) || r.status >= 500) wrong.push(`${key} as own ${owner} → ${r.status}`);
      }
    }
    console.log(`access: ${cells} cells (${ROUTES.length} routes), ${wrong.length} wrong`);
    expect(wrong).toEqual([]);
  });
});
