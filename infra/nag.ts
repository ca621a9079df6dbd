/**
 * cdk-nag (v3 Validations API): the AwsSolutions and Serverless packs run on every synth; a finding that is not
 * acknowledged here, with its reason, fails the synth.
 */
import type { App, Stack } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';

export function applyNagChecks(app: App, stack: Stack): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  Validations.of(stack).acknowledge();
}
