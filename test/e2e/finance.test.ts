/**
 * Finance in the web console, in a real browser against the local runtime: payouts the sandbox provider fails on
 * purpose become PAYOUT_FAILED alerts (POST /local/monitor/run); finance takes one from open to resolved through the
 * UI with its history, retries a failed payout after a confirmation, and downloads the day's ledger as CSV, in
 * English and in Chinese, with no code on screen and no error in the page.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openConsole, screenshot, signIn } from '../support/browser.ts';
import { applyFor, givenARuntimeWithActors, scenarios, statusOf } from '../support/steps.ts';

// Every payout the sandbox accepts settles FAILED: each refund ends PAYOUT_FAILED, and the monitor alerts on it.
const { client, who } = givenARuntimeWithActors({ payments: { failureRate: 1 }, monitorEverySeconds: 0 });
let browser: Browser;
let refunds: string[];

/** A code as the API spells it (LATE_PAYOUT, ACKNOWLEDGED): none may be visible to finance. */
const CODE = /\b[A-Z][A-Z_]{3,}\b/;

/** A refund whose payout failed, with its alert open. */
async function failedPayout(): Promise<string> {
  const { refundId } = await applyFor(client, who, scenarios.notShipped(), { reason: 'NO_LONGER_NEEDED' });
  await statusOf(client, who, refundId, 'PAYOUT_FAILED', 60_000);
  return refundId;
}

beforeAll(async () => {
  browser = await launchBrowser();
  refunds = [await failedPayout(), await failedPayout()];
  const run = await client.call('POST', '/local/monitor/run');
  expect(run.status).toBe(200);
  const open = await client.call('GET', '/v1/finance/alerts?status=OPEN', { token: who.finance });
  expect(open.body.items.map((a: { alertId: string }) => a.alertId)).toEqual(
    expect.arrayContaining(refunds.map((id) => `PAYOUT_FAILED#${id}`)),
  );
  return () => browser?.close();
});

/** What finance sees on the screen, with the refund ids (random, mixed case) taken out. */
async function visibleText(page: Page): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text, what a person sees
  let text = await page.locator('#view').innerText();
  for (const id of refunds) text = text.replaceAll(id, '');
  return text;
}

const cardOf = (page: Page, refundId: string): Locator => page.locator(`[data-alert="PAYOUT_FAILED#${refundId}"]`);

describe('finance with a failed payout', () => {
  it('takes its alert from open to resolved, retries the payout and downloads the day’s ledger', async () => {
    const [refundId = '', other = ''] = refunds;
    const { page, external, errors } = await openConsole(browser, client.runtime.url);
    await signIn(page, 'finance', who.financeId);

    const card = cardOf(page, refundId);
    await card.waitFor();
    await expect(card.getByRole('heading').textContent()).resolves.toBe('Payout failed');
    const facts = await card.textContent();
    expect(facts).toContain(refundId);
    expect(facts).toMatch(/CN¥\d[\d,]*\.\d\d/);
    expect(facts).toContain('China time');
    expect(facts).toContain('Unassigned');
    expect(await card.locator('.badge').textContent()).toBe('Open');

    // Acknowledge, assign to a colleague by id, then take it over.
    await card.getByRole('button', { name: 'Acknowledge' }).click();
    await page.locator(`[data-alert="PAYOUT_FAILED#${refundId}"][data-status="ACKNOWLEDGED"]`).waitFor();
    await card.getByRole('button', { name: 'Assign', exact: true }).click();
    await card.getByText('Enter the finance user id to assign to').waitFor();
    await card.getByLabel('Assign to (finance user id)').fill('finance-colleague');
    await card.getByRole('button', { name: 'Assign', exact: true }).click();
    await card.getByRole('status').getByText('Assigned to finance-colleague').waitFor();
    await card.getByRole('button', { name: 'Assign to me' }).click();
    await card.getByRole('status').getByText(`Assigned to ${who.financeId}`).waitFor();

    // Only mine, acknowledged: the alert is there; the other one (nobody's) is not.
    await page.getByRole('radio', { name: 'Acknowledged' }).check();
    await page.getByRole('radio', { name: 'Assigned to me' }).check();
    await card.waitFor();
    await expect(cardOf(page, other).count()).resolves.toBe(0);

    // Retry the failed payout: nothing is sent before the confirmation; the outcome is told in words.
    await card.getByRole('button', { name: 'Retry payout' }).click();
    await card.getByText('Retry this payout? The provider is asked first; nothing is paid twice.').waitFor();
    await card.getByRole('button', { name: 'Yes, retry the payout' }).click();
    const outcome = card.locator('[role=status][data-outcome]');
    await outcome.waitFor();
    // The sandbox failed the first attempt, so the provider confirms it and the payout is sent again.
    expect(await outcome.textContent()).toMatch(/^The provider confirmed the failure; the payout was sent again/);

    // Resolving needs a note, checked before anything is sent.
    await card.getByRole('button', { name: 'Resolve' }).click();
    await card.getByText('Write a resolution note before resolving').waitFor();
    expect(await card.getAttribute('data-status')).toBe('ACKNOWLEDGED');
    await card.getByLabel(/^Resolution note/).fill('Buyer paid by bank transfer instead; provider confirmed failure');
    await card.getByRole('button', { name: 'Resolve' }).click();
    await page.locator(`[data-alert="PAYOUT_FAILED#${refundId}"][data-status="RESOLVED"]`).waitFor();
    expect(await card.locator('.badge').textContent()).toBe('Resolved');
    await expect(card.getByRole('button', { name: 'Resolve' }).count()).resolves.toBe(0);

    // Its history: who did what, when, with the note.
    await card.getByText(/^History \(\d+\)$/).click();
    const history = card.locator('details.history li');
    const actions = await history.evaluateAll((items) => items.map((li) => li.getAttribute('data-action')));
    expect(actions.filter((a) => a !== 'RENOTIFIED' && a !== 'UPDATED')).toEqual([
      'OPENED',
      'ACKNOWLEDGED',
      'ASSIGNED',
      'ASSIGNED',
      'RESOLVED',
    ]);
    const resolvedLine = await history.last().textContent();
    expect(resolvedLine).toContain(`Resolved · by ${who.financeId}`);
    expect(resolvedLine).toContain('Buyer paid by bank transfer instead');
    expect(await history.first().textContent()).toContain('by the monitor');

    // The resolved list has it.
    await page.getByRole('radio', { name: 'Resolved' }).check();
    await card.waitFor();

    // The day's ledger: translated kinds and money, totals, and the CSV of the same day.
    const ledger = page.getByRole('region', { name: 'Ledger by day' });
    const failedRow = ledger.locator('table', { hasText: 'Entries' }).locator('tr', { hasText: refundId }).first();
    await failedRow.waitFor();
    await expect(ledger.getByRole('table', { name: 'Totals by kind' }).textContent()).resolves.toContain('Failed');
    // The daily report's money for the day: what was paid out, failed, is still outstanding.
    const summary = await ledger.getByRole('table', { name: 'Day summary' }).textContent();
    expect(summary).toMatch(/Paid out\d+CN¥/);
    expect(summary).toMatch(/Failed\d+CN¥/);
    expect(summary).toContain('Outstanding');
    const download = page.waitForEvent('download');
    await ledger.getByRole('button', { name: 'Download CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    const csv = await readFile(await file.path(), 'utf8');
    const [header = '', ...lines] = csv.trim().split(/\r?\n/);
    expect(header).toMatch(/refundId|refund_id|refund/i);
    expect(lines.filter((line) => line.includes(refundId)).length).toBeGreaterThanOrEqual(2);
    expect(lines.some((line) => line.includes(refundId) && line.includes('FAILED'))).toBe(true);

    await screenshot(page, '7-finance-resolved');
    // At 390 px nothing is wider than the screen: rows are stacked, not squeezed into columns.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await visibleText(page)).not.toMatch(CODE);
    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('tells, in words, that an alert someone else resolved meanwhile cannot change', async () => {
    const [, other = ''] = refunds;
    const { page, errors } = await openConsole(browser, client.runtime.url);
    await signIn(page, 'finance', who.financeId);
    const card = cardOf(page, other);
    await card.waitFor();
    const resolved = await client.call(
      'POST',
      `/v1/finance/alerts/${encodeURIComponent(`PAYOUT_FAILED#${other}`)}/resolve`,
      {
        token: await client.token('finance', 'finance-colleague'),
        body: { note: 'Handled by phone' },
      },
    );
    expect(resolved.status).toBe(200);
    // By keyboard: focus reaches the button and Enter presses it.
    await card.getByRole('button', { name: 'Acknowledge' }).focus();
    await page.keyboard.press('Enter');
    await card.getByRole('alert').getByText('This alert is already resolved; it cannot change any more').waitFor();
    // The browser logs the 409 answer itself; nothing else went wrong.
    expect(errors.filter((e) => !e.includes('409'))).toEqual([]);
    await page.context().close();
  });

  it('reads the same in Chinese, with no code on screen', async () => {
    const { page, errors } = await openConsole(browser, client.runtime.url);
    await signIn(page, 'finance', who.financeId);
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '告警' }).waitFor();
    await page.getByRole('radio', { name: '已解决' }).check();
    const card = cardOf(page, refunds[0] ?? '');
    await card.waitFor();
    await expect(card.getByRole('heading').textContent()).resolves.toBe('打款失败');
    expect(await card.locator('.badge').textContent()).toBe('已解决');
    expect(await card.textContent()).toContain('北京时间');
    await card.getByText(/^处理记录 \(\d+\)$/).click();
    await card.getByText('标记为已解决').waitFor();
    const ledger = page.getByRole('region', { name: '按日资金流水' });
    await ledger
      .locator('tr', { hasText: refunds[0] ?? '' })
      .first()
      .waitFor();
    await expect(ledger.getByRole('table', { name: '按类型合计' }).textContent()).resolves.toContain('打款失败');
    await screenshot(page, '8-finance-zh');
    expect(await visibleText(page)).not.toMatch(CODE);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
