/**
 * The bench's view of a local runtime: an HTTP client that counts API requests and their latency, a record of every
 * Lambda task the state machine invoked (name, refund, duration), and of every function invocation whatever invoked
 * it (API routes, the provider's webhooks, tasks, event functions, schedules), so each path can be costed.
 */

import { passesRefundItemFilter } from '../../functions/adapters/dynamodb/stream-records.ts';
import { ROUTES } from '../../functions/api/routes.ts';
import type { Role } from '../../functions/domain/vocabulary.ts';
import { LocalStepFunctions, type TaskHandler } from '../../local/asl-runner.ts';
import { LocalDeployment } from '../../local/deployed/index.ts';
import type { LocalRuntime } from '../../local/runtime.ts';

/** One Lambda invocation: which function, for which refund, how long the handler ran. */
export interface Invocation {
  fn: string;
  refundId: string | undefined;
  ms: number;
}

/** Every task invocation of every runtime in this process, in completion order. */
export const taskInvocations: Invocation[] = [];
const waiters = new Set<() => void>();

/**
 * Times each task handler the local ASL runner calls. The runner picks the handler for a Task state in one place
 * (`handlerFor`); wrapping it there sees plain and `.waitForTaskToken` tasks alike, retries included.
 */
export function installTaskMeter(): void {
  const proto = LocalStepFunctions.prototype;
  // biome-ignore lint/complexity/useLiteralKeys: a private member; TypeScript allows only element access to it.
  const original = proto['handlerFor'];
  if (original.name === 'meteredHandlerFor') return;
  // biome-ignore lint/complexity/useLiteralKeys: as above.
  proto['handlerFor'] = function meteredHandlerFor(this: LocalStepFunctions, input: unknown) {
    const picked = original.call(this, input);
    const fn = typeof input === 'object' && input !== null && 'FunctionName' in input ? String(input.FunctionName) : '';
    // The lifecycle's StartPayout starts the payout workflow: a Step Functions call, not a Lambda invocation.
    if (!fn) return picked;
    const payload = picked.payload;
    const refundId =
      typeof payload === 'object' && payload !== null && 'refundId' in payload ? String(payload.refundId) : undefined;
    const handler: TaskHandler = async (p) => {
      const started = performance.now();
      try {
        return await picked.handler(p);
      } finally {
        taskInvocations.push({
          fn: fn.replace(/^local:|FunctionArn$/g, ''),
          refundId,
          ms: performance.now() - started,
        });
        for (const wake of waiters) wake();
      }
    };
    return { handler, payload };
  };
}

/** Every function invocation of every runtime in this process (any function, however invoked), in completion order. */
export const functionInvocations: { fn: string; ms: number; records?: number }[] = [];

/** The functions behind API Gateway routes: each invocation of one is an API request billed. */
export const API_FUNCTIONS: ReadonlySet<string> = new Set(ROUTES.map((route) => route.id));

/**
 * Times every invocation of a deployed function: the local runtime invokes each function, whatever invokes it in AWS
 * (API Gateway, the state machine, a pipe, a rule, a schedule), through `LocalDeployment.invoke`.
 */
export function installInvocationMeter(): void {
  const proto = LocalDeployment.prototype;
  const original = proto.invoke;
  if (original.name === 'meteredInvoke') return;
  proto.invoke = async function meteredInvoke(this: LocalDeployment, ...args: Parameters<LocalDeployment['invoke']>) {
    const started = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      if (args[0] !== 'RefundEvents') {
        functionInvocations.push({ fn: args[0], ms: performance.now() - started });
      } else {
        // Locally the enrichment is handed every stream record; in AWS the pipe's filter lets refund writes through
        // only (each a Pipes request), and invokes the enrichment only for a batch that has one.
        const records = (Array.isArray(args[1]) ? args[1] : []).filter(passesRefundItemFilter).length;
        if (records) functionInvocations.push({ fn: args[0], ms: performance.now() - started, records });
      }
    }
  };
}

/** Resolves once `count` invocations of task `fn` for `refundId` have completed. */
export function tasksDone(refundId: string, fn: string, count: number, timeoutMs = 30_000): Promise<void> {
  const done = () => taskInvocations.filter((i) => i.refundId === refundId && i.fn === fn).length >= count;
  return new Promise((resolve, reject) => {
    if (done()) return resolve();
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`${fn} did not run ${count}× for ${refundId} within ${timeoutMs} ms`));
    }, timeoutMs);
    const check = () => {
      if (!done()) return;
      clearTimeout(timer);
      waiters.delete(check);
      resolve();
    };
    waiters.add(check);
  });
}

/** A JSON answer from the local API. */
export interface Answer {
  status: number;
  body: Record<string, unknown> | undefined;
}

/** An HTTP client for the local API that keeps every request's route and latency. */
export class BenchClient {
  readonly requests: { method: string; path: string; ms: number }[] = [];

  constructor(readonly runtime: LocalRuntime) {}

  token(role: Role, sub: string, merchantId?: string): Promise<string> {
    return this.runtime.tokens.sign({ sub, role, ...(merchantId ? { merchantId } : {}) });
  }

  async call(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const started = performance.now();
    const response = await fetch(`${this.runtime.url}${path}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    this.requests.push({ method, path, ms: performance.now() - started });
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    const body = typeof parsed === 'object' && parsed !== null ? { ...parsed } : undefined;
    return { status: response.status, body };
  }
}

/** Throws with the answer when the status is not the expected one. */
export function expectStatus(answer: Answer, status: number, what: string): Answer {
  if (answer.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer;
}
