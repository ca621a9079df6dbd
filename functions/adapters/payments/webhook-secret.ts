/**
 * The webhook HMAC secret(s), read once per process and cached: `WEBHOOK_SECRET` (local mode, tests), else the
 * Secrets Manager secret named by `WEBHOOK_SECRET_ARN` (AWS), whose value is either the secret itself or JSON
 * `{ "current": "...", "previous": "..." }` during a rotation. A failed read is not cached, so the next call retries.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigurationError, requireEnv } from '../../config.ts';

let client: SecretsManagerClient | undefined;
let cached: Promise<readonly string[]> | undefined;

function parseSecret(value: string): string[] {
  if (value.trimStart().startsWith('{')) {
    const json: unknown = JSON.parse(value);
    if (typeof json === 'object' && json !== null && 'current' in json && typeof json.current === 'string') {
      const previous = 'previous' in json && typeof json.previous === 'string' ? [json.previous] : [];
      return [json.current, ...previous];
    }
    throw new ConfigurationError('webhook secret JSON needs a "current" string');
  }
  return [value];
}

async function load(): Promise<readonly string[]> {
  const direct = process.env.WEBHOOK_SECRET;
  if (direct) return parseSecret(direct);
  client ??= new SecretsManagerClient({});
  const result = await client.send(new GetSecretValueCommand({ SecretId: requireEnv('WEBHOOK_SECRET_ARN') }));
  if (!result.SecretString) throw new ConfigurationError('webhook secret has no string value');
  return parseSecret(result.SecretString);
}

/** Current secret first, then the previous one while a rotation is in progress. */
export function webhookSecrets(): Promise<readonly string[]> {
  cached ??= load().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
