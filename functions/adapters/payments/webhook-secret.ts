/**
 * The webhook HMAC secret(s): `WEBHOOK_SECRET` (local mode, tests), else the Secrets Manager secret named by
 * `WEBHOOK_SECRET_ARN` (AWS), whose value is either the secret itself or JSON `{ "current": "...", "previous": "..." }`
 * during a rotation; a version staged `AWSPENDING` (a rotation in progress) is accepted too. `AWSPREVIOUS` is not
 * read: a secret rotated because it leaked must stop verifying as soon as finance drops it from `previous`.
 *
 * Rotation without a cold start (issue 17, item 2): the value is cached for {@link MAX_AGE_MS} (a warm instance
 * re-reads it after that), and a signature that matches none of the cached secrets forces ONE re-read, at most once
 * per {@link FORCED_REFRESH_INTERVAL_MS} per instance, so a flood of forged signatures costs Secrets Manager one call
 * every 30 s, not one per request. This is what Powertools Parameters' `getSecret(name, { maxAge })` and
 * `getSecret(name, { forceFetch: true })` would do; `@aws-lambda-powertools/parameters` is not used because this
 * change adds no dependency, and Powertools has no rate limit for forced fetches, which is the part that matters here.
 * A failed read is not cached, so the next call retries.
 */
import { ConfigurationError, requireEnv } from '../../config.ts';
import type { SignatureCheck } from '../../domain/payout/signature.ts';
import { isServiceError } from '../aws/aws-call.ts';
import { secretsManager } from './secrets-client.ts';

/** How long a warm instance trusts what it read. */
export const MAX_AGE_MS = 5 * 60_000;
/** The least time between two forced re-reads (after a signature mismatch). */
export const FORCED_REFRESH_INTERVAL_MS = 30_000;

let cached: { secrets: Promise<readonly string[]>; readAt: number } | undefined;
let lastForcedAt = Number.NEGATIVE_INFINITY;

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
  const id = requireEnv('WEBHOOK_SECRET_ARN');
  const [current, pending] = await Promise.all([
    secretsManager.getSecretValue({ SecretId: id }),
    // No version has the label outside a rotation: Secrets Manager answers ResourceNotFoundException.
    secretsManager.getSecretValue({ SecretId: id, VersionStage: 'AWSPENDING' }).catch((error: unknown) => {
      if (isServiceError(error, 'ResourceNotFoundException')) return undefined;
      throw error;
    }),
  ]);
  if (!current.SecretString) throw new ConfigurationError('webhook secret has no string value');
  const secrets = parseSecret(current.SecretString);
  if (pending?.SecretString) secrets.push(...parseSecret(pending.SecretString));
  return [...new Set(secrets)];
}

function read(now: number): Promise<readonly string[]> {
  const entry = { secrets: load(), readAt: now };
  cached = entry;
  entry.secrets.catch(() => {
    if (cached === entry) cached = undefined;
  });
  return entry.secrets;
}

/** Current secret first, then the previous (and pending) one while a rotation is in progress. */
export function webhookSecrets(): Promise<readonly string[]> {
  const now = Date.now();
  if (cached && now - cached.readAt < MAX_AGE_MS) return cached.secrets;
  return read(now);
}

/**
 * Re-reads the secret now, unless a forced re-read happened less than {@link FORCED_REFRESH_INTERVAL_MS} ago
 * (then `undefined`: use what is cached).
 */
export function refreshWebhookSecrets(): Promise<readonly string[]> | undefined {
  const now = Date.now();
  if (now - lastForcedAt < FORCED_REFRESH_INTERVAL_MS) return undefined;
  lastForcedAt = now;
  return read(now);
}

/**
 * Runs `check` with the cached secrets; when the signature matches none of them (MISMATCH: the provider may already
 * sign with a rotated secret), re-reads the secret once, rate-limited, and checks again if it changed. A missing,
 * malformed or stale signature never causes a re-read.
 */
export async function checkWithWebhookSecrets(
  check: (secrets: readonly string[]) => SignatureCheck,
): Promise<SignatureCheck> {
  const secrets = await webhookSecrets();
  const first = check(secrets);
  if (first.ok || first.reason !== 'MISMATCH') return first;
  const fresh = await refreshWebhookSecrets();
  if (!fresh || (fresh.length === secrets.length && fresh.every((s, i) => s === secrets[i]))) return first;
  return check(fresh);
}

/** Tests only: forget what was read and when the last forced re-read was. */
export function resetWebhookSecretCache(): void {
  cached = undefined;
  lastForcedAt = Number.NEGATIVE_INFINITY;
}
