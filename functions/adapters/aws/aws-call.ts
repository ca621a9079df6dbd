/**
 * One AWS API call made with the SDK's own parts: its SigV4 signer, HTTP handler, retry strategy and error
 * classification, partition table and credential chain. Used for the few operations a function calls on a service
 * whose whole SDK client it would otherwise carry: Lambda `Invoke` (the payment channels), Step Functions' executions
 * and task tokens, SNS `Publish`, and Secrets Manager's `GetSecretValue`.
 *
 * Why not the clients: a client of SDK v3 bundles the schemas and error classes of all its service's operations in
 * one module, which esbuild keeps whole. The Lambda client was 89 KiB of each function that pays out, the Step
 * Functions, SNS and Secrets Manager clients 22, 21 and 24 KiB of the functions that use them, where every function
 * is held to 1.3 × the SDK-only baseline's import time and 500 KiB (issue 18, item 4; docs/benchmarks.md).
 *
 * What is ours is only each operation's binding (its path or `X-Amz-Target`, its content type), and
 * test/unit/adapters/aws-call.test.ts holds it to the clients': for the same input, the request sent is the client's
 * (method, host, path, body, and every header but the SDK's own user-agent and invocation ids), and for the same
 * answer (a result, a service error, throttling) the outcome is the client's: the same output, the same error name
 * and message, the same retries. As the clients do:
 * - the endpoint is `<prefix>.<region>.<partition's DNS suffix>` (`amazonaws.com.cn` in China), unless
 *   `AWS_ENDPOINT_URL_<SERVICE>` or `AWS_ENDPOINT_URL` names another (the local runtime's stand-ins);
 * - inside Lambda the invocation's trace header goes along (`X-Amzn-Trace-Id`, the SDK's recursion detection);
 * - throttling, 5xx answers and network errors are retried, three attempts in all, with the SDK's backoff;
 * - a service error is thrown with the service's error code as its `name` (`ExecutionAlreadyExists`), the HTTP status
 *   in `$metadata.httpStatusCode`.
 * Where tracing is on, each call is an X-Ray subsegment named for the service, as a traced client's call is. In local
 * mode each call is first authorized against the calling function's IAM policy (`callChecks`), as every SDK
 * client's command is.
 */
import { partition } from '@aws-sdk/core/client';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256Node } from '@smithy/core/checksum';
import { extendedEncodeURIComponent, HttpRequest } from '@smithy/core/protocols';
import { isServerError, isThrottlingError, isTransientError, StandardRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler, streamCollector } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import type { RetryErrorType, SdkError } from '@smithy/types';
import { activeTracer } from '../../observability/tracer.ts';

/**
 * A check every call passes before it is signed, where one is installed: local mode authorizes the call against the
 * calling function's IAM policy (local/deployed/index.ts), as it does each SDK client's commands. None in Lambda.
 * `serviceId` is the SDK's (`AwsService.name`), `command` the SDK's command name (`GetSecretValueCommand`).
 */
export const callChecks: {
  before?: (serviceId: string, command: string, input: Readonly<Record<string, unknown>>) => void;
} = {};

/** A service as the SDK knows it: where it answers, the name it signs with, and its endpoint variable's suffix. */
export interface AwsService {
  /** The SDK's service id (`config.serviceId`), which X-Ray names its subsegments by. */
  name: string;
  endpointPrefix: string;
  signingName: string;
  /** `AWS_ENDPOINT_URL_<envName>` overrides the endpoint, as for the SDK's client. */
  envName: string;
}

export const LAMBDA: AwsService = {
  name: 'Lambda',
  endpointPrefix: 'lambda',
  signingName: 'lambda',
  envName: 'LAMBDA',
};
export const STEP_FUNCTIONS: AwsService = {
  name: 'SFN',
  endpointPrefix: 'states',
  signingName: 'states',
  envName: 'SFN',
};
export const SNS: AwsService = { name: 'SNS', endpointPrefix: 'sns', signingName: 'sns', envName: 'SNS' };
export const SECRETS_MANAGER: AwsService = {
  name: 'Secrets Manager',
  endpointPrefix: 'secretsmanager',
  signingName: 'secretsmanager',
  envName: 'SECRETS_MANAGER',
};

/** A service's answer other than 2xx, named by the service's error code. */
export class AwsServiceError extends Error {
  readonly $metadata: { httpStatusCode: number; requestId?: string };
  readonly $fault: 'client' | 'server';

  constructor(name: string, message: string, httpStatusCode: number, requestId?: string) {
    super(message);
    this.name = name;
    this.$metadata = { httpStatusCode, requestId };
    this.$fault = httpStatusCode >= 500 ? 'server' : 'client';
  }
}

/** Whether a call failed with one of these errors of the service (the SDK client's exception of that name). */
export const isServiceError = (error: unknown, ...names: string[]): boolean =>
  error instanceof Error && names.includes(error.name);

export interface AwsRequest {
  path: string;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

export interface AwsResponse {
  statusCode: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Uint8Array;
}

const MAX_ATTEMPTS = 3;

let credentials: ReturnType<typeof defaultProvider> | undefined;
let http: NodeHttpHandler | undefined;
const retries = new StandardRetryStrategy(MAX_ATTEMPTS);
const signers = new Map<string, SignatureV4>();

function signerFor(service: AwsService, region: string): SignatureV4 {
  credentials ??= defaultProvider();
  const key = `${service.signingName} ${region}`;
  let signer = signers.get(key);
  if (!signer) {
    signer = new SignatureV4({ service: service.signingName, region, credentials, sha256: Sha256Node });
    signers.set(key, signer);
  }
  return signer;
}

function regionNow(): string {
  const region = process.env.AWS_REGION;
  if (!region) throw new Error('AWS_REGION is not set: no region to call AWS in');
  return region;
}

/** The service's endpoint: the variable's URL where one is set, else the region's. */
export function endpointOf(service: AwsService, region: string): URL {
  const configured = process.env[`AWS_ENDPOINT_URL_${service.envName}`] ?? process.env.AWS_ENDPOINT_URL;
  return new URL(configured ?? `https://${service.endpointPrefix}.${region}.${partition(region).dnsSuffix}`);
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const xmlText = (text: string) => text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => XML_ENTITIES[name]!);

/** The service's error code and message from an answer, as the SDK's JSON and query (XML) protocols read them. */
function serviceError(response: AwsResponse): AwsServiceError {
  const text = new TextDecoder().decode(response.body);
  if (text.trimStart().startsWith('<')) {
    const code = text.match(/<Code>([^<]*)<\/Code>/)?.[1] || `Http${response.statusCode}`;
    const message = xmlText(text.match(/<Message>([^<]*)<\/Message>/)?.[1] ?? code);
    return new AwsServiceError(code, message, response.statusCode, text.match(/<RequestId>([^<]*)</)?.[1]);
  }
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // Not JSON (a proxy's page): the status names it below.
  }
  const raw = response.headers['x-amzn-errortype'] ?? (body.code as string) ?? (body.__type as string) ?? '';
  const code = raw.split(':')[0]!.split('#').pop() || `Http${response.statusCode}`;
  const message = (body.message ?? body.Message ?? body.errorMessage ?? code) as string;
  return new AwsServiceError(code, message, response.statusCode, response.headers['x-amzn-requestid']);
}

function errorType(error: SdkError): RetryErrorType | undefined {
  if (isThrottlingError(error)) return 'THROTTLING';
  if (isTransientError(error)) return 'TRANSIENT';
  if (isServerError(error)) return 'SERVER_ERROR';
  return undefined;
}

async function sendOnce(service: AwsService, region: string, request: AwsRequest): Promise<AwsResponse> {
  const endpoint = endpointOf(service, region);
  const body = typeof request.body === 'string' ? new TextEncoder().encode(request.body) : request.body;
  const headers: Record<string, string> = {
    ...request.headers,
    'content-length': String(body.byteLength),
    host: endpoint.host,
  };
  const traceId = process.env._X_AMZN_TRACE_ID;
  if (process.env.AWS_LAMBDA_FUNCTION_NAME && traceId) headers['X-Amzn-Trace-Id'] = traceId;
  const unsigned = new HttpRequest({
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    port: endpoint.port ? Number(endpoint.port) : undefined,
    method: 'POST',
    path: `${endpoint.pathname.replace(/\/$/, '')}${request.path}`,
    headers,
    body,
  });
  const signed = await signerFor(service, region).sign(unsigned);
  http ??= new NodeHttpHandler();
  const { response } = await http.handle(signed as HttpRequest);
  const answer: AwsResponse = {
    statusCode: response.statusCode,
    headers: Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v])),
    body: response.body ? await streamCollector(response.body) : new Uint8Array(),
  };
  if (answer.statusCode >= 300) throw serviceError(answer);
  return answer;
}

async function sendWithRetries(service: AwsService, region: string, request: AwsRequest): Promise<AwsResponse> {
  let token = await retries.acquireInitialRetryToken(service.signingName);
  for (;;) {
    try {
      const answer = await sendOnce(service, region, request);
      retries.recordSuccess(token);
      return answer;
    } catch (error) {
      const type = errorType(error as SdkError);
      if (!type) throw error;
      try {
        token = await retries.refreshRetryTokenForRetry(token, { errorType: type, error: error as SdkError });
      } catch {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, token.getRetryDelay()));
    }
  }
}

/**
 * Sends the request (POST) to the service in the function's region; a 2xx answer, else an AwsServiceError. `input` is
 * the operation's input as the SDK's command takes it, for the local IAM check.
 */
export async function callAws(
  service: AwsService,
  operation: string,
  request: AwsRequest,
  input: Readonly<Record<string, unknown>>,
): Promise<AwsResponse> {
  callChecks.before?.(service.name, `${operation}Command`, input);
  const region = regionNow();
  const tracer = activeTracer();
  const parent = tracer?.getSegment();
  const subsegment = parent?.addNewSubsegment(service.name);
  if (!tracer || !parent || !subsegment) return sendWithRetries(service, region, request);
  subsegment.addAttribute('namespace', 'aws');
  subsegment.addAttribute('aws', { operation, region });
  tracer.setSegment(subsegment);
  try {
    return await sendWithRetries(service, region, request);
  } catch (error) {
    subsegment.addError(error as Error);
    throw error;
  } finally {
    subsegment.close();
    tracer.setSegment(parent);
  }
}

/**
 * An action of a service speaking the AWS query protocol (SNS): its parameters form-encoded after `Action` and
 * `Version`, in the order given (the SDK's: the operation's members in its model's order). The XML answer is not read.
 */
export async function callAwsQuery(
  service: AwsService,
  action: string,
  version: string,
  parameters: readonly (readonly [string, string | undefined])[],
): Promise<void> {
  const encode = (pair: readonly [string, string]) => pair.map(extendedEncodeURIComponent).join('=');
  const present = parameters.filter((p): p is readonly [string, string] => p[1] !== undefined);
  await callAws(
    service,
    action,
    {
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: [['Action', action] as const, ['Version', version] as const, ...present].map(encode).join('&'),
    },
    Object.fromEntries(present),
  );
}

/** An operation of a service speaking AWS JSON 1.0 or 1.1 (`X-Amz-Target`): its output, parsed. */
export async function callAwsJson<T>(
  service: AwsService,
  version: '1.0' | '1.1',
  target: string,
  input: Record<string, unknown>,
): Promise<T> {
  const answer = await callAws(
    service,
    target.split('.').pop()!,
    {
      path: '/',
      headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': target },
      body: JSON.stringify(input),
    },
    input,
  );
  const text = new TextDecoder().decode(answer.body);
  return (text ? JSON.parse(text) : {}) as T;
}
