/** `GET /health`: liveness for load balancers and the local runtime; no auth, no I/O. */
import { httpHandler } from '../http/handler.ts';

export const handler = httpHandler({ fn: 'Health' }, async () => ({
  statusCode: 200,
  body: { ok: true },
}));
