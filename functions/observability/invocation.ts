/**
 * One step every entry point runs through (the HTTP wrapper, functions/http/handler.ts; `entryHandler` for state
 * machine tasks and events), so that every request can be followed (docs/monitoring.md, "Following one request"):
 *
 * - a logger of the invocation's own (./logger.ts) with the Lambda context (`function_request_id`, `cold_start`,
 *   `function_name`, …), `correlation_id` and, where one is known, `refund_id`. It ends with the invocation, so no
 *   key survives into the next one in a warm container;
 * - an X-Ray subsegment `## <function>` annotated with `correlation_id` and `refund_id` (only where tracing is on);
 * - the business metrics recorded meanwhile published in a `finally`: an invocation that throws still flushes;
 * - one closing line, `invocation finished` or `invocation failed` (with the error; WARN for a transient error its
 *   caller retries, ERROR otherwise), so every invocation leaves at least one line with its ids.
 *
 * Correlation ids: HTTP takes a well-formed `x-correlation-id` header, else API Gateway's request id, and returns it
 * in the `x-correlation-id` response header; tasks take `correlationId` from their Payload (the API put it into the
 * execution input, the ASL passes it on), else the execution's name; S3 events the upload's S3 request id; the
 * schedule its execution id. The Step Functions adapter reads `currentCorrelationId()` when it starts an execution.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { inInvocation, invocationLogger, logger, withLogger } from './logger.ts';
import { publishMetrics } from './metrics.ts';
import { activeTracer, loadTracer } from './tracer.ts';

/** The request and response header that carries the correlation id. */
export const CORRELATION_HEADER = 'x-correlation-id';

/** Letters, digits and `._:=+/-`, 1–128 characters, starting with a letter or digit: no spaces, quotes or controls. */
const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:=+/-]{0,127}$/;

/** `value` when it can serve as a correlation id; undefined for anything else (ignored, never an error). */
export function wellFormedCorrelationId(value: unknown): string | undefined {
  return typeof value === 'string' && WELL_FORMED.test(value) ? value : undefined;
}

export interface Invocation {
  /** The function's id (functions/catalog.ts): CreateRefund, Assess, Monitor, … */
  fn: string;
  context?: Context | undefined;
  correlationId: string;
  refundId?: string | undefined;
}

/** Runs one invocation of `invocation.fn` (see the module comment). */
export function runInvocation<T>(invocation: Invocation, work: () => Promise<T>): Promise<T> {
  const own = invocationLogger();
  if (invocation.context) own.addContext(invocation.context);
  own.setCorrelationId(invocation.correlationId);
  return withLogger(own, async () => {
    const started = performance.now();
    const durationMs = () => Math.round(performance.now() - started);
    try {
      if (invocation.refundId) appendRefundId(invocation.refundId);
      const result = await traced(invocation, work);
      logger.info('invocation finished', { fn: invocation.fn, durationMs: durationMs() });
      return result;
    } catch (error) {
      // A transient error its caller retries (a provider timeout the state machine's Retry catches) is a warning;
      // anything else is an error. Both are the same line with the error attached.
      const retried = error instanceof Error && 'retryable' in error && error.retryable === true;
      logger[retried ? 'warn' : 'error']('invocation failed', { fn: invocation.fn, durationMs: durationMs(), error });
      throw error;
    } finally {
      publishMetrics();
    }
  });
}

async function traced<T>(invocation: Invocation, work: () => Promise<T>): Promise<T> {
  const tracer = await loadTracer();
  const parent = tracer?.getSegment();
  if (!tracer || !parent) return work();
  const segment = parent.addNewSubsegment(`## ${invocation.fn}`);
  tracer.setSegment(segment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  tracer.putAnnotation('correlation_id', invocation.correlationId);
  if (invocation.refundId) tracer.putAnnotation('refund_id', invocation.refundId);
  try {
    return await work();
  } catch (error) {
    segment.addError(error instanceof Error ? error : new Error(String(error)));
    throw error;
  } finally {
    segment.close();
    tracer.setSegment(parent);
  }
}

/**
 * Adds `refund_id` to every further line of the running invocation (and to its trace). Does nothing outside an
 * invocation, where the key would stay on the shared root logger.
 */
export function appendRefundId(refundId: string | undefined): void {
  if (!refundId || !inInvocation()) return;
  logger.appendPersistentKeys({ refund_id: refundId });
  const tracer = activeTracer();
  if (tracer?.getSegment()) tracer.putAnnotation('refund_id', refundId);
}

/** The running invocation's correlation id; undefined outside one. */
export function currentCorrelationId(): string | undefined {
  if (!inInvocation()) return undefined;
  const id = logger.getCorrelationId();
  return typeof id === 'string' ? id : undefined;
}

export interface EntryOptions<E> {
  /** The function's id (functions/catalog.ts). */
  fn: string;
  /** The correlation id the event carries; when absent or malformed, the Lambda request id. */
  correlationId?: (event: E) => unknown;
  /** The refund the event is about, when it says. */
  refundId?: (event: E) => string | undefined;
}

/** Wraps a task or event entry's handler with `runInvocation`; the result is the Lambda handler. */
export function entryHandler<E, R>(
  options: EntryOptions<E>,
  handle: (event: E, context?: Context) => Promise<R>,
): (event: E, context?: Context) => Promise<R> {
  return (event, context) =>
    runInvocation(
      {
        fn: options.fn,
        context,
        correlationId: wellFormedCorrelationId(options.correlationId?.(event)) ?? context?.awsRequestId ?? randomUUID(),
        refundId: options.refundId?.(event),
      },
      () => handle(event, context),
    );
}

/** What every lifecycle task's Payload carries besides its own fields (statemachines/refund-lifecycle.asl.json). */
export interface TaskPayload {
  refundId: string;
  /** Given by whoever started the execution (the API: its request's id); null when it gave none. */
  correlationId?: string | null;
  /** The execution's name (`$$.Execution.Name`): the correlation id when the execution was started without one. */
  execution?: string;
}

/** `entryHandler` for a lifecycle task: correlation id from the Payload, else the execution name; the refund id. */
export function taskHandler<I extends TaskPayload, R>(
  fn: string,
  handle: (input: I, context?: Context) => Promise<R>,
): (input: I, context?: Context) => Promise<R> {
  return entryHandler<I, R>(
    {
      fn,
      correlationId: (input) => wellFormedCorrelationId(input.correlationId) ?? input.execution,
      refundId: (input) => input.refundId,
    },
    handle,
  );
}
