/**
 * The buyer's refund progress in a real browser, in zh-CN and en, at desktop (1280×800) and phone (390×844) sizes:
 * an instant refund whose payout promise (channel, business days, China time) turns into the actual arrival; a
 * merchant's rejection drawn as one, then accepted (after a confirmation); another rejection disputed with the
 * required note; a waybill photo uploaded, "识别中…" while OCR runs, then what was read in words. On every screen: no
 * visible raw code or internal id, no console error, no request leaving the machine. One page per size and language.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openConsole, screenshot, signIn, visibleCodes } from '../support/browser.ts';
import { type Client, startTestRuntime } from '../support/local.ts';
import { type Actors, actors, applyFor, scenarios, statusOf } from '../support/steps.ts';

const WAYBILL = {
  bytes: readFileSync(new URL('../fixtures/ocr/waybill-01-sf-clean.png', import.meta.url)),
  trackingNumber: 'SF9187168812457',
};

let client: Client;
let browser: Browser;

beforeAll(async () => {
  [client, browser] = await Promise.all([
    // Real timers with the prod policy (nothing times out while the browser clicks); the payment sandbox settles
    // after 10 s, so the promise is on screen before the arrival replaces it.
    startTestRuntime({ timeScale: 1, stage: 'prod', payments: { latencyMs: { min: 10_000, max: 10_000 } } }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await client?.runtime.stop();
});

/** The refunds one walk follows, prepared through the API while the browser starts. */
interface Prepared {
  who: Actors;
  instant: { refundId: string; orderId: string };
  toAccept: { refundId: string; orderId: string };
  toDispute: { refundId: string; orderId: string };
  toReturn: { refundId: string; orderId: string };
}

/** A refund the merchant rejected: waiting for the buyer to accept or dispute. */
async function rejectedFor(who: Actors) {
  const applied = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
  await statusOf(client, who, applied.refundId, 'AWAITING_MERCHANT', 60_000);
  const decided = await client.call('POST', `/v1/merchant/refunds/${applied.refundId}/decision`, {
    token: who.merchant,
    body: { decision: 'REJECT', reason: '商品已发出' },
  });
  expect(decided.status).toBe(200);
  await statusOf(client, who, applied.refundId, 'REJECTED', 60_000);
  return applied;
}

async function prepare(): Promise<Omit<Prepared, 'instant'> & { who: Actors }> {
  const who = await actors(client);
  const [toAccept, toDispute, toReturn] = await Promise.all([
    rejectedFor(who),
    rejectedFor(who),
    (async () => {
      const applied = await applyFor(client, who, scenarios.deliveredDaysAgo(3), { reason: 'NO_LONGER_NEEDED' });
      await statusOf(client, who, applied.refundId, 'AWAITING_RETURN', 60_000);
      return applied;
    })(),
  ]);
  return { who, toAccept, toDispute, toReturn };
}

/** Words of the walk in its language. */
const WORDS = {
  'zh-CN': {
    myRefunds: '我的退款',
    timeline: '时间线',
    promise: /退回支付宝，1–3 个工作日，预计 \d+月\d+日 \d\d:\d\d（北京时间）前到账/,
    arrived: /退回支付宝，已于 \d+月\d+日 \d\d:\d\d（北京时间）到账/,
    accept: '接受处理结果',
    acceptYes: '确定接受',
    accepted: '买家接受处理结果，退款申请结束',
    disputeNote: /申诉理由\(必填，最多 1000 字\)/,
    disputeSend: '提交申诉',
    disputed: '买家对拒绝结果提出申诉',
    atZero: '逾期视为接受处理结果',
    kind: '凭证类型',
    file: '图片文件',
    upload: '上传',
    reading: '识别中…',
    read: `运单号 ${WAYBILL.trackingNumber}`,
    carrier: '顺丰速运',
    cancel: '撤销申请',
    cancelQuestion: /确定撤销这笔退款申请吗/,
    back: '返回',
  },
  en: {
    myRefunds: 'My refunds',
    timeline: 'Timeline',
    promise: /Back to your Alipay account within 1–3 business days, by \d\d:\d\d on \d+ \w{3} \(China time\)/,
    arrived: /Arrived in your Alipay account at \d\d:\d\d on \d+ \w{3} \(China time\)/,
    accept: 'Accept the decision',
    acceptYes: 'Yes, accept',
    accepted: 'The buyer accepted the decision: the request is closed',
    disputeNote: /Why you disagree \(required, up to 1000 characters\)/,
    disputeSend: 'Send the dispute',
    disputed: 'The buyer disputes the rejection',
    atZero: 'if time runs out, the decision stands',
    kind: 'Kind',
    file: 'Image file',
    upload: 'Upload',
    reading: 'Reading…',
    read: `Tracking number ${WAYBILL.trackingNumber}`,
    carrier: 'SF Express',
    cancel: 'Cancel the refund',
    cancelQuestion: /Cancel this refund request\?/,
    back: 'Back',
  },
} as const;

type Lang = keyof typeof WORDS;

/** Nothing a person should not see, nothing broken, nothing sent away. */
async function clean(page: Page, errors: string[], external: string[]) {
  expect(await visibleCodes(page)).toEqual([]);
  expect(errors).toEqual([]);
  expect(external).toEqual([]);
}

/** Opens a refund the way a buyer finds it: in "我的退款", by its order number. */
async function openRefund(page: Page, w: (typeof WORDS)[Lang], orderId: string) {
  await page
    .getByRole('region', { name: w.myRefunds, exact: true })
    .getByRole('button', { name: new RegExp(`^${orderId} · `) })
    .click();
  await page.locator('section.progress h2', { hasText: orderId }).waitFor();
}

const WALKS: [Lang, number, string][] = [
  ['zh-CN', 1280, 'desktop'],
  ['zh-CN', 390, 'phone'],
  ['en', 1280, 'desktop'],
  ['en', 390, 'phone'],
];

describe('a buyer following refunds in the console', () => {
  it.each(WALKS)('in %s at %ipx (%s) reads every step in words', async (lang, width, size) => {
    const w = WORDS[lang];
    const shot = (name: string) => screenshot(page, `progress-${lang}-${size}-${name}`);
    const prepared = prepare();
    const { page, external, errors } = await openConsole(browser, client.runtime.url, width);
    const { who, toAccept, toDispute, toReturn } = await prepared;
    // Applied just before the buyer signs in (so "我的退款" lists it): paid out within seconds, settled 10 s later.
    const instant = await applyFor(client, who, scenarios.notShipped(), { reason: 'NO_LONGER_NEEDED' });
    await signIn(page, 'buyer', who.buyerId);
    if (lang === 'zh-CN') await page.getByRole('button', { name: '中文' }).click();

    // 1. An instant refund: the promise while the money is on its way, then when it arrived.
    await openRefund(page, w, instant.orderId);
    const heading = await page.locator('section.progress h2').textContent();
    expect(heading).toContain(instant.orderId);
    expect(heading).not.toContain(instant.refundId);
    await page.locator('.steps .promise', { hasText: w.promise }).waitFor();
    await clean(page, errors, external);
    await shot('1-promise');
    await page.locator('[role=status][data-status="REFUNDED"]').waitFor({ timeout: 60_000 });
    await page.locator('.steps .arrived', { hasText: w.arrived }).waitFor();
    await expect(page.locator('.steps .promise').count()).resolves.toBe(0);
    // Newest first, not numbered.
    const timeline = page.getByRole('list', { name: w.timeline });
    expect(await timeline.evaluate((el) => el.tagName)).toBe('UL');
    await clean(page, errors, external);
    await shot('2-arrived');

    // 2. A rejection, drawn as one, with what happens at zero; accepted after a confirmation.
    await openRefund(page, w, toAccept.orderId);
    await page.locator('.steps li.rejected').waitFor();
    await page.getByText(w.atZero).first().waitFor();
    await clean(page, errors, external);
    await shot('3-rejected');
    await page.getByRole('button', { name: w.accept, exact: true }).click();
    await page.getByRole('button', { name: w.acceptYes }).waitFor();
    await clean(page, errors, external);
    await page.getByRole('button', { name: w.acceptYes }).click();
    await page.getByRole('list', { name: w.timeline }).getByText(w.accepted).waitFor();
    await expect(page.getByRole('button', { name: w.accept, exact: true }).count()).resolves.toBe(0);
    await clean(page, errors, external);
    await shot('4-accepted');

    // 3. Another rejection disputed: the note is required and takes up to 1000 characters.
    await openRefund(page, w, toDispute.orderId);
    const note = page.getByLabel(w.disputeNote);
    expect(await note.getAttribute('maxlength')).toBe('1000');
    expect(await note.evaluate((el) => (el as unknown as { required: boolean }).required)).toBe(true);
    await note.fill('包裹一直没有送到 / the parcel never arrived');
    await page.getByRole('button', { name: w.disputeSend }).click();
    await page.getByRole('list', { name: w.timeline }).getByText(w.disputed).waitFor();
    await clean(page, errors, external);
    await shot('5-disputed');
    // Cancel asks first, and "back" leaves the refund as it was.
    await page.getByRole('button', { name: w.cancel, exact: true }).click();
    await page.getByText(w.cancelQuestion).waitFor();
    await page.getByRole('button', { name: w.back, exact: true }).click();
    await page.getByRole('button', { name: w.cancel, exact: true }).waitFor();

    // 4. A waybill photo: "reading…" while OCR runs, then what was read and how it compared, in words.
    await openRefund(page, w, toReturn.orderId);
    await page.getByLabel(w.kind).selectOption('WAYBILL');
    await page.getByLabel(w.file).setInputFiles({ name: 'waybill.png', mimeType: 'image/png', buffer: WAYBILL.bytes });
    // OCR may finish between two polls: a watcher notes whether "识别中…" was ever on screen.
    await page.evaluate(`(() => {
      const seen = () => document.body.innerText.includes(${JSON.stringify(w.reading)});
      new MutationObserver(() => { if (seen()) window.sawReading = true; })
        .observe(document.body, { childList: true, subtree: true, characterData: true });
    })()`);
    await page.getByRole('button', { name: w.upload, exact: true }).click();
    if (await page.getByText(w.reading).first().isVisible()) await shot('6-reading');
    await page.locator('.evidence .ocr-read', { hasText: w.read }).waitFor({ timeout: 90_000 });
    expect(await page.evaluate('window.sawReading === true')).toBe(true);
    await page.locator('.evidence .ocr-read', { hasText: w.carrier }).waitFor();
    await expect(page.locator('.evidence .verification').count()).resolves.toBeGreaterThan(0);
    await clean(page, errors, external);
    await shot('7-read');
    await page.context().close();
  });

  it('moves a failed payout to the platform balance from the refund’s page, after a confirmation (zh-CN, phone)', async () => {
    const w = WORDS['zh-CN'];
    const who = await actors(client);
    const faults = (failureRate: number) =>
      client.call('PUT', '/local/payments/faults', { body: { failureRate } }).then((r) => expect(r.status).toBe(200));
    await faults(1);
    // Payouts fail until this one has failed (the sandbox applies the rate when it is asked to pay).
    const failed = await applyFor(client, who, scenarios.notShipped(), { reason: 'NO_LONGER_NEEDED' });
    await statusOf(client, who, failed.refundId, 'PAYOUT_FAILED', 60_000).finally(() => faults(0));
    const { page, external, errors } = await openConsole(browser, client.runtime.url, 390);
    await signIn(page, 'buyer', who.buyerId);
    await page.getByRole('button', { name: '中文' }).click();
    await openRefund(page, w, failed.orderId);
    await page.getByRole('button', { name: '改为退到平台余额', exact: true }).click();
    await page.getByText(/确定改为退到平台余额吗/).waitFor();
    await clean(page, errors, external);
    await page.getByRole('button', { name: '确定改退余额' }).click();
    await page.locator('[role=status][data-status="REFUNDED"]').waitFor({ timeout: 60_000 });
    await expect(page.getByRole('button', { name: '改为退到平台余额', exact: true }).count()).resolves.toBe(0);
    expect((await statusOf(client, who, failed.refundId, 'REFUNDED')).destination).toBe('BALANCE');
    await clean(page, errors, external);
    await screenshot(page, 'progress-zh-CN-phone-8-switched-to-balance');
    await page.context().close();
  });
});
