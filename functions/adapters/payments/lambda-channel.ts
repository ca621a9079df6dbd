/**
 * A payment channel that runs in a function of its own (functions/channels/*.ts): the Payout task, finance's retry,
 * the buyer's switch and the monitor call it through Lambda Invoke, so only the channel's function holds the
 * channel's credentials (its Secrets Manager secret) and the others hold only `lambda:InvokeFunction` on it.
 *
 * The channel function throws the payment port's errors by name; Invoke reports them as `FunctionError` with the
 * error's name as `errorType`, and they are thrown here again as the same classes, so Step Functions retries them
 * as before. A channel function that timed out or crashed (`Sandbox.Timedout`, `Runtime.*`) may have been accepted
 * by the channel: that is a ProviderTimeout (retry with the same refund id, which the channel dedupes).
 *
 * The Lambda client (~71 KiB) is evaluated on the first call, not at import: the monitor, finance's retry and the
 * buyer's switch only call a channel on some of their paths (issue 18, item 4).
 */
import type { InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { traced } from '../../observability/tracer.ts';
import {
  type PaymentProvider,
  type PayoutQuery,
  type ProviderPayoutStatus,
  ProviderRejected,
  ProviderTimeout,
  ProviderUnavailable,
  type SendPayoutRequest,
  type SendPayoutResult,
} from '../../ports/payment-provider.ts';

/** What a channel function is invoked with (functions/channels/handler.ts). */
export type ChannelOperation = { op: 'send'; request: SendPayoutRequest } | { op: 'status'; query: PayoutQuery };

let client: LambdaClient | undefined;

/** The Lambda SDK, evaluated on the first call, and the one client built from it. */
async function lambda() {
  const sdk = await import('./lambda-sdk.ts');
  client ??= traced(new sdk.LambdaClient({}));
  return { sdk, client };
}

const ERRORS = {
  ProviderTimeout,
  ProviderUnavailable,
  ProviderRejected,
} as const;

/** The port's error for a failed invocation: by name, else a timeout (the channel may have acted). */
export function channelError(channel: string, errorType: string | undefined, message: string): Error {
  const known = ERRORS[errorType as keyof typeof ERRORS];
  if (known) return new known(message);
  return new ProviderTimeout(`${channel} channel function failed (${errorType ?? 'unknown error'}): ${message}`);
}

export class LambdaChannel implements PaymentProvider {
  constructor(
    readonly name: string,
    private readonly functionName: string,
  ) {}

  send(request: SendPayoutRequest): Promise<SendPayoutResult> {
    return this.invoke({ op: 'send', request });
  }

  async status(query: PayoutQuery): Promise<ProviderPayoutStatus | undefined> {
    return (await this.invoke<{ status: ProviderPayoutStatus | null }>({ op: 'status', query })).status ?? undefined;
  }

  private async invoke<T>(operation: ChannelOperation): Promise<T> {
    const { sdk, client } = await lambda();
    let answer: InvokeCommandOutput;
    try {
      answer = await client.send(
        new sdk.InvokeCommand({
          FunctionName: this.functionName,
          Payload: new TextEncoder().encode(JSON.stringify(operation)),
        }),
      );
    } catch (error) {
      // The invocation itself failed (throttled, service error): nothing ran, or we cannot know; retry is safe.
      throw new ProviderUnavailable(`${this.name} channel function not invoked: ${(error as Error).name}`);
    }
    const text = answer.Payload ? new TextDecoder().decode(answer.Payload) : 'null';
    if (answer.FunctionError) {
      const failure = JSON.parse(text || '{}') as { errorType?: string; errorMessage?: string };
      throw channelError(this.name, failure.errorType, failure.errorMessage ?? answer.FunctionError);
    }
    return JSON.parse(text) as T;
  }
}
