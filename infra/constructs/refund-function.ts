/**
 * A Lambda function with the project's defaults: Node 22 on arm64, bundled by local esbuild (no Docker),
 * minified ESM with source maps, X-Ray tracing, JSON logs in the stack's one function log group.
 *
 * One log group for every function (`FunctionLogs`, one month) rather than one each: Lambda names each stream of a
 * shared group `YYYY/MM/DD/<function name>[<version>]<instance>`, so a function's lines stay apart (filter by stream
 * prefix, or by the `function_name` every Powertools line carries), and the stack saves a CloudFormation resource per
 * function — it has one Lambda per route and stays under CloudFormation's 500 (test/infra/console.test.ts).
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { nagArnPart } from './bindings.ts';
import { REPO_ROOT } from './paths.ts';

/**
 * How every function is bundled. Exported so the cold-start bench (bench/cold-start) builds exactly what is deployed.
 */
export const REFUND_FUNCTION_BUNDLING = {
  forceDockerBundling: false,
  format: OutputFormat.ESM,
  minify: true,
  sourceMap: true,
  target: 'node22',
  mainFields: ['module', 'main'],
  // The SDK is bundled at the pinned version rather than taken from the runtime, so what is tested is what runs.
  externalModules: [],
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  metafile: false,
  // Quiet unless something is wrong: `npx cdk synth -q` should print nothing on success.
  logLevel: LogLevel.WARNING,
} satisfies BundlingOptions;

/** The stack's one log group of every function's lines (created with the first function). */
export function functionLogsOf(stack: Stack): LogGroup {
  const existing = stack.node.tryFindChild('FunctionLogs');
  if (existing instanceof LogGroup) return existing;
  return new LogGroup(stack, 'FunctionLogs', {
    retention: RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
}

export interface RefundFunctionProps {
  /** Handler module relative to the repository root; it exports `handler`. */
  entry: string;
  description?: string;
  /** @default 10 seconds */
  timeout?: Duration;
  /** @default 512 MB (faster cold starts than the 128 MB minimum for the same cost per request) */
  memorySize?: number;
  /**
   * Where failed asynchronous invocations go. Required for functions invoked asynchronously (schedules, S3
   * events); functions behind the API or called by Step Functions are invoked synchronously and report their
   * failures to the caller, so they have none.
   */
  deadLetterQueue?: IQueue;
}

export class RefundFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: RefundFunctionProps) {
    super(scope, id);
    const logGroup = functionLogsOf(Stack.of(this));
    this.fn = new NodejsFunction(this, 'Function', {
      entry: `${REPO_ROOT}/${props.entry}`,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}/package-lock.json`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      ...(props.description ? { description: props.description } : {}),
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      // The rest of the environment comes from the function's declared needs (bindings.ts), nowhere else.
      environment: { NODE_OPTIONS: '--enable-source-maps' },
      bundling: REFUND_FUNCTION_BUNDLING,
    });
    Validations.of(this).acknowledge(
      {
        id: `AwsSolutions::AwsSolutions-IAM4[Policy::arn:${nagArnPart(Stack.of(this), 'Partition')}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]`,
        reason: 'The basic execution role only allows writing this function its own logs.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-L1',
        reason:
          'Node 22 is the runtime the project is built and tested for (README); 24 follows when the toolchain does.',
      },
      {
        id: 'Serverless::Serverless-LambdaLatestVersion',
        reason:
          'Node 22 is the runtime the project is built and tested for (README); 24 follows when the toolchain does.',
      },
    );
    if (!props.deadLetterQueue) {
      Validations.of(this).acknowledge({
        id: 'Serverless::Serverless-LambdaDLQ',
        reason: 'Invoked synchronously (API Gateway or Step Functions); failures return to the caller, which retries.',
      });
    }
  }
}
