/**
 * The buyer's "我的订单" in a real browser, in zh-CN and en, at desktop (1280×800) and phone (390×844) sizes: the
 * orders as cards (items, paid amount and method, state, what is still refundable, the 申请退款 entry), applying
 * from a card through the refund form (destinations by name with their windows, the note's real bound), landing on
 * the refund's progress, and the card then following the refund. No raw code or internal id on these screens, no
 * console error, no request leaving the machine. One page per size and language.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, seedDemo } from '../../local/demo.ts';
import { launchBrowser, openConsole, screenshot, signIn, visibleCodes } from '../support/browser.ts';
import { anOrderBody } from '../support/builders.ts';
import { type Client, startTestRuntime } from '../support/local.ts';
import { scenarios } from '../support/steps.ts';

let client: Client;
let browser: Browser;
let demo: Awaited<ReturnType<typeof seedDemo>>;

beforeAll(async () => {
  [client, browser] = await Promise.all([startTestRuntime({ timeScale: 1, stage: 'prod' }), launchBrowser()]);
  demo = await seedDemo(client.runtime.url);
});
afterAll(async () => {
  await browser?.close();
  await client?.runtime.stop();
});

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** A buyer of their own with three orders: tea (unshipped, Alipay), a two-line tea set (WeChat Pay), headphones. */
async function aBuyerWithOrders(buyer: string): Promise<{ tea: string }> {
  const system = await client.token('system', 'order-system');
  const put = async (orderId: string, body: ReturnType<typeof anOrderBody>) =>
    expect((await client.call('PUT', `/v1/orders/${orderId}`, { token: system, body })).status).toBe(201);
  const tea = `${buyer}-tea`;
  await put(
    `${buyer}-phones`,
    anOrderBody({
      userId: buyer,
      paidAt: daysAgo(6),
      paymentMethod: 'BANK_CARD',
      paidAmount: 49900,
      items: [{ sku: 'phones', name: '降噪蓝牙耳机', category: 'GENERAL', unitPrice: 49900, quantity: 1 }],
      ...scenarios.inTransit(),
    }),
  );
  await put(
    `${buyer}-set`,
    anOrderBody({
      userId: buyer,
      paidAt: daysAgo(2),
      paymentMethod: 'WECHAT_PAY',
      paidAmount: 28400,
      items: [
        { sku: 'pot', name: '紫砂茶壶', category: 'GENERAL', unitPrice: 16800, quantity: 1 },
        { sku: 'cup', name: '青瓷茶杯', category: 'GENERAL', unitPrice: 2900, quantity: 4 },
      ],
    }),
  );
  await put(
    tea,
    anOrderBody({
      userId: buyer,
      paidAt: daysAgo(1),
      items: [{ sku: 'tea', name: '西湖龙井茶 250g', category: 'GENERAL', unitPrice: 12900, quantity: 1 }],
    }),
  );
  return { tea };
}

/** Words the walk expects, per language. */
const WORDS = {
  en: {
    orders: 'My orders',
    apply: 'Apply for a refund',
    notShipped: 'Not shipped',
    original: 'Back to how you paid (Alipay)',
    window: 'Arrives within 1–3 business days',
    atOnce: 'Arrives at once',
    reason: /No longer needed/,
    note: /^Note \(optional, up to 200 characters\)/,
    submit: 'Submit',
    back: '← Back to my orders',
    follow: /See refund progress|Last refund/,
  },
  'zh-CN': {
    orders: '我的订单',
    apply: '申请退款',
    notShipped: '未发货',
    original: '原路退回(支付宝)',
    window: '1–3 个工作日到账',
    atOnce: '立即到账',
    reason: /不想要了/,
    note: /^补充说明\(选填，最多 200 字\)/,
    submit: '提交申请',
    back: '← 返回我的订单',
    follow: /查看退款进度|上次退款/,
  },
} as const;

async function expectClean(page: Page, external: string[], errors: string[]) {
  expect(await visibleCodes(page)).toEqual([]);
  expect(errors).toEqual([]);
  expect(external).toEqual([]);
}

describe.each([
  { size: 'desktop', width: 1280, height: 800, lang: 'en' as const },
  { size: 'phone', width: 390, height: 844, lang: 'zh-CN' as const },
  { size: 'desktop', width: 1280, height: 800, lang: 'zh-CN' as const },
  { size: 'phone', width: 390, height: 844, lang: 'en' as const },
])('a buyer on $size in $lang', ({ size, width, height, lang }) => {
  it('sees their orders, applies from an order card, and lands on the refund’s progress', async () => {
    const first = size === 'desktop' && lang === 'en';
    // The first walk is the demo buyer (local/demo.ts); the others each have a buyer and orders of their own.
    const buyer = first ? DEMO.buyer : `orders-${size}-${lang}`;
    const tea = first
      ? (demo.find((o) => o.scenario === 'NOT_SHIPPED')?.orderId ?? '')
      : (await aBuyerWithOrders(buyer)).tea;
    const words = WORDS[lang];
    const name = `orders-${size}-${lang}`;

    const { page, external, errors } = await openConsole(browser, client.runtime.url, width);
    await page.setViewportSize({ width, height });
    await signIn(page, 'buyer', buyer);
    if (lang === 'zh-CN') await page.getByRole('button', { name: '中文' }).click();

    const list = page.getByRole('list', { name: words.orders, exact: true });
    const cards = list.locator(':scope > li.order');
    await cards.first().waitFor();
    expect(await cards.count()).toBeGreaterThanOrEqual(first ? 8 : 3);
    const card = list.locator(`[data-order="${tea}"]`);
    await expect(card.textContent()).resolves.toContain(words.notShipped);
    await expect(card.textContent()).resolves.toMatch(/¥129\.00/);
    await screenshot(page, `${name}-1-orders`);
    await expectClean(page, external, errors);

    await card.getByRole('button', { name: words.apply }).click();
    const form = page.locator('form.apply');
    await form.waitFor();
    await expect(form.textContent()).resolves.toContain(words.original);
    await expect(form.textContent()).resolves.toContain(words.window);
    await expect(form.textContent()).resolves.toContain(words.atOnce);
    const note = form.getByLabel(words.note);
    await expect(note.getAttribute('maxlength')).resolves.toBe('200');
    await form.getByRole('radio', { name: words.reason }).check();
    await note.fill('买错了 / wrong one');
    await screenshot(page, `${name}-2-apply`);
    await expectClean(page, external, errors);

    await form.getByRole('button', { name: words.submit }).click();
    await page.locator('section.progress [role=status][data-status]').waitFor();
    await screenshot(page, `${name}-3-progress`);

    // Back on the list, the card follows the refund instead of offering another application.
    await page.getByRole('button', { name: words.back }).click();
    await card.getByRole('button', { name: words.follow }).waitFor();
    await expect(card.getByRole('button', { name: words.apply }).count()).resolves.toBe(0);
    await screenshot(page, `${name}-4-orders-after`);
    await expectClean(page, external, errors);
    await page.context().close();
  });
});
