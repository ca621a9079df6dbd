/**
 * Given/when/then steps for tests that drive the local runtime over HTTP, as a client app would.
 */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { Role } from '../../functions/domain/vocabulary.ts';
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from '../../local/runtime.ts';

export interface Client {
  runtime: LocalRuntime;
  token(role: Role, sub: string, merchantId?: string): Promise<string>;
  call(method: string, path: string, options?: CallOptions): Promise<{ status: number; body: any; text: string }>;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

/** A runtime on the shared DynamoDB Local with tables of its own. */
export async function startTestRuntime(options: LocalRuntimeOptions = {}): Promise<Client> {
  const runtime = await startLocalRuntime({
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: `t${randomUUID().slice(0, 8)}`,
    quiet: true,
    timeScale: 0.001,
    // Every answer must be what openapi.json documents (local/contract.ts).
    checkResponses: true,
    // Refund events are read from the stream only where a test asks for them (passes `events`).
    events: { publish: false },
    ...options,
  });
  return {
    runtime,
    token: (role, sub, merchantId) => runtime.tokens.sign({ sub, role, ...(merchantId ? { merchantId } : {}) }),
    async call(method, path, { token, body, raw, headers = {} } = {}) {
      const response = await fetch(`${runtime.url}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      return { status: response.status, body: parsed, text };
    },
  };
}

/**
 * Polls until `check` returns a value. `timeoutMs` is a ceiling for a condition that will never be met, not a time
 * budget: keep it generous, so a slow or busy machine only makes the test slower, never red.
 */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
