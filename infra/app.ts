/**
 * CDK app entry (`npx cdk synth|deploy`). Context:
 *   stage              dev | prod | ...            (default dev)
 *   financeAlertEmail  address for finance alerts  (required for deploy)
 *   opsAlertEmail      address for operational alarms (default: financeAlertEmail)
 * e.g. `npx cdk deploy -c stage=prod -c financeAlertEmail=finance@example.com`
 */
import { App, Tags } from 'aws-cdk-lib';
import { applyNagChecks } from './nag.ts';
import { RefundPipelineStack } from './stack.ts';

export function buildApp(app = new App()): { app: App; stack: RefundPipelineStack } {
  const stage = String(app.node.tryGetContext('stage') ?? 'dev');
  const financeAlertEmail = String(app.node.tryGetContext('financeAlertEmail') ?? '');
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(financeAlertEmail)) {
    throw new Error('set the finance alert e-mail: -c financeAlertEmail=finance@example.com');
  }
  const opsAlertEmail = app.node.tryGetContext('opsAlertEmail');
  const stack = new RefundPipelineStack(app, `RefundPipeline-${stage}`, {
    stage,
    financeAlertEmail,
    ...(typeof opsAlertEmail === 'string' && opsAlertEmail ? { opsAlertEmail } : {}),
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  Tags.of(stack).add('project', 'refund-pipeline');
  Tags.of(stack).add('stage', stage);
  applyNagChecks(app, stack);
  return { app, stack };
}

if (import.meta.url === `file://${process.argv[1]}`) buildApp().app.synth();
