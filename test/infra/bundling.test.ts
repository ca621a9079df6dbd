/**
 * A function bundled as the stack deploys it (REFUND_FUNCTION_BUNDLING, through the cold-start bench's `bundle`):
 * the X-Ray tracer is not in the file Lambda parses at init but bundled beside it (SIDECAR_PACKAGES), and a
 * function invoked as in Lambda with tracing on still loads it and sends its `## <function>` subsegment to the X-Ray
 * daemon (here a UDP socket of the test), under the invocation's trace and annotated as the cold start. The Alipay
 * channel's bundle gives alipay-sdk the fetch-based stand-in for urllib (BUNDLE_ALIASES), not urllib and its undici.
 */
import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
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
let daemon: Socket;
const documents: string[] = [];

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'refund-bundling-'));
  health = await bundle('functions/api/health.ts', 'Health', outDir);
  alipay = await bundle('functions/channels/alipay.ts', 'ChannelAlipay', outDir);
  daemon = createSocket('udp4');
  daemon.on('message', (message) => documents.push(message.toString()));
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
}, 60_000);

afterAll(() => {
  daemon?.close();
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

  it('gives alipay-sdk the fetch-based stand-in for urllib, so neither urllib nor its undici is bundled', () => {
    expect(alipay.inputs.has('alipay-sdk')).toBe(true);
    for (const pkg of ['urllib', 'undici', 'mime-db']) expect(alipay.inputs.has(pkg), pkg).toBe(false);
    expect(alipay.inputs.has('functions/adapters/payments/channels/urllib-fetch.ts')).toBe(true);
  });
});
