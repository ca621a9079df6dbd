/**
 * A buyer's note never reaches the logs (docs/security.md, "Personal data"). One refund goes through its whole life —
 * the buyer's note, the merchant's free-text rejection, the buyer's dispute, the reviewer's arbitration, the payout and
 * its settlement — with a unique marker in every text a person writes, and paths that do log on the way: a webhook
 * with a bad signature (warning) and the provider's duplicate callback (info, about this refund). Everything the
 * functions write to stdout, stderr or the console meanwhile is captured, at DEBUG, and must not hold the marker,
 * while the API answers do (so the marker really went through the system and the test can fail).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SIGNATURE_HEADER } from '../../../functions/domain/payout/signature.ts';
import { eventually } from '../../support/local.ts';
import { applyFor, givenARuntimeWithActors, scenarios, statusOf } from '../../support/steps.ts';

// Before any handler module (and so the logger) is loaded: vitest's config sets ERROR, which would log nothing.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
});

const marker = `zq${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const written: string[] = [];

beforeAll(() => {
  // Swallowed, not passed on: what the functions write is what is under test, and the reporter needs none of it.
  const capture = (chunk: string | Uint8Array, ...rest: unknown[]) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.at(-1);
    if (typeof callback === 'function') callback();
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture as typeof process.stderr.write);
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      written.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    });
  }
});

afterAll(() => {
  vi.restoreAllMocks();
});

// Started after the capture above, so its start-up is captured too. Real timers with the prod policy, so nothing times out while people act; the sandbox provider calls back twice for
// every payout, and the second callback is logged.
const { client, who } = givenARuntimeWithActors({
  timeScale: 1,
  stage: 'prod',
  availableReviewer: true,
  payments: { duplicateRate: 1, duplicateDelayMs: { min: 0, max: 100 } },
});

describe("a refund's whole life, with a buyer's note", () => {
  it('leaves logs that hold none of the text people wrote', async () => {
    const { refundId } = await applyFor(client, who, scenarios.inTransit(), {
      reason: 'NO_LONGER_NEEDED',
      note: `buyer ${marker} 请寄到北京市朝阳区 13800138000`,
    });
    await statusOf(client, who, refundId, 'AWAITING_MERCHANT');

    const rejected = await client.call('POST', `/v1/merchant/refunds/${refundId}/decision`, {
      token: who.merchant,
      body: { decision: 'REJECT', reason: `reason ${marker}`, note: `merchant ${marker}` },
    });
    expect(rejected.status).toBe(200);
    await statusOf(client, who, refundId, 'REJECTED');

    const disputed = await client.call('POST', `/v1/refunds/${refundId}/dispute`, {
      token: who.buyer,
      body: { note: `dispute ${marker}` },
    });
    expect(disputed.status).toBe(200);
    await statusOf(client, who, refundId, 'MANUAL_REVIEW');

    const task = await eventually(async () => {
      const tasks = await client.call('GET', '/v1/review/tasks', { token: who.reviewer });
      return tasks.body.items.find((t: { refundId: string }) => t.refundId === refundId);
    });
    const decided = await client.call('POST', `/v1/review/tasks/${task.taskId}/decision`, {
      token: who.reviewer,
      body: { decision: 'APPROVE', note: `reviewer ${marker}` },
    });
    expect(decided.status).toBe(200);

    // A forged callback: refused, and logged as a warning.
    const forged = await client.call('POST', '/v1/payments/webhook', {
      raw: JSON.stringify({ refundId, note: `forged ${marker}` }),
      headers: { [SIGNATURE_HEADER]: `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` },
    });
    expect(forged.status).toBe(401);

    await statusOf(client, who, refundId, 'REFUNDED', 60_000);
    // The provider's second callback for this refund changes nothing and is logged with the refund's id.
    await eventually(async () =>
      written.some((line) => line.includes('settlement callback changed nothing') && line.includes(refundId))
        ? true
        : undefined,
    );

    // The marker went through the system: the buyer and the reviewer read it back.
    const seen = await client.call('GET', `/v1/refunds/${refundId}`, { token: who.buyer });
    expect(seen.text).toContain(`buyer ${marker}`);
    expect(seen.text).toContain(`dispute ${marker}`);

    const logs = written.join('\n');
    expect(written.filter((line) => line.includes('"level"')).length).toBeGreaterThan(0);
    expect(logs).toContain('payment webhook refused');
    expect(logs).not.toContain(marker);
    expect(logs).not.toContain('13800138000');
    expect(logs).not.toContain('朝阳区');
  });
});
