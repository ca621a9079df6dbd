/**
 * The daily report use case with in-memory ports: which day it reports (yesterday in China by default), what it
 * reads, and that the e-mail of a date goes to finance exactly once however often the schedule fires.
 */
import { describe, expect, it } from 'vitest';
import {
  buildDailyReport,
  SEND_LEASE_MS,
  sendDailyReport,
  yesterdayInChina,
} from '../../../functions/app/daily-report.ts';
import type { AlertRecord } from '../../../functions/domain/monitoring/index.ts';
import type { Channel, Message } from '../../../functions/ports/notifier.ts';
import { aLedgerMove } from '../../support/builders.ts';
import { InMemoryAlertStore } from '../../support/fakes/alert-store.ts';
import { InMemoryLedger, InMemoryReportLog } from '../../support/fakes/finance.ts';
import { FixedClock, SentMessages } from '../../support/fakes/index.ts';

const NOW = '2026-12-02T01:00:00.000Z'; // 09:00 on 2 December, China time

const move = aLedgerMove;

const openAlert = (alertId: string, detectedAt: string): AlertRecord => ({
  alertId,
  kind: 'LATE_PAYOUT',
  status: 'OPEN',
  since: detectedAt,
  detail: 'late',
  firstDetectedAt: detectedAt,
  lastNotifiedAt: detectedAt,
  notifyCount: 1,
  history: [{ at: detectedAt, by: 'monitor', action: 'OPENED' }],
  version: 1,
});

async function given() {
  const ledger = new InMemoryLedger();
  for (const e of [
    move('rf_1', 'SENT', 12900, '2026-12-01T02:00:00Z'),
    move('rf_1', 'SETTLED', 12900, '2026-12-01T02:01:00Z'),
    move('rf_2', 'SENT', 5000, '2026-12-01T10:00:00Z'),
    // 2 December in China: not yesterday's.
    move('rf_3', 'SENT', 100, '2026-12-01T16:30:00Z'),
  ]) {
    await ledger.append(e);
  }
  const alerts = new InMemoryAlertStore().seed(openAlert('LATE_PAYOUT#rf_2', '2026-12-02T00:30:00Z'), {
    ...openAlert('LATE_PAYOUT#rf_9', '2026-11-20T00:00:00Z'),
    status: 'RESOLVED',
    resolvedAt: NOW,
  });
  const deps = {
    ledger,
    alerts,
    reports: new InMemoryReportLog(),
    notifier: new SentMessages(),
    clock: new FixedClock(new Date(NOW)),
  };
  return deps;
}

describe('which day', () => {
  it('is yesterday in China by default, whatever the UTC date', () => {
    expect(yesterdayInChina(new Date('2026-12-02T01:00:00Z'))).toBe('2026-12-01');
    expect(yesterdayInChina(new Date('2026-12-01T16:30:00Z'))).toBe('2026-12-01'); // 00:30 on the 2nd in China
    expect(yesterdayInChina(new Date('2026-12-01T15:30:00Z'))).toBe('2026-11-30'); // 23:30 on the 1st in China
  });

  it('refuses a date that does not exist, is not a date or is after today in China', async () => {
    const deps = await given();
    for (const date of ['2026-02-30', '2026-12-1', '2026-12-03', 'yesterday']) {
      await expect(buildDailyReport(deps, { date }), date).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    await expect(buildDailyReport(deps, { date: '2026-12-02' })).resolves.toMatchObject({ date: '2026-12-02' });
  });
});

describe('the report', () => {
  it('covers the China day with its figures and the unresolved alerts only', async () => {
    const report = await buildDailyReport(await given(), {});
    expect(report).toMatchObject({
      date: '2026-12-01',
      timeZone: 'Asia/Shanghai',
      from: '2026-11-30T16:00:00.000Z',
      to: '2026-12-01T15:59:59.999Z',
      generatedAt: NOW,
      balanced: false,
    });
    expect(report.currencies[0]).toMatchObject({
      paid: { count: 2, amount: 17900 },
      settled: { count: 1, amount: 12900 },
      outstanding: { count: 1, amount: 5000 },
    });
    expect(report.alerts).toMatchObject({ total: 1, byAge: { lessThan1h: 1, from1hTo24h: 0, moreThan24h: 0 } });
  });
});

describe('sending it', () => {
  it('publishes yesterday’s report to the finance channel and records the date as sent', async () => {
    const deps = await given();
    const run = await sendDailyReport(deps);
    expect(run).toEqual({
      date: '2026-12-01',
      sent: true,
      balanced: false,
      subject: '[Refund daily report] 2026-12-01: 1 outstanding, 1 unresolved alert',
    });
    expect(deps.notifier.sent).toHaveLength(1);
    const [{ channel, message }] = deps.notifier.sent as [{ channel: Channel; message: Message }];
    expect(channel).toBe('finance');
    expect(message.subject).toBe(run.subject);
    expect(message.text).toContain('CNY 179.00');
    expect(message.attributes).toEqual({ kind: 'DAILY_REPORT', date: '2026-12-01' });
    expect(deps.reports.items.get('2026-12-01')).toMatchObject({ status: 'SENT', sentAt: NOW, subject: run.subject });
  });

  it('sends nothing the second time the schedule fires for the same date, even a day later', async () => {
    const deps = await given();
    await sendDailyReport(deps);
    expect(await sendDailyReport(deps)).toEqual({ date: '2026-12-01', sent: false });
    deps.clock.advance(24 * 3_600_000);
    expect(await sendDailyReport(deps, { date: '2026-12-01' })).toEqual({ date: '2026-12-01', sent: false });
    expect(deps.notifier.sent).toHaveLength(1);
    // The next day's report is its own.
    expect(await sendDailyReport(deps)).toMatchObject({ date: '2026-12-02', sent: true });
    expect(deps.notifier.sent).toHaveLength(2);
  });

  it('sends the day before the schedule fired when a failed run is redriven days later, not the day before the redrive', async () => {
    const deps = await given();
    deps.clock.advance(3 * 24 * 3_600_000);
    expect(await sendDailyReport(deps, { scheduledAt: NOW })).toMatchObject({ date: '2026-12-01', sent: true });
    await expect(sendDailyReport(deps, { scheduledAt: 'yesterday' })).rejects.toMatchObject({
      name: 'ValidationFailed',
    });
    expect(deps.notifier.sent).toHaveLength(1);
  });

  it('sends once when two deliveries of the schedule run at the same time', async () => {
    const deps = await given();
    const runs = await Promise.all([sendDailyReport(deps), sendDailyReport(deps), sendDailyReport(deps)]);
    expect(runs.filter((r) => r.sent)).toHaveLength(1);
    expect(deps.notifier.sent).toHaveLength(1);
  });

  it('gives the claim back when the publish fails, so the retry sends', async () => {
    const deps = await given();
    let fail = true;
    const publish = deps.notifier.publish.bind(deps.notifier);
    deps.notifier.publish = async (channel, message) => {
      if (fail) throw new Error('SNS unavailable');
      return publish(channel, message);
    };
    await expect(sendDailyReport(deps)).rejects.toThrow('SNS unavailable');
    expect(deps.reports.items.get('2026-12-01')?.status).toBe('RELEASED');
    fail = false;
    deps.clock.advance(1000);
    expect(await sendDailyReport(deps)).toMatchObject({ sent: true });
    expect(deps.notifier.sent).toHaveLength(1);
  });

  it('lets a later run send when a run crashed between its claim and its publish, once the lease ran out', async () => {
    const deps = await given();
    await deps.reports.claim('2026-12-01', NOW, new Date(Date.parse(NOW) + SEND_LEASE_MS).toISOString());
    expect(await sendDailyReport(deps)).toMatchObject({ sent: false });
    deps.clock.advance(SEND_LEASE_MS + 1);
    expect(await sendDailyReport(deps, { date: '2026-12-01' })).toMatchObject({ sent: true });
    expect(deps.notifier.sent).toHaveLength(1);
  });
});
