/**
 * The merchant's scorecard in a real browser (issue 20): a merchant whose last month timed out on 18% of requests
 * reads its rating, this month's rates with their counts, the shorter deadline and what would lift it, in zh-CN and
 * en, with no raw code on the page. The months are seeded as the counters would have been left (one item per month).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoClient } from '../../functions/adapters/dynamodb/client.ts';
import { scorecardKey } from '../../functions/adapters/dynamodb/keys.ts';
import { MAIN_TABLE } from '../../functions/adapters/dynamodb/tables.ts';
import { addMonths, monthOf } from '../../functions/domain/scorecard/index.ts';
import { launchBrowser, openConsole, screenshot, visibleCodes } from '../support/browser.ts';
import { applyFor, givenARuntimeWithActors, scenarios, statusOf } from '../support/steps.ts';

const { client, who } = givenARuntimeWithActors({ timeScale: 1, stage: 'prod' });
let browser: Browser;
let waiting = '';

beforeAll(async () => {
  browser = await launchBrowser();
  const thisMonth = monthOf(new Date());
  const seed = async (month: string, counts: Record<string, number>) =>
    dynamoClient().send(
      new PutCommand({
        TableName: client.runtime.tableName(MAIN_TABLE),
        Item: { ...scorecardKey(month, who.merchantId), merchantId: who.merchantId, month, ...counts },
      }),
    );
  // Last month: 50 requests, 9 left to run out (18%), answers within the hour.
  await seed(addMonths(thisMonth, -1), { orders: 200, refunds: 50, asked: 50, answered: 41, timedOut: 9, h4: 41 });
  // This month so far: 40 orders, 10 refunds, 8 requests of which 1 timed out, 2 disputes, 1 lost.
  await seed(thisMonth, {
    orders: 40,
    refunds: 10,
    asked: 8,
    answered: 7,
    timedOut: 1,
    disputes: 2,
    disputesLost: 1,
    h6: 7,
  });
  // A request the poor rating gives 12 h instead of 24 h.
  const { refundId } = await applyFor(client, who, scenarios.inTransit(), { reason: 'NO_LONGER_NEEDED' });
  await statusOf(client, who, refundId, 'AWAITING_MERCHANT', 60_000);
  waiting = refundId;
  return () => browser?.close();
});

const WALKS = [
  { lang: 'en', width: 1280 },
  { lang: 'zh-CN', width: 390 },
] as const;

describe("the merchant's scorecard", () => {
  for (const { lang, width } of WALKS) {
    it(`shows the rating, the rates in words, the shorter deadline and what lifts it (${lang}, ${width} px)`, async () => {
      const { page, external, errors } = await openConsole(browser, client.runtime.url, width);
      const roles = page.getByLabel('Role', { exact: true });
      if (!(await roles.isVisible())) await page.getByText('Switch role').click();
      await roles.selectOption('merchant');
      await page.getByLabel('User id').fill(`${who.merchantId}-staff`);
      await page.getByLabel('Merchant id').fill(who.merchantId);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Signed in as').waitFor();
      if (lang === 'zh-CN') {
        await page.getByRole('button', { name: '中文' }).click();
        await page.getByText('当前身份').waitFor();
      }
      const en = lang === 'en';
      const panel = page.getByRole('region', { name: en ? 'Your scorecard' : '经营评分' });
      await panel.getByText(en ? 'Rating: Poor' : '评级：较差').waitFor();
      const text = ((await panel.textContent()) ?? '').replace(/\s+/g, ' ');
      expect(text).toContain(
        en
          ? 'Timeout rate 18% is above 10%: you have 12 h to answer a request instead of 24 h.'
          : '超时率 18% 高于 10%：处理退款申请的时限为 12 小时(标准为 24 小时)。',
      );
      expect(text).toContain(
        en ? 'Keep timeout rate ≤ 10% over a whole month (with at least 20 requests)' : '整月保持 超时率 ≤ 10%',
      );
      // The seeded 40 orders and 10 refunds, and the waiting request's order and refund on top.
      expect(text).toContain(en ? '26.8% (11 of 41 orders)' : '26.8%(41 个订单中 11 个)');
      expect(text).toContain(en ? '11.1% (1 of 9 requests)' : '11.1%(9 个处理请求中 1 个)');
      expect(text).toContain(en ? '50% (1 of 2 disputes)' : '50%(2 起纠纷中 1 起)');
      // The waiting request says what the rating changed for it: 12 hours, not 24.
      const card = page.locator(`[data-refund="${waiting}"]`);
      await card.waitFor();
      const cardText = ((await card.textContent()) ?? '').replace(/\s+/g, ' ');
      expect(cardText).toContain(
        en
          ? "Your scorecard: The merchant's recent record is poor: a shorter time to answer"
          : '经营评分：商家近期表现较差：处理时限缩短',
      );
      expect(cardText).toMatch(en ? /1[01] h \d+ min left/ : /剩余 1[01]小时\d+分/);
      expect(await visibleCodes(page)).toEqual([]);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      await screenshot(page, `merchant-scorecard-${lang}-${width}`);
      expect(external).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
