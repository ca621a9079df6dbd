/**
 * Finance's refund analytics in the web console, in a real browser against the local runtime with refund events on
 * (so the aggregates are kept): two refunds of one merchant (one approved at once, one approved by the merchant),
 * then in English at desktop 1280×800 and in Chinese on a phone 390×844 the three charts are drawn (uPlot canvases)
 * with their tables beside them, the reason reads in words, grouping by scenario redraws, and the CSV downloads.
 * Every screen: no raw code or internal id visible, no error in the page (the console's CSP included), no request
 * leaving the machine.
 */
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { label } from '../../functions/domain/labels.ts';
import { launchBrowser, openConsole, screenshot, signIn, visibleCodes } from '../support/browser.ts';
import { eventually } from '../support/local.ts';
import { applyFor, givenARuntimeWithActors, PAID_OUT, scenarios, statusOf } from '../support/steps.ts';

const { client, who } = givenARuntimeWithActors({ timeScale: 1, stage: 'prod', events: {} });
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  const instant = await applyFor(client, who, scenarios.notShipped(), { reason: 'NO_LONGER_NEEDED' });
  const claim = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
  await statusOf(client, who, claim.refundId, 'AWAITING_MERCHANT');
  const approved = await client.call('POST', `/v1/merchant/refunds/${claim.refundId}/decision`, {
    token: who.merchant,
    body: { decision: 'APPROVE', reason: 'checked' },
  });
  expect(approved.status).toBe(200);
  await statusOf(client, who, instant.refundId, 'REFUNDED');
  await statusOf(client, who, claim.refundId, [...PAID_OUT]);
  await eventually(async () => {
    const r = await client.call('GET', `/v1/analytics/refunds?groupBy=reason&merchantId=${who.merchantId}`, {
      token: who.finance,
    });
    return r.body?.groups?.[0]?.applied === 2 && r.body.groups[0].paid >= 1 ? true : undefined;
  }, 120_000);
  return () => browser?.close();
});

describe('refund analytics in the console', () => {
  for (const [lang, width] of [
    ['en', 1280],
    ['zh-CN', 390],
  ] as const) {
    it(`draws the charts with their tables, groups by scenario and downloads the CSV (${lang}, ${width} px)`, async () => {
      const { page, external, errors } = await openConsole(browser, client.runtime.url, width);
      if (width > 600) await page.setViewportSize({ width, height: 800 });
      await signIn(page, 'finance', who.financeId);
      if (lang === 'zh-CN') await page.getByRole('button', { name: '中文' }).click();
      const section = page.locator('section.finance-analytics');
      await section.locator('.analytics-chart canvas').nth(2).waitFor();
      expect(await section.locator('.analytics-chart canvas').count()).toBe(3);
      // Drawn, not blank: the bars' canvas has coloured pixels.
      const drawn = await page.evaluate<number>(`(() => {
        const canvas = document.querySelector('section.finance-analytics .analytics-chart canvas');
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let coloured = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i] !== data[i + 2]) coloured++;
        return coloured;
      })()`);
      expect(drawn).toBeGreaterThan(50);
      const reason = label('reason', 'NO_LONGER_NEEDED', lang);
      await expect.poll(() => section.locator('table.analytics-table').first().textContent()).toContain(reason);
      expect(await section.locator('table.analytics-table').count()).toBe(3);
      expect(await visibleCodes(page)).toEqual([]);
      await screenshot(page, `finance-analytics-${lang}-${width}-1-reason`);

      const en = lang === 'en';
      await section.getByLabel(en ? 'Group by' : '分组').selectOption('scenario');
      await section.getByRole('button', { name: en ? 'Show analytics' : '查看分析' }).click();
      const inTransit = label('scenario', 'IN_TRANSIT', lang);
      await expect.poll(() => section.locator('table.analytics-table').first().textContent()).toContain(inTransit);
      expect(await section.locator('.analytics-chart canvas').count()).toBe(3);
      expect(await visibleCodes(page)).toEqual([]);

      const download = page.waitForEvent('download');
      await section.getByRole('button', { name: en ? 'Download analytics CSV' : '下载分析 CSV' }).click();
      const file = await (await download).path();
      const csv = await readFile(file, 'utf8');
      expect(csv.split(/\r?\n/)[0]).toContain('groupBy,key,applied');
      expect(csv).toContain('scenario,IN_TRANSIT');
      expect(csv).toContain('scenario,NOT_SHIPPED');
      await screenshot(page, `finance-analytics-${lang}-${width}-2-scenario`);
      expect(errors).toEqual([]);
      expect(external).toEqual([]);
      await page.context().close();
    });
  }
});
