/**
 * Calls the public HTTP API (on this origin, or the one config.json names) with the session's bearer token and
 * language; errors become `ApiError`. Signed in through Cognito, an expired token is renewed once and the call
 * repeated (web/src/auth.ts).
 */
import { apiUrl, bearer, oauth, renew } from './auth.ts';
import { lang } from './session.ts';

/** A non-2xx answer: status plus the API's `{ error: { code, message } }`. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  /** The gateway knows no such route: the feature is not deployed in this build. */
  get routeMissing(): boolean {
    return this.status === 404 && this.message === 'no such route';
  }
}

/** Options of one call. */
export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Send without the session's token (token minting). */
  anonymous?: boolean;
}

/** One API call; resolves to the parsed JSON body (or undefined when empty). */
export async function api<T = unknown>(
  method: string,
  path: string,
  options: CallOptions = {},
  retried = false,
): Promise<T> {
  const token = options.anonymous ? undefined : await bearer();
  const response = await fetch(apiUrl(path), {
    method,
    headers: {
      'accept-language': lang(),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  if (response.status === 401 && token && oauth() && !retried && (await renew())) {
    return api<T>(method, path, options, true);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'HTTP_ERROR', error?.message ?? response.statusText);
  }
  return parsed as T;
}

/** Like `api`, but a missing route or resource (404) resolves to undefined so screens can degrade. */
export async function optional<T>(method: string, path: string, options: CallOptions = {}): Promise<T | undefined> {
  try {
    return await api<T>(method, path, options);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

/** A text answer in another format (`Accept: text/csv`). */
export interface TextAnswer {
  text: string;
  type: string;
  /** The file name the server suggests (Content-Disposition), if any. */
  filename?: string;
  /** The next page's cursor (`x-next-cursor`), if there is more. */
  next?: string;
}

/** A text answer in another format (`Accept: text/csv`), with its suggested file name and next page's cursor. */
export async function apiText(path: string, accept: string): Promise<TextAnswer> {
  const token = await bearer();
  const response = await fetch(apiUrl(path), {
    headers: { accept, 'accept-language': lang(), ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  const text = await response.text();
  if (!response.ok) {
    let error: { code?: string; message?: string } | undefined;
    try {
      error = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
    } catch {
      error = undefined;
    }
    throw new ApiError(response.status, error?.code ?? 'HTTP_ERROR', error?.message ?? response.statusText);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const next = response.headers.get('x-next-cursor') ?? undefined;
  return {
    text,
    type: response.headers.get('content-type') ?? accept,
    ...(filename ? { filename } : {}),
    ...(next ? { next } : {}),
  };
}
