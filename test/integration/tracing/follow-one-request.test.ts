/**
 * Done when one request can be followed (issue 16, docs/monitoring.md "Following one request"): a buyer applies over
 * HTTP and gets an `x-correlation-id`; that id is on the lines of the API handler and of every lifecycle task that
 * handled the refund (Assess, Payout), carried by the execution input and the ASL's task Payloads; and the monitor,
 * run later with its own correlation id, logs the alert it records about the refund with the refund id. The lines
 * are the functions' own JSON lines, taken from the local runtime's log destination (`logs`).
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { LogEntry } from '../../../local/log-lines.ts';
import { anOrderBody } from '../../support/builders.ts';
import { eventually } from '../../support/local.ts';
import { givenARuntimeWithActors, PAID_OUT, scenarios, statusOf, uniqueId } from '../../support/steps.ts';
import { TestClock } from '../monitoring/steps.ts';

// Before any handler module (and so the logger) is loaded: vitest's config sets ERROR, which would log no INFO line.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

const lines: LogEntry[] = [];
const clock = new TestClock(Date.now());
const DAY = 24 * 3600;

const { client, who } = givenARuntimeWithActors({
  clock,
  monitorEverySeconds: 0,
  // The money does not arrive while the test runs, so the payout is late once the clock moves on.
  payments: { latencyMs: { min: 3_600_000, max: 3_600_000 } },
  logs: (entry) => lines.push(entry),
});
afterAll(() => {
  lines.length = 0;
});

describe('one refund, followed through the logs', () => {
  it('carries the correlation id from the API through every task, and the refund id into the monitor', async () => {
    const orderId = uniqueId('order');
    const put = await client.call('PUT', `/v1/orders/${orderId}`, {
      token: who.system,
      body: anOrderBody({ userId: who.buyerId, merchantId: who.merchantId, ...scenarios.notShipped() }),
    });
    expect(put.status).toBe(201);

    const applied = await fetch(`${client.runtime.url}/v1/refunds`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${who.buyer}`,
        'content-type': 'application/json',
        'idempotency-key': uniqueId('key'),
      },
      body: JSON.stringify({ orderId, reason: 'NO_LONGER_NEEDED' }),
    });
    expect(applied.status).toBe(201);
    const correlationId = applied.headers.get('x-correlation-id');
    expect(correlationId).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:=+/-]*$/);
    const { refundId } = (await applied.json()) as { refundId: string };

    // The instant path: the rules approve in the request itself, the payout run's Payout sends the money.
    await statusOf(client, who, refundId, PAID_OUT);
    await client.runtime.workflow.finished(refundId);

    const api = lines.filter((l) => l.function_name === 'CreateRefund' && l.correlation_id === correlationId);
    expect(api.map((l) => l.message)).toContain('request handled');
    expect(api.find((l) => l.message === 'request handled')).toMatchObject({ refund_id: refundId, status: 201 });
    expect(api.every((l) => typeof l.function_request_id === 'string')).toBe(true);

    const tasks = lines.filter((l) =>
      ['Assess', 'Wait', 'Timeout', 'Payout', 'PayoutFailed'].includes(String(l.function_name)),
    );
    const forThisRefund = tasks.filter((l) => l.refund_id === refundId);
    expect(new Set(forThisRefund.map((l) => l.function_name))).toEqual(new Set(['Payout']));
    for (const line of forThisRefund) expect(line.correlation_id, JSON.stringify(line)).toBe(correlationId);

    // Later, the schedule runs the monitor: the payout has missed its promise.
    clock.advance(30 * DAY);
    const run = await client.call('POST', '/local/monitor/run');
    expect(run.status).toBe(200);
    const aboutIt = await eventually(async () => {
      const found = lines.filter((l) => l.function_name === 'Monitor' && l.refund_id === refundId);
      return found.length ? found : undefined;
    });
    expect(aboutIt[0]).toMatchObject({ message: 'alert recorded', kind: 'LATE_PAYOUT', status: 'OPEN' });
    // The run has its own correlation id (the schedule's execution id), on every line of the run.
    const monitorIds = new Set(lines.filter((l) => l.function_name === 'Monitor').map((l) => l.correlation_id));
    expect(monitorIds.size).toBe(1);
    expect([...monitorIds][0]).toEqual(expect.any(String));
    expect(monitorIds.has(correlationId ?? '')).toBe(false);
  });
});
