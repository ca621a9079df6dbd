/**
 * Starts one DynamoDB Local for the whole run (each test file creates its own tables in it) and makes sure the
 * synthesized template the local runtime runs functions from is cached, so test files do not synthesize it in
 * parallel.
 *
 * The integration, reliability and e2e projects each name this file, and vitest runs a project's global setup once
 * per project, one after the other, in its own process. The first call starts DynamoDB Local (about 5 s of a JVM
 * starting); the others share it, and the last teardown stops it. Started per project, it cost three JVMs and
 * 10–15 s before the first test.
 */
import type { TestProject } from 'vitest/node';
import { deployedTemplate } from '../../local/deployed/template.ts';
import { type LocalDynamo, startDynamoLocal } from '../../local/dynamodb.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/** Kept on globalThis: each project loads this module afresh, but all run in the one vitest process. */
const SHARED = Symbol.for('refund-pipeline.test.dynamo-local');
interface Shared {
  dynamo: Promise<LocalDynamo>;
  users: number;
}
const registry = globalThis as { [SHARED]?: Shared };

export default async function setup(project: TestProject) {
  // DynamoDB Local's JVM options (client compiler, serial collector) are local/dynamodb.ts's; test workers and the
  // restart test's child runtimes inherit them through this process's environment.
  registry[SHARED] ??= {
    dynamo: Promise.all([startDynamoLocal(), deployedTemplate()]).then(([dynamo]) => dynamo),
    users: 0,
  };
  const shared = registry[SHARED];
  shared.users++;
  const dynamo = await shared.dynamo;
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    if (--shared.users > 0) return;
    delete registry[SHARED];
    await dynamo.stop();
  };
}
