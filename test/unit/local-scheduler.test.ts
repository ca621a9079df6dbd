/**
 * The local stand-in for EventBridge Scheduler's daily report schedule: 09:00 China time every day, runs that never
 * overlap, and `POST /local/report/run[?date=]`.
 */
import { describe, expect, it } from 'vitest';
import { startLocalScheduler, untilNextReport } from '../../local/scheduler.ts';

const at = (iso: string) => Date.parse(iso);

describe('the daily report timer', () => {
  it('waits until the next 09:00 China time (01:00 UTC)', () => {
    expect(untilNextReport(at('2026-12-02T00:00:00Z'))).toBe(3_600_000);
    expect(untilNextReport(at('2026-12-02T00:59:59.999Z'))).toBe(1);
    expect(untilNextReport(at('2026-12-02T01:00:00Z'))).toBe(24 * 3_600_000);
    expect(untilNextReport(at('2026-12-02T01:00:00.001Z'))).toBe(24 * 3_600_000 - 1);
    expect(untilNextReport(at('2026-12-01T16:00:00Z'))).toBe(9 * 3_600_000); // midnight in China
  });
});

describe('POST /local/report/run', () => {
  const request = (query: string) => ({
    method: 'POST',
    path: '/local/report/run',
    query: new URLSearchParams(query),
    headers: {},
    body: Buffer.alloc(0),
  });

  it('runs the report for yesterday or the date asked, one run at a time, and refuses a malformed date', async () => {
    const events: unknown[] = [];
    let running = 0;
    let overlapped = false;
    const scheduler = startLocalScheduler(
      { monitorEverySeconds: 0, dailyReport: false },
      () => undefined,
      async () => ({}),
      async (event) => {
        running++;
        overlapped ||= running > 1;
        await new Promise((resolve) => setTimeout(resolve, 10));
        events.push(event);
        running--;
        return { sent: true, ...event };
      },
    );
    try {
      const [a, b] = await Promise.all([
        scheduler.reportRoute.handle(request(''), []),
        scheduler.reportRoute.handle(request('date=2026-12-01'), []),
      ]);
      expect(a).toEqual({ statusCode: 200, body: { sent: true } });
      expect(b).toEqual({ statusCode: 200, body: { sent: true, date: '2026-12-01' } });
      expect(events).toEqual([{}, { date: '2026-12-01' }]);
      expect(overlapped).toBe(false);
      const bad = await scheduler.reportRoute.handle(request('date=yesterday'), []);
      expect(bad.statusCode).toBe(400);
      expect(events).toHaveLength(2);
      expect(scheduler.reportRoute.pattern.test('/local/report/run')).toBe(true);
    } finally {
      scheduler.stop();
    }
  });
});
