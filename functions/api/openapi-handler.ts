/** `GET /openapi.json` (public): the generated OpenAPI 3.1 document, built once per instance. */
import { httpHandler } from '../http/handler.ts';
import { buildOpenApi } from './openapi.ts';

let document: string | undefined;

export const handler = httpHandler({ fn: 'OpenApi' }, async () => {
  document ??= JSON.stringify(buildOpenApi());
  return { statusCode: 200, raw: document, headers: { 'cache-control': 'public, max-age=300' } };
});
