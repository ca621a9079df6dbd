/** Loads the same handler modules Lambda runs and calls them the way Lambda would. */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';

export const ROOT = resolve(import.meta.dirname, '..');

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

const loaded = new Map<string, Promise<LambdaHandler>>();

function isHandler(value: unknown): value is LambdaHandler {
  return typeof value === 'function';
}

/** Imports `entry` (relative to the repository root) once and returns its exported `handler`. */
export function loadHandler(entry: string): Promise<LambdaHandler> {
  let handler = loaded.get(entry);
  if (!handler) {
    handler = import(pathToFileURL(resolve(ROOT, entry)).href).then((module: Record<string, unknown>) => {
      if (!isHandler(module.handler)) throw new Error(`${entry} does not export a handler function`);
      return module.handler;
    });
    loaded.set(entry, handler);
  }
  return handler;
}

/** A Lambda context good enough for Powertools. */
export function lambdaContext(functionName: string, timeoutMs = 30_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: crypto.randomUUID(),
    // Deployed, every function logs to the stack's one group (infra/constructs/refund-function.ts).
    logGroupName: 'RefundPipeline-local-FunctionLogs',
    logStreamName: `local/${functionName}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
