/**
 * The one Powertools logger (structured JSON to CloudWatch Logs); any layer may log through it.
 *
 * It never writes personal data or credentials (docs/security.md, "Personal data"): Powertools calls `jsonReplacerFn`
 * for every key of a log entry's attributes, at any depth, so whatever a caller hands it — a refund, a decision, an
 * error with properties, a request — leaves the function without the people's text in it:
 * - notes and free text people write: `note`, `detail` (a timeline entry's "reason: note"), and `reason` unless it is
 *   a code (NOT_RECEIVED, MISMATCH): a merchant's reason is free text;
 * - addresses, phone numbers, names and e-mail addresses (waybills and, later, return addresses carry them);
 * - what OCR read off an evidence image (`ocr`, `lines`, `words`, `text`, `rawText`): a waybill's text is a name, a
 *   phone number and an address;
 * - request bodies (`body`: a note inside a JSON string cannot be found by key);
 * - bearer tokens, task tokens, secrets, signatures and cookies, by key; and a bearer token or a JWT anywhere in a
 *   string (an error message that quotes a header).
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const REDACTED = '[REDACTED]';

/** Keys whose value is personal text or a credential, lower-cased with `-` and `_` removed. */
const REDACTED_KEYS = new Set([
  // what people write
  'note',
  'notes',
  'detail',
  'comment',
  'comments',
  'description',
  // addresses, phones, names, e-mail
  'address',
  'addresses',
  'returnaddress',
  'shippingaddress',
  'street',
  'phone',
  'phones',
  'phonenumber',
  'mobile',
  'telephone',
  'tel',
  'email',
  'recipient',
  'recipientname',
  'receivername',
  'buyername',
  'fullname',
  'contactname',
  'contact',
  // what OCR read off an image
  'ocr',
  'ocrtext',
  'lines',
  'words',
  'text',
  'rawtext',
  // request bodies
  'body',
  // credentials
  'authorization',
  'token',
  'tasktoken',
  'accesstoken',
  'idtoken',
  'refreshtoken',
  'bearer',
  'secret',
  'secretstring',
  'password',
  'cookie',
  'setcookie',
  'signature',
  'xsignature',
]);

/** Keys that hold a code when the machine wrote them and free text when a person did. */
const CODE_OR_TEXT_KEYS = new Set(['reason', 'reasons', 'failurereason']);

/** A vocabulary code: NOT_RECEIVED, MISMATCH, SANDBOX_FAILED. */
const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;

const normalized = (key: string) => key.toLowerCase().replace(/[-_]/g, '');

const isCode = (value: unknown): boolean =>
  value === null ||
  value === undefined ||
  (typeof value === 'string' && CODE.test(value)) ||
  (Array.isArray(value) && value.every((item) => typeof item === 'string' && CODE.test(item)));

/**
 * The logger's `jsonReplacerFn`: the value to write for `key`. Exported for its unit test; it is pure and keeps no
 * state between entries.
 */
export function redact(key: string, value: unknown): unknown {
  const name = normalized(key);
  if (REDACTED_KEYS.has(name)) return value === undefined || value === null || value === '' ? value : REDACTED;
  if (CODE_OR_TEXT_KEYS.has(name)) return isCode(value) ? value : REDACTED;
  if (typeof value === 'string') return value.replace(BEARER, `Bearer ${REDACTED}`).replace(JWT, REDACTED);
  return value;
}

export const logger = new Logger({ serviceName: 'refund-pipeline', jsonReplacerFn: redact });
