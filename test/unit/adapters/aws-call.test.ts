/**
 * The AWS operations called without their SDK clients (functions/adapters/aws/aws-call.ts: Lambda Invoke, Step
 * Functions' executions and task tokens) are held to the clients: one local HTTP server stands in for the service,
 * both the client and our call are sent the same input and given the same scripted answers, and
 * - the requests are the same: method, host, path, body and every header but the SDK's own (user agents, invocation
 *   id and attempt count), and ours is signed for exactly what arrived (re-signed here from the received request);
 * - the outcomes are the same: the output, or the error's name and message, after as many attempts.
 */
import { InvokeCommand, type InvokeCommandOutput as InvokeOut, LambdaClient } from '@aws-sdk/client-lambda';
import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput as SecretOut,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { Sha256Node } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type ScriptedAnswer as Answer,
  type ReceivedRequest as Received,
  startAwsStandIn,
} from '../../support/aws-stand-in.ts';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-example', sessionToken: 'session-example' };
const REGION = 'cn-north-1';

let standIn: Awaited<ReturnType<typeof startAwsStandIn>>;
let endpoint: string;

beforeAll(async () => {
  standIn = await startAwsStandIn();
  endpoint = standIn.url;
});
afterAll(() => standIn.close());

beforeEach(() => {
  standIn.answer();
  vi.stubEnv('AWS_REGION', REGION);
  vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);
  vi.stubEnv('AWS_SESSION_TOKEN', CREDENTIALS.sessionToken);
  vi.stubEnv('AWS_ENDPOINT_URL', undefined);
  vi.stubEnv('AWS_ENDPOINT_URL_LAMBDA', endpoint);
  vi.stubEnv('AWS_ENDPOINT_URL_SFN', endpoint);
  vi.stubEnv('AWS_ENDPOINT_URL_SNS', endpoint);
  vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', endpoint);
  // Inside Lambda, the invocation's trace header goes along with every call.
  vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'refunds-Payout');
  vi.stubEnv('_X_AMZN_TRACE_ID', 'Root=1-6750f0a1-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/**
 * The modules under test, fresh: the unit project shares modules between files, and the call module keeps the
 * credentials it first read.
 */
async function ours() {
  vi.resetModules();
  return {
    call: await import('../../../functions/adapters/aws/aws-call.ts'),
    channel: await import('../../../functions/adapters/payments/lambda-channel.ts'),
    workflow: await import('../../../functions/adapters/stepfunctions/executions.ts'),
    notifier: await import('../../../functions/adapters/sns/notifier.ts'),
    secrets: await import('../../../functions/adapters/payments/secrets-client.ts'),
  };
}

const clientConfig = () => ({ region: REGION, endpoint, credentials: CREDENTIALS });

/**
 * A client's own `send`, even where another file of the unit project (which shares modules) left
 * aws-sdk-client-mock's stub on the client's class: the stub is the class's own `send`, the SDK's is its base's.
 */
function realSend<Output>(client: object, command: object): Promise<Output> {
  const base = Object.getPrototypeOf(Object.getPrototypeOf(client)) as {
    send(this: object, command: object): Promise<Output>;
  };
  return base.send.call(client, command);
}

/** The SDK's own headers, which name the SDK and count attempts; everything else must be the same. */
const SDK_ONLY = ['user-agent', 'x-amz-user-agent', 'amz-sdk-invocation-id', 'amz-sdk-request', 'x-amz-content-sha256'];
/** Differs between any two requests: when each was signed. */
const PER_REQUEST = ['x-amz-date', 'authorization', 'connection'];

function comparable(request: Received) {
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(([k]) => !SDK_ONLY.includes(k) && !PER_REQUEST.includes(k)),
  );
  return { method: request.method, path: request.path, headers, body: request.body };
}

/** Signs what arrived again, at the time it says it was signed: the signature must be the one it carried. */
async function expectSignedAsReceived(request: Received, service: string) {
  const authorization = request.headers.authorization!;
  const signedHeaders = authorization.match(/SignedHeaders=([^,]+)/)![1]!.split(';');
  const [path, query] = request.path.split('?');
  const unsigned = new HttpRequest({
    method: request.method,
    protocol: 'http:',
    hostname: '127.0.0.1',
    path,
    query: Object.fromEntries(new URLSearchParams(query ?? '')),
    headers: Object.fromEntries(signedHeaders.map((h) => [h, request.headers[h]!])),
    body: request.body,
  });
  const stamp = request.headers['x-amz-date']!;
  const signingDate = new Date(
    `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`,
  );
  const signer = new SignatureV4({ service, region: REGION, credentials: CREDENTIALS, sha256: Sha256Node });
  const again = await signer.sign(unsigned, { signingDate });
  expect(again.headers.authorization?.match(/Signature=(\w+)/)?.[1]).toBe(authorization.match(/Signature=(\w+)/)![1]);
  expect(authorization).toContain(`Credential=${CREDENTIALS.accessKeyId}/${stamp.slice(0, 8)}/${REGION}/${service}/`);
  expect(signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'x-amz-security-token']));
}

/** Runs the client and ours on the same script; answers both outcomes and both sets of requests. */
async function both<A, B>(answers: Answer[], client: () => Promise<A>, mine: () => Promise<B>) {
  const settle = <T>(p: Promise<T>) =>
    p.then(
      (value) => ({ value, error: undefined }),
      (error: Error) => ({ value: undefined, error: { name: error.name, message: error.message } }),
    );
  standIn.answer(...answers);
  const sdk = await settle(client());
  const sdkRequests = standIn.state.received;
  standIn.answer(...answers);
  const ourOutcome = await settle(mine());
  return { sdk, ours: ourOutcome, sdkRequests, ourRequests: standIn.state.received };
}

const lambdaClient = () => new LambdaClient(clientConfig());
const sfnClient = () => new SFNClient(clientConfig());
const THROTTLED: Answer = {
  status: 429,
  headers: {
    'x-amzn-errortype': 'TooManyRequestsException:http://internal.amazon.com/coral/com.amazon.coral.service/',
  },
  body: '{"Type":"User","message":"Rate exceeded","Reason":"ReservedFunctionConcurrentInvocationLimitExceeded"}',
};

describe('Lambda Invoke without the Lambda client', () => {
  const functionName = 'arn:aws-cn:lambda:cn-north-1:123456789012:function:refunds-ChannelAlipay';
  const payload = new TextEncoder().encode(JSON.stringify({ op: 'send', request: { refundId: 'rf_1', amount: 129 } }));

  it('sends the request the client sends and reads the same answer', async () => {
    const { call, channel } = await ours();
    const run = await both(
      [{ status: 200, headers: { 'x-amz-executed-version': '$LATEST' }, body: '{"providerRef":"ali-1"}' }],
      async () => {
        const out = await realSend<InvokeOut>(
          lambdaClient(),
          new InvokeCommand({ FunctionName: functionName, Payload: payload }),
        );
        return { status: out.StatusCode, error: out.FunctionError, payload: new TextDecoder().decode(out.Payload) };
      },
      async () => {
        const out = await channel.invokeFunction(functionName, payload);
        return { status: out.statusCode, error: out.functionError, payload: new TextDecoder().decode(out.payload) };
      },
    );
    expect(run.ours).toEqual(run.sdk);
    expect(run.ours.value).toEqual({ status: 200, error: undefined, payload: '{"providerRef":"ali-1"}' });
    expect(run.ourRequests.map(comparable)).toEqual(run.sdkRequests.map(comparable));
    expect(run.ourRequests[0]!.path).toBe(
      '/2015-03-31/functions/arn%3Aaws-cn%3Alambda%3Acn-north-1%3A123456789012%3Afunction%3Arefunds-ChannelAlipay/invocations',
    );
    expect(run.ourRequests[0]!.headers['x-amzn-trace-id']).toBe(process.env._X_AMZN_TRACE_ID);
    await expectSignedAsReceived(run.ourRequests[0]!, 'lambda');
    expect(call.endpointOf(call.LAMBDA, 'cn-north-1').href).toBe(`${endpoint}/`);
  });

  it('reads a function error as the client does, and the channel throws the port’s error again', async () => {
    const { channel } = await ours();
    const failed: Answer = {
      status: 200,
      headers: { 'x-amz-function-error': 'Unhandled' },
      body: '{"errorType":"ProviderRejected","errorMessage":"account closed"}',
    };
    const run = await both(
      [failed],
      async () =>
        (await realSend<InvokeOut>(lambdaClient(), new InvokeCommand({ FunctionName: 'fn', Payload: payload })))
          .FunctionError,
      async () => (await channel.invokeFunction('fn', payload)).functionError,
    );
    expect(run.ours).toEqual(run.sdk);
    expect(run.ours.value).toBe('Unhandled');
    standIn.answer(failed);
    await expect(
      new channel.LambdaChannel('alipay', 'fn').status({ refundId: 'r', method: 'ALIPAY', orderId: 'o' }),
    ).rejects.toMatchObject({ name: 'ProviderRejected', message: 'account closed' });
  });

  it('retries throttling as the client does, and gives up after as many attempts', async () => {
    const { channel } = await ours();
    const recovered = await both(
      [THROTTLED, { status: 200, body: '{"status":null}' }],
      async () =>
        new TextDecoder().decode(
          (await realSend<InvokeOut>(lambdaClient(), new InvokeCommand({ FunctionName: 'fn' }))).Payload,
        ),
      async () => new TextDecoder().decode((await channel.invokeFunction('fn', new Uint8Array())).payload),
    );
    expect(recovered.ours).toEqual(recovered.sdk);
    expect(recovered.ourRequests).toHaveLength(recovered.sdkRequests.length);
    expect(recovered.ourRequests).toHaveLength(2);

    const exhausted = await both(
      [THROTTLED, THROTTLED, THROTTLED, THROTTLED],
      () => realSend<InvokeOut>(lambdaClient(), new InvokeCommand({ FunctionName: 'fn' })),
      () => channel.invokeFunction('fn', new Uint8Array()),
    );
    expect(exhausted.ours.error).toEqual(exhausted.sdk.error);
    expect(exhausted.ours.error).toEqual({ name: 'TooManyRequestsException', message: 'Rate exceeded' });
    expect(exhausted.ourRequests).toHaveLength(exhausted.sdkRequests.length);
    expect(exhausted.ourRequests).toHaveLength(3);
    // The channel says the invocation itself failed: the payout step retries, nothing ran.
    standIn.answer(THROTTLED, THROTTLED, THROTTLED);
    await expect(new channel.LambdaChannel('wallet', 'fn').send({} as never)).rejects.toMatchObject({
      name: 'ProviderUnavailable',
    });
  });

  it('does not retry a client error, as the client does not', async () => {
    const { channel } = await ours();
    const notFound: Answer = {
      status: 404,
      headers: { 'x-amzn-errortype': 'ResourceNotFoundException' },
      body: '{"Type":"User","Message":"Function not found: arn:aws-cn:lambda:cn-north-1:1:function:fn"}',
    };
    const run = await both(
      [notFound, notFound],
      () => realSend<InvokeOut>(lambdaClient(), new InvokeCommand({ FunctionName: 'fn' })),
      () => channel.invokeFunction('fn', new Uint8Array()),
    );
    expect(run.ours.error).toEqual(run.sdk.error);
    expect(run.ours.error?.name).toBe('ResourceNotFoundException');
    expect(run.ourRequests).toHaveLength(1);
    expect(run.sdkRequests).toHaveLength(1);
  });
});

describe('Step Functions without the Step Functions client', () => {
  const stateMachineArn = 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:RefundLifecycle';

  it('starts an execution with the request the client sends', async () => {
    const { call, workflow } = await ours();
    vi.stubEnv('STATE_MACHINE_ARN', stateMachineArn);
    const started = { executionArn: `${stateMachineArn.replace('stateMachine', 'execution')}:rf_1`, startDate: 1.7e9 };
    const step = { outcome: 'MERCHANT_REVIEW' as const, timeoutSeconds: 86_400 };
    const input = JSON.stringify({ refundId: 'rf_1', correlationId: null, step });
    const run = await both(
      [{ status: 200, body: JSON.stringify(started) }],
      async () =>
        (
          await realSend<Record<string, unknown>>(
            sfnClient(),
            new StartExecutionCommand({ stateMachineArn, name: 'rf_1', input }),
          )
        ).executionArn,
      async () => {
        await new workflow.StepFunctionsWorkflow().start('rf_1', step);
        return started.executionArn;
      },
    );
    expect(run.ours).toEqual(run.sdk);
    expect(run.ourRequests.map(comparable)).toEqual(run.sdkRequests.map(comparable));
    expect(run.ourRequests[0]!.headers['x-amz-target']).toBe('AWSStepFunctions.StartExecution');
    await expectSignedAsReceived(run.ourRequests[0]!, 'states');
    // The output, parsed as the client parses it.
    standIn.answer({ status: 200, body: JSON.stringify(started) });
    expect(
      await call.callAwsJson(call.STEP_FUNCTIONS, '1.0', 'AWSStepFunctions.StartExecution', { stateMachineArn }),
    ).toEqual(started);
  });

  it('names each service error as the client does, and the workflow reads them as before', async () => {
    const { workflow } = await ours();
    vi.stubEnv('STATE_MACHINE_ARN', stateMachineArn);
    const error = (type: string, message: string): Answer => ({
      status: 400,
      headers: { 'content-type': 'application/x-amz-json-1.0' },
      body: JSON.stringify({ __type: `com.amazonaws.swf.service.v2.model#${type}`, message }),
    });
    const exists = error('ExecutionAlreadyExists', 'Execution Already Exists: rf_1');
    const started = await both(
      [exists],
      () =>
        realSend<Record<string, unknown>>(
          sfnClient(),
          new StartExecutionCommand({ stateMachineArn, name: 'rf_1', input: '{}' }),
        ),
      async () => {
        const { callAwsJson, STEP_FUNCTIONS } = await import('../../../functions/adapters/aws/aws-call.ts');
        return callAwsJson(STEP_FUNCTIONS, '1.0', 'AWSStepFunctions.StartExecution', { stateMachineArn });
      },
    );
    expect(started.ours.error).toEqual(started.sdk.error);
    expect(started.ours.error?.name).toBe('ExecutionAlreadyExists');
    // A second start of the same refund is not an error, as before.
    standIn.answer(exists);
    const step = { outcome: 'MERCHANT_REVIEW' as const, timeoutSeconds: 86_400 };
    await expect(new workflow.StepFunctionsWorkflow().start('rf_1', step)).resolves.toBeUndefined();

    const timedOut = error('TaskTimedOut', 'Task Timed Out: the token');
    const resumed = await both(
      [timedOut],
      () =>
        realSend<Record<string, unknown>>(
          sfnClient(),
          new SendTaskSuccessCommand({ taskToken: 'tok', output: '{"decision":"APPROVE"}' }),
        ),
      () => new workflow.StepFunctionsWorkflow().resume('tok', { decision: 'APPROVE' }),
    );
    expect(resumed.ourRequests.map(comparable)).toEqual(resumed.sdkRequests.map(comparable));
    expect(resumed.sdk.error?.name).toBe('TaskTimedOut');
    // The port's error for a token that no longer waits, with the service's message.
    expect(resumed.ours.error).toEqual({ name: 'TaskTokenInvalid', message: resumed.sdk.error?.message });

    const gone = error('ExecutionDoesNotExist', 'Execution Does Not Exist');
    const stopped = await both(
      [gone],
      () =>
        realSend<Record<string, unknown>>(
          sfnClient(),
          new StopExecutionCommand({
            executionArn: `${stateMachineArn.replace('stateMachine', 'execution')}:rf_2`,
            cause: 'cancelled',
          }),
        ),
      () => new workflow.StepFunctionsWorkflow().stop('rf_2', 'cancelled'),
    );
    expect(stopped.ourRequests.map(comparable)).toEqual(stopped.sdkRequests.map(comparable));
    expect(stopped.sdk.error?.name).toBe('ExecutionDoesNotExist');
    expect(stopped.ours).toEqual({ value: undefined, error: undefined });
  });

  it('retries a server error as the client does', async () => {
    await ours();
    const { callAwsJson, STEP_FUNCTIONS } = await import('../../../functions/adapters/aws/aws-call.ts');
    const down: Answer = { status: 503, body: '{"__type":"ServiceUnavailable","message":"try again"}' };
    const run = await both(
      [down, down, down],
      () =>
        realSend<Record<string, unknown>>(sfnClient(), new SendTaskSuccessCommand({ taskToken: 't', output: '{}' })),
      () => callAwsJson(STEP_FUNCTIONS, '1.0', 'AWSStepFunctions.SendTaskSuccess', { taskToken: 't', output: '{}' }),
    );
    expect(run.ours.error).toEqual(run.sdk.error);
    expect(run.ours.error?.name).toBe('ServiceUnavailable');
    expect(run.ourRequests).toHaveLength(run.sdkRequests.length);
    expect(run.ourRequests).toHaveLength(3);
  });
});

describe('SNS Publish without the SNS client', () => {
  const TopicArn = 'arn:aws-cn:sns:cn-north-1:123456789012:refunds-BuyerNotifications';
  const published =
    '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>';

  it('publishes with the request the client sends: Chinese text, a long subject cut, attributes in order', async () => {
    const { notifier } = await ours();
    vi.stubEnv('BUYER_TOPIC_ARN', TopicArn);
    const message = {
      subject: `退款已到账 / Refund paid: ${'x'.repeat(120)}`,
      text: '您的退款 ¥129.00 已原路退回。Your refund of ¥129.00 is back on your card & account = 100% "paid".',
      attributes: { event: 'refund.refunded', refundId: 'rf_1', locale: 'zh-CN' },
    };
    const run = await both(
      [{ status: 200, headers: { 'content-type': 'text/xml' }, body: published }],
      async () => {
        await realSend(
          new SNSClient(clientConfig()),
          new PublishCommand({
            TopicArn,
            Subject: message.subject.slice(0, 100),
            Message: message.text,
            MessageAttributes: Object.fromEntries(
              Object.entries(message.attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]),
            ),
          }),
        );
      },
      () => new notifier.SnsNotifier().publish('buyer', message),
    );
    expect(run.ours).toEqual(run.sdk);
    expect(run.ourRequests.map(comparable)).toEqual(run.sdkRequests.map(comparable));
    expect(new URLSearchParams(run.ourRequests[0]!.body).get('Subject')).toHaveLength(100);
    await expectSignedAsReceived(run.ourRequests[0]!, 'sns');
  });

  it('reads a refusal: the service’s code and the client’s message', async () => {
    const { notifier } = await ours();
    vi.stubEnv('FINANCE_TOPIC_ARN', TopicArn);
    const refused: Answer = {
      status: 404,
      headers: { 'content-type': 'text/xml' },
      body: '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist &amp; never did</Message></Error><RequestId>r-2</RequestId></ErrorResponse>',
    };
    const message = { subject: 's', text: 't' };
    const run = await both(
      [refused],
      () => realSend(new SNSClient(clientConfig()), new PublishCommand({ TopicArn, Subject: 's', Message: 't' })),
      () => new notifier.SnsNotifier().publish('finance', message),
    );
    expect(run.ourRequests.map(comparable)).toEqual(run.sdkRequests.map(comparable));
    expect(run.ours.error?.message).toBe(run.sdk.error?.message);
    // The client renames a query error's code to its exception class (NotFound → NotFoundException). No caller of
    // Publish reads the name (a notice that fails is logged, an alert that fails fails the run), so ours keeps the
    // service's code.
    expect(run.sdk.error?.name).toBe('NotFoundException');
    expect(run.ours.error).toEqual({ name: 'NotFound', message: 'Topic does not exist & never did' });
  });
});

describe('Secrets Manager GetSecretValue without the Secrets Manager client', () => {
  const SecretId = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:refunds-webhook-AbCdEf';

  it('reads a version with the request the client sends, and the same value', async () => {
    const { secrets } = await ours();
    const value = { ARN: SecretId, Name: 'refunds-webhook', SecretString: '{"current":"whsec_b"}', VersionId: 'v-2' };
    const run = await both(
      [{ status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(value) }],
      async () => {
        const out = await realSend<SecretOut>(
          new SecretsManagerClient(clientConfig()),
          new GetSecretValueCommand({ SecretId, VersionStage: 'AWSPENDING' }),
        );
        return { ARN: out.ARN, SecretString: out.SecretString, VersionId: out.VersionId };
      },
      async () => {
        const out = await secrets.secretsManager.getSecretValue({ SecretId, VersionStage: 'AWSPENDING' });
        return { ARN: out.ARN, SecretString: out.SecretString, VersionId: out.VersionId };
      },
    );
    expect(run.ours).toEqual(run.sdk);
    expect(run.ours.value?.SecretString).toBe('{"current":"whsec_b"}');
    expect(run.ourRequests.map(comparable)).toEqual(run.sdkRequests.map(comparable));
    await expectSignedAsReceived(run.ourRequests[0]!, 'secretsmanager');
  });

  it('names a missing version as the client does (the webhook secret reads it as "no rotation")', async () => {
    const { secrets } = await ours();
    const missing: Answer = {
      status: 400,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({
        __type: 'ResourceNotFoundException',
        Message: "Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
      }),
    };
    const run = await both(
      [missing],
      () =>
        realSend<SecretOut>(
          new SecretsManagerClient(clientConfig()),
          new GetSecretValueCommand({ SecretId, VersionStage: 'AWSPENDING' }),
        ),
      () => secrets.secretsManager.getSecretValue({ SecretId, VersionStage: 'AWSPENDING' }),
    );
    expect(run.ours.error).toEqual(run.sdk.error);
    expect(run.ours.error?.name).toBe('ResourceNotFoundException');
  });
});

describe('the endpoint', () => {
  it('is the region’s, in its partition, unless a variable names another', async () => {
    const { call } = await ours();
    vi.stubEnv('AWS_ENDPOINT_URL_LAMBDA', undefined);
    vi.stubEnv('AWS_ENDPOINT_URL_SFN', undefined);
    expect(call.endpointOf(call.LAMBDA, 'cn-north-1').href).toBe('https://lambda.cn-north-1.amazonaws.com.cn/');
    expect(call.endpointOf(call.STEP_FUNCTIONS, 'eu-west-1').href).toBe('https://states.eu-west-1.amazonaws.com/');
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://localhost:4566');
    expect(call.endpointOf(call.LAMBDA, 'eu-west-1').href).toBe('http://localhost:4566/');
  });

  it('needs a region', async () => {
    const { call } = await ours();
    vi.stubEnv('AWS_REGION', undefined);
    await expect(call.callAwsJson(call.STEP_FUNCTIONS, '1.0', 'AWSStepFunctions.StopExecution', {})).rejects.toThrow(
      /AWS_REGION/,
    );
  });
});
