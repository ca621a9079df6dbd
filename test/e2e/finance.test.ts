/**
 * Finance in the web console, in a real browser against the local runtime: payouts the sandbox provider fails on
 * purpose become PAYOUT_FAILED alerts (POST /local/monitor/run). In zh-CN and en, at desktop 1280×800 and phone
 * 390×844, finance takes one alert from open to resolved through the UI (acknowledge, assign, the assignee filter,
 * resolve with a note) and reads its history, then reads today's ledger with its totals and net and downloads it as
 * CSV, then an empty day and a window that ends before it starts; the English desktop walk also retries a failed
 * payout after a confirmation. Every screen: no raw code or internal id visible, no error in the page, no request
 * leaving the machine.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openConsole, screenshot, signIn, visibleCodes } from '../support/browser.ts';
import { applyFor, givenARuntimeWithActors, scenarios, statusOf } from '../support/steps.ts';

// Every payout the sandbox accepts settles FAILED: each refund ends PAYOUT_FAILED, and the monitor alerts on it.
const { client, who } = givenARuntimeWithActors({ payments: { failureRate: 1 }, monitorEverySeconds: 0 });
let browser: Browser;

interface Failed {
  refundId: string;
  orderId: string;
}
/** One failed payout per walk (four), and one for the "resolved meanwhile" case. */
let failed: Failed[];

/** A refund whose payout failed, with its alert open. */
async function failedPayout(): Promise<Failed> {
  const applied = await applyFor(client, who, scenarios.notShipped(), { reason: 'NO_LONGER_NEEDED' });
  await statusOf(client, who, applied.refundId, 'PAYOUT_FAILED', 60_000);
  return applied;
}

beforeAll(async () => {
  [browser, ...failed] = await Promise.all([launchBrowser(), ...Array.from({ length: 5 }, failedPayout)]);
  const run = await client.call('POST', '/local/monitor/run');
  expect(run.status).toBe(200);
  const open = await client.call('GET', '/v1/finance/alerts?status=OPEN&limit=50', { token: who.finance });
  expect(open.body.items.map((a: { alertId: string }) => a.alertId)).toEqual(
    expect.arrayContaining(failed.map((f) => `PAYOUT_FAILED#${f.refundId}`)),
  );
  return () => browser?.close();
});

/** The words each walk looks for, in its language. */
const WORDS = {
  en: {
    kind: 'Payout failed',
    open: 'Open',
    acknowledge: 'Acknowledge',
    acknowledgedFilter: 'Acknowledged',
    assign: 'Assign',
    assignOther: 'Assign to…',
    resolveOpen: 'Resolve…',
    assignTo: 'Assign to (finance user id)',
    assigned: 'Assigned to finance-colleague',
    assignRequired: 'Enter the finance user id to assign to',
    someone: 'Someone',
    assigneeId: 'Assignee (finance user id)',
    resolve: 'Resolve',
    noteRequired: 'Write a resolution note before resolving',
    note: /^Resolution note/,
    resolved: 'Resolved',
    history: /^History \(\d+\)$/,
    chinaTime: 'China time',
    ago: /ago|just now|minute|hour/,
    historyLines: ['Opened', 'Acknowledged', 'Assigned', 'Resolved'],
    ledger: 'Ledger by day',
    entries: 'Entries',
    totals: 'Totals by kind',
    failedKind: 'Failed',
    net: 'Net paid out',
    download: 'Download CSV',
    show: 'Show',
    from: 'From (China time)',
    until: 'To (China time)',
    empty: 'No ledger entries on this day',
    balanced: /^Balanced/,
    backwards: 'The end date cannot be before the start date',
    reconciliation: 'Reconciliation differences',
  },
  zh: {
    kind: '打款失败',
    open: '待处理',
    acknowledge: '认领',
    acknowledgedFilter: '处理中',
    assign: '分配',
    assignOther: '分配给他人…',
    resolveOpen: '解决…',
    assignTo: '分配给(财务用户 ID)',
    assigned: '已分配给 finance-colleague',
    assignRequired: '请填写要分配给的财务用户 ID',
    someone: '指定负责人',
    assigneeId: '负责人(财务用户 ID)',
    resolve: '标记为已解决',
    noteRequired: '请先填写处理说明，再标记为已解决',
    note: /^处理说明/,
    resolved: '已解决',
    history: /^处理记录 \(\d+\)$/,
    chinaTime: '北京时间',
    ago: /前|刚刚/,
    historyLines: ['发现问题', '已认领', '已指派', '已解决'],
    ledger: '按日资金流水',
    entries: '流水',
    totals: '按类型合计',
    failedKind: '失败',
    net: '当日净支出',
    download: '下载 CSV',
    show: '查看',
    from: '开始日期(北京时间)',
    until: '结束日期(北京时间)',
    empty: '这一天没有资金流水',
    balanced: /^对账平衡/,
    backwards: '结束日期不能早于开始日期',
    reconciliation: '对账差异',
  },
} as const;

const cardOf = (page: Page, refundId: string): Locator => page.locator(`li.alert[data-refund="${refundId}"]`);

/** Nothing a person can read is a code or an internal id, nothing is wider than the screen. */
async function readable(page: Page, width: number): Promise<void> {
  expect(await visibleCodes(page)).toEqual([]);
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
}

/** One walk: an alert from open to resolved with its history, then today's ledger and its CSV. */
async function walk(lang: 'en' | 'zh', width: number, { refundId, orderId }: Failed, retry = false): Promise<void> {
  const w = WORDS[lang];
  const size = width > 600 ? 'desktop' : 'phone';
  const { page, external, errors } = await openConsole(browser, client.runtime.url, width);
  if (width > 600) await page.setViewportSize({ width, height: 800 });
  await signIn(page, 'finance', who.financeId);
  if (lang === 'zh') await page.getByRole('button', { name: '中文' }).click();

  // The queue: the alert as a card, in words, with the order number and how long ago in China time.
  const card = cardOf(page, refundId);
  await card.waitFor();
  await expect(card.getByRole('heading').textContent()).resolves.toBe(w.kind);
  expect(await card.locator('.badge').textContent()).toBe(w.open);
  const facts = await card.textContent();
  expect(facts).toContain(orderId);
  expect(facts).not.toContain(refundId);
  expect(facts).toMatch(/¥\d[\d,]*\.\d\d/);
  expect(facts).toContain(w.chinaTime);
  expect(facts).toMatch(w.ago);
  await readable(page, width);
  await screenshot(page, `finance-${lang}-${size}-1-queue`);

  // Acknowledge, then assign to a colleague by id (the empty id is refused before anything is sent).
  await card.getByRole('button', { name: w.acknowledge, exact: true }).click();
  await page.locator(`li.alert[data-refund="${refundId}"][data-status="ACKNOWLEDGED"]`).waitFor();
  await card.getByRole('button', { name: w.assignOther }).click();
  await card.getByRole('button', { name: w.assign, exact: true }).click();
  await card.getByRole('alert').getByText(w.assignRequired).waitFor();
  await card.getByLabel(w.assignTo).fill('finance-colleague');
  await card.getByRole('button', { name: w.assign, exact: true }).click();
  await card.getByRole('status').getByText(w.assigned).waitFor();

  if (retry) {
    // Retry the failed payout: nothing is sent before the confirmation; the outcome is told in words.
    await card.getByRole('button', { name: 'Retry payout' }).click();
    await card.getByText('Retry this payout? The provider is asked first; nothing is paid twice.').waitFor();
    await card.getByRole('button', { name: 'Yes, retry the payout' }).click();
    const outcome = card.locator('[role=status][data-outcome]');
    await outcome.waitFor();
    expect(await outcome.textContent()).toMatch(/^The provider confirmed the failure; the payout was sent again/);
  }

  // The filters: acknowledged alerts of finance-colleague hold it.
  await page.getByRole('radio', { name: w.acknowledgedFilter }).check();
  await page.getByRole('radio', { name: w.someone }).check();
  await page.getByLabel(w.assigneeId).fill('finance-colleague');
  await page.getByLabel(w.assigneeId).press('Enter');
  await card.waitFor();
  await readable(page, width);

  // Resolving needs a note, checked before anything is sent.
  await card.getByRole('button', { name: w.resolveOpen }).click();
  await card.getByRole('button', { name: w.resolve, exact: true }).click();
  await card.getByText(w.noteRequired).waitFor();
  expect(await card.getAttribute('data-status')).toBe('ACKNOWLEDGED');
  await card.getByLabel(w.note).fill('Buyer paid by bank transfer instead; provider confirmed failure');
  await card.getByRole('button', { name: w.resolve, exact: true }).click();
  await page.locator(`li.alert[data-refund="${refundId}"][data-status="RESOLVED"]`).waitFor();
  expect(await card.locator('.badge').textContent()).toBe(w.resolved);

  // Its history: what was done, by whom, when (China time), with the note.
  await card.getByText(w.history).click();
  const history = card.locator('details.history li');
  const lines = await history.allInnerTexts();
  for (const action of w.historyLines) expect(lines.some((line) => line.includes(action))).toBe(true);
  expect(lines.every((line) => line.includes(w.chinaTime))).toBe(true);
  expect(lines.at(-1)).toContain(who.financeId);
  expect(lines.at(-1)).toContain('Buyer paid by bank transfer instead');
  expect(lines.some((line) => line.includes('finance-colleague'))).toBe(true);
  await readable(page, width);
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, `finance-${lang}-${size}-2-resolved`);

  // Today's ledger: the refund's movements by order number, totals per kind, the net, reconciliation in words.
  const ledger = page.getByRole('region', { name: w.ledger });
  await ledger.getByRole('button', { name: w.show, exact: true }).click();
  const rows = ledger.getByRole('table', { name: w.entries }).locator('tbody tr', { hasText: orderId });
  await rows.first().waitFor();
  expect(await rows.count()).toBeGreaterThanOrEqual(2);
  await expect(ledger.getByRole('table', { name: w.totals }).textContent()).resolves.toContain(w.failedKind);
  await expect(ledger.locator('.net').textContent()).resolves.toContain(w.net);
  await ledger.getByRole('heading', { name: w.reconciliation }).waitFor();
  await readable(page, width);
  await ledger.scrollIntoViewIfNeeded();
  await screenshot(page, `finance-${lang}-${size}-3-ledger`);

  // The CSV: a real download of the same day's rows.
  const download = page.waitForEvent('download');
  await ledger.getByRole('button', { name: w.download }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^ledger-\d{4}-\d\d-\d\d\.csv$/);
  const csv = await readFile(await file.path(), 'utf8');
  const [header = '', ...csvRows] = csv.trim().split(/\r?\n/);
  expect(header).toBe(
    'entryId,refundId,orderId,kind,amount,amountDecimal,currency,provider,method,providerRef,at,day,detail',
  );
  const mine = csvRows.filter((line) => line.includes(refundId));
  expect(mine.some((line) => line.includes(`,${orderId},FAILED,`))).toBe(true);
  expect(mine.length).toBeGreaterThanOrEqual(2);

  // A day with nothing on it says so, and a window that ends before it starts is refused before any request.
  await ledger.getByLabel(w.from).fill('2026-01-05');
  await ledger.getByRole('button', { name: w.show, exact: true }).click();
  await ledger.getByText(w.empty).waitFor();
  await ledger.getByText(w.balanced).waitFor();
  await ledger.getByLabel(w.until).fill('2026-01-04');
  await ledger.getByRole('button', { name: w.show, exact: true }).click();
  await ledger.getByRole('alert').getByText(w.backwards).waitFor();
  await readable(page, width);

  expect(external).toEqual([]);
  expect(errors).toEqual([]);
  await page.context().close();
}

describe('finance works from the console', () => {
  it('in English on a desktop, with a payout retry', () => walk('en', 1280, failed[0] as Failed, true));
  it('in English on a phone', () => walk('en', 390, failed[1] as Failed));
  it('in Chinese on a desktop', () => walk('zh', 1280, failed[2] as Failed));
  it('in Chinese on a phone', () => walk('zh', 390, failed[3] as Failed));

  it('says reconciliation differences in sentences with order numbers, and the queue when empty or failing', async () => {
    const { refundId, orderId } = failed[0] as Failed;
    const { page, errors, external } = await openConsole(browser, client.runtime.url);
    // A day the sandbox cannot produce: the provider settled less than was sent, and one payout has not settled.
    await page.route('**/v1/finance/reconciliation?*', async (route) => {
      const real = await (await route.fetch()).json();
      const group = {
        provider: 'alipay',
        method: 'ALIPAY',
        day: real.from,
        currency: 'CNY',
        sentCount: 2,
        sentAmount: 25800,
        failedCount: 0,
        failedAmount: 0,
        settledCount: 1,
        settledAmount: 12000,
        differenceCount: 1,
        differenceAmount: 13800,
      };
      const issues = [
        { kind: 'SENT_NOT_SETTLED', refundId, currency: 'CNY', sentAmount: 12900 },
        {
          kind: 'AMOUNT_MISMATCH',
          refundId: 'rf_elsewhere0001',
          currency: 'CNY',
          sentAmount: 12900,
          settledAmount: 12000,
        },
      ];
      await route.fulfill({ json: { ...real, balanced: false, groups: [group], issues } });
    });
    await signIn(page, 'finance', who.financeId);
    await page.getByRole('button', { name: '中文' }).click();
    const recon = page.getByRole('region', { name: '对账差异' });
    await recon.getByText('需跟进的退款').waitFor();
    const text = await recon.textContent();
    expect(text).toMatch(/支付宝 · \d{4}年\d+月\d+日：/);
    expect(text).toMatch(/差额 ¥138\.00（已发出 ¥258\.00，失败 ¥0\.00，已到账 ¥120\.00）/);
    expect(text).toContain(`订单号 ${orderId}：已发出但未到账（发送金额 ¥129.00）`);
    expect(text).toContain('一笔退款：到账金额与发出金额不符（发送金额 ¥129.00，到账金额 ¥120.00）');
    expect(await visibleCodes(page)).toEqual([]);
    // Only the section: the rest of the page is the walks' screenshots.
    await recon.screenshot({ path: 'test-results/screenshots/finance-zh-phone-4-reconciliation.png' });

    // The queue's empty and error states, in words.
    const alerts = page.getByRole('region', { name: '告警' });
    await alerts.getByRole('radio', { name: '指定负责人' }).check();
    await alerts.getByLabel('负责人(财务用户 ID)').fill('nobody-in-finance');
    await alerts.getByLabel('负责人(财务用户 ID)').press('Enter');
    await alerts.getByRole('status').getByText('没有符合条件的告警').waitFor();
    await page.route('**/v1/finance/alerts?*', (route) =>
      route.fulfill({ status: 503, json: { error: { code: 'UNAVAILABLE', message: 'try again' } } }),
    );
    await alerts.getByRole('button', { name: '刷新' }).click();
    await alerts.getByRole('alert').getByText('服务器出错，请稍后再试').waitFor();
    expect(await visibleCodes(page)).toEqual([]);
    expect(external).toEqual([]);
    // The browser logs the 503 answer itself; nothing else went wrong.
    expect(errors.filter((e) => !e.includes('503'))).toEqual([]);
    await page.context().close();
  });

  it('tells, in words, that an alert someone else resolved meanwhile cannot change', async () => {
    const { refundId } = failed[4] as Failed;
    const { page, errors } = await openConsole(browser, client.runtime.url);
    await signIn(page, 'finance', who.financeId);
    const card = cardOf(page, refundId);
    await card.waitFor();
    const resolved = await client.call('POST', `/v1/finance/alerts/PAYOUT_FAILED~${refundId}/resolve`, {
      token: await client.token('finance', 'finance-colleague'),
      body: { note: 'Handled by phone' },
    });
    expect(resolved.status).toBe(200);
    // By keyboard: focus reaches the button and Enter presses it.
    await card.getByRole('button', { name: 'Acknowledge' }).focus();
    await page.keyboard.press('Enter');
    await card.getByRole('alert').getByText('This alert is already resolved; it cannot change any more').waitFor();
    // The browser logs the 409 answer itself; nothing else went wrong.
    expect(errors.filter((e) => !e.includes('409'))).toEqual([]);
    await page.context().close();
  });
});
