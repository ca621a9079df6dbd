/**
 * A payment channel's own function (functions/channels/handler.ts) and its credentials
 * (adapters/payments/channel-secret.ts): it answers the operations the payout functions invoke it with, throws the
 * port's errors by name, reads its secret once and follows a rotation, and says clearly when the secret still holds
 * the stack's placeholder.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import {
  ChannelSecret,
  FORCED_REFRESH_INTERVAL_MS,
  MAX_AGE_MS,
} from '../../../functions/adapters/payments/channel-secret.ts';
import { secretsManager } from '../../../functions/adapters/payments/secrets-client.ts';
import { channelHandler, fromSecret } from '../../../functions/channels/handler.ts';
import { ConfigurationError } from '../../../functions/config.ts';
import { CHANNEL_FUNCTIONS } from '../../../functions/manifest.ts';
import { ProviderRejected, type SendPayoutRequest } from '../../../functions/ports/payment-provider.ts';
import { ScriptedProvider } from '../../support/fakes/payouts.ts';

const ENV = {
  STAGE: 'dev',
  POWERTOOLS_SERVICE_NAME: 'refund-pipeline',
  CHANNEL_SECRET_ARN: 'arn:aws:secretsmanager:cn-north-1:123456789012:secret:wallet-AbCdEf',
};
const saved: Record<string, string | undefined> = {};
beforeAll(() => {
  for (const [k, v] of Object.entries(ENV)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const request: SendPayoutRequest = {
  refundId: 'r-1',
  amount: 12900,
  currency: 'CNY',
  method: 'BALANCE',
  destination: 'BALANCE',
  buyerId: 'buyer-1',
  order: { orderId: 'o-1', paidAmount: 12900 },
};

describe('a channel function', () => {
  it('sends, answers the status (null when never accepted) and refuses anything else', async () => {
    const provider = new ScriptedProvider();
    const handler = channelHandler(CHANNEL_FUNCTIONS.wallet, () => provider);
    const sent = (await handler({ op: 'send', request })) as { providerRef: string };
    expect(sent.providerRef).toMatch(/^scr-/);
    expect(await handler({ op: 'status', query: { refundId: 'r-1', method: 'BALANCE', orderId: 'o-1' } })).toEqual({
      status: expect.objectContaining({ providerRef: sent.providerRef, state: 'PENDING' }),
    });
    expect(await handler({ op: 'status', query: { refundId: 'r-9', method: 'BALANCE', orderId: 'o-1' } })).toEqual({
      status: null,
    });
    await expect(handler({ op: 'pay', amount: 1 })).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('throws the port’s errors with their names, which Lambda reports as the error type', async () => {
    const provider = new ScriptedProvider();
    provider.send = () => Promise.reject(new ProviderRejected('insufficient merchant balance'));
    const handler = channelHandler(CHANNEL_FUNCTIONS.wallet, () => provider);
    await expect(handler({ op: 'send', request })).rejects.toMatchObject({ name: 'ProviderRejected' });
  });

  it('fails at start without the variables its needs declare', () => {
    expect(() => channelHandler(CHANNEL_FUNCTIONS.alipay, () => new ScriptedProvider())).toThrow(/CHANNEL_NOTIFY_URL/);
  });
});

describe('the channel’s secret', () => {
  // GetSecretValue, faked (test/unit/adapters/aws-call.test.ts holds the real call to the SDK client's).
  const getSecretValue = () => vi.spyOn(secretsManager, 'getSecretValue');
  const holds = (SecretString: string) => getSecretValue().mockResolvedValue({ SecretString });
  const reads = () => getSecretValue().mock.calls.length;
  const schema = z.object({ keyId: z.string(), secret: z.string().check(z.minLength(8)) });
  beforeEach(() => {
    getSecretValue().mockReset();
    vi.useRealTimers();
  });
  afterAll(() => {
    getSecretValue().mockRestore();
    // The unit project shares one process between files: leave real timers to the next.
    vi.useRealTimers();
  });

  it('is read once, kept 5 minutes, and read again after a rotation', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-01T00:00:00Z') });
    holds('{"keyId":"k1","secret":"secret-one"}');
    const secret = new ChannelSecret('wallet', schema);
    const make = vi.fn((c: { keyId: string }) => Object.assign(new ScriptedProvider(), { name: c.keyId }));
    const provider = fromSecret(secret, make);
    expect((await provider()).name).toBe('k1');
    expect((await provider()).name).toBe('k1');
    expect(reads()).toBe(1);
    holds('{"keyId":"k2","secret":"secret-two"}');
    vi.setSystemTime(Date.now() + MAX_AGE_MS + 1);
    expect((await provider()).name).toBe('k2');
    expect(make).toHaveBeenCalledTimes(2);
  });

  it('is re-read at once when a signature does not verify, at most every 30 s', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-01T00:00:00Z') });
    holds('{"keyId":"k1","secret":"secret-one"}');
    const secret = new ChannelSecret('wallet', schema);
    await secret.get();
    expect(await secret.refresh()).toMatchObject({ keyId: 'k1' });
    expect(secret.refresh()).toBeUndefined();
    vi.setSystemTime(Date.now() + FORCED_REFRESH_INTERVAL_MS + 1);
    const third = secret.refresh();
    expect(third).toBeDefined();
    await third;
    expect(reads()).toBe(3);
  });

  it.each([
    ['the stack’s generated placeholder', 'Xy7kPq2LmN9vRt4sWz8bYc3dFg6hJk1a', /is not JSON: put the credentials in it/],
    ['JSON without the credentials', '{"keyId":"k1"}', /does not hold its credentials/],
  ])('says what is wrong when it holds %s, and is read again next time', async (_, value, message) => {
    holds(value);
    const secret = new ChannelSecret('wallet', schema);
    await expect(secret.get()).rejects.toThrow(message);
    await expect(secret.get()).rejects.toBeInstanceOf(ConfigurationError);
    expect(reads()).toBe(2);
  });
});
