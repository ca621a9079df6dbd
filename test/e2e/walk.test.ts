/**
 * The walk (issue 19 items 3 and 5): on the console as deployed (config.json naming a sign-in domain, the page under
 * the stack's Content-Security-Policy, sign-in through managed login with code + PKCE: the local stand-in for Cognito
 * answers, local tokens carry Cognito's claims), signs in as each role and visits every screen that role has, in zh-CN and en,
 * at 1280×800 and 390×844, and on each screen looks for what a person must never see: a raw code or an internal id
 * (visibleCodes), an error in the page, a request leaving the machine, on the phone a page wider than the screen, and
 * a control too small to hit (a button, link, summary or field under 24 px, a radio or checkbox under 20 px).
 * One browser context per (language, size); the refunds it looks at are set up once through the API:
 * - paid: an unshipped order, refunded at once (the buyer's progress, "my refunds", messages);
 * - claim: a parcel in transit, waiting for the merchant, with a message from the buyer (queue, card, thread);
 * - rejected: a claim the merchant rejected, the buyer to dispute or accept;
 * - disputed: a merchant rejection the buyer disputed, a reviewer's task;
 * - failed: a payout the sandbox failed on purpose, finance's alert (and the ledger of the day).
 * Each walk lists every finding by screen before it fails, so one run shows all that is left to fix.
 * Screenshots of each role's first screen: test-results/screenshots/walk-<lang>-<width>-<role>.png.
 */
import { execFileSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, seedDemo } from '../../local/demo.ts';
import { launchBrowser, openConsole, screenshot, visibleCodes } from '../support/browser.ts';
import { anOrderBody } from '../support/builders.ts';
import { type Client, startTestRuntime } from '../support/local.ts';
import { scenarios, statusOf, uniqueId } from '../support/steps.ts';

type Lang = 'zh-CN' | 'en';

let client: Client;
let browser: Browser;
let buyer: string;
/** The refunds the walk looks at, with their orders. */
const seen = {} as Record<'paid' | 'claim' | 'rejected' | 'disputed' | 'failed', { refundId: string; orderId: string }>;

/** Whether this machine has a font with Chinese glyphs (then the console must not show its missing-font note). */
function machineHasCjkFont(): boolean | undefined {
  try {
    return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return undefined; // no fontconfig: nothing to compare with
  }
}

/** A new order of the demo buyer at the demo merchant, as the order system pushes it. */
async function anOrder(fulfillment: Partial<Parameters<typeof anOrderBody>[0]>): Promise<string> {
  const system = await client.token('system', 'order-system');
  const orderId = uniqueId('order');
  const body = anOrderBody({ userId: DEMO.buyer, merchantId: DEMO.merchant, ...fulfillment });
  expect((await client.call('PUT', `/v1/orders/${orderId}`, { token: system, body })).status).toBe(201);
  return orderId;
}

async function apply(orderId: string, reason = 'NO_LONGER_NEEDED'): Promise<{ refundId: string; orderId: string }> {
  const applied = await client.call('POST', '/v1/refunds', {
    token: buyer,
    headers: { 'idempotency-key': uniqueId('key') },
    body: { orderId, reason },
  });
  expect(applied.status, JSON.stringify(applied.body)).toBe(201);
  return { refundId: applied.body.refundId, orderId };
}

const reaches = (refundId: string, statuses: string | readonly string[]) =>
  statusOf(client, { buyer }, refundId, statuses, 60_000);

/** A claim on a parcel in transit, waiting for the merchant. */
async function claim(): Promise<{ refundId: string; orderId: string }> {
  const refund = await apply(await anOrder(scenarios.inTransit()));
  await reaches(refund.refundId, 'AWAITING_MERCHANT');
  return refund;
}

beforeAll(async () => {
  [client, browser] = await Promise.all([
    startTestRuntime({ timeScale: 1, stage: 'prod', auth: 'oauth' }),
    launchBrowser(),
  ]);
  await seedDemo(client.runtime.url);
  buyer = await client.token('buyer', DEMO.buyer);
  const merchant = await client.token('merchant', `${DEMO.merchant}-staff`, DEMO.merchant);

  seen.paid = await apply(await anOrder(scenarios.notShipped()));
  await reaches(seen.paid.refundId, 'REFUNDED');
  // Payouts accepted from now on fail, until the claim and the dispute are set up (they pay nothing meanwhile).
  const faults = (failureRate: number) =>
    client.call('PUT', '/local/payments/faults', { body: { failureRate } }).then((r) => expect(r.status).toBe(200));
  await faults(1);
  const failed = (async () => {
    const refund = await apply(await anOrder(scenarios.notShipped()));
    await reaches(refund.refundId, 'PAYOUT_FAILED');
    return refund;
  })();
  const claimed = (async () => {
    const refund = await claim();
    const posted = await client.call('POST', `/v1/refunds/${refund.refundId}/messages`, {
      token: buyer,
      headers: { 'idempotency-key': uniqueId('msg') },
      body: { text: 'The courier says it is lost' },
    });
    expect(posted.status).toBe(201);
    return refund;
  })();
  const rejectedClaim = async () => {
    const refund = await claim();
    const path = `/v1/merchant/refunds/${refund.refundId}/decision`;
    expect((await client.call('POST', path, { token: merchant, body: { decision: 'REJECT' } })).status).toBe(200);
    await reaches(refund.refundId, 'REJECTED');
    return refund;
  };
  const rejected = rejectedClaim();
  const disputed = (async () => {
    const refund = await rejectedClaim();
    const note = 'The parcel was never delivered';
    const dispute = await client.call('POST', `/v1/refunds/${refund.refundId}/dispute`, {
      token: buyer,
      body: { note },
    });
    expect(dispute.status).toBe(200);
    await reaches(refund.refundId, 'MANUAL_REVIEW');
    return refund;
  })();
  [seen.failed, seen.claim, seen.rejected, seen.disputed] = await Promise.all([failed, claimed, rejected, disputed]);
  await faults(0);
  expect((await client.call('POST', '/local/monitor/run')).status).toBe(200);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await client?.runtime.stop();
});

/** Requests the page has in flight, so a screen counts as drawn only once its data has come. */
function inflight(page: Page): () => number {
  let open = 0;
  page.on('request', () => {
    open += 1;
  });
  const done = () => {
    open = Math.max(0, open - 1);
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return () => open;
}

/** Waits until nothing is loading: no request for a moment, no loading note, no busy region. */
async function settle(page: Page, open: () => number): Promise<void> {
  const deadline = Date.now() + 20_000;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    const busy = open() > 0 || (await page.locator('.loading, [aria-busy="true"]').count()) > 0;
    if (busy) quietSince = Date.now();
    else if (Date.now() - quietSince >= 400) return;
    await page.waitForTimeout(100);
  }
}

/**
 * Visible controls smaller than a finger can hit (WCAG 2.5.8: 24 px; radios and checkboxes 20 px, their label being
 * the larger target), as `tag "text" w×h`. A string: this project's TypeScript has no DOM types outside web/.
 */
const SMALL_TARGETS = `[...document.querySelectorAll('button, a[href], summary, select, textarea, input:not([type=hidden])')]
  .filter((el) => el.checkVisibility())
  .map((el) => {
    const { width, height } = el.getBoundingClientRect();
    const least = el.matches('input[type=radio], input[type=checkbox]') ? 20 : 24;
    if (width >= least - 0.5 && height >= least - 0.5) return '';
    const text = (el.textContent || el.getAttribute('name') || el.type || '').trim().slice(0, 24);
    return el.tagName.toLowerCase() + ' "' + text + '" ' + Math.round(width) + '×' + Math.round(height);
  })
  .filter(Boolean)`;

/** What one walk found, by screen. */
interface Findings {
  codes: Record<string, string[]>;
  overflow: Record<string, number>;
  small: Record<string, string[]>;
  errors: string[];
  external: string[];
  fontNote?: string;
}

/** How the managed-login stand-in names each demo user's role (zh-CN, en). */
const ROLE_WORDS = {
  buyer: ['买家', 'Buyer'],
  merchant: ['商家', 'Merchant'],
  reviewer: ['审核员', 'Reviewer'],
  finance: ['财务', 'Finance'],
} as const;

/** The language toggle's button: it names the language it switches to. */
const toggleTo = (page: Page, lang: Lang) =>
  page.getByRole('button', { name: lang === 'en' ? 'English' : '中文', exact: true }).click();

async function walk(lang: Lang, width: number): Promise<Findings> {
  const { page, external, errors } = await openConsole(browser, client.runtime.url, width);
  const height = width > 390 ? 800 : 844;
  await page.setViewportSize({ width, height });
  const open = inflight(page);
  const found: Findings = { codes: {}, overflow: {}, small: {}, errors, external };
  const tag = `${lang}-${width}`;
  if (lang === 'zh-CN') await toggleTo(page, 'zh-CN');

  /** Looks at the screen as it is now. */
  const look = async (screen: string) => {
    await settle(page, open);
    const codes = await visibleCodes(page);
    if (codes.length) found.codes[screen] = codes;
    const wide = await page.evaluate<number>('document.documentElement.scrollWidth');
    if (wide > width) found.overflow[screen] = wide;
    const small = await page.evaluate<string[]>(SMALL_TARGETS);
    if (small.length) found.small[screen] = small;
  };
  /** Signs out if signed in, then in through managed login (the stand-in's page) as the demo user of `role`. */
  const as = async (role: 'buyer' | 'merchant' | 'reviewer' | 'finance') => {
    const signOut = page.getByRole('button', { name: lang === 'en' ? 'Sign out' : '退出登录', exact: true });
    const signIn = page.getByRole('button', { name: lang === 'en' ? 'Sign in' : '登录', exact: true });
    if (await signOut.isVisible()) await signOut.click();
    await signIn.click();
    await page.waitForURL(/\/local\/oauth2\/authorize\?/);
    await page.getByRole('button', { name: new RegExp(`^${ROLE_WORDS[role][lang === 'en' ? 1 : 0]}`) }).click();
    await page.locator('.who').waitFor();
  };
  const openAll = async (scope: string) => {
    for (const summary of await page.locator(`${scope} details:not([open]) > summary`).all())
      if (await summary.isVisible()) await summary.click();
  };

  // Signed out: the shell, the sign-in button, the skip link and, without a CJK font, the note saying so.
  await look('shell (signed out)');
  await expect(page.locator('.skip').textContent()).resolves.toBe(lang === 'en' ? 'Skip to content' : '跳到主要内容');
  // The skip link: on a fresh page (the language kept), the first Tab shows it and Enter moves the focus to the screen.
  await page.reload();
  await page.locator('.app-header').waitFor();
  await page.keyboard.press('Tab');
  await expect(page.evaluate('document.activeElement.className')).resolves.toBe('skip');
  await screenshot(page, `walk-${tag}-signed-out`);
  await page.keyboard.press('Enter');
  await expect(page.evaluate('document.activeElement.id')).resolves.toBe('view');
  const hasFont = machineHasCjkFont();
  const notes = await page.locator('.font-note').count();
  if (hasFont !== undefined && notes !== (hasFont ? 0 : 1))
    found.fontNote = `${notes} missing-font notes with${hasFont ? '' : 'out'} a CJK font on this machine`;

  // Buyer: home (messages, my orders with their refund entries, my refunds), apply from an order's card, and the
  // progress of each refund (found by its order number) with its thread.
  await as('buyer');
  await page.locator('.my-orders [data-order]').first().waitFor();
  await look('buyer: home, my orders, my refunds');
  await screenshot(page, `walk-${tag}-buyer`);
  await page.locator('details.inbox-panel > summary').click();
  await look('buyer: messages');
  await page.locator('.my-orders button.apply-entry').first().click();
  await page.locator('.apply').waitFor();
  await look('buyer: apply');
  for (const kind of ['paid', 'claim', 'rejected', 'disputed', 'failed'] as const) {
    const { orderId, refundId } = seen[kind];
    await page.locator('input[name="orderId"]').fill(orderId);
    await page.locator('input[name="orderId"]').press('Enter');
    await page
      .locator('.buyer-detail')
      .getByRole('button', { name: new RegExp(`^${orderId} ·`) })
      .click();
    await page.locator(`[aria-labelledby="p-${refundId}"] [role=status][data-status]`).waitFor();
    await openAll('.progress');
    await look(`buyer: progress (${kind})`);
    if (kind === 'failed') await screenshot(page, `walk-${tag}-buyer-progress`);
  }

  // Merchant: the queue, a card, its thread, the notifications.
  await as('merchant');
  const card = page.locator(`[data-refund="${seen.claim.refundId}"]`);
  await card.waitFor();
  await look('merchant: queue and card');
  await screenshot(page, `walk-${tag}-merchant`);
  await card.locator('details > summary').first().click();
  await look('merchant: thread');
  await page.locator('details.inbox-panel > summary').click();
  await look('merchant: notifications');

  // Reviewer: the task with everything opened.
  await as('reviewer');
  const task = page.locator('[data-task]', { hasText: 'The parcel was never delivered' });
  await task.waitFor();
  await openAll('[data-task]');
  await look('reviewer: tasks');
  await screenshot(page, `walk-${tag}-reviewer`);

  // Finance: the alert queue (the failed payout's alert, its history) and the ledger of the day.
  await as('finance');
  await page.locator(`[data-alert*="${seen.failed.refundId}"]`).waitFor();
  await look('finance: alerts and ledger');
  await screenshot(page, `walk-${tag}-finance`);
  await openAll('.finance');
  await look('finance: alert history');

  await page.context().close();
  return found;
}

describe('every screen of every role', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    for (const width of [1280, 390]) {
      it(`shows no code, no error, no outside request and fits the screen: ${lang}, ${width} px`, async () => {
        const found = await walk(lang, width);
        const { codes, overflow, small } = found;
        if ([codes, overflow, small].some((f) => Object.keys(f).length))
          console.info(`walk ${lang} ${width}:`, JSON.stringify({ codes, overflow, small }, null, 1));
        expect(found).toEqual({ codes: {}, overflow: {}, small: {}, errors: [], external: [] });
      });
    }
  }
});
