/**
 * The shape every HTTP handler shares: the caller identified and authorised by role, the body decoded and validated
 * against a zod schema, domain errors mapped to `{ error: { code, message, details? } }` with the status of their
 * kind (./errors.ts).
 * Client errors (< 500) are exposed; anything else is logged and becomes a generic 500.
 *
 * A plain wrapper, not middy (decided 2026-12): middy only ran http-header-normalizer, a no-op on API Gateway payload
 * 2.0 (headers arrive lower-cased, locally too). Writing authorisation, body decoding and error mapping as middy
 * middlewares would spread this one straight-line function over hooks and add ~3.8 KiB and an import to every
 * route's cold start for no behaviour. Add a step here; reconsider middy only for many reusable, reorderable steps.
 *
 * The first step is `httpInvocation` (../observability/invocation.ts): the invocation's own logger with the Lambda
 * context, the correlation id (a well-formed `x-correlation-id` header, else API Gateway's request id; answered in
 * the `x-correlation-id` response header) and the path's refund id; its trace subsegment; metrics flushed in a
 * `finally`; one `request handled` line with the status.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ROUTES } from '../api/routes.ts';
import { requireEnvironmentOf } from '../catalog.ts';
import { DomainError, Forbidden, ValidationFailed } from '../domain/errors.ts';
import { type Locale, localeFrom } from '../domain/status-labels.ts';
import type { Role } from '../domain/vocabulary.ts';
import { CORRELATION_HEADER, runInvocation, wellFormedCorrelationId } from '../observability/invocation.ts';
import { logger } from '../observability/logger.ts';
import { httpStatusOf } from './errors.ts';
import { type Principal, principalOf } from './principal.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

export interface Request {
  event: HttpEvent;
  context: Context;
  principal: Principal;
  locale: Locale;
  /** The body parsed as JSON (undefined when empty). Validate it with `parse` before use. */
  body: unknown;
}

export interface Reply {
  statusCode: number;
  body?: unknown;
  /** An already serialised JSON body (idempotent replays return the stored bytes). */
  raw?: string;
  headers?: Record<string, string>;
}

const MAX_BODY_BYTES = 64 * 1024;

const JSON_TYPE = 'application/json; charset=utf-8';

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

export function errorResult(error: unknown): HttpResult {
  if (error instanceof DomainError) {
    const details = error.details === undefined ? {} : { details: error.details };
    return json(httpStatusOf(error), { error: { code: error.code, message: error.message, ...details } });
  }
  logger.error('unhandled error', { error: error instanceof Error ? error : String(error) });
  return json(500, { error: { code: 'INTERNAL', message: 'Internal error' } });
}

/** Decodes the raw body: bounded size, well-formed UTF-8, JSON. */
export function decodeBody(event: Pick<HttpEvent, 'body' | 'isBase64Encoded'>): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.length > MAX_BODY_BYTES)
    throw new DomainError('too-large', 'BODY_TOO_LARGE', `body exceeds ${MAX_BODY_BYTES} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DomainError('invalid', 'MALFORMED_BODY', 'body is not valid UTF-8');
  }
  if (!text.isWellFormed()) throw new DomainError('invalid', 'MALFORMED_BODY', 'body is not well-formed Unicode');
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError('invalid', 'MALFORMED_JSON', 'body is not valid JSON');
  }
}

export interface HttpHandlerOptions {
  /**
   * The route's function id in functions/api/routes.ts: its environment is checked when the module loads, and its
   * roles (or `public`) there decide who may call.
   */
  fn: string;
}

function routeOf(fn: string) {
  const route = ROUTES.find((r) => r.id === fn);
  if (!route) throw new Error(`no route ${fn} in functions/api/routes.ts`);
  return route;
}

function rolesOf(fn: string): readonly Role[] | 'public' {
  const route = routeOf(fn);
  return route.public ? 'public' : route.roles;
}

/** The path parameter that names a refund in the route's path (`/v1/refunds/{refundId}/…`), if any. */
function refundParameterOf(fn: string): string | undefined {
  return routeOf(fn).path.match(/\/refunds\/\{([^}]+)\}/)?.[1];
}

/** The request's correlation id: a well-formed `x-correlation-id` header, else API Gateway's request id. */
export function correlationIdOf(event: Pick<HttpEvent, 'headers' | 'requestContext'>, context?: Context): string {
  return (
    wellFormedCorrelationId(event.headers?.[CORRELATION_HEADER]) ??
    event.requestContext?.requestId ??
    context?.awsRequestId ??
    randomUUID()
  );
}

/**
 * Runs one HTTP invocation of route `fn` (see the module comment); every answer carries `x-correlation-id`. The
 * webhook, which has no other shared step, uses it directly.
 */
export function httpInvocation<E extends Pick<HttpEvent, 'headers' | 'requestContext' | 'pathParameters'>>(
  fn: string,
  handle: (event: E, context?: Context) => Promise<HttpResult>,
): (event: E, context?: Context) => Promise<HttpResult> {
  const refundParameter = refundParameterOf(fn);
  return (event, context) => {
    const correlationId = correlationIdOf(event, context);
    // A path segment is the caller's text: only an id-shaped one goes on the log lines.
    const refundId = refundParameter ? wellFormedCorrelationId(event.pathParameters?.[refundParameter]) : undefined;
    return runInvocation({ fn, context, correlationId, refundId }, async () => {
      const result = await handle(event, context);
      logger.info('request handled', { route: event.requestContext?.routeKey, status: result.statusCode });
      return { ...result, headers: { ...result.headers, [CORRELATION_HEADER]: correlationId } };
    });
  };
}

/** Wraps a route handler with the shared steps; the result is the Lambda handler. */
export function httpHandler(
  options: HttpHandlerOptions,
  handle: (request: Request) => Promise<Reply>,
): (event: HttpEvent, context: Context) => Promise<HttpResult> {
  requireEnvironmentOf(options.fn);
  const roles = rolesOf(options.fn);
  return httpInvocation<HttpEvent>(options.fn, async (event, context) => {
    try {
      const principal: Principal = roles === 'public' ? { sub: 'anonymous', role: 'system' } : principalOf(event);
      if (roles !== 'public' && !roles.includes(principal.role)) throw new Forbidden();
      const locale = localeFrom(event.headers?.['accept-language']);
      // Lambda always passes a context; only tests that call a handler directly leave it out.
      const reply = await handle({ event, context: context as Context, principal, locale, body: decodeBody(event) });
      if (reply.raw !== undefined) {
        return {
          statusCode: reply.statusCode,
          headers: { 'content-type': JSON_TYPE, ...reply.headers },
          body: reply.raw,
        };
      }
      return reply.body === undefined
        ? { statusCode: reply.statusCode, headers: reply.headers ?? {} }
        : json(reply.statusCode, reply.body, reply.headers);
    } catch (error) {
      return errorResult(error);
    }
  });
}

/** Validates input against a zod schema; failures become 400 VALIDATION_FAILED with the issues as details. */
export function parse<T>(schema: { safeParse(input: unknown): ParseResult<T> }, input: unknown, what = 'body'): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || what,
    problem: issue.code,
    ...('keys' in issue ? { keys: issue.keys } : {}),
  }));
  throw new ValidationFailed(`${what} is invalid`, details);
}

type ParseResult<T> =
  | { success: true; data: T }
  | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; code: string; keys?: unknown }[] } };
