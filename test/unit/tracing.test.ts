/**
 * Every invocation can be followed (docs/monitoring.md, "Following one request"): the entry wrappers give each
 * invocation a logger with the Lambda context, the correlation id and the refund id, clear them for the next one
 * (warm container), answer HTTP clients with `x-correlation-id`, and publish metrics even when the handler throws.
 * Lines are read back through the logger's destination, as the local runtime reads them.
 */

import { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { httpInvocation } from '../../functions/http/handler.ts';
import {
  appendRefundId,
  currentCorrelationId,
  entryHandler,
  type TaskPayload,
  taskHandler,
  wellFormedCorrelationId,
} from '../../functions/observability/invocation.ts';
import { logger, setLogDestination } from '../../functions/observability/logger.ts';
import { businessMetrics, recordMetric } from '../../functions/observability/metrics.ts';
import { activeTracer, loadTracer, traced, tracingPossible } from '../../functions/observability/tracer.ts';
import { ProviderTimeout } from '../../functions/ports/payment-provider.ts';
import { lambdaContext } from '../../local/handlers.ts';
import { parseLogLine, readableLogLine } from '../../local/log-lines.ts';

type Line = Record<string, unknown>;
let lines: Line[] = [];
let level: string;

beforeEach(() => {
  lines = [];
  level = logger.getLevelName();
  logger.setLogLevel('INFO');
  setLogDestination((line) => lines.push(JSON.parse(line)));
});

afterEach(() => {
  setLogDestination(undefined);
  logger.setLogLevel(level as 'ERROR');
  vi.restoreAllMocks();
});

/** A context of a function no other test invoked, so its first invocation is its cold start. */
let functions = 0;
const contextOf = (name = `TestFn${++functions}-${Date.now()}`): Context => lambdaContext(name);

const httpEvent = (overrides: Record<string, unknown> = {}) =>
  ({
    headers: {},
    requestContext: { requestId: 'apigw-req-1', routeKey: 'GET /v1/refunds/{refundId}' },
    pathParameters: { refundId: 'rf_path_1' },
    ...overrides,
  }) as never;

describe('a lifecycle task', () => {
  const handler = taskHandler('Assess', async (input: TaskPayload & { note?: string }) => {
    logger.info('assessing', { note: input.note });
    return { seen: currentCorrelationId() };
  });

  it('logs with the Lambda context, the correlation id from its Payload and the refund id', async () => {
    const context = contextOf();
    const input = { refundId: 'rf_1', correlationId: 'corr-abc', execution: 'rf_1', note: 'zq-secret 13800138000' };
    const result = await handler(input, context);
    expect(result).toEqual({ seen: 'corr-abc' });
    expect(lines.map((l) => l.message)).toEqual(['assessing', 'invocation finished']);
    for (const line of lines) {
      expect(line).toMatchObject({
        correlation_id: 'corr-abc',
        refund_id: 'rf_1',
        function_request_id: context.awsRequestId,
        function_name: context.functionName,
        cold_start: true,
      });
    }
    // Redaction still applies to the invocation's logger.
    expect(lines[0]?.note).toBe('[REDACTED]');
    expect(JSON.stringify(lines)).not.toContain('zq-secret');
  });

  it('falls back to the execution name when the execution was started without a correlation id', async () => {
    await handler({ refundId: 'rf_2', correlationId: null, execution: 'rf_2' }, contextOf());
    expect(lines.at(-1)).toMatchObject({ correlation_id: 'rf_2', refund_id: 'rf_2' });
  });

  it('keeps no key of one invocation for the next one in the same (warm) container', async () => {
    const context = contextOf();
    const other = entryHandler({ fn: 'Monitor', correlationId: (e: { id?: string }) => e.id }, async () => {
      logger.info('running');
    });
    await handler({ refundId: 'rf_3', correlationId: 'corr-first', execution: 'rf_3' }, context);
    lines = [];
    const second = { ...contextOf(context.functionName), awsRequestId: 'req-second' };
    await other({}, second);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line.refund_id).toBeUndefined();
      expect(line).toMatchObject({
        correlation_id: 'req-second',
        function_request_id: 'req-second',
        cold_start: false,
      });
    }
    // And nothing stayed on the logger outside an invocation either.
    lines = [];
    logger.info('between invocations');
    expect(lines[0]?.correlation_id).toBeUndefined();
    expect(lines[0]?.refund_id).toBeUndefined();
    expect(lines[0]?.function_request_id).toBeUndefined();
    expect(currentCorrelationId()).toBeUndefined();
  });

  it('does not mix the keys of invocations that run at the same time (the local runtime runs them in one process)', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = taskHandler('Payout', async () => {
      await gate;
      logger.info('slow done');
    });
    const first = slow({ refundId: 'rf_a', correlationId: 'corr-a' }, contextOf());
    await handler({ refundId: 'rf_b', correlationId: 'corr-b' }, contextOf());
    release();
    await first;
    const slowLine = lines.find((l) => l.message === 'slow done');
    expect(slowLine).toMatchObject({ correlation_id: 'corr-a', refund_id: 'rf_a' });
    expect(lines.find((l) => l.message === 'assessing')).toMatchObject({ correlation_id: 'corr-b', refund_id: 'rf_b' });
  });

  it('logs a failure with its ids and rethrows it', async () => {
    const failing = taskHandler('Payout', async () => {
      throw Object.assign(new Error('provider did not answer'), { name: 'ProviderTimeout' });
    });
    await expect(failing({ refundId: 'rf_4', correlationId: 'corr-4' }, contextOf())).rejects.toThrow('provider');
    expect(lines.at(-1)).toMatchObject({
      level: 'ERROR',
      message: 'invocation failed',
      correlation_id: 'corr-4',
      refund_id: 'rf_4',
      error: expect.objectContaining({ name: 'ProviderTimeout' }),
    });
  });

  it('logs a transient error its caller retries as a warning', async () => {
    const failing = taskHandler('Payout', async () => {
      throw new ProviderTimeout('provider did not answer');
    });
    await expect(failing({ refundId: 'rf_5', correlationId: 'corr-5' }, contextOf())).rejects.toThrow('provider');
    expect(lines.at(-1)).toMatchObject({
      level: 'WARN',
      message: 'invocation failed',
      refund_id: 'rf_5',
      error: expect.objectContaining({ name: 'ProviderTimeout' }),
    });
  });
});

describe('metrics', () => {
  it('are published when the handler throws', async () => {
    const metrics = businessMetrics();
    const publish = vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(function (this: typeof metrics) {
      return this;
    });
    const throwing = entryHandler({ fn: 'Assess' }, async () => {
      recordMetric('InstantApprovals', 1);
      throw new Error('boom');
    });
    await expect(throwing({}, contextOf())).rejects.toThrow('boom');
    expect(publish).toHaveBeenCalledTimes(1);
    publish.mockRestore();
    metrics.clearMetrics();
  });

  it('are published once per invocation that recorded any, and not at all otherwise', async () => {
    const metrics = businessMetrics();
    const publish = vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(function (this: typeof metrics) {
      metrics.clearMetrics();
      return this;
    });
    await entryHandler({ fn: 'Monitor' }, async () => undefined)({}, contextOf());
    expect(publish).not.toHaveBeenCalled();
    await entryHandler({ fn: 'Monitor' }, async () => recordMetric('OpenAlerts', 2))({}, contextOf());
    expect(publish).toHaveBeenCalledTimes(1);
  });
});

describe('an HTTP request', () => {
  const handle = httpInvocation('GetRefund', async () => {
    logger.info('reading');
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
  });

  it("takes API Gateway's request id as its correlation id and answers it in x-correlation-id", async () => {
    const result = await handle(httpEvent(), contextOf());
    expect(result.headers).toMatchObject({ 'x-correlation-id': 'apigw-req-1', 'content-type': 'application/json' });
    expect(lines.map((l) => l.message)).toEqual(['reading', 'request handled', 'invocation finished']);
    for (const line of lines) expect(line).toMatchObject({ correlation_id: 'apigw-req-1', refund_id: 'rf_path_1' });
    expect(lines[1]).toMatchObject({ status: 200, route: 'GET /v1/refunds/{refundId}' });
  });

  it('takes a well-formed x-correlation-id header instead, and ignores a malformed one', async () => {
    const given = await handle(httpEvent({ headers: { 'x-correlation-id': 'client-7f3a.1' } }), contextOf());
    expect(given.headers?.['x-correlation-id']).toBe('client-7f3a.1');
    expect(lines[0]).toMatchObject({ correlation_id: 'client-7f3a.1' });
    const bad = await handle(
      httpEvent({ headers: { 'x-correlation-id': 'two words\n{"level":"ERROR"}' } }),
      contextOf(),
    );
    expect(bad.headers?.['x-correlation-id']).toBe('apigw-req-1');
  });

  it('leaves a path segment that is not id-shaped off the lines', async () => {
    await handle(httpEvent({ pathParameters: { refundId: 'call me at 13800138000' } }), contextOf());
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.refund_id).toBeUndefined();
  });

  it('adds the refund id once the handler knows it (a new refund)', async () => {
    const create = httpInvocation('CreateRefund', async () => {
      appendRefundId('rf_new');
      return { statusCode: 201 };
    });
    const result = await create(httpEvent({ pathParameters: undefined }), contextOf());
    expect(result.headers?.['x-correlation-id']).toBe('apigw-req-1');
    expect(lines.at(-1)).toMatchObject({ refund_id: 'rf_new', correlation_id: 'apigw-req-1' });
  });
});

describe('correlation ids', () => {
  it('are letters, digits and ._:=+/- up to 128 characters', () => {
    expect(wellFormedCorrelationId('3f1c9a2e-0b7d-4c1e-9a55-1f6f0c3b8d21')).toBeDefined();
    expect(wellFormedCorrelationId('JKJaXmPLvHcESHA=')).toBeDefined();
    for (const bad of ['', ' x', 'a b', 'x"y', '-lead', 'a'.repeat(129), 42, undefined]) {
      expect(wellFormedCorrelationId(bad)).toBeUndefined();
    }
  });
});

describe('tracing', () => {
  it('is off in tests, so the tracer is never loaded, clients are left untouched and nothing looks for an X-Ray daemon', async () => {
    expect(tracingPossible()).toBe(false);
    expect(await loadTracer()).toBeUndefined();
    expect(activeTracer()).toBeUndefined();
    const client = new SNSClient({ region: 'ap-east-1' });
    expect(traced(client)).toBe(client);
    client.destroy();
  });

  it('is possible only inside Lambda and unless turned off, the conditions Powertools itself requires', () => {
    expect(tracingPossible({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' })).toBe(true);
    expect(tracingPossible({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', POWERTOOLS_TRACE_ENABLED: 'FALSE' })).toBe(
      false,
    );
    expect(tracingPossible({ POWERTOOLS_TRACE_ENABLED: 'true' })).toBe(false);
    expect(tracingPossible({ AWS_EXECUTION_ENV: '' })).toBe(false);
  });

  it('in Lambda, loads the Powertools tracer when the first invocation starts and captures the clients made after', async () => {
    vi.resetModules();
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs22.x');
    vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'true');
    // No X-Ray facade segment outside Lambda: the tracer finds none, which is not an error here.
    vi.stubEnv('AWS_XRAY_CONTEXT_MISSING', 'IGNORE_ERROR');
    try {
      const lambda = await import('../../functions/observability/tracer.ts');
      const { entryHandler: lambdaEntry } = await import('../../functions/observability/invocation.ts');
      expect(lambda.activeTracer()).toBeUndefined();
      let during: unknown;
      await lambdaEntry({ fn: 'Monitor' }, async () => {
        during = lambda.activeTracer();
      })({}, contextOf());
      expect(during).toBeDefined();
      expect(lambda.activeTracer()?.isTracingEnabled()).toBe(true);
      const client = new SNSClient({ region: 'ap-east-1' });
      const before = client.middlewareStack.identify().length;
      lambda.traced(client);
      // Powertools adds the X-Ray capture middleware to the client it is given.
      expect(client.middlewareStack.identify().length).toBeGreaterThan(before);
      client.destroy();
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});

describe('the local runtime', () => {
  it('prints a line readably, the correlation id and refund up front', () => {
    const entry = parseLogLine(
      JSON.stringify({
        level: 'INFO',
        message: 'request handled',
        timestamp: '2026-12-02T03:04:05.678Z',
        service: 'refund-pipeline',
        cold_start: false,
        function_name: 'CreateRefund',
        function_request_id: 'req-1',
        correlation_id: 'corr-1',
        refund_id: 'rf_1',
        status: 201,
      }),
    );
    expect(readableLogLine(entry)).toBe(
      '03:04:05.678  INFO   CreateRefund    [corr-1]  refund rf_1  request handled  {"status":201}',
    );
  });
});
