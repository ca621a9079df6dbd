/**
 * Local mode gives each function exactly its environment from the synthesized template. Take one variable away
 * and the function fails at start (its cold-start check, functions/catalog.ts), as it would in AWS; the other
 * functions are not affected. A separate file: a function's module is initialised once per test process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anOrderBody } from '../../support/builders.ts';
import { type Client, startTestRuntime } from '../../support/local.ts';
import { removeVariable } from '../../support/template-edits.ts';

let client: Client;
beforeAll(async () => {
  // The refusals below are the point of the test; the handlers' error log of them is not news.
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  client = await startTestRuntime({
    editTemplate: (template) => removeVariable(template, 'CreateRefund', 'STATE_MACHINE_ARN'),
  });
});
afterAll(() => client.runtime.stop());

describe('a function whose variable was taken away', () => {
  it('fails at start, naming the variable, and writes nothing', async () => {
    const system = await client.token('system', 'order-system');
    const buyer = await client.token('buyer', 'buyer-1');
    expect((await client.call('PUT', '/v1/orders/o-env', { token: system, body: anOrderBody() })).status).toBe(201);
    const applied = await client.call('POST', '/v1/refunds', {
      token: buyer,
      headers: { 'idempotency-key': 'env-1' },
      body: { orderId: 'o-env', reason: 'NO_LONGER_NEEDED' },
    });
    expect(applied.status).toBe(500);
    await expect(client.runtime.deployment.invoke('CreateRefund', {})).rejects.toThrowError(
      /function CreateRefund is missing environment variable\(s\) STATE_MACHINE_ARN/,
    );
    const listed = await client.call('GET', '/v1/refunds?orderId=o-env', { token: buyer });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([]);
  });
});

describe('every function', () => {
  it('sees its own variables only, not other functions’ or the runtime’s secrets', async () => {
    const { deployment } = client.runtime;
    const read = (id: string, name: string) => deployment.run(id, async () => process.env[name]);
    expect(await read('GetRefund', 'TABLE_NAME')).toBe(deployment.get('GetRefund').env.TABLE_NAME);
    expect(await read('Health', 'TABLE_NAME')).toBeUndefined();
    expect(await read('GetRefund', 'STATE_MACHINE_ARN')).toBeUndefined();
    expect(await read('PaymentWebhook', 'WEBHOOK_SECRET')).toBeUndefined();
    expect(await read('PaymentWebhook', 'WEBHOOK_SECRET_ARN')).toMatch(/^arn:aws:secretsmanager:/);
    expect(await read('Health', 'STAGE')).toBe('dev');
    expect(process.env.WEBHOOK_SECRET).toBeDefined();
  });
});
