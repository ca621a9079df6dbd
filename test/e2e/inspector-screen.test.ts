/**
 * The inspector's queue in a real browser against the local runtime, walked in English at desktop size and in
 * Chinese at phone size: the inspector joins the rotation from the screen, sees a damaged ¥3,000 return in words
 * (the buyer's claim, what the merchant found, why it is inspected, the deadline and what happens at zero), opens the
 * buyer's photo and message, cannot record a verdict without a note, and records one; the refund is paid. No raw code
 * or internal id visible, no error in the page, no request leaving the machine. Screenshots go to
 * test-results/screenshots/.
 */
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openConsole, screenshot, visibleCodes } from '../support/browser.ts';
import { anOrderBody } from '../support/builders.ts';
import { givenARuntimeWithActors, PAID_OUT, scenarios, statusOf, uniqueId } from '../support/steps.ts';

// Real timers with the prod policy: the inspector's day never runs out while the browser clicks.
const { client, who } = givenARuntimeWithActors({ timeScale: 1, stage: 'prod' });
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  return () => browser?.close();
});

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const WALKS = [
  { lang: 'en', size: { name: 'desktop', width: 1280, height: 800 } },
  { lang: 'zh-CN', size: { name: 'phone', width: 390, height: 844 } },
] as const;
type Lang = (typeof WALKS)[number]['lang'];
const say = <T>(lang: Lang, zh: T, en: T): T => (lang === 'en' ? en : zh);

/** A ¥3,000 camera returned with a photo and a message, that the merchant says came back damaged. */
async function damagedReturn(): Promise<string> {
  const orderId = uniqueId('order');
  const body = anOrderBody({
    userId: who.buyerId,
    merchantId: who.merchantId,
    paidAmount: 300_000,
    items: [{ sku: 'cam-1', name: 'Mirrorless camera', category: 'GENERAL', unitPrice: 300_000, quantity: 1 }],
    ...scenarios.deliveredDaysAgo(3),
  });
  expect((await client.call('PUT', `/v1/orders/${orderId}`, { token: who.system, body })).status).toBe(201);
  const applied = await client.call('POST', '/v1/refunds', {
    token: who.buyer,
    headers: { 'idempotency-key': uniqueId('key') },
    body: { orderId, reason: 'NO_LONGER_NEEDED', note: 'Never used, sent back in its box' },
  });
  expect(applied.status).toBe(201);
  const refundId: string = applied.body.refundId;
  await statusOf(client, who, refundId, 'AWAITING_RETURN', 60_000);
  const grant = await client.call('POST', `/v1/refunds/${refundId}/evidence`, {
    token: who.buyer,
    body: { kind: 'PHOTO', contentType: 'image/png', contentLength: PNG.length },
  });
  expect(grant.status).toBe(201);
  const put = await fetch(grant.body.uploadUrl, { method: 'PUT', headers: grant.body.headers, body: PNG });
  expect(put.status).toBe(200);
  const posted = await client.call('POST', `/v1/refunds/${refundId}/messages`, {
    token: who.buyer,
    headers: { 'idempotency-key': uniqueId('msg') },
    body: { text: 'Packed it in the original box' },
  });
  expect(posted.status).toBe(201);
  const shipped = await client.call('POST', `/v1/refunds/${refundId}/return-shipment`, {
    token: who.buyer,
    body: { carrier: 'SF', trackingNumber: 'SF1234567890128' },
  });
  expect(shipped.status).toBe(200);
  await statusOf(client, who, refundId, 'RETURN_IN_TRANSIT', 60_000);
  const received = await client.call('POST', `/v1/merchant/refunds/${refundId}/return-received`, {
    token: who.merchant,
    body: { condition: 'DAMAGED' },
  });
  expect(received.status).toBe(200);
  await statusOf(client, who, refundId, 'AWAITING_INSPECTION', 60_000);
  return refundId;
}

/** A browser page at `size` in `lang`, signed in as inspector `sub` through the role switcher. */
async function openAsInspector(sub: string, size: (typeof WALKS)[number]['size'], lang: Lang) {
  const opened = await openConsole(browser, client.runtime.url, size.width);
  const { page } = opened;
  await page.setViewportSize({ width: size.width, height: size.height });
  const roles = page.getByLabel('Role', { exact: true });
  if (!(await roles.isVisible())) await page.getByText('Switch role').click();
  await roles.selectOption('inspector');
  await page.getByLabel('User id').fill(sub);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Signed in as').waitFor();
  if (lang === 'zh-CN') {
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByText('当前身份').waitFor();
  }
  return opened;
}

async function clean(page: Page, width: number): Promise<void> {
  expect(await visibleCodes(page)).toEqual([]);
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
}

describe('an inspector with a damaged high-value return', () => {
  for (const { lang, size } of WALKS) {
    it(`joins the rotation, sees the case in words and records a verdict with a note (${lang}, ${size.name})`, async () => {
      const sub = uniqueId('inspector');
      const { page, external, errors } = await openAsInspector(sub, size, lang);
      await page.getByRole('button', { name: say(lang, '开始接单', 'Start taking tasks') }).click();
      await page.getByRole('button', { name: say(lang, '暂停接单', 'Pause') }).waitFor();
      const refundId = await damagedReturn();

      const card = page.locator(`[data-refund="${refundId}"]`);
      await card.waitFor({ timeout: 30_000 });
      const text = ((await card.textContent()) ?? '').replace(/\s+/g, ' ');
      expect(text).toContain(say(lang, '第三方质检', 'Independent inspection'));
      expect(text).toContain(say(lang, '不想要了', 'No longer needed'));
      expect(text).toContain(say(lang, '有损坏', 'Damaged'));
      expect(text).toContain(say(lang, '退回商品金额较高', 'High-value goods came back'));
      expect(text).toContain('Never used, sent back in its box');
      expect(text).toMatch(
        say(lang, /剩余 \d+小时\d+分，逾期将转给其他质检员/, /\d+ h \d+ min left, then another inspector/),
      );
      await card.getByText('Packed it in the original box').waitFor();
      await card.getByRole('button', { name: say(lang, '查看凭证', 'View') }).click();
      const image = card.getByRole('img', { name: say(lang, '凭证图片', 'Evidence image') });
      await image.waitFor();
      await clean(page, size.width);
      await screenshot(page, `inspector-${size.name}-${lang}-task`);

      // No note, no verdict: the form says so and nothing is sent.
      const asClaimed = card.getByRole('button', {
        name: say(lang, '与买家描述一致', 'As the buyer claimed'),
        exact: true,
      });
      await asClaimed.click();
      await card.getByText(say(lang, '请先填写质检说明', 'Write what you found first')).waitFor();
      expect((await statusOf(client, who, refundId, 'AWAITING_INSPECTION')).status).toBe('AWAITING_INSPECTION');

      await card.getByRole('textbox').last().fill('Box intact, camera unused, no damage found');
      await asClaimed.click();
      await card.waitFor({ state: 'detached' });
      const paid = await statusOf(client, who, refundId, PAID_OUT, 60_000);
      expect(paid.decision).toMatchObject({ by: 'INSPECTOR', outcome: 'AS_CLAIMED' });
      await page.getByText(say(lang, '暂无分配给您的质检任务', 'No inspections assigned to you right now')).waitFor();
      await clean(page, size.width);
      await screenshot(page, `inspector-${size.name}-${lang}-done`);
      // Out of the rotation again, so the next walk's inspector takes the next return.
      await page.getByRole('button', { name: say(lang, '暂停接单', 'Pause') }).click();
      await page.getByRole('button', { name: say(lang, '开始接单', 'Start taking tasks') }).waitFor();
      expect(external).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
