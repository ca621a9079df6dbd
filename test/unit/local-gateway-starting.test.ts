/**
 * `npm start` opens its port before the functions have loaded (their template is given its URL): a request in that
 * moment, such as a start-up script polling /health or a local route, is told to retry (503, Retry-After), not that
 * the function failed (500).
 */
import { afterEach, expect, it } from 'vitest';
import { ROUTES } from '../../functions/api/routes.ts';
import { LocalGateway, StillStarting } from '../../local/gateway.ts';
import { LocalTokens } from '../../local/jwt.ts';

let gateway: LocalGateway | undefined;
afterEach(() => gateway?.close());

it('answers 503 STARTING with Retry-After while the functions load, and the function once loaded', async () => {
  let loaded = false;
  const reports: string[] = [];
  gateway = new LocalGateway(
    ROUTES,
    new LocalTokens('local-secret'),
    [
      {
        method: 'POST',
        pattern: /^\/local\/monitor\/run$/,
        handle: async () => {
          if (!loaded) throw new StillStarting('the local deployment is not loaded yet');
          return { statusCode: 200, body: { ran: true } };
        },
      },
    ],
    async () => {
      if (!loaded) throw new StillStarting('the local deployment is not loaded yet');
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"ok"}' };
    },
    undefined,
    (message) => reports.push(message),
  );
  const url = await gateway.listen(0);

  const early = await fetch(`${url}/health`);
  expect(early.status).toBe(503);
  expect(early.headers.get('retry-after')).toBe('1');
  expect(await early.json()).toMatchObject({ error: { code: 'STARTING' } });
  expect(reports).toEqual([]);
  // A local route (the monitor, the daily report, an upload) too.
  const monitor = await fetch(`${url}/local/monitor/run`, { method: 'POST' });
  expect([monitor.status, monitor.headers.get('retry-after')]).toEqual([503, '1']);

  loaded = true;
  expect((await fetch(`${url}/local/monitor/run`, { method: 'POST' })).status).toBe(200);
  const later = await fetch(`${url}/health`);
  expect(later.status).toBe(200);
  expect(await later.json()).toEqual({ status: 'ok' });
});
