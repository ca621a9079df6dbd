/**
 * The webhook secret rotates without a cold start (issue 17, item 2): Secrets Manager's GetSecretValue is faked
 * (test/unit/adapters/aws-call.test.ts holds the real call to the SDK client's), the clock is faked,
 * and a warm instance follows a rotation by its max age or by one rate-limited re-read on a signature mismatch.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { secretsManager } from '../../../functions/adapters/payments/secrets-client.ts';
import {
  checkWithWebhookSecrets,
  FORCED_REFRESH_INTERVAL_MS,
  MAX_AGE_MS,
  resetWebhookSecretCache,
  webhookSecrets,
} from '../../../functions/adapters/payments/webhook-secret.ts';
import { signWebhook, verifyWebhook } from '../../../functions/domain/payout/signature.ts';

const ARN = 'arn:aws:secretsmanager:cn-north-1:123456789012:secret:webhook-AbCdEf';
/** GetSecretValue, faked: the spy (made once, kept while this file runs). */
const getSecretValue = () => vi.spyOn(secretsManager, 'getSecretValue');
afterAll(() => {
  getSecretValue().mockRestore();
});
const body = Buffer.from('{"refundId":"r-1"}');
const env = { WEBHOOK_SECRET: process.env.WEBHOOK_SECRET, WEBHOOK_SECRET_ARN: process.env.WEBHOOK_SECRET_ARN };

/** What Secrets Manager holds as AWSCURRENT (and AWSPENDING while a rotation is in progress). */
function holds(current: string, pending?: string) {
  getSecretValue()
    .mockReset()
    .mockImplementation(async ({ VersionStage }) => {
      if (VersionStage !== 'AWSPENDING') return { SecretString: current };
      if (pending) return { SecretString: pending };
      // What Secrets Manager answers outside a rotation (the name the call's error carries).
      throw Object.assign(new Error('no AWSPENDING version'), { name: 'ResourceNotFoundException' });
    });
}

/** Reads of AWSCURRENT (each read also asks for AWSPENDING). */
const reads = () => getSecretValue().mock.calls.filter(([input]) => input.VersionStage === undefined).length;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const signedWith = (secret: string) => signWebhook(body, secret, nowSeconds());
const check = (header: string) =>
  checkWithWebhookSecrets((secrets) => verifyWebhook(body, header, secrets, { nowSeconds: nowSeconds() }));

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-01T00:00:00Z') });
  delete process.env.WEBHOOK_SECRET;
  process.env.WEBHOOK_SECRET_ARN = ARN;
  resetWebhookSecretCache();
  holds('whsec_old');
});

afterEach(() => {
  vi.useRealTimers();
  resetWebhookSecretCache();
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('a warm instance after finance rotates the webhook secret', () => {
  it('refuses the old signature and accepts the new one after one forced re-read', async () => {
    expect(await check(signedWith('whsec_old'))).toMatchObject({ ok: true });
    expect(reads()).toBe(1);

    holds('whsec_new');
    expect(await check(signedWith('whsec_new'))).toMatchObject({ ok: true });
    expect(getSecretValue()).toHaveBeenCalledWith({ SecretId: ARN });
    expect(reads()).toBe(1); // since the rotation: the one forced re-read

    vi.advanceTimersByTime(FORCED_REFRESH_INTERVAL_MS);
    expect(await check(signedWith('whsec_old'))).toEqual({ ok: false, reason: 'MISMATCH' });
    expect(await webhookSecrets()).toEqual(['whsec_new']);
  });

  it('re-reads the secret once its max age has passed, without any mismatch', async () => {
    expect(await webhookSecrets()).toEqual(['whsec_old']);
    holds('whsec_new');
    vi.advanceTimersByTime(MAX_AGE_MS - 1);
    expect(await webhookSecrets()).toEqual(['whsec_old']);
    expect(reads()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(await webhookSecrets()).toEqual(['whsec_new']);
    expect(reads()).toBe(1);
  });

  it('re-reads at most once per interval however many forged signatures arrive', async () => {
    await webhookSecrets();
    const forged = signedWith('whsec_forged');
    for (let i = 0; i < 20; i++) expect(await check(forged)).toEqual({ ok: false, reason: 'MISMATCH' });
    expect(reads()).toBe(2); // the first read and one forced re-read
    vi.advanceTimersByTime(FORCED_REFRESH_INTERVAL_MS - 1);
    await check(forged);
    expect(reads()).toBe(2);
    vi.advanceTimersByTime(1);
    await check(forged);
    expect(reads()).toBe(3);
  });

  it('never re-reads for a missing, malformed or stale signature', async () => {
    await webhookSecrets();
    expect(await check('')).toEqual({ ok: false, reason: 'MISSING' });
    expect(await check('t=1,v1=zz')).toEqual({ ok: false, reason: 'MALFORMED' });
    expect(await check(signWebhook(body, 'whsec_old', nowSeconds() - 3600))).toEqual({ ok: false, reason: 'STALE' });
    expect(reads()).toBe(1);
  });
});

describe('during a rotation', () => {
  it('accepts the current, the previous (JSON) and the AWSPENDING secret, and nothing else', async () => {
    holds(JSON.stringify({ current: 'whsec_b', previous: 'whsec_a' }), 'whsec_c');
    expect(await webhookSecrets()).toEqual(['whsec_b', 'whsec_a', 'whsec_c']);
    for (const secret of ['whsec_a', 'whsec_b', 'whsec_c']) expect((await check(signedWith(secret))).ok).toBe(true);
    expect(await check(signedWith('whsec_z'))).toEqual({ ok: false, reason: 'MISMATCH' });
  });

  it('does not cache a failed read', async () => {
    getSecretValue().mockReset().mockRejectedValue(new Error('throttled'));
    await expect(webhookSecrets()).rejects.toThrow('throttled');
    holds('whsec_old');
    expect(await webhookSecrets()).toEqual(['whsec_old']);
  });
});
