/**
 * Serves the web console (web/dist) from the local runtime: `/` is the app, `/assets/*` its bundle. The console
 * is built on the first request when missing or stale, so `npm start` on a fresh clone just works. It uses only
 * the public HTTP API, like any client; `/local/demo-orders` lists the orders `--demo` seeded for its order picker.
 * `/config.json` is what the stack writes next to the deployed console: empty here (local tokens, role switcher),
 * or with `--auth=oauth` the deployed shape, pointing at the managed-login stand-in (./oauth.ts).
 */
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { indexWithCsp, pageCsp } from '../infra/constructs/console-csp.ts';
import { DIST_DIR, ensureConsoleBuilt } from '../scripts/build-web.ts';
import type { LocalRoute } from './gateway.ts';
import type { LocalTokens } from './jwt.ts';
import { localOAuthConfig, localOAuthRoutes, originOf } from './oauth.ts';

/** How people sign in to the local console: local tokens and the role switcher, or the managed-login stand-in. */
export type LocalAuth = 'local' | 'oauth';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

/** An order seeded by `npm start -- --demo`, offered in the buyer's order picker. */
export interface DemoOrder {
  orderId: string;
  scenario: string;
  label: string;
}

const demoOrders: DemoOrder[] = [];

/** Records the seeded demo orders so the console can offer them. */
export function setDemoOrders(orders: readonly DemoOrder[]): void {
  demoOrders.splice(0, demoOrders.length, ...orders);
}

async function file(path: string) {
  try {
    const raw = await readFile(path);
    return { statusCode: 200, raw, contentType: TYPES[extname(path)] ?? 'application/octet-stream' };
  } catch {
    return { statusCode: 404, body: { error: { code: 'NOT_FOUND', message: 'no such file' } } };
  }
}

/** The runtime-served routes of the console (and, with `oauth`, of the managed-login stand-in). */
export function consoleRoutes(auth: LocalAuth = 'local', tokens?: LocalTokens): LocalRoute[] {
  if (auth === 'oauth' && !tokens) throw new Error('the managed-login stand-in needs the runtime’s token signer');
  return [
    {
      method: 'GET',
      pattern: /^\/config\.json$/,
      handle: async (request) => ({
        statusCode: 200,
        body: auth === 'oauth' ? localOAuthConfig(request) : {},
        headers: { 'cache-control': 'no-store' },
      }),
    },
    ...(auth === 'oauth' && tokens ? localOAuthRoutes(tokens) : []),
    {
      method: 'GET',
      pattern: /^\/(?:index\.html)?$/,
      async handle(request) {
        await ensureConsoleBuilt();
        const page = await file(join(DIST_DIR, 'index.html'));
        if (auth !== 'oauth' || !page.raw) return page;
        // Deployed-shaped: the page policy the stack writes into index.html, with this origin for the API, the
        // evidence uploads and the sign-in pages, so the browser refuses here what it would refuse in AWS.
        const origin = originOf(request);
        return { ...page, raw: Buffer.from(indexWithCsp(page.raw.toString('utf8'), pageCsp(origin, origin, origin))) };
      },
    },
    {
      method: 'GET',
      pattern: /^\/assets\/([\w.-]+)$/,
      async handle(_request, [name = '']) {
        await ensureConsoleBuilt();
        return file(join(DIST_DIR, 'assets', name));
      },
    },
    {
      method: 'GET',
      pattern: /^\/local\/demo-orders$/,
      handle: async () => ({ statusCode: 200, body: { items: demoOrders } }),
    },
  ];
}
