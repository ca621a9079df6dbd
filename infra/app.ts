/**
 * CDK app entry (`npx cdk synth|deploy`). Context (`-c key=value`; docs/deploy.md has the table):
 *   stage              dev | staging | prod                 (default dev; the policy stage every function runs)
 *   financeAlertEmail  finance alerts by e-mail              (required for prod; optional otherwise)
 *   opsAlertEmail      operational alarms by e-mail          (required for prod; default financeAlertEmail)
 *   callbackUrls       more console OAuth callbacks, comma-separated, besides the deployed console's own URL (which
 *                      is always added; docs/deploy.md "The console") (required for prod, https; default localhost)
 *   authDomainPrefix   Cognito hosted domain prefix          (default refunds-<stage>-<account>)
 *   paymentChannels    METHOD:channel,… over the stage's map   (default: real channels in staging/prod, sandbox in dev;
 *                      e.g. ALIPAY:alipay,BALANCE:wallet; domain/payout/channels.ts, docs/payouts.md)
 *   sfnLogData         true: the state machine logs every event WITH its input and output (task tokens, buyer
 *                      notes, order data) for a debugging session; default false: errors only, without data
 *   indexMigration     1..10: one step of moving a stack deployed before the index projections to the declared indexes,
 *                      one GSI created or deleted per deployment (docs/deploy.md); default: the declared indexes
 * The CLI sets CDK_DEFAULT_REGION (and CDK_DEFAULT_ACCOUNT when it has credentials); they become the stack's env.
 */
import { Annotations, App, Tags } from 'aws-cdk-lib';
import { INDEX_MIGRATION_CONTEXT, migrationStep } from '../functions/adapters/dynamodb/index-layout.ts';
import { type ChannelMap, ChannelMapError, channelMap } from '../functions/domain/payout/channels.ts';
import { STAGE_OVERRIDES } from '../functions/domain/policy/stages.ts';
import { SFN_LOG_DATA_CONTEXT } from './constructs/state-machine.ts';
import { applyNagChecks } from './nag.ts';
import { defaultChannels, RefundPipelineStack } from './stack.ts';

export const STAGES = Object.keys(STAGE_OVERRIDES);

/** Why a deployment configuration is refused; the message says what to pass instead. */
export class DeployConfigurationError extends Error {
  override name = 'DeployConfigurationError';
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** Documentation and test domains (RFC 2606/6761): an alert sent there reaches nobody. */
const PLACEHOLDER = /@(?:[^@]*\.)?(?:example\.(?:com|org|net)|example|test|invalid|localhost)$/i;

export interface DeployConfig {
  stage: string;
  financeAlertEmail?: string;
  opsAlertEmail?: string;
  callbackUrls: string[];
  authDomainPrefix?: string;
  paymentChannels: ChannelMap;
}

function text(app: App, key: string): string | undefined {
  const value = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  return String(value).trim();
}

/** Reads and checks the context; throws {@link DeployConfigurationError} with the fix in the message. */
export function deployConfig(app: App): DeployConfig {
  const stage = text(app, 'stage') ?? 'dev';
  if (!STAGES.includes(stage)) {
    throw new DeployConfigurationError(`unknown stage "${stage}": use -c stage=${STAGES.join('|')}`);
  }
  const prod = stage === 'prod';
  const finance = text(app, 'financeAlertEmail');
  const ops = text(app, 'opsAlertEmail') ?? (prod ? undefined : finance);
  for (const [key, value] of [
    ['financeAlertEmail', finance],
    ['opsAlertEmail', ops],
  ] as const) {
    if (value !== undefined && !EMAIL.test(value)) {
      throw new DeployConfigurationError(`${key} "${value}" is not an e-mail address`);
    }
    if (prod && (value === undefined || PLACEHOLDER.test(value))) {
      throw new DeployConfigurationError(
        `a prod stage needs real finance and operations addresses: -c financeAlertEmail=… -c opsAlertEmail=… ` +
          `(${key} is ${value === undefined ? 'missing' : `the placeholder "${value}"`})`,
      );
    }
  }
  const callbackUrls = (text(app, 'callbackUrls') ?? (prod ? '' : 'http://localhost:3000/'))
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  if (prod && (callbackUrls.length === 0 || callbackUrls.some((url) => !url.startsWith('https://')))) {
    throw new DeployConfigurationError(
      'a prod stage needs the console’s https callback URLs: -c callbackUrls=https://console.example.cn/',
    );
  }
  const authDomainPrefix = text(app, 'authDomainPrefix');
  const sfnLogData = text(app, SFN_LOG_DATA_CONTEXT);
  if (sfnLogData !== undefined && sfnLogData !== 'true' && sfnLogData !== 'false') {
    throw new DeployConfigurationError(`${SFN_LOG_DATA_CONTEXT} "${sfnLogData}" must be true or false`);
  }
  try {
    migrationStep(text(app, INDEX_MIGRATION_CONTEXT));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new DeployConfigurationError(`-c ${error.message} (docs/deploy.md, "Moving to new index names")`);
  }
  let paymentChannels: ChannelMap;
  try {
    paymentChannels = channelMap(defaultChannels(stage), text(app, 'paymentChannels') ?? '');
  } catch (error) {
    if (!(error instanceof ChannelMapError)) throw error;
    throw new DeployConfigurationError(`-c paymentChannels: ${error.message}`);
  }
  return {
    stage,
    callbackUrls,
    paymentChannels,
    ...(finance ? { financeAlertEmail: finance } : {}),
    ...(ops ? { opsAlertEmail: ops } : {}),
    ...(authDomainPrefix ? { authDomainPrefix } : {}),
  };
}

export function buildApp(app = new App()): { app: App; stack: RefundPipelineStack } {
  const config = deployConfig(app);
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  if (region?.startsWith('cn-')) {
    // CloudFormation's own registry for these regions (which cdk synth validates against) has no AWS::Cognito::UserPool:
    // people and the order system could not sign in, and the deploy would fail on its first Cognito resource.
    throw new DeployConfigurationError(
      `${region}: Cognito user pools (how people and the order system sign in) are not offered in the China regions, ` +
        'so this stack cannot be deployed there. Choose a region with Cognito user pools and Textract (docs/deploy.md).',
    );
  }
  const stack = new RefundPipelineStack(app, `RefundPipeline-${config.stage}`, {
    ...config,
    ...(account || region ? { env: { account, region } } : {}),
  });
  if (!config.financeAlertEmail) {
    Annotations.of(stack).addWarningV2(
      'refund-pipeline:no-finance-email',
      'No finance alert e-mail: alerts reach the SNS topic but nobody reads them. Pass -c financeAlertEmail=…',
    );
  }
  if (text(app, SFN_LOG_DATA_CONTEXT) === 'true') {
    Annotations.of(stack).addWarningV2(
      'refund-pipeline:sfn-log-data',
      `-c ${SFN_LOG_DATA_CONTEXT}=true: the state machine logs execution data (task tokens, buyer notes, order data) ` +
        'to CloudWatch. Deploy again without it when the debugging session is over.',
    );
  }
  Tags.of(stack).add('project', 'refund-pipeline');
  Tags.of(stack).add('stage', config.stage);
  applyNagChecks(app);
  return { app, stack };
}

/** CDK writes "Bundling asset …" for each of the ~30 functions whatever the CLI's verbosity; esbuild's own output is
 * already limited to warnings (REFUND_FUNCTION_BUNDLING), so a quiet synth prints only what needs reading. */
function withoutBundlingProgress(): void {
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) =>
    typeof chunk === 'string' && /^Bundling asset \S+\.\.\.\n$/.test(chunk)
      ? true
      : write(chunk, ...rest)) as typeof process.stderr.write;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  withoutBundlingProgress();
  try {
    buildApp().app.synth();
  } catch (error) {
    if (!(error instanceof DeployConfigurationError)) throw error;
    console.error(`refund-pipeline: ${error.message}`);
    process.exit(1);
  }
}
