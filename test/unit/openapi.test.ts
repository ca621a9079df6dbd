/** The generated OpenAPI document covers the one route table, from the same schemas the handlers parse with. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../functions/api/openapi.ts';
import { ROUTES } from '../../functions/api/routes.ts';

const document: any = buildOpenApi();

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('documents %s', (_, route) => {
    const operation = document.paths[route.path]?.[route.method.toLowerCase()];
    expect(operation, `${route.id} is missing from the document`).toBeDefined();
    const success = Object.keys(operation.responses).filter((s) => /^2\d\d$/.test(s));
    expect(success, `${route.id} has no contract in functions/api/contracts.ts`).not.toHaveLength(0);
    if (route.public) {
      expect(operation.security).toEqual(route.id === 'PaymentWebhook' ? [{ webhookSignature: [] }] : []);
    } else {
      // Who may call is the route table's, with the 401/403 every protected route can answer.
      expect(operation['x-roles']).toEqual(route.roles);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
      expect(operation.security).toEqual(
        route.roles.includes('system') ? [{ orderSystem: ['refund-api/system'] }] : [{ idToken: [] }],
      );
    }
    expect(operation.tags).toHaveLength(1);
    expect(operation.description).toContain('Who may call');
  });

  it('marks query parameters optional when they have a default, and says what a finance date means', () => {
    for (const path of ['/v1/finance/ledger', '/v1/finance/reconciliation']) {
      const from = document.paths[path].get.parameters.find((p: { name: string }) => p.name === 'from');
      expect(from.required).toBe(false);
      expect(from.description).toContain('Asia/Shanghai');
      expect(from.description).toContain('Default: today');
    }
  });

  it('describes the refund application from its zod schema', () => {
    const application = document.components.schemas.RefundApplication;
    expect(application.required).toEqual(['orderId', 'reason']);
    expect(application.additionalProperties).toBe(false);
    expect(application.properties.note.maxLength).toBe(200);
    const post = document.paths['/v1/refunds'].post;
    expect(post.parameters).toContainEqual(
      expect.objectContaining({ name: 'idempotency-key', in: 'header', required: true }),
    );
  });

  it('matches the committed openapi.json (run `npm run openapi` after changing a contract)', () => {
    const committed = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../openapi.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(document)));
  });
});
