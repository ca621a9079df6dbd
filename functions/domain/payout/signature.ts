/**
 * Webhook signatures for payment-provider callbacks (POST /v1/payments/webhook).
 *
 * Header `x-refund-signature: t=<unix seconds>,v1=<hex>` (Stripe's scheme): `v1` is
 * HMAC-SHA256(secret, `${t}.${rawBody}`) in lowercase hex. Signing the timestamp with the body bounds replays to the
 * tolerance window; several `v1=` entries are allowed so a secret can be rotated without downtime. Verification is
 * over the raw body BYTES as received (never a decoded string, never a re-serialised JSON) and compares in constant
 * time: decoding first would let two different byte sequences (invalid UTF-8, which decodes to U+FFFD) share one
 * signature, and refuse a provider that signs bytes that do not round-trip through UTF-8. A string body is taken as
 * its UTF-8 encoding, which is the same bytes for everything a JSON provider sends.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header name (lower case, as API Gateway and node:http deliver it). */
export const SIGNATURE_HEADER = 'x-refund-signature';

/** Default replay window: five minutes either side of the receiver's clock. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A body as received: the bytes themselves, or a string standing for its UTF-8 encoding. */
export type RawBody = Uint8Array | string;

function hmacHex(secret: string, timestamp: number, rawBody: RawBody): string {
  const hmac = createHmac('sha256', secret).update(`${timestamp}.`, 'utf8');
  return (typeof rawBody === 'string' ? hmac.update(rawBody, 'utf8') : hmac.update(rawBody)).digest('hex');
}

/** The header value for a body signed at `timestampSeconds` (the sender's clock, whole seconds). */
export function signWebhook(rawBody: RawBody, secret: string, timestampSeconds: number): string {
  if (!secret) throw new RangeError('webhook secret must not be empty');
  if (!Number.isSafeInteger(timestampSeconds))
    throw new RangeError(`timestamp must be whole seconds: ${timestampSeconds}`);
  return `t=${timestampSeconds},v1=${hmacHex(secret, timestampSeconds, rawBody)}`;
}

/** Why a signature was refused; all of them mean 401 and nothing recorded. */
export type SignatureFailure = 'MISSING' | 'MALFORMED' | 'STALE' | 'MISMATCH';

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: SignatureFailure };

export interface VerifyOptions {
  /** The receiver's clock in unix seconds. */
  nowSeconds: number;
  /** @default 300 */
  toleranceSeconds?: number;
}

interface ParsedHeader {
  timestamp: number;
  signatures: string[];
}

function parseHeader(header: string): ParsedHeader | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || timestamp !== undefined) return undefined;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/.test(value)) return undefined;
      signatures.push(value);
    }
    // Unknown keys (future schemes) are ignored, as Stripe does.
  }
  if (timestamp === undefined || signatures.length === 0) return undefined;
  return { timestamp, signatures };
}

/**
 * Checks a header against the raw body with any of `secrets` (current first, then the previous one during a
 * rotation). Refuses timestamps outside the tolerance window in either direction, so a captured request cannot be
 * replayed later; replays inside the window are harmless because settlement is idempotent.
 */
export function verifyWebhook(
  rawBody: RawBody,
  header: string | undefined,
  secrets: string | readonly string[],
  options: VerifyOptions,
): SignatureCheck {
  if (!header) return { ok: false, reason: 'MISSING' };
  const parsed = parseHeader(header);
  if (!parsed) return { ok: false, reason: 'MALFORMED' };
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(options.nowSeconds - parsed.timestamp) > tolerance) return { ok: false, reason: 'STALE' };
  const keys = (typeof secrets === 'string' ? [secrets] : secrets).filter((s) => s.length > 0);
  let match = false;
  for (const secret of keys) {
    const expected = Buffer.from(hmacHex(secret, parsed.timestamp, rawBody), 'hex');
    for (const sig of parsed.signatures) {
      // Both are 32 bytes (the header regex guarantees it), so timingSafeEqual never throws; no early exit.
      if (timingSafeEqual(expected, Buffer.from(sig, 'hex'))) match = true;
    }
  }
  return match ? { ok: true, timestamp: parsed.timestamp } : { ok: false, reason: 'MISMATCH' };
}
