/**
 * Local mode enforces each function's IAM policy from the synthesized template: on AWS SDK calls (DynamoDB Local)
 * and on the stand-ins (the Step Functions runner here). Take one grant away from the template and the call that
 * needed it is refused with AccessDeniedException, as AWS would refuse it, and nothing is written.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoClient } from '../../../functions/adapters/dynamodb/client.ts';
import { DynamoRefundStore } from '../../../functions/adapters/dynamodb/refund-store.ts';
import { LEDGER_TABLE } from '../../../functions/adapters/dynamodb/tables.ts';
import { secretsManager } from '../../../functions/adapters/payments/secrets-client.ts';
import { requireEnv } from '../../../functions/config.ts';
import type { OrderFacts } from '../../../functions/ports/refund-store.ts';
import { anOrderBody } from '../../support/builders.ts';
import { type Client, startTestRuntime } from '../../support/local.ts';
import { removeGrant } from '../../support/template-edits.ts';

/** The workflow stand-in the runtime gives every function (what the AWS adapter is, locally). */
function workflowOf(client: Client) {
  const workflow = client.runtime.ports.workflow;
  if (!workflow) throw new Error('the runtime installed no workflow');
  return workflow;
}

const facts: OrderFacts = { orderId: 'o-grant', ...anOrderBody() };

describe('a function as deployed', () => {
  let client: Client;
  beforeAll(async () => {
    // The refusals below are the point of the test; the handlers' error log of them is not news.
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    client = await startTestRuntime();
  });
  afterAll(() => client.runtime.stop());

  it('may make the calls its role allows and no other', async () => {
    const { deployment } = client.runtime;
    const store = new DynamoRefundStore();
    await expect(
      deployment.run('PutOrder', () => store.putOrder(facts, new Date().toISOString())),
    ).resolves.toBeDefined();
    // GetRefund only reads: the same write is refused with AWS's own wording.
    const refused = deployment.run('GetRefund', () => store.putOrder(facts, new Date().toISOString()));
    await expect(refused).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(refused).rejects.toThrowError(
      /assumed-role\/.*GetRefund.* is not authorized to perform: dynamodb:UpdateItem on resource: arn:aws:dynamodb:.*:table\/.*-Refunds because no identity-based policy allows/,
    );
  });

  it('reads a secret only with the grant, though the call is made without an SDK client', async () => {
    const { deployment } = client.runtime;
    const secretId = await deployment.run('PaymentWebhook', async () => requireEnv('WEBHOOK_SECRET_ARN'));
    const read = () => secretsManager.getSecretValue({ SecretId: secretId });
    await expect(deployment.run('PaymentWebhook', read)).resolves.toMatchObject({ SecretString: expect.any(String) });
    const refused = deployment.run('GetRefund', read);
    await expect(refused).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(refused).rejects.toThrowError(/not authorized to perform: secretsmanager:GetSecretValue on resource/);
  });

  it('cannot change a ledger entry even with write access, by the explicit Deny', async () => {
    const change = () =>
      dynamoClient().send(
        new UpdateCommand({
          TableName: client.runtime.tableName(LEDGER_TABLE),
          Key: { pk: 'x', sk: 'y' },
          UpdateExpression: 'SET amount = :a',
          ExpressionAttributeValues: { ':a': 0 },
        }),
      );
    await expect(client.runtime.deployment.run('PaymentWebhook', change)).rejects.toThrowError(
      /dynamodb:UpdateItem .* with an explicit deny in an identity-based policy/,
    );
  });

  it('reaches a stand-in only with the variable and the grant the AWS adapter would use', async () => {
    const { deployment } = client.runtime;
    // GetRefund is not given the state machine: the adapter fails as the AWS one does, on the missing variable.
    await expect(deployment.run('GetRefund', () => workflowOf(client).stop('r-none', 'test'))).rejects.toThrowError(
      /environment variable STATE_MACHINE_ARN is not set/,
    );
    await expect(
      deployment.run('CancelRefund', () => workflowOf(client).stop('r-none', 'test')),
    ).resolves.toBeUndefined();
  });
});

describe('a grant taken away from the template', () => {
  let client: Client;
  beforeAll(async () => {
    client = await startTestRuntime({
      editTemplate(template) {
        removeGrant(template, 'PutOrder', 'dynamodb:UpdateItem');
        removeGrant(template, 'CancelRefund', 'states:StopExecution');
      },
    });
  });
  afterAll(() => client.runtime.stop());

  it('makes the API call that needed it fail, and nothing is written', async () => {
    const system = await client.token('system', 'order-system');
    const put = await client.call('PUT', '/v1/orders/o-denied', { token: system, body: anOrderBody() });
    expect(put.status).toBe(500);
    const buyer = await client.token('buyer', 'buyer-1');
    const options = await client.call('GET', '/v1/orders/o-denied/refund-options', { token: buyer });
    expect(options.status).toBe(404);
  });

  it('makes the stand-in refuse the call that needed it', async () => {
    const stop = client.runtime.deployment.run('CancelRefund', () => workflowOf(client).stop('r-none', 'test'));
    await expect(stop).rejects.toMatchObject({ name: 'AccessDeniedException', action: 'states:StopExecution' });
    await expect(stop).rejects.toThrowError(/on resource: arn:aws:states:.*:execution:.*:r-none/);
  });
});
