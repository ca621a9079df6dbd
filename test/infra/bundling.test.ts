/**
 * A function bundled as the stack deploys it (REFUND_FUNCTION_BUNDLING, through the cold-start bench's `bundle`):
 * the X-Ray tracer is not in the file Lambda parses at init but bundled beside it (SIDECAR_PACKAGES), and a
 * function invoked as in Lambda with tracing on still loads it and sends its `## <function>` subsegment to the X-Ray
 * daemon (here a UDP socket of the test), under the invocation's trace and annotated as the cold start. The Alipay
 * channel's bundle gives alipay-sdk the fetch-based stand-in for urllib (BUNDLE_ALIASES), not urllib and its undici.
 * A bundled SDK client takes Lambda's credentials from the environment, without the rest of the SDK's default chain.
 */
import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, bundle } from '../../bench/cold-start/bundle.ts';

const run = promisify(execFile);
const TRACE_ID = '1-5759e988-bd862e3fe1be46a994272793';

let outDir: string;
let health: Bundle;
let alipay: Bundle;
let reader: Bundle;
let daemon: Socket;
/** A stand-in DynamoDB endpoint: the headers of each request, and one item for every GetItem. */
let dynamodb: Server;
const requests: IncomingHttpHeaders[] = [];
const documents: string[] = [];

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'refund-bundling-'));
  health = await bundle('functions/api/health.ts', 'Health', outDir);
  alipay = await bundle('functions/channels/alipay.ts', 'ChannelAlipay', outDir);
  reader = await bundle('test/infra/fixtures/read-one-item.ts', 'ReadOneItem', outDir);
  dynamodb = createServer((request, response) => {
    requests.push(request.headers);
    request.resume().on('end', () => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ Item: { pk: { S: 'k1' }, seen: { BOOL: true } } }));
    });
  });
  await new Promise<void>((resolve) => dynamodb.listen(0, '127.0.0.1', resolve));
  daemon = createSocket('udp4');
  daemon.on('message', (message) => documents.push(message.toString()));
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
}, 60_000);

afterAll(() => {
  daemon?.close();
  dynamodb?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** Imports the bundle in a fresh node as Lambda does and invokes its handler once with an HTTP API event. */
async function invokeAsInLambda(file: string, env: NodeJS.ProcessEnv): Promise<{ statusCode: number }> {
  const probe = `const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});
    const context = { functionName: 'Health', awsRequestId: 'req-1', functionVersion: '$LATEST', memoryLimitInMB: '512',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:Health', getRemainingTimeInMillis: () => 9000 };
    const event = { version: '2.0', routeKey: 'GET /health', rawPath: '/health', headers: {},
      requestContext: { requestId: 'apigw-1', routeKey: 'GET /health', http: { method: 'GET', path: '/health' } } };
    const answer = await handler(event, context);
    process.stdout.write(JSON.stringify({ statusCode: answer.statusCode }));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe], {
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      STAGE: 'dev',
      POWERTOOLS_SERVICE_NAME: 'refund-pipeline',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      NODE_OPTIONS: '--enable-source-maps',
      ...env,
    },
  });
  return JSON.parse(stdout);
}

/** Imports the reader's bundle in a fresh node, with only `env` (and no shared AWS config), and reads one item. */
async function readAsBundled(env: NodeJS.ProcessEnv): Promise<unknown> {
  const probe = `const { handler } = await import(${JSON.stringify(pathToFileURL(reader.file).href)});
    process.stdout.write(JSON.stringify(await handler({ pk: 'k1' }).catch((e) => ({ error: e.message, stack: e.stack }))));`;
  const home = mkdtempSync(join(tmpdir(), 'refund-bundling-home-'));
  try {
    const { port } = dynamodb.address() as AddressInfo;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe], {
      env: {
        PATH: process.env.PATH,
        HOME: home,
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${port}`,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        NODE_OPTIONS: '--enable-source-maps',
        ...env,
      },
    });
    return JSON.parse(stdout);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

describe('a function bundled as deployed', () => {
  it('leaves the X-Ray tracer out of the file parsed at init and bundles it beside it', () => {
    for (const pkg of ['aws-xray-sdk-core', '@aws-lambda-powertools/tracer', 'cls-hooked', 'semver']) {
      expect(health.inputs.has(pkg), pkg).toBe(false);
    }
    expect(health.sidecarBytes).toBeGreaterThan(50 * 1024);
  });

  it('answers without loading the tracer where tracing cannot be on (outside Lambda)', async () => {
    expect(await invokeAsInLambda(health.file, {})).toEqual({ statusCode: 200 });
  });

  it('in Lambda with tracing on, loads the tracer from beside the bundle and sends the invocation subsegment', async () => {
    const { port } = daemon.address();
    const answer = await invokeAsInLambda(health.file, {
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      LAMBDA_TASK_ROOT: dirname(health.file),
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${port}`,
      _X_AMZN_TRACE_ID: `Root=${TRACE_ID};Parent=53995c3f42cd8ad8;Sampled=1`,
    });
    expect(answer).toEqual({ statusCode: 200 });
    await expect.poll(() => documents.length).toBeGreaterThan(0);
    const segments = documents.map((d) => JSON.parse(d.split('\n')[1] ?? '{}'));
    expect(segments).toContainEqual(
      expect.objectContaining({
        name: '## Health',
        type: 'subsegment',
        trace_id: TRACE_ID,
        annotations: expect.objectContaining({ ColdStart: true, Service: 'refund-pipeline' }),
      }),
    );
  });

  it('maps its code to the sources for stack traces, without carrying the sources in the map', () => {
    const map = JSON.parse(readFileSync(`${health.file}.map`, 'utf8')) as {
      sources: string[];
      sourcesContent?: unknown;
      mappings: string;
    };
    expect(map.sources.some((source) => source.endsWith('functions/api/health.ts'))).toBe(true);
    expect(map.mappings.length).toBeGreaterThan(0);
    expect(map.sourcesContent).toBeUndefined();
  });

  it('gives alipay-sdk the fetch-based stand-in for urllib, so neither urllib nor its undici is bundled', () => {
    expect(alipay.inputs.has('alipay-sdk')).toBe(true);
    for (const pkg of ['urllib', 'undici', 'mime-db']) expect(alipay.inputs.has(pkg), pkg).toBe(false);
    expect(alipay.inputs.has('functions/adapters/payments/channels/urllib-fetch.ts')).toBe(true);
  });

  it("signs its SDK calls with the credentials Lambda puts in the environment, without the rest of the SDK's chain", async () => {
    for (const pkg of [
      '@aws-sdk/credential-provider-node',
      '@aws-sdk/credential-provider-sso',
      '@aws-sdk/nested-clients',
    ]) {
      expect(reader.inputs.has(pkg), pkg).toBe(false);
    }
    expect(reader.inputs.has('@aws-sdk/credential-provider-env')).toBe(true);
    const answer = await readAsBundled({
      AWS_ACCESS_KEY_ID: 'AKIDFROMLAMBDA',
      AWS_SECRET_ACCESS_KEY: 'secret-from-lambda',
      AWS_SESSION_TOKEN: 'session-from-lambda',
    });
    expect(answer).toEqual({ pk: 'k1', seen: true });
    expect(requests.at(-1)?.authorization).toContain('Credential=AKIDFROMLAMBDA/');
    expect(requests.at(-1)?.['x-amz-security-token']).toBe('session-from-lambda');
  });

  it('without credentials in the environment, fails to sign and sends nothing; the stack names the sources', async () => {
    const sent = requests.length;
    const answer = (await readAsBundled({})) as { error: string; stack: string };
    expect(answer.error).toBe('Unable to find environment variable credentials.');
    // Mapped back through the source map (sources not embedded in it): the SDK's file, not the bundle's index.mjs.
    expect(answer.stack).toMatch(/credential-provider-env\/dist-es\/fromEnv\.js:\d+/);
    expect(requests).toHaveLength(sent);
  });
});
