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
import { BUNDLE_ALIASES } from './bundle-aliases.ts';
import { REPO_ROOT } from './paths.ts';

/** The banner every bundle starts with: esbuild's ESM output of CommonJS packages calls `require` for Node's modules. */
const REQUIRE_BANNER = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/** The runtime's Node version, which esbuild compiles for. */
const TARGET = 'node22';

/**
 * Packages a function loads only after init, each bundled into a file of its own next to the function's
 * (`node_modules/<package>/index.mjs` in the asset, where Node resolves the function's `import('<package>')`) instead
 * of into the function's `index.mjs`: NodejsFunction bundles to one `--outfile`, so a dynamically imported module
 * would otherwise still be in the file Lambda parses at init (issue 18, item 4).
 *
 * The X-Ray tracer (Powertools with aws-xray-sdk-core, semver, cls-hooked: ~124 KiB minified) is evaluated when the
 * first invocation starts, and only where tracing can be on (functions/observability/tracer.ts). Nothing else in a
 * function imports it, so it shares no module state with the function's own bundle.
 */
export const SIDECAR_PACKAGES = ['@aws-lambda-powertools/tracer'] as const;

/** POSIX shell quoting for the bundling commands. */
const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;

/**
 * The shell commands that bundle each sidecar package into `outputDir/node_modules/<package>/`, with the options of
 * the function's own bundle. `inputDir` is the repository root (local bundling runs in it).
 */
export function sidecarCommands(inputDir: string, outputDir: string): string[] {
  return SIDECAR_PACKAGES.map((pkg) => {
    const dir = `${outputDir}/node_modules/${pkg}`;
    const esbuild = [
      `${inputDir}/node_modules/.bin/esbuild`,
      pkg,
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--minify',
      '--sourcemap',
      '--sources-content=false',
      `--target=${TARGET}`,
      '--main-fields=module,main',
      `--banner:js=${REQUIRE_BANNER}`,
      `--outfile=${dir}/index.mjs`,
      '--log-level=warning',
    ];
    const manifest = JSON.stringify({ name: pkg, type: 'module', main: 'index.mjs' });
    return `${esbuild.map(quote).join(' ')} && echo ${quote(manifest)} > ${quote(`${dir}/package.json`)}`;
  });
}

/**
 * How every function is bundled. Exported so the cold-start bench (bench/cold-start) builds exactly what is deployed.
 */
export const REFUND_FUNCTION_BUNDLING = {
  forceDockerBundling: false,
  format: OutputFormat.ESM,
  minify: true,
  // Stack traces name the source file and line (NODE_OPTIONS=--enable-source-maps), which needs the map's mappings,
  // not the sources themselves: without them the map is 0.7 MB where it was 2.4 (CreateRefund), and Node reads and
  // parses it at every cold start (about 7 % of CreateRefund's import CPU; docs/benchmarks.md).
  sourceMap: true,
  sourcesContent: false,
  target: TARGET,
  mainFields: ['module', 'main'],
  // The SDK is bundled at the pinned version rather than taken from the runtime, so what is tested is what runs; the
  // sidecar packages are bundled beside the function (commandHooks), not into it.
  externalModules: [...SIDECAR_PACKAGES],
  banner: REQUIRE_BANNER,
  // `--alias:<package>=<module>` for each (./bundle-aliases.ts).
  esbuildArgs: { '--alias': Object.entries(BUNDLE_ALIASES).map(([pkg, module]) => `${pkg}=${module}`) },
  metafile: false,
  // Quiet unless something is wrong: `npx cdk synth -q` should print nothing on success.
  logLevel: LogLevel.WARNING,
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: sidecarCommands,
  },
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
