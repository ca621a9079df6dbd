/**
 * A local stand-in for API Gateway's HTTP API: matches the route table, rejects requests without a valid token the
 * way the JWT authorizer does, turns each request into a payload-2.0 event and calls the same handler as Lambda.
 *
 * It answers only requests addressed to itself: a `Host` other than localhost, 127.0.0.1 or [::1] with the port it
 * listens on is refused with 403 before anything is read. Without that, a web page could rebind its own DNS name to
 * 127.0.0.1 and, being then same-origin, mint tokens at `POST /local/token` and call every route (DNS rebinding).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Route } from '../functions/manifest.ts';
import type { ResponseContract } from './contract.ts';
import type { LocalTokens } from './jwt.ts';

/** Calls the route's function as Lambda would (the runtime runs it as deployed: its environment, its policy). */
export type InvokeRoute = (route: Route, event: unknown) => Promise<unknown>;

/**
 * Thrown by an InvokeRoute while the functions are still loading (the gateway listens first: the functions' template
 * is given its URL). Answered 503 with Retry-After, as a load balancer answers before its targets are healthy, rather
 * than the 500 of a function that failed.
 */
export class StillStarting extends Error {
  override name = 'StillStarting';
}

const MAX_REQUEST_BYTES = 11 * 1024 * 1024;

export interface RawRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: Buffer;
}

/** Routes served by the runtime itself (`/local/...`): token minting, outbox, uploads. */
export type LocalRoute = {
  method: string;
  pattern: RegExp;
  handle: (
    request: RawRequest,
    params: string[],
  ) => Promise<{
    statusCode: number;
    body?: unknown;
    raw?: Buffer;
    contentType?: string;
    /** More response headers (a redirect's `location`, `cache-control`). */
    headers?: Record<string, string>;
  }>;
};

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
}

function send(res: ServerResponse, statusCode: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(statusCode, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

const errorBody = (code: string, message: string) => ({ error: { code, message } });

/** 503 with Retry-After: the functions are still loading (StillStarting). */
const starting = (res: ServerResponse) =>
  send(res, 503, errorBody('STARTING', 'the local pipeline is still starting: retry in a second'), {
    'retry-after': '1',
  });

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

/** What API Gateway accepts back from a payload-2.0 Lambda integration, checked rather than assumed. */
function isHttpResult(value: unknown): value is APIGatewayProxyStructuredResultV2 {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'statusCode') === 'number';
}

const LOOPBACK_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?$/;

/** A Host naming this machine's loopback and the port the request arrived on (no port: 80, as HTTP says). */
export function isLoopbackHost(host: string | undefined, port: number | undefined): boolean {
  const match = LOOPBACK_HOST.exec((host ?? '').toLowerCase());
  if (!match || port === undefined) return false;
  return Number(match[1] ?? 80) === port;
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export class LocalGateway {
  private readonly compiled: CompiledRoute[];
  private server: Server | undefined;

  constructor(
    routes: readonly Route[],
    private readonly tokens: LocalTokens,
    private readonly localRoutes: readonly LocalRoute[],
    private readonly invoke: InvokeRoute,
    /** When given, every answer of a route is checked against openapi.json; a mismatch becomes a 500 (tests). */
    private readonly contract?: ResponseContract,
    /** Where a failed function or a contract violation is reported (the runtime's log: silent when quiet). */
    private readonly report: (message: string, detail?: unknown) => void = (message, detail) =>
      console.error(message, detail),
  ) {
    this.compiled = routes.map(compile);
  }

  listen(port: number, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        // A local route (the monitor, the report, an upload) called before the functions loaded: retry, as for routes.
        if (error instanceof StillStarting && !res.headersSent) return starting(res);
        console.error('gateway error', error);
        if (!res.headersSent) send(res, 500, errorBody('INTERNAL', 'Internal error'));
        else res.end();
      });
    });
    const server = this.server;
    return new Promise((resolve) => {
      server.listen(port, host, () => {
        const address = server.address();
        resolve(`http://${host}:${typeof address === 'object' && address ? address.port : port}`);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  /** An answer the document does not allow: 500, naming the operation and the problem, so the test fails. */
  private violated(res: ServerResponse, violation: { operation: string; status: number; problem: string }) {
    // Always printed: a difference from the document is a bug to fix, never expected noise.
    console.error('response differs from openapi.json', violation);
    send(res, 500, {
      error: {
        code: 'CONTRACT_VIOLATION',
        message: `${violation.operation} answered ${violation.status}: ${violation.problem}`,
      },
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    if (!isLoopbackHost(req.headers.host, req.socket.localPort)) {
      res.setHeader('connection', 'close');
      return send(
        res,
        403,
        errorBody('FORBIDDEN_HOST', 'this local gateway answers only localhost, 127.0.0.1 and [::1]'),
      );
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req);
    if (!body) return send(res, 413, errorBody('BODY_TOO_LARGE', 'request body too large'));
    const raw: RawRequest = { method, path: url.pathname, query: url.searchParams, headers: headersOf(req), body };

    for (const local of this.localRoutes) {
      const match = local.method === method ? url.pathname.match(local.pattern) : null;
      if (!match) continue;
      const result = await local.handle(raw, match.slice(1));
      const extra = result.headers ?? {};
      if (result.raw) {
        res.writeHead(result.statusCode, {
          'content-type': result.contentType ?? 'application/octet-stream',
          ...extra,
        });
        return res.end(result.raw);
      }
      return result.body === undefined
        ? res.writeHead(result.statusCode, extra).end()
        : send(res, result.statusCode, result.body, extra);
    }

    const candidates = this.compiled.filter((c) => c.pattern.test(url.pathname));
    const found = candidates.find((c) => c.route.method === method);
    if (!found) {
      return candidates.length
        ? send(res, 405, errorBody('METHOD_NOT_ALLOWED', `${method} is not allowed on ${url.pathname}`))
        : send(res, 404, errorBody('NOT_FOUND', 'no such route'));
    }
    const claims = found.route.public ? undefined : await this.tokens.verify(raw.headers.authorization);
    if (!found.route.public && !claims) {
      const body = errorBody('UNAUTHORIZED', 'A valid bearer token is required');
      const violation = this.contract?.check(found.route, 401, 'application/json', JSON.stringify(body));
      return violation ? this.violated(res, violation) : send(res, 401, body);
    }

    const values = url.pathname.match(found.pattern)?.slice(1) ?? [];
    let pathParameters: Record<string, string>;
    try {
      pathParameters = Object.fromEntries(found.names.map((name, i) => [name, decodeURIComponent(values[i] ?? '')]));
    } catch {
      // A broken percent-encoding (`%E2%82`) is the client's mistake, as API Gateway answers it.
      return send(res, 400, errorBody('MALFORMED_PATH', 'the path is not valid percent-encoded UTF-8'));
    }
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
    const text = isUtf8(body);
    const now = Date.now();
    const event = {
      version: '2.0',
      routeKey: `${found.route.method} ${found.route.path}`,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers: raw.headers,
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      ...(found.names.length ? { pathParameters } : {}),
      requestContext: {
        accountId: 'local',
        apiId: 'local',
        domainName: raw.headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: {
          method,
          path: url.pathname,
          protocol: 'HTTP/1.1',
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: raw.headers['user-agent'] ?? '',
        },
        requestId: randomUUID(),
        routeKey: `${found.route.method} ${found.route.path}`,
        stage: '$default',
        time: new Date(now).toUTCString(),
        timeEpoch: now,
        // Routes declare no authorization scopes, so the authorizer passes the claims and no scope list.
        ...(claims ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: null } } } : {}),
      },
      ...(body.length ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
      isBase64Encoded: body.length > 0 && !text,
    };
    let result: unknown;
    try {
      result = await this.invoke(found.route, event);
    } catch (error) {
      if (error instanceof StillStarting) return starting(res);
      // As API Gateway answers a function that failed (init error, unhandled exception, access denied).
      this.report(`${found.route.id} failed`, error);
      return send(res, 500, { message: 'Internal Server Error' });
    }
    if (!isHttpResult(result)) throw new Error(`${found.route.entry} did not return an HTTP result`);
    const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]));
    const answered =
      result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64').toString('utf8') : result.body;
    const violation = this.contract?.check(found.route, result.statusCode ?? 200, headers['content-type'], answered);
    if (violation) return this.violated(res, violation);
    res.writeHead(result.statusCode ?? 200, headers);
    res.end(
      result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'),
    );
  }
}
