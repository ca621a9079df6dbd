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
 * Invoke is called with the SDK's signer and HTTP handler (../aws/aws-call.ts), not the Lambda client, which was
 * 89 KiB of every function that pays out (issue 18, item 4); test/unit/adapters/aws-call.test.ts holds the request
 * and the reading of the answer to the client's.
 */
import { extendedEncodeURIComponent } from '@smithy/core/protocols';
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
import { callAws, LAMBDA } from '../aws/aws-call.ts';

/** What a channel function is invoked with (functions/channels/handler.ts). */
export type ChannelOperation = { op: 'send'; request: SendPayoutRequest } | { op: 'status'; query: PayoutQuery };

/** What Invoke answered: the function's result or its error (`functionError`), as the client reads it. */
export interface InvokeAnswer {
  statusCode: number;
  functionError?: string;
  payload: Uint8Array;
}

/** Lambda `Invoke`, RequestResponse: the request the Lambda client sends for `{ FunctionName, Payload }`. */
export async function invokeFunction(functionName: string, payload: Uint8Array): Promise<InvokeAnswer> {
  const answer = await callAws(
    LAMBDA,
    'Invoke',
    {
      path: `/2015-03-31/functions/${extendedEncodeURIComponent(functionName)}/invocations`,
      headers: { 'content-type': 'application/octet-stream' },
      body: payload,
    },
    { FunctionName: functionName },
  );
  return {
    statusCode: answer.statusCode,
    functionError: answer.headers['x-amz-function-error'],
    payload: answer.body,
  };
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
    let answer: InvokeAnswer;
    try {
      answer = await invokeFunction(this.functionName, new TextEncoder().encode(JSON.stringify(operation)));
    } catch (error) {
      // The invocation itself failed (throttled, service error): nothing ran, or we cannot know; retry is safe.
      throw new ProviderUnavailable(`${this.name} channel function not invoked: ${(error as Error).name}`);
    }
    const text = new TextDecoder().decode(answer.payload);
    if (answer.functionError) {
      const failure = JSON.parse(text || '{}') as { errorType?: string; errorMessage?: string };
      throw channelError(this.name, failure.errorType, failure.errorMessage ?? answer.functionError);
    }
    return JSON.parse(text || 'null') as T;
  }
}
