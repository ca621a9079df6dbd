/**
 * The Secrets Manager client the webhook and channel secrets read through is kept per process, and made again when
 * the endpoint it was made for changes: a process hosting one local runtime after another (the bench) must not call
 * the stand-in of a runtime that has stopped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { secretsManager } from '../../../functions/adapters/payments/secrets-client.ts';

const saved = process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
afterEach(() => {
  if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
  else process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = saved;
});

describe('the Secrets Manager client', () => {
  it('is reused while the endpoint stays, and made for the new one when it changes', async () => {
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = 'http://127.0.0.1:41001/local/aws/secretsmanager';
    const first = (await secretsManager()).client;
    expect((await secretsManager()).client).toBe(first);
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = 'http://127.0.0.1:41002/local/aws/secretsmanager';
    const second = (await secretsManager()).client;
    expect(second).not.toBe(first);
    expect((await secretsManager()).client).toBe(second);
  });
});
