/**
 * cdk-nag (v3 Validations API): the AwsSolutions and Serverless packs run on every synth; a finding that is not
 * acknowledged fails the synth. There is no stack-wide acknowledgement: each one is made on the construct it is
 * about, with the rule id and its reason, next to the code that causes it (infra/constructs/*). `acknowledge()`
 * with no rules does nothing and only suggests that something was waived, so nothing here calls it.
 */
import type { App } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';

export function applyNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
}
