/**
 * The payments port routes each payout to the channel of its method (adapters/payments/router.ts) and says which
 * channel answered, which the ledger writes; the Lambda channel turns a channel function's errors back into the
 * port's (adapters/payments/lambda-channel.ts).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelError, LambdaChannel } from '../../../functions/adapters/payments/lambda-channel.ts';
import { PaymentRouter } from '../../../functions/adapters/payments/router.ts';
import { WalletChannel } from '../../../functions/adapters/payments/wallet-channel.ts';
import { LOCAL_CHANNELS, REAL_CHANNELS } from '../../../functions/domain/payout/channels.ts';
import {
  type PaymentProvider,
  ProviderRejected,
  ProviderTimeout,
  ProviderUnavailable,
  type SendPayoutRequest,
} from '../../../functions/ports/payment-provider.ts';
import { startAwsStandIn } from '../../support/aws-stand-in.ts';
import { ScriptedProvider } from '../../support/fakes/payouts.ts';
import { InMemoryWallet } from '../../support/fakes/wallet.ts';

const request = (method: SendPayoutRequest['method'], refundId = 'r-1'): SendPayoutRequest => ({
  refundId,
  amount: 12900,
  currency: 'CNY',
  method,
  destination: method === 'BALANCE' || method === 'COUPON' ? method : 'ORIGINAL',
  buyerId: 'buyer-1',
  order: { orderId: 'o-1', paidAmount: 12900 },
});

const named = (name: string): ScriptedProvider => Object.assign(new ScriptedProvider(), { name });

describe('the payment router', () => {
  it('sends each method to its channel and names the channel that accepted it', async () => {
    const alipay = named('alipay');
    const sandbox = named('sandbox');
    const wallet = new InMemoryWallet();
    const router = new PaymentRouter(
      { ...LOCAL_CHANNELS, ALIPAY: 'alipay' },
      { alipay, sandbox, wallet: new WalletChannel(wallet) },
    );
    expect(await router.send(request('ALIPAY', 'r-a'))).toMatchObject({ provider: 'alipay', duplicate: false });
    expect(await router.send(request('BANK_CARD', 'r-b'))).toMatchObject({ provider: 'sandbox' });
    const credited = await router.send(request('COUPON', 'r-c'));
    expect(credited).toMatchObject({ provider: 'wallet', settled: { amount: 12900 } });
    expect(alipay.attempts('r-a')).toBe(1);
    expect(sandbox.attempts('r-b')).toBe(1);
    expect(wallet.calls).toEqual([{ op: 'credit', refundId: 'r-c' }]);
    expect(router.nameFor('WECHAT_PAY')).toBe('sandbox');
    expect(router.nameFor('BALANCE')).toBe('wallet');
  });

  it('asks the channel of the method about a refund, and says who answered', async () => {
    const alipay = named('alipay');
    const router = new PaymentRouter(
      { ...LOCAL_CHANNELS, ALIPAY: 'alipay' },
      {
        alipay,
        sandbox: named('sandbox'),
        wallet: new WalletChannel(new InMemoryWallet()),
      },
    );
    await router.send(request('ALIPAY'));
    expect(await router.status({ refundId: 'r-1', method: 'ALIPAY', orderId: 'o-1' })).toMatchObject({
      state: 'PENDING',
      provider: 'alipay',
    });
    expect(await router.status({ refundId: 'r-1', method: 'BALANCE', orderId: 'o-1' })).toBeUndefined();
  });

  it('will not guess "never accepted" for a channel that cannot be asked', async () => {
    const mute: PaymentProvider = { name: 'mute', send: () => Promise.reject(new Error('unused')) };
    const router = new PaymentRouter({ ...LOCAL_CHANNELS, BALANCE: 'sandbox', COUPON: 'sandbox' }, { sandbox: mute });
    await expect(router.status({ refundId: 'r-1', method: 'ALIPAY', orderId: 'o-1' })).rejects.toThrow(
      ProviderUnavailable,
    );
  });

  it('refuses a map that uses a channel it was given no adapter for', () => {
    expect(() => new PaymentRouter(REAL_CHANNELS, { sandbox: named('sandbox') })).toThrow(/uses alipay/);
  });
});

describe('a channel in a function of its own', () => {
  // Lambda, standing in: Invoke's answers as Lambda gives them (test/unit/adapters/aws-call.test.ts holds the call to
  // the Lambda client's).
  let lambda: Awaited<ReturnType<typeof startAwsStandIn>>;
  beforeAll(async () => {
    lambda = await startAwsStandIn();
  });
  afterAll(() => lambda.close());
  beforeEach(() => {
    vi.stubEnv('AWS_REGION', 'cn-north-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_ENDPOINT_URL_LAMBDA', lambda.url);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  const result = (value: unknown) => ({ status: 200, body: JSON.stringify(value) });

  it('invokes the channel function with the operation and returns its answer', async () => {
    lambda.answer(result({ providerRef: 'ali-1', acceptedAt: '2026-11-20T10:00:00.000Z', duplicate: false }));
    const channel = new LambdaChannel('alipay', 'refunds-ChannelAlipay');
    expect(await channel.send(request('ALIPAY'))).toMatchObject({ providerRef: 'ali-1' });
    const [call] = lambda.state.received;
    expect(call?.path).toBe('/2015-03-31/functions/refunds-ChannelAlipay/invocations');
    expect(JSON.parse(call?.body ?? '')).toMatchObject({ op: 'send', request: { refundId: 'r-1' } });
  });

  it('answers undefined when the channel never accepted the refund', async () => {
    lambda.answer(result({ status: null }));
    expect(
      await new LambdaChannel('alipay', 'fn').status({ refundId: 'r-1', method: 'ALIPAY', orderId: 'o-1' }),
    ).toBeUndefined();
  });

  it.each([
    ['ProviderRejected', ProviderRejected],
    ['ProviderUnavailable', ProviderUnavailable],
    ['ProviderTimeout', ProviderTimeout],
    // The function timed out or crashed: the channel may have accepted it, so retry with the same refund id.
    ['Sandbox.Timedout', ProviderTimeout],
    ['Runtime.ExitError', ProviderTimeout],
  ])('throws the port’s error again for a channel function that failed with %s', async (errorType, kind) => {
    lambda.answer({
      status: 200,
      headers: { 'x-amz-function-error': 'Unhandled' },
      body: JSON.stringify({ errorType, errorMessage: 'from the channel' }),
    });
    const sent = new LambdaChannel('alipay', 'fn').send(request('ALIPAY'));
    await expect(sent).rejects.toBeInstanceOf(kind);
    expect(channelError('alipay', errorType, 'm').name).toBe(new kind('x').name);
  });

  it('is unavailable (retry) when the invocation itself fails', async () => {
    const throttled = {
      status: 429,
      headers: { 'x-amzn-errortype': 'TooManyRequestsException' },
      body: '{"Type":"User","message":"Rate exceeded"}',
    };
    lambda.answer(throttled, throttled, throttled);
    await expect(new LambdaChannel('wallet', 'fn').send(request('BALANCE'))).rejects.toBeInstanceOf(
      ProviderUnavailable,
    );
    expect(lambda.state.received).toHaveLength(3);
  });
});
