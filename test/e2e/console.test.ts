/**
 * The web console in a real browser, driving the local runtime only through its public HTTP API: a buyer applies
 * and watches the refund get paid, a merchant approves a claim waiting for them, a reviewer arbitrates a dispute.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, seedDemo } from '../../local/demo.ts';
import { launchBrowser, openConsole, screenshot, signIn } from '../support/browser.ts';
import { anOrderBody } from '../support/builders.ts';
import { type Client, startTestRuntime } from '../support/local.ts';
import { scenarios, statusOf, uniqueId } from '../support/steps.ts';

let client: Client;
let browser: Browser;
let orders: Awaited<ReturnType<typeof seedDemo>>;
let buyer: string;
let merchant: string;

beforeAll(async () => {
  // Real timers with the prod policy: nothing times out while the browser clicks.
  [client, browser] = await Promise.all([startTestRuntime({ timeScale: 1, stage: 'prod' }), launchBrowser()]);
  orders = await seedDemo(client.runtime.url);
  buyer = await client.token('buyer', DEMO.buyer);
  merchant = await client.token('merchant', `${DEMO.merchant}-staff`, DEMO.merchant);
});
afterAll(async () => {
  await browser?.close();
  await client?.runtime.stop();
});

const orderIn = (scenario: string) => orders.find((o) => o.scenario === scenario)?.orderId ?? '';
/** The refund once the buyer sees it in one of `statuses` and, if it waits for someone, its wait is ready for them. */
const reaches = (refundId: string, statuses: string[]) => statusOf(client, { buyer }, refundId, statuses, 60_000);

/** A claim on a new in-transit order of the demo buyer, waiting for the merchant. */
async function claimInTransit(): Promise<string> {
  const system = await client.token('system', 'order-system');
  const orderId = uniqueId('order');
  const body = anOrderBody({ userId: DEMO.buyer, merchantId: DEMO.merchant, ...scenarios.inTransit() });
  expect((await client.call('PUT', `/v1/orders/${orderId}`, { token: system, body })).status).toBe(201);
  const applied = await client.call('POST', '/v1/refunds', {
    token: buyer,
    headers: { 'idempotency-key': uniqueId('key') },
    body: { orderId, reason: 'NO_LONGER_NEEDED' },
  });
  expect(applied.status).toBe(201);
  await reaches(applied.body.refundId, ['AWAITING_MERCHANT']);
  return applied.body.refundId;
}

describe('a buyer with an unshipped order', () => {
  it('applies in the console and sees the refund paid', async () => {
    const { page, external } = await openConsole(browser, client.runtime.url);
    await screenshot(page, '1-role-switcher');
    await signIn(page, 'buyer', DEMO.buyer);
    await page.getByLabel('Order id').fill(orderIn('NOT_SHIPPED'));
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('radio', { name: /No longer needed/ }).check();
    await page.getByLabel(/^Note/).fill('Bought the wrong size');
    await screenshot(page, '2-buyer-apply');
    await page.getByRole('button', { name: 'Submit' }).click();
    const paid = page.locator('[role=status][data-status="PAYOUT_PENDING"], [role=status][data-status="REFUNDED"]');
    await paid.waitFor();
    await expect(page.getByRole('list', { name: 'Timeline' }).getByRole('listitem').count()).resolves.toBeGreaterThan(
      1,
    );
    await screenshot(page, '3-buyer-progress');
    // The language toggle keeps the refund open and reaches the API: labels come back in zh-CN.
    await page.getByRole('button', { name: '中文' }).click();
    await page.locator('[role=status]', { hasText: /退款/ }).waitFor();
    await screenshot(page, '3-buyer-progress-zh');
    expect(external).toEqual([]);
    await page.context().close();
  });
});

describe('a merchant with a claim on a parcel in transit', () => {
  it('approves it from the queue before the deadline; the refund is paid', async () => {
    const refundId = await claimInTransit();
    const { page, external } = await openConsole(browser, client.runtime.url);
    await signIn(page, 'merchant', `${DEMO.merchant}-staff`);
    const card = page.locator(`[data-refund="${refundId}"]`);
    await card.waitFor();
    await expect(card.locator('[data-due]').textContent()).resolves.toMatch(/due in \d+:\d\d:\d\d/);
    await screenshot(page, '4-merchant-queue');
    await card.getByRole('button', { name: 'Approve' }).click();
    await card.waitFor({ state: 'detached' });
    expect((await reaches(refundId, ['PAYOUT_PENDING', 'REFUNDED'])).decision.by).toBe('MERCHANT');
    expect(external).toEqual([]);
    await page.context().close();
  });
});

describe('a buyer and a merchant talking about a claim', () => {
  it('write in the refund’s thread from their own screens, and each sees what the other wrote', async () => {
    const refundId = await claimInTransit();
    const posted = await client.call('POST', `/v1/refunds/${refundId}/messages`, {
      token: buyer,
      headers: { 'idempotency-key': uniqueId('msg') },
      body: { text: 'The courier says it is lost' },
    });
    expect(posted.status).toBe(201);
    const { page, external } = await openConsole(browser, client.runtime.url);
    await signIn(page, 'merchant', `${DEMO.merchant}-staff`);
    const card = page.locator(`[data-refund="${refundId}"]`);
    await card.waitFor();
    // The message centre told the merchant of the new refund; opening a message marks it read.
    await page.locator('summary', { hasText: 'Notifications' }).click();
    const centre = page.getByRole('list', { name: 'Notifications' });
    const told = centre.locator('li.unread', { hasText: 'New refund to decide' }).first();
    await told.waitFor();
    const noteId = await told.getAttribute('data-note');
    await told.click();
    await centre.locator(`li.read[data-note="${noteId}"]`).waitFor();
    const inbox = await client.call('GET', '/v1/notifications', {
      token: merchant,
      headers: { 'accept-language': 'en' },
    });
    expect(inbox.body.items.find((n: { id: string }) => n.id === noteId)).toMatchObject({ read: true });
    await card.locator('summary', { hasText: 'Messages' }).click();
    const thread = card.getByRole('list', { name: 'Messages' });
    await thread.getByText('The courier says it is lost').waitFor();
    await card.getByLabel('Message (up to 500 characters)').fill('We will check with the courier today');
    await card.getByRole('button', { name: 'Send' }).click();
    await thread.getByText('We will check with the courier today').waitFor();
    await expect(thread.getByRole('listitem').count()).resolves.toBe(2);
    await screenshot(page, '4b-merchant-thread');
    // The buyer's photo, seen by the merchant through its short-lived read URL.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    const grant = await client.call('POST', `/v1/refunds/${refundId}/evidence`, {
      token: buyer,
      body: { kind: 'PHOTO', contentType: 'image/png', contentLength: png.length },
    });
    expect(grant.status).toBe(201);
    const put = await fetch(grant.body.uploadUrl, { method: 'PUT', headers: grant.body.headers, body: png });
    expect(put.status).toBe(200);
    await page.getByRole('button', { name: 'Refresh' }).click();
    const view = page.locator(`[data-refund="${refundId}"]`).getByRole('button', { name: 'View' });
    await view.waitFor({ timeout: 15_000 });
    await view.click();
    const image = page.locator(`[data-refund="${refundId}"]`).getByRole('img', { name: 'Evidence image' });
    await image.waitFor();
    await expect(
      image.evaluate((img) => {
        const i = img as unknown as { complete: boolean; naturalWidth: number };
        return i.complete && i.naturalWidth;
      }),
    ).resolves.toBe(1);
    const read = await client.call('GET', `/v1/refunds/${refundId}/messages`, { token: buyer });
    expect(read.body.items.map((m: { text: string }) => m.text)).toEqual([
      'The courier says it is lost',
      'We will check with the courier today',
    ]);
    expect(external).toEqual([]);
    await page.context().close();
  });
});

describe('a merchant offering part of a claim', () => {
  it('offers from the queue, the buyer accepts on the refund’s page, and the offer is paid', async () => {
    const refundId = await claimInTransit();
    const merchantSide = await openConsole(browser, client.runtime.url);
    await signIn(merchantSide.page, 'merchant', `${DEMO.merchant}-staff`);
    const card = merchantSide.page.locator(`[data-refund="${refundId}"]`);
    await card.waitFor();
    await card.getByLabel('Partial amount (yuan)').fill('80');
    await card.getByRole('button', { name: 'Offer part' }).click();
    await card.waitFor({ state: 'detached' });
    await reaches(refundId, ['AWAITING_BUYER']);
    await merchantSide.page.context().close();

    const { page, external } = await openConsole(browser, client.runtime.url);
    await signIn(page, 'buyer', DEMO.buyer);
    const { orderId } = (await client.call('GET', `/v1/refunds/${refundId}`, { token: buyer })).body;
    await page.getByRole('button', { name: new RegExp(`^${orderId} ·`) }).click();
    const offer = page.locator('[aria-label="The merchant offers a partial refund"]');
    await offer.waitFor();
    await expect(offer.textContent()).resolves.toContain('80.00');
    await screenshot(page, '4c-buyer-offer');
    await offer.getByRole('button', { name: 'Accept the offer' }).click();
    const paid = await reaches(refundId, ['PAYOUT_PENDING', 'REFUNDED']);
    expect(paid.amount).toBe(8000);
    expect(external).toEqual([]);
    await page.context().close();
  });
});

describe('a reviewer with a dispute of a merchant rejection', () => {
  it('sees the whole case and approves; the refund is paid', async () => {
    const refundId = await claimInTransit();
    const path = `/v1/merchant/refunds/${refundId}/decision`;
    expect((await client.call('POST', path, { token: merchant, body: { decision: 'REJECT' } })).status).toBe(200);
    await reaches(refundId, ['REJECTED']);
    const note = 'The parcel was never delivered';
    expect(
      (await client.call('POST', `/v1/refunds/${refundId}/dispute`, { token: buyer, body: { note } })).status,
    ).toBe(200);
    await reaches(refundId, ['MANUAL_REVIEW']);

    const { page, external } = await openConsole(browser, client.runtime.url);
    await signIn(page, 'reviewer', DEMO.reviewer);
    // The availability the server has (the demo reviewer joins the rotation when seeded), as a state and an action.
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await page.locator('.availability [role=status]', { hasText: 'Taking tasks' }).waitFor();
    const task = page.locator(`[data-task][data-refund="${refundId}"]`);
    await task.waitFor();
    await expect(task.textContent()).resolves.toContain(note);
    // The decisions so far, the machine's assessment first, not only the last one.
    await expect(task.textContent()).resolves.toMatch(/Decisions so far \(\d+\)/);
    await expect(task.textContent()).resolves.toContain('Automatic review');
    await task.getByLabel(/Decision note/).fill('Carrier confirms the parcel was lost');
    await screenshot(page, '5-reviewer-task');
    await task.getByRole('button', { name: 'Approve' }).click();
    await task.waitFor({ state: 'detached' });
    expect((await reaches(refundId, ['PAYOUT_PENDING', 'REFUNDED'])).decision.by).toBe('REVIEWER');

    await signIn(page, 'finance', 'demo-finance');
    await page.getByRole('heading', { name: 'Alerts' }).waitFor();
    // Today's ledger (China time) by default, not an error.
    await page.getByRole('heading', { name: 'Ledger by day' }).waitFor();
    await page
      .getByRole('table', { name: 'Totals by kind' })
      .or(page.getByText('No ledger entries on this day'))
      .waitFor();
    await screenshot(page, '6-finance');
    expect(external).toEqual([]);
    await page.context().close();
  });
});
