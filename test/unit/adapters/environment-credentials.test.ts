/**
 * The credential provider deployed bundles use in place of the SDK's default chain
 * (functions/adapters/aws/environment-credentials.ts): Lambda's credentials from the environment, read once, and
 * read again when they are about to expire.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultProvider } from '../../../functions/adapters/aws/environment-credentials.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

function credentials(key: string, expiresInMs?: number) {
  vi.stubEnv('AWS_ACCESS_KEY_ID', key);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', `secret-${key}`);
  vi.stubEnv('AWS_SESSION_TOKEN', `token-${key}`);
  vi.stubEnv(
    'AWS_CREDENTIAL_EXPIRATION',
    expiresInMs === undefined ? undefined : new Date(Date.now() + expiresInMs).toISOString(),
  );
}

describe('environment credentials', () => {
  it("answers the environment's key, secret and session token", async () => {
    credentials('AKID1');
    expect(await defaultProvider()()).toMatchObject({
      accessKeyId: 'AKID1',
      secretAccessKey: 'secret-AKID1',
      sessionToken: 'token-AKID1',
    });
  });

  it('keeps credentials that do not expire soon, and reads again those expiring within five minutes', async () => {
    credentials('AKID1', 60 * 60_000);
    const lasting = defaultProvider();
    expect((await lasting()).accessKeyId).toBe('AKID1');
    credentials('AKID2', 60 * 60_000);
    expect((await lasting()).accessKeyId).toBe('AKID1');

    credentials('AKID3', 4 * 60_000);
    const expiring = defaultProvider();
    expect((await expiring()).accessKeyId).toBe('AKID3');
    credentials('AKID4', 60 * 60_000);
    expect((await expiring()).accessKeyId).toBe('AKID4');
  });

  it('fails without credentials in the environment, and reads again on the next call', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', undefined);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', undefined);
    const provider = defaultProvider();
    await expect(provider()).rejects.toThrow('Unable to find environment variable credentials.');
    credentials('AKID5');
    expect((await provider()).accessKeyId).toBe('AKID5');
  });
});
