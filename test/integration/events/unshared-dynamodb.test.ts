/**
 * `npm start -- --dynamodb-endpoint URL` against a DynamoDB Local started as `docker run amazon/dynamodb-local` starts
 * it: without `-sharedDb`, so it keeps one database per access key and region. The stream reader must ask under the
 * tables' own key and region, or it finds no stream and no refund event is ever published (the API still answers).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LocalDynamo, startDynamoLocal } from '../../../local/dynamodb.ts';
import { anOrderBody } from '../../support/builders.ts';
import { type Client, eventually, startTestRuntime } from '../../support/local.ts';

let dynamo: LocalDynamo;
let client: Client;

beforeAll(async () => {
  dynamo = await startDynamoLocal({ sharedDb: false });
  client = await startTestRuntime({ dynamoEndpoint: dynamo.endpoint, events: { publish: true } });
}, 120_000);
afterAll(async () => {
  await client?.runtime.stop();
  await dynamo?.stop();
});

it('publishes the refund events of an application', async () => {
  const system = await client.token('system', 'order-system');
  const buyer = await client.token('buyer', 'buyer-1');
  expect((await client.call('PUT', '/v1/orders/o-unshared', { token: system, body: anOrderBody() })).status).toBe(201);
  const applied = await client.call('POST', '/v1/refunds', {
    token: buyer,
    headers: { 'idempotency-key': 'unshared-1' },
    body: { orderId: 'o-unshared', reason: 'NO_LONGER_NEEDED' },
  });
  expect(applied.status).toBe(201);
  const submitted = await eventually(async () =>
    client.runtime.events.items.find(
      (e) => e.refund.refundId === applied.body.refundId && e.type === 'refund.submitted',
    ),
  );
  expect(submitted.refund.refundId).toBe(applied.body.refundId);
});
