/**
 * Writes the synthesized CloudFormation template of the dev stack to the file named by argv[2], without bundling
 * (context `aws:cdk:bundling-stacks: []`) so it takes seconds, and with cdk-nag running as on every synth.
 * Run in a child process by ./template.ts, so `npm start` never loads the CDK itself when the cached copy is current.
 */
import { writeFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../infra/app.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: tsx local/deployed/synth.ts <template.json>');
// Path metadata (as the CLI asks for) lets the runtime find each function and table by its construct id.
const app = new App({
  context: { 'aws:cdk:bundling-stacks': [], 'aws:cdk:enable-path-metadata': true, stage: 'dev' },
});
const { stack } = buildApp(app);
const template = app.synth().getStackByName(stack.stackName).template;
writeFileSync(out, JSON.stringify(template));
