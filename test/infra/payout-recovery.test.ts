/**
 * The payout recovery as synthesized: the Monitor may ask the provider about late payouts and record what it says
 * (PAYMENT_PROVIDER, ledger PutItem) but is given nothing to send with (no webhook URL, no webhook secret); the
 * recovery routes may send like the Payout task (the sandbox's webhook URL and secret).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { devStack } from '../support/dev-stack.ts';

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
}
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

let resources: Record<string, Resource>;
beforeAll(() => {
  resources = devStack().template.toJSON().Resources;
});

function functionOf(id: string): Resource {
  const pattern = new RegExp(`^(Api|Workflow|Monitoring|Evidence)${id}Function[0-9A-F]{8}$`);
  const found = Object.entries(resources).find(
    ([logical, r]) => r.Type === 'AWS::Lambda::Function' && pattern.test(logical),
  );
  if (!found) throw new Error(`no function ${id}`);
  return found[1];
}
const variables = (id: string) =>
  Object.keys((functionOf(id).Properties.Environment as { Variables: Record<string, unknown> }).Variables).sort();

function allowed(id: string): string[] {
  const role = (functionOf(id).Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) => JSON.stringify(r.Properties.Roles).includes(`"${role}"`))
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]).map((a) => `${a} ${JSON.stringify(s.Resource)}`));
}

describe('the monitor', () => {
  it('may ask the payment provider and append to the ledger, and cannot send', () => {
    const env = variables('Monitor');
    expect(env).toContain('PAYMENT_PROVIDER');
    expect(env).not.toContain('PAYMENT_WEBHOOK_URL');
    expect(env).not.toContain('WEBHOOK_SECRET_ARN');
    const ledgerPut = allowed('Monitor').filter((a) => a.startsWith('dynamodb:PutItem') && a.includes('DataLedger'));
    expect(ledgerPut).toHaveLength(1);
    expect(allowed('Monitor').some((a) => a.startsWith('secretsmanager:'))).toBe(false);
  });
});

describe.each(['RetryPayout', 'PayoutDestination'])('the %s route', (id) => {
  it('sends through the provider as the Payout task does', () => {
    expect(variables(id)).toEqual(
      expect.arrayContaining(['PAYMENT_PROVIDER', 'PAYMENT_WEBHOOK_URL', 'WEBHOOK_SECRET_ARN']),
    );
    expect(variables(id).sort()).toEqual(variables('Payout').sort());
    expect(allowed(id).some((a) => a.startsWith('secretsmanager:GetSecretValue'))).toBe(true);
  });
});
