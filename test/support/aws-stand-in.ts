/**
 * A local HTTP server standing in for an AWS service: it records every request and answers each with the next
 * scripted answer (500 when none is left). Point a client's `endpoint`, or `AWS_ENDPOINT_URL_<SERVICE>`, at `url`.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startAwsStandIn() {
  const state = { received: [] as ReceivedRequest[], script: [] as ScriptedAnswer[] };
  const server = createServer(async (request, response) => {
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
    );
    state.received.push({ method: request.method!, path: request.url!, headers, body: await bodyOf(request) });
    const answer = state.script.shift() ?? { status: 500, body: '{"message":"no answer scripted"}' };
    response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    /** Forgets what was received and answers these next. */
    answer(...answers: ScriptedAnswer[]) {
      state.received = [];
      state.script = [...answers];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
