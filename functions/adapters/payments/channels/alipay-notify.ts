/**
 * Alipay's asynchronous notifications (异步通知) as ChannelNotifications: Alipay POSTs an
 * application/x-www-form-urlencoded body, signed RSA2 (SHA256withRSA, base64 `sign`) over the parameters other than
 * `sign` and `sign_type`, sorted by name, non-empty, joined as `k=v&…` with the values decoded; it retries until the
 * answer's body is the text `success`.
 *
 * Verification is done here rather than with alipay-sdk's checkNotifySign so that (a) the bytes signed are exactly the
 * bytes received, whatever the body's `charset` (utf-8 by default, gbk for old apps: values are percent-decoded to
 * bytes and only then decoded as text), and (b) both of Alipay's public keys verify while it rotates them
 * (`previousAlipayPublicKey`). The tests check this verifier agrees with the SDK's on the SDK's own inputs.
 *
 * Mapping: a `trade_status_sync` notification carrying `out_biz_no` (our refund id, the refund's out_request_no) is
 * a refund: one PayoutWebhook { providerRef `<trade_no>:<out_biz_no>`, refundId, status SETTLED, amount =
 * `send_back_fee` (this refund's amount, yuan → fen), at = `gmt_refund` (Beijing time) }. The local fake adds
 * `refund_status=REFUND_FAIL` to say a refund failed (status FAILED, amount 0); Alipay's own trade_status_sync does
 * not report failures (the adapter's `status` does). Anything else that verifies (a payment notification) is
 * acknowledged with no events. `app_id` must be ours.
 *
 * Replies: verified → 200 `success` (text/plain); bad signature or another app → 401 `fail`; unreadable → 400 `fail`.
 */
import { createVerify, type KeyObject } from 'node:crypto';
import { TextDecoder } from 'node:util';
import type { PayoutWebhook } from '../../../domain/payout/webhook.ts';
import { type AlipayCredentials, alipayPublicKeys } from './alipay-credentials.ts';
import type { ChannelNotice, ChannelNotifications, ChannelReply, ChannelRequest } from './notification.ts';

/** Alipay's notifications are small; anything bigger is not one. */
export const MAX_NOTIFY_BYTES = 16 * 1024;

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** Fen → Alipay's yuan string, exactly: 12900 → "129.00", 5 → "0.05". */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not an amount in fen: ${fen}`);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** Alipay's yuan string → fen, exactly ("129.5" → 12950); undefined when it is not an amount. */
export function yuanToFen(yuan: string): number | undefined {
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(yuan.trim());
  if (!m) return undefined;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : undefined;
}

/** Alipay's Beijing time "yyyy-MM-dd HH:mm:ss[.SSS]" → ISO 8601 UTC; undefined when it is not one. */
export function beijingTimeToIso(text: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d{1,3})?$/.exec(text.trim());
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}T${m[2]}${m[3] ?? ''}+08:00`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Epoch ms → Alipay's Beijing time "yyyy-MM-dd HH:mm:ss". */
export function formatBeijingTime(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** One form field: its name, and its value's bytes as sent (percent-decoded, not yet decoded as text). */
interface RawField {
  name: string;
  value: Buffer;
}

function percentDecode(part: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i);
    if (c === 0x2b) bytes.push(0x20);
    else if (c === 0x25 && /^[0-9A-Fa-f]{2}$/.test(part.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(part.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) bytes.push(c);
    else return Buffer.alloc(0); // not a urlencoded body (raw non-ASCII): refuse below
  }
  return Buffer.from(bytes);
}

/** Splits an urlencoded body into raw fields; undefined when it is not one (non-ASCII, repeated names). */
export function parseForm(body: Buffer): RawField[] | undefined {
  const text = body.toString('latin1');
  if (/[^\x20-\x7e]/.test(text)) return undefined;
  const fields: RawField[] = [];
  const seen = new Set<string>();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = percentDecode(eq < 0 ? pair : pair.slice(0, eq)).toString('latin1');
    if (!/^[a-z0-9_]+$/i.test(name) || seen.has(name)) return undefined;
    seen.add(name);
    fields.push({ name, value: percentDecode(eq < 0 ? '' : pair.slice(eq + 1)) });
  }
  return fields;
}

/** The bytes Alipay signs: fields other than sign/sign_type, non-empty, sorted by name, `k=v` joined with `&`. */
export function signContent(fields: readonly RawField[]): Buffer {
  const parts: Buffer[] = [];
  const sorted = fields
    .filter((f) => f.name !== 'sign' && f.name !== 'sign_type' && f.value.length > 0)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const [i, f] of sorted.entries()) {
    if (i > 0) parts.push(Buffer.from('&'));
    parts.push(Buffer.from(`${f.name}=`, 'latin1'), f.value);
  }
  return Buffer.concat(parts);
}

const SUCCESS_REPLY: ChannelReply = { status: 200, contentType: 'text/plain', body: 'success' };

function refuse(status: 400 | 401, reason: string): ChannelNotice {
  return { ok: false, status, reason, reply: { status, contentType: 'text/plain', body: 'fail' } };
}

/** Verifies and maps Alipay's notifications; see the module comment. */
export class AlipayNotifications implements ChannelNotifications {
  readonly channel = 'alipay';
  private readonly appId: string;
  private readonly keys: KeyObject[];

  constructor(options: { credentials: AlipayCredentials }) {
    this.appId = options.credentials.appId;
    this.keys = alipayPublicKeys(options.credentials);
  }

  async verify(request: ChannelRequest, nowMs: number): Promise<ChannelNotice> {
    if (request.body.length > MAX_NOTIFY_BYTES) return refuse(400, 'body larger than 16 KiB');
    const fields = parseForm(request.body);
    if (!fields) return refuse(400, 'body is not application/x-www-form-urlencoded');
    const raw = new Map(fields.map((f) => [f.name, f.value]));
    const charset = (raw.get('charset')?.toString('latin1') || 'utf-8').toLowerCase();
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(charset, { fatal: true });
    } catch {
      return refuse(400, `unknown charset ${charset}`);
    }
    const sign = raw.get('sign')?.toString('latin1');
    if (!sign) return refuse(401, 'no sign');
    const signType = raw.get('sign_type')?.toString('latin1') || 'RSA2';
    if (signType !== 'RSA2') return refuse(401, `sign_type ${signType} is not accepted`);
    const content = signContent(fields);
    const verified = this.keys.some((key) =>
      createVerify('RSA-SHA256').update(content).verify(key, sign.replace(/ /g, '+'), 'base64'),
    );
    if (!verified) return refuse(401, 'signature does not verify');

    const values = new Map<string, string>();
    try {
      for (const [name, value] of raw) values.set(name, decoder.decode(value));
    } catch {
      return refuse(400, `body is not valid ${charset}`);
    }
    if (values.get('app_id') !== this.appId) return refuse(401, 'notification is for another app');

    const refundId = values.get('out_biz_no');
    if (values.get('notify_type') !== 'trade_status_sync' || !refundId) {
      return { ok: true, events: [], reply: SUCCESS_REPLY };
    }
    const tradeNo = values.get('trade_no');
    if (!tradeNo) return refuse(400, 'refund notification without trade_no');
    const failed = values.get('refund_status') === 'REFUND_FAIL';
    const fee = values.get('send_back_fee');
    const amount = failed ? 0 : fee === undefined ? undefined : yuanToFen(fee);
    if (amount === undefined) return refuse(400, 'refund notification without a valid send_back_fee');
    const time = values.get('gmt_refund') ?? values.get('notify_time');
    const at = (time && beijingTimeToIso(time)) || new Date(nowMs).toISOString();
    const event: PayoutWebhook = {
      providerRef: `${tradeNo}:${refundId}`,
      refundId,
      status: failed ? 'FAILED' : 'SETTLED',
      amount,
      at,
      ...(failed ? { reason: 'REFUND_FAIL' } : {}),
    };
    return { ok: true, events: [event], reply: SUCCESS_REPLY };
  }
}
