/**
 * A payment channel's credentials (Alipay's app key pair and Alipay's public key; WeChat Pay's merchant key, API v3
 * key and platform keys; the wallet's HMAC key): one Secrets Manager secret per channel, JSON, named by
 * CHANNEL_SECRET_ARN, readable only by that channel's functions (functions/manifest.ts `channel`). Read once per cold
 * start and kept 5 minutes; a notification whose signature verifies with none of the cached keys re-reads it once
 * (at most every 30 s), so a rotation (a new key added next to the old one in the JSON, see docs/payouts.md) needs
 * no redeploy. A secret still holding the stack's generated placeholder is a ConfigurationError that says so.
 */
import { ConfigurationError, requireEnv } from '../../config.ts';
import { secretsManager } from './secrets-client.ts';

export const MAX_AGE_MS = 5 * 60_000;
export const FORCED_REFRESH_INTERVAL_MS = 30_000;

interface Parser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { message: string } };
}

/** Cached, validated credentials of this function's channel. */
export class ChannelSecret<T> {
  private cached: { value: Promise<T>; readAt: number } | undefined;
  private lastForcedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly channel: string,
    private readonly schema: Parser<T>,
  ) {}

  get(): Promise<T> {
    const now = Date.now();
    if (this.cached && now - this.cached.readAt < MAX_AGE_MS) return this.cached.value;
    return this.read(now);
  }

  /** Re-reads now unless a forced re-read happened in the last 30 s (then undefined: keep what is cached). */
  refresh(): Promise<T> | undefined {
    const now = Date.now();
    if (now - this.lastForcedAt < FORCED_REFRESH_INTERVAL_MS) return undefined;
    this.lastForcedAt = now;
    return this.read(now);
  }

  private read(now: number): Promise<T> {
    const entry = { value: this.load(), readAt: now };
    this.cached = entry;
    entry.value.catch(() => {
      if (this.cached === entry) this.cached = undefined;
    });
    return entry.value;
  }

  private async load(): Promise<T> {
    const answer = await secretsManager.getSecretValue({ SecretId: requireEnv('CHANNEL_SECRET_ARN') });
    const text = answer.SecretString ?? '';
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ConfigurationError(
        `the ${this.channel} channel's secret is not JSON: put the credentials in it (docs/payouts.md)`,
      );
    }
    const parsed = this.schema.safeParse(json);
    if (!parsed.success) {
      throw new ConfigurationError(
        `the ${this.channel} channel's secret does not hold its credentials (docs/payouts.md): ${parsed.error.message}`,
      );
    }
    return parsed.data;
  }
}
