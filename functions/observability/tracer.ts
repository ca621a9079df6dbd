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
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import { METRICS_SERVICE } from './metric-names.ts';

export const tracer = new Tracer({ serviceName: METRICS_SERVICE });

/** The client, with its calls traced as subsegments when tracing is on (the same client otherwise). */
export function traced<T>(client: T): T {
  return tracer.isTracingEnabled() ? tracer.captureAWSv3Client(client) : client;
}
