/**
 * Starts one DynamoDB Local for the whole integration run (each test file creates its own tables in it) and makes
 * sure the synthesized template the local runtime runs functions from is cached, so test files do not synthesize it
 * in parallel.
 */
import type { TestProject } from 'vitest/node';
import { deployedTemplate } from '../../local/deployed/template.ts';
import { startDynamoLocal } from '../../local/dynamodb.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const [dynamo] = await Promise.all([startDynamoLocal(), deployedTemplate()]);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}
