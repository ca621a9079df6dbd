/**
 * The dev stack as the template tests synthesize it: bundling off (seconds, not minutes), stage dev, a finance
 * address. Built once per worker: the infra project's files share their worker's modules (isolate: false in
 * vitest.config.ts), so its files that read this stack synthesize it, with cdk-nag, once between them.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app.ts';

let built: { app: App; template: Template } | undefined;

/** The synthesized app (cdk-nag has run: `app.synth()` again returns the same assembly) and its stack's template. */
export function devStack(): { app: App; template: Template } {
  if (!built) {
    const app = new App({
      context: { 'aws:cdk:bundling-stacks': [], stage: 'dev', financeAlertEmail: 'finance@example.com' },
    });
    built = { app, template: Template.fromStack(buildApp(app).stack) };
  }
  return built;
}
