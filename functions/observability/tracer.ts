/**
 * The one Powertools tracer (AWS X-Ray). Adapters wrap each AWS SDK v3 client where they create it with `traced`,
 * so every DynamoDB, Step Functions, SNS, Textract and Secrets Manager call is a subsegment of the invocation's
 * trace; ./invocation.ts opens a `## <function>` subsegment per invocation, annotated with `correlation_id` and
 * `refund_id` (searchable in the X-Ray console: `annotation.correlation_id = "…"`).
 *
 * Tracing is on only inside Lambda with active tracing (the stack turns it on for every function and the state
 * machine). Outside Lambda (no AWS_EXECUTION_ENV) Powertools turns it off by itself; the local runtime and the tests
 * also set POWERTOOLS_TRACE_ENABLED=false, so nothing ever looks for an X-Ray daemon there, and `traced` returns the
 * client untouched.
 *
 * Loaded lazily (issue 18, item 4): the tracer brings aws-xray-sdk-core, semver and cls-hooked, which cost every
 * function about 0.26 × the SDK-only baseline's import CPU time even with tracing off. The module is evaluated only
 * where tracing can be on — in Lambda, unless POWERTOOLS_TRACE_ENABLED=false, the two conditions Powertools itself
 * requires — and only when the first invocation starts (`loadTracer`, awaited by ./invocation.ts before the
 * handler runs, so every client the handler then creates is captured). Powertools still makes the final decision
 * (`isTracingEnabled`). In Lambda the cost thus moves from init to the first invocation; everywhere else (local
 * runtime, tests, the bench) it is gone.
 */
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { METRICS_SERVICE } from './metric-names.ts';

let loading: Promise<Tracer | undefined> | undefined;
let active: Tracer | undefined;

/** Whether Powertools could turn tracing on here: inside Lambda, and not turned off by configuration. */
export function tracingPossible(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.AWS_EXECUTION_ENV) && env.POWERTOOLS_TRACE_ENABLED?.toLowerCase() !== 'false';
}

/** Evaluates the tracer once, where tracing is possible; afterwards `activeTracer()` answers synchronously. */
export function loadTracer(): Promise<Tracer | undefined> {
  loading ??= tracingPossible()
    ? import('@aws-lambda-powertools/tracer').then(({ Tracer }) => {
        const tracer = new Tracer({ serviceName: METRICS_SERVICE });
        active = tracer.isTracingEnabled() ? tracer : undefined;
        return active;
      })
    : Promise.resolve(undefined);
  return loading;
}

/** The tracer when tracing is on and loaded (./invocation.ts loads it before each handler runs). */
export function activeTracer(): Tracer | undefined {
  return active;
}

/** The client, with its calls traced as subsegments when tracing is on (the same client otherwise). */
export function traced<T>(client: T): T {
  return active ? active.captureAWSv3Client(client) : client;
}
