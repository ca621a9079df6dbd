/**
 * The part of `urllib` that alipay-sdk uses for the calls this project makes (`exec`: one form-encoded POST, the
 * answer as text), on Node's own `fetch`. The Alipay channel's bundle takes this module in place of `urllib`
 * (an esbuild alias in REFUND_FUNCTION_BUNDLING, infra/constructs/refund-function.ts; the unit and integration tests
 * alias it the same way, vitest.config.ts): urllib brings its own undici, mime-db, qs and object-inspect, about
 * 770 KiB of the function's 1.4 MB, which Lambda parsed at every cold start (issue 18, item 4). alipay-sdk still
 * signs the requests and verifies the answers; only the transport changes.
 *
 * What urllib did and this keeps: `data` of a POST sent as `application/x-www-form-urlencoded;charset=UTF-8`
 * (URLSearchParams, as urllib without `nestedQuerystring`), `content` sent as is, `dataType` 'text' or 'json',
 * headers answered as a plain object with lower-case names, and a request that outlives `timeout` thrown as an
 * `HttpClientRequestTimeoutError` (the name ./alipay.ts maps to ProviderTimeout); a dropped connection surfaces with
 * the same codes (ECONNRESET, UND_ERR_SOCKET: Node's fetch is undici too). What it refuses, loudly rather than
 * half-done: streamed bodies and answers (file uploads, `sse`), and a proxy dispatcher — none of which this project
 * calls.
 */

/** The options alipay-sdk passes to `urllib.request`. */
export interface RequestOptions {
  method?: string;
  data?: Record<string, unknown> | string;
  content?: unknown;
  contentType?: string;
  dataType?: string;
  timeout?: number | [number, number];
  headers?: Record<string, string>;
  dispatcher?: unknown;
  streaming?: boolean;
}

/** What alipay-sdk reads of urllib's answer. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  data: unknown;
  res: { status: number; statusCode: number; headers: Record<string, string> };
}

/** urllib's name for a request that did not finish in time, which ./alipay.ts maps to ProviderTimeout. */
export class HttpClientRequestTimeoutError extends Error {
  override name = 'HttpClientRequestTimeoutError';
}

/** urllib's default: 5 s for the headers and 5 s for the body. */
const DEFAULT_TIMEOUT_MS = 5000;

function deadlineMs(timeout: RequestOptions['timeout']): number {
  if (Array.isArray(timeout)) return timeout[0] + timeout[1];
  return timeout ?? DEFAULT_TIMEOUT_MS;
}

function unsupported(what: string): never {
  throw new TypeError(
    `urllib-fetch: ${what} is not supported in this build (functions/adapters/payments/channels/urllib-fetch.ts)`,
  );
}

function requestBody(method: string, options: RequestOptions, headers: Record<string, string>): string | undefined {
  if (method === 'GET' || method === 'HEAD') {
    if (options.data !== undefined || options.content !== undefined) unsupported('a GET with data');
    return undefined;
  }
  if (options.content !== undefined) {
    if (typeof options.content !== 'string') unsupported('a streamed or binary body');
    if (options.contentType) headers['content-type'] = options.contentType;
    else headers['content-type'] ??= 'text/plain;charset=UTF-8';
    return options.content;
  }
  if (options.data === undefined) return undefined;
  if (typeof options.data === 'string') return options.data;
  const fields = Object.entries(options.data).map(([name, value]): [string, string] => [name, String(value)]);
  headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
  return new URLSearchParams(fields).toString();
}

function parsed(text: string, dataType: string | undefined): unknown {
  if (dataType === 'text' || dataType === 'html') return text;
  if (dataType === 'json') return text === '' ? null : JSON.parse(text);
  return Buffer.from(text);
}

/** `urllib.request(url, options)` for a buffered request and answer; see the module comment. */
export async function request(url: string | URL, options: RequestOptions = {}): Promise<RawResponse> {
  if (options.dispatcher !== undefined) unsupported('a proxy dispatcher');
  if (options.streaming || options.dataType === 'stream') unsupported('a streamed answer');
  const method = (options.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { ...options.headers };
  const body = requestBody(method, options, headers);
  const timeout = deadlineMs(options.timeout);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(timeout) });
    text = await response.text();
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') {
      throw new HttpClientRequestTimeoutError(`Request timeout for ${timeout} ms`, { cause: error });
    }
    throw error;
  }
  const answerHeaders = Object.fromEntries(response.headers);
  return {
    status: response.status,
    headers: answerHeaders,
    data: parsed(text, options.dataType),
    res: { status: response.status, statusCode: response.status, headers: answerHeaders },
  };
}

/** urllib's agents: alipay-sdk builds an HTTP/2 one when it loads and passes it only to the calls refused above. */
export class Agent {
  constructor(readonly options: Record<string, unknown> = {}) {}
}

/** alipay-sdk re-exports urllib's ProxyAgent; a proxy is refused above (`dispatcher`). */
export class ProxyAgent extends Agent {}

export default { request };
