/**
 * The fetch-based stand-in for urllib that the Alipay channel's bundle (and these tests, vitest.config.ts) give
 * alipay-sdk: what the SDK's `exec` sends and reads back, and the errors ./alipay.ts maps (a timeout by name, a
 * dropped or refused connection by code). test/unit/adapters/alipay-channel.test.ts runs the channel through it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import urllib from 'urllib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapTransportError } from '../../../functions/adapters/payments/channels/alipay.ts';
import * as stand from '../../../functions/adapters/payments/channels/urllib-fetch.ts';
import { ProviderTimeout, ProviderUnavailable } from '../../../functions/ports/payment-provider.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2000);
      if (req.url === '/drop') return void req.socket.destroy();
      res.writeHead(req.url === '/busy' ? 503 : 200, { 'content-type': 'application/json', 'Alipay-Trace-Id': 't-1' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('urllib as alipay-sdk sees it in the deployed bundle', () => {
  it('is the stand-in (the alias is in place)', () => {
    expect(urllib.request).toBe(stand.request);
  });

  it('sends data form-encoded as urllib does and answers status, lower-case headers and the text', async () => {
    const answer = await stand.request(`${base}/gateway.do?method=alipay.trade.refund`, {
      method: 'POST',
      data: { biz_content: '{"refund_amount":"129.00"}', sign: 'a+b/c=' },
      dataType: 'text',
      timeout: 1000,
      headers: { accept: 'application/json', 'alipay-request-id': 'req-1' },
    });
    expect(answer.status).toBe(200);
    expect(answer.data).toBe('{"ok":true}');
    expect(answer.headers['alipay-trace-id']).toBe('t-1');
    const request = seen.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', url: '/gateway.do?method=alipay.trade.refund' });
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(request.headers['alipay-request-id']).toBe('req-1');
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      biz_content: '{"refund_amount":"129.00"}',
      sign: 'a+b/c=',
    });
  });

  it('answers a 503 as a status, not an error, and parses json when asked', async () => {
    const answer = await stand.request(`${base}/busy`, { method: 'POST', data: {}, dataType: 'json' });
    expect(answer).toMatchObject({ status: 503, data: { ok: true } });
  });

  it('throws urllib’s timeout error, which the channel maps to ProviderTimeout', async () => {
    const error = await stand.request(`${base}/slow`, { method: 'POST', data: {}, timeout: 100 }).catch((e) => e);
    expect(error).toBeInstanceOf(stand.HttpClientRequestTimeoutError);
    expect(mapTransportError('alipay.trade.refund', error)).toBeInstanceOf(ProviderTimeout);
  });

  it('leaves a dropped connection its code (ProviderTimeout) and a refused one its own (ProviderUnavailable)', async () => {
    const dropped = await stand.request(`${base}/drop`, { method: 'POST', data: {} }).catch((e) => e);
    expect(mapTransportError('alipay.trade.refund', dropped)).toBeInstanceOf(ProviderTimeout);
    const refused = await stand.request('http://127.0.0.1:1/', { method: 'POST', data: {} }).catch((e) => e);
    expect(mapTransportError('alipay.trade.refund', refused)).toBeInstanceOf(ProviderUnavailable);
  });

  it('refuses what this project never calls (proxy, streamed bodies or answers) instead of doing it half', async () => {
    const before = seen.length;
    await expect(stand.request(base, { dispatcher: new stand.ProxyAgent() })).rejects.toThrow(/proxy/);
    await expect(stand.request(base, { method: 'POST', content: Buffer.from('x') })).rejects.toThrow(/streamed/);
    await expect(stand.request(base, { dataType: 'stream' })).rejects.toThrow(/streamed answer/);
    expect(seen.length).toBe(before);
  });
});
