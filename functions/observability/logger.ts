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
 *
 * Every invocation logs through a logger of its own (./invocation.ts `runInvocation`): a child of the root logger
 * with the Lambda context (`function_request_id`, `cold_start`, …), `correlation_id` and, once known, `refund_id`.
 * `logger` below is that invocation's logger while one runs (AsyncLocalStorage) and the root logger outside one, so
 * keys never outlive their invocation in a warm container, and concurrent invocations in one process (the local
 * runtime runs every function in one) never see each other's keys.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger, type LogItem } from '@aws-lambda-powertools/logger';
import type { ConstructorOptions } from '@aws-lambda-powertools/logger/types';

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

/** Receives every log line (already redacted JSON) instead of stdout; see `setLogDestination`. */
export type LogDestination = (line: string) => void;

let destination: LogDestination | undefined;

/**
 * Sends every log line to `next` instead of stdout (undefined: back to stdout); returns the previous destination.
 * Lambda never sets one: the local runtime does, to print the lines readably or hand them to a test.
 */
export function setLogDestination(next: LogDestination | undefined): LogDestination | undefined {
  const previous = destination;
  destination = next;
  return previous;
}

/** Functions (by name) that have had an invocation in this process: Lambda's one, the local runtime's many. */
const warm = new Set<string>();

class RefundLogger extends Logger {
  #functionName: string | undefined;

  override addContext(context: Parameters<Logger['addContext']>[0]): void {
    this.#functionName = context.functionName;
    super.addContext(context);
  }

  /** Cold per function and process, not per logger instance: each invocation has a new child logger. */
  protected override getColdStart(): boolean {
    const name = this.#functionName;
    if (name === undefined) return super.getColdStart();
    if (warm.has(name)) return false;
    warm.add(name);
    return true;
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    if (!destination) {
      super.printLog(logLevel, log);
      return;
    }
    log.prepareForPrint();
    destination(JSON.stringify(log.getAttributes(), this.getJsonReplacer()));
  }

  protected override createLogger(options?: ConstructorOptions): Logger {
    return new RefundLogger(options);
  }
}

const root = new RefundLogger({ serviceName: 'refund-pipeline', jsonReplacerFn: redact });

const invocations = new AsyncLocalStorage<Logger>();

/** A new logger for one invocation: the root's settings, none of another invocation's keys. */
export function invocationLogger(): Logger {
  return root.createChild();
}

/** Runs `work` with `own` as the `logger` every module sees. */
export function withLogger<T>(own: Logger, work: () => T): T {
  return invocations.run(own, work);
}

/** Whether an invocation's logger is in effect (keys added outside one would stay on the root logger). */
export function inInvocation(): boolean {
  return invocations.getStore() !== undefined;
}

/** The one logger any layer logs through: the running invocation's, or the root logger outside one. */
export const logger: Logger = new Proxy(root, {
  get(target, key) {
    const active = invocations.getStore() ?? target;
    const value = Reflect.get(active, key, active);
    return typeof value === 'function' ? value.bind(active) : value;
  },
});
