import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createUser,
  listUsers,
  orderSystemCredentials,
  run,
  setMerchant,
  setRole,
  UsageError,
} from '../../scripts/admin.ts';
import { runCli, sent } from '../support/operator-cli.ts';

const cognitoMock = mockClient(CognitoIdentityProviderClient);
const cfnMock = mockClient(CloudFormationClient);
const cognito = new CognitoIdentityProviderClient({ region: 'eu-west-1' });
const cloudformation = new CloudFormationClient({ region: 'eu-west-1' });
const POOL = 'eu-west-1_Pool';

const OUTPUTS = {
  ApiUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/',
  UserPoolId: POOL,
  WebClientId: 'web-client',
  OrderSystemClientId: 'order-client',
  TokenEndpoint: 'https://refunds-dev-123.auth.eu-west-1.amazoncognito.com/oauth2/token',
  OrderSystemScope: 'refund-api/system',
  WebhookSecretArn: 'arn:aws:secretsmanager:eu-west-1:123:secret:PaymentWebhookSecret',
};

function stackWith(outputs: Record<string, string>) {
  cfnMock.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: 'RefundPipeline-dev',
        StackStatus: 'CREATE_COMPLETE',
        CreationTime: new Date(),
        Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      },
    ],
  });
}

/** Runs the CLI with the mocked clients and captures what it prints. */
const cli = (...argv: string[]) => runCli(run, { cognito, cloudformation }, argv, {});

beforeEach(() => {
  cognitoMock.reset();
  cfnMock.reset();
});

describe('create-user', () => {
  it('creates a merchant with custom:merchant_id and a verified e-mail, then adds them to group merchant', async () => {
    cognitoMock.on(AdminCreateUserCommand).resolves({
      User: { Username: 'a1b2', Attributes: [{ Name: 'sub', Value: 'a1b2' }], UserStatus: 'FORCE_CHANGE_PASSWORD' },
    });
    cognitoMock.on(AdminAddUserToGroupCommand).resolves({});

    const lines = await createUser(cognito, POOL, {
      email: 'shop@tea.cn',
      role: 'merchant',
      merchantId: 'm-1',
      name: 'Tea Shop',
    });

    expect(sent(cognitoMock)).toEqual([
      [
        'AdminCreateUserCommand',
        {
          UserPoolId: POOL,
          Username: 'shop@tea.cn',
          UserAttributes: [
            { Name: 'email', Value: 'shop@tea.cn' },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: 'Tea Shop' },
            { Name: 'custom:merchant_id', Value: 'm-1' },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        },
      ],
      ['AdminAddUserToGroupCommand', { UserPoolId: POOL, Username: 'shop@tea.cn', GroupName: 'merchant' }],
    ]);
    expect(lines[0]).toBe('created shop@tea.cn: role merchant, merchant m-1, sub a1b2');
  });

  it('creates a buyer without a merchant id', async () => {
    cognitoMock.on(AdminCreateUserCommand).resolves({ User: { Username: 'b' } });
    cognitoMock.on(AdminAddUserToGroupCommand).resolves({});
    await createUser(cognito, POOL, { email: 'buyer@mail.cn', role: 'buyer' });
    expect(cognitoMock).toReceiveCommandWith(AdminCreateUserCommand, {
      UserAttributes: [
        { Name: 'email', Value: 'buyer@mail.cn' },
        { Name: 'email_verified', Value: 'true' },
      ],
    });
    expect(cognitoMock).toReceiveCommandWith(AdminAddUserToGroupCommand, { GroupName: 'buyer' });
  });

  it('refuses a buyer with --merchant-id and sends nothing (function and CLI, exit 2)', async () => {
    await expect(createUser(cognito, POOL, { email: 'b@mail.cn', role: 'buyer', merchantId: 'm-1' })).rejects.toThrow(
      UsageError,
    );
    const result = await cli('create-user', '--email', 'b@mail.cn', '--role', 'buyer', '--merchant-id', 'm-1');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/a buyer takes no --merchant-id/);
    expect(result.err).toMatch(/usage: npm run admin/);
    expect(sent(cognitoMock)).toEqual([]);
    expect(sent(cfnMock)).toEqual([]);
  });

  it('refuses a merchant without --merchant-id, an unknown role, system, and a bad e-mail; sends nothing', async () => {
    for (const argv of [
      ['create-user', '--email', 'm@shop.cn', '--role', 'merchant'],
      ['create-user', '--email', 'x@shop.cn', '--role', 'admin'],
      ['create-user', '--email', 'x@shop.cn', '--role', 'system'],
      ['create-user', '--email', 'not-an-email', '--role', 'buyer'],
      ['create-user', '--email', 'm@shop.cn', '--role', 'merchant', '--merchant-id', 'has space'],
      ['create-user', '--role', 'buyer'],
    ]) {
      const result = await cli(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
    }
    expect(sent(cognitoMock)).toEqual([]);
    expect(sent(cfnMock)).toEqual([]);
  });

  it('reads the pool id from the outputs of RefundPipeline-<stage> and passes --region to the clients', async () => {
    stackWith({ ...OUTPUTS, UserPoolId: 'eu-west-1_Prod' });
    cognitoMock.on(AdminCreateUserCommand).resolves({ User: { Username: 'r' } });
    cognitoMock.on(AdminAddUserToGroupCommand).resolves({});

    const result = await cli(
      'create-user',
      '--email',
      'r@corp.cn',
      '--role',
      'reviewer',
      '--stage',
      'prod',
      '--region',
      'eu-west-1',
    );

    expect(result.code).toBe(0);
    expect(result.regions).toEqual(['eu-west-1']);
    expect(sent(cfnMock)).toEqual([['DescribeStacksCommand', { StackName: 'RefundPipeline-prod' }]]);
    expect(cognitoMock).toReceiveCommandWith(AdminCreateUserCommand, { UserPoolId: 'eu-west-1_Prod' });
    expect(cognitoMock).toReceiveCommandWith(AdminAddUserToGroupCommand, {
      UserPoolId: 'eu-west-1_Prod',
      GroupName: 'reviewer',
    });
  });

  it('skips CloudFormation when --user-pool-id is given', async () => {
    cognitoMock.on(AdminCreateUserCommand).resolves({ User: { Username: 'f' } });
    cognitoMock.on(AdminAddUserToGroupCommand).resolves({});
    const result = await cli('create-user', '--email', 'f@corp.cn', '--role', 'finance', '--user-pool-id', 'given');
    expect(result.code).toBe(0);
    expect(sent(cfnMock)).toEqual([]);
    expect(cognitoMock).toReceiveCommandWith(AdminCreateUserCommand, { UserPoolId: 'given' });
  });

  it('an existing user is a one-line AWS error, exit 1, and no group change', async () => {
    cognitoMock
      .on(AdminCreateUserCommand)
      .rejects(
        new UsernameExistsException({ message: 'An account with the given email already exists.', $metadata: {} }),
      );
    const result = await cli('create-user', '--email', 'b@mail.cn', '--role', 'buyer', '--user-pool-id', POOL);
    expect(result.code).toBe(1);
    expect(result.err).toBe('admin: UsernameExistsException: An account with the given email already exists.');
    expect(cognitoMock).not.toReceiveCommand(AdminAddUserToGroupCommand);
  });

  it('says how to finish when the user was created but the group add failed', async () => {
    cognitoMock.on(AdminCreateUserCommand).resolves({ User: { Username: 'b' } });
    cognitoMock.on(AdminAddUserToGroupCommand).rejects(new Error('Rate exceeded'));
    const result = await cli('create-user', '--email', 'b@mail.cn', '--role', 'buyer', '--user-pool-id', POOL);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/created b@mail.cn but could not add them to group buyer \(Rate exceeded\)/);
    expect(result.err).toMatch(/set-role --email b@mail.cn --role buyer/);
  });
});

describe('set-merchant', () => {
  it('updates custom:merchant_id of a merchant', async () => {
    cognitoMock.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'merchant' }] });
    cognitoMock.on(AdminUpdateUserAttributesCommand).resolves({});
    await setMerchant(cognito, POOL, { email: 'shop@tea.cn', merchantId: 'm-2' });
    expect(sent(cognitoMock)).toEqual([
      ['AdminListGroupsForUserCommand', { UserPoolId: POOL, Username: 'shop@tea.cn', NextToken: undefined }],
      [
        'AdminUpdateUserAttributesCommand',
        {
          UserPoolId: POOL,
          Username: 'shop@tea.cn',
          UserAttributes: [{ Name: 'custom:merchant_id', Value: 'm-2' }],
        },
      ],
    ]);
  });

  it('refuses a user who is not in the merchant group (exit 1, no update)', async () => {
    cognitoMock.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'buyer' }] });
    const result = await cli('set-merchant', '--email', 'b@mail.cn', '--merchant-id', 'm-2', '--user-pool-id', POOL);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/b@mail.cn is not a merchant \(role: buyer\)/);
    expect(cognitoMock).not.toReceiveCommand(AdminUpdateUserAttributesCommand);
  });

  it('requires --merchant-id', async () => {
    const result = await cli('set-merchant', '--email', 'shop@tea.cn');
    expect(result.code).toBe(2);
    expect(sent(cognitoMock)).toEqual([]);
  });
});

describe('set-role', () => {
  it('removes the other role groups, then adds the new one', async () => {
    cognitoMock
      .on(AdminGetUserCommand)
      .resolves({ Username: 'u', UserAttributes: [{ Name: 'email', Value: 'p@corp.cn' }] });
    cognitoMock
      .on(AdminListGroupsForUserCommand)
      .resolves({ Groups: [{ GroupName: 'buyer' }, { GroupName: 'reviewer' }, { GroupName: 'beta-testers' }] });
    cognitoMock.on(AdminRemoveUserFromGroupCommand).resolves({});
    cognitoMock.on(AdminAddUserToGroupCommand).resolves({});

    const lines = await setRole(cognito, POOL, { email: 'p@corp.cn', role: 'finance' });

    expect(sent(cognitoMock)).toEqual([
      ['AdminGetUserCommand', { UserPoolId: POOL, Username: 'p@corp.cn' }],
      ['AdminListGroupsForUserCommand', { UserPoolId: POOL, Username: 'p@corp.cn', NextToken: undefined }],
      ['AdminRemoveUserFromGroupCommand', { UserPoolId: POOL, Username: 'p@corp.cn', GroupName: 'buyer' }],
      ['AdminRemoveUserFromGroupCommand', { UserPoolId: POOL, Username: 'p@corp.cn', GroupName: 'reviewer' }],
      ['AdminAddUserToGroupCommand', { UserPoolId: POOL, Username: 'p@corp.cn', GroupName: 'finance' }],
    ]);
    expect(lines[0]).toMatch(/removed from buyer, removed from reviewer, added to finance/);
  });

  it('reads every page of the user’s groups', async () => {
    cognitoMock.on(AdminGetUserCommand).resolves({ UserAttributes: [] });
    cognitoMock
      .on(AdminListGroupsForUserCommand)
      .resolvesOnce({ Groups: [{ GroupName: 'other' }], NextToken: 'p2' })
      .resolvesOnce({ Groups: [{ GroupName: 'merchant' }] });
    await setRole(cognito, POOL, { email: 'p@corp.cn', role: 'buyer' });
    expect(cognitoMock).toReceiveCommandWith(AdminListGroupsForUserCommand, { NextToken: 'p2' });
    expect(cognitoMock).toReceiveCommandWith(AdminRemoveUserFromGroupCommand, { GroupName: 'merchant' });
  });

  it('a merchant leaving the role loses custom:merchant_id', async () => {
    cognitoMock.on(AdminGetUserCommand).resolves({ UserAttributes: [{ Name: 'custom:merchant_id', Value: 'm-1' }] });
    cognitoMock.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'merchant' }] });
    await setRole(cognito, POOL, { email: 'shop@tea.cn', role: 'buyer' });
    expect(sent(cognitoMock).map(([name]) => name)).toEqual([
      'AdminGetUserCommand',
      'AdminListGroupsForUserCommand',
      'AdminRemoveUserFromGroupCommand',
      'AdminDeleteUserAttributesCommand',
      'AdminAddUserToGroupCommand',
    ]);
    expect(cognitoMock).toReceiveCommandWith(AdminDeleteUserAttributesCommand, {
      UserAttributeNames: ['custom:merchant_id'],
    });
  });

  it('becoming a merchant needs a merchant id, set before the group is added', async () => {
    cognitoMock.on(AdminGetUserCommand).resolves({ UserAttributes: [] });
    cognitoMock.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'buyer' }] });

    await expect(setRole(cognito, POOL, { email: 'b@mail.cn', role: 'merchant' })).rejects.toThrow(/no merchant id/);
    expect(cognitoMock).not.toReceiveCommand(AdminRemoveUserFromGroupCommand);
    expect(cognitoMock).not.toReceiveCommand(AdminAddUserToGroupCommand);

    cognitoMock.resetHistory();
    await setRole(cognito, POOL, { email: 'b@mail.cn', role: 'merchant', merchantId: 'm-9' });
    expect(sent(cognitoMock).slice(2)).toEqual([
      ['AdminRemoveUserFromGroupCommand', { UserPoolId: POOL, Username: 'b@mail.cn', GroupName: 'buyer' }],
      [
        'AdminUpdateUserAttributesCommand',
        { UserPoolId: POOL, Username: 'b@mail.cn', UserAttributes: [{ Name: 'custom:merchant_id', Value: 'm-9' }] },
      ],
      ['AdminAddUserToGroupCommand', { UserPoolId: POOL, Username: 'b@mail.cn', GroupName: 'merchant' }],
    ]);
  });

  it('changes nothing when the person already has exactly that role', async () => {
    cognitoMock.on(AdminGetUserCommand).resolves({ UserAttributes: [] });
    cognitoMock.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'reviewer' }] });
    const lines = await setRole(cognito, POOL, { email: 'r@corp.cn', role: 'reviewer' });
    expect(lines).toEqual(['r@corp.cn already has role reviewer; nothing changed']);
    expect(sent(cognitoMock)).toHaveLength(2);
  });

  it('an unknown user is one line, exit 1, nothing changed', async () => {
    cognitoMock
      .on(AdminGetUserCommand)
      .rejects(new UserNotFoundException({ message: 'User does not exist.', $metadata: {} }));
    const result = await cli('set-role', '--email', 'ghost@corp.cn', '--role', 'buyer', '--user-pool-id', POOL);
    expect(result).toMatchObject({ code: 1, err: 'admin: UserNotFoundException: User does not exist.' });
    expect(sent(cognitoMock)).toHaveLength(1);
  });

  it('refuses --merchant-id for a role other than merchant', async () => {
    const result = await cli('set-role', '--email', 'r@corp.cn', '--role', 'reviewer', '--merchant-id', 'm-1');
    expect(result.code).toBe(2);
    expect(sent(cognitoMock)).toEqual([]);
  });
});

describe('disable-user / enable-user', () => {
  it('sends AdminDisableUser and AdminEnableUser', async () => {
    cognitoMock.on(AdminDisableUserCommand).resolves({});
    cognitoMock.on(AdminEnableUserCommand).resolves({});
    expect((await cli('disable-user', '--email', 'b@mail.cn', '--user-pool-id', POOL)).code).toBe(0);
    expect((await cli('enable-user', '--email', 'b@mail.cn', '--user-pool-id', POOL)).code).toBe(0);
    expect(sent(cognitoMock)).toEqual([
      ['AdminDisableUserCommand', { UserPoolId: POOL, Username: 'b@mail.cn' }],
      ['AdminEnableUserCommand', { UserPoolId: POOL, Username: 'b@mail.cn' }],
    ]);
  });
});

describe('list-users', () => {
  const user = (email: string, sub: string, extra: object = {}) => ({
    Username: sub,
    Enabled: true,
    UserStatus: 'CONFIRMED' as const,
    Attributes: [
      { Name: 'email', Value: email },
      { Name: 'sub', Value: sub },
    ],
    ...extra,
  });
  const shop = user('shop@tea.cn', 's-1', {
    Attributes: [
      { Name: 'email', Value: 'shop@tea.cn' },
      { Name: 'sub', Value: 's-1' },
      { Name: 'custom:merchant_id', Value: 'm-1' },
    ],
  });
  const buyer = user('b@mail.cn', 's-2', { Enabled: false });
  const nobody = user('new@corp.cn', 's-3', { UserStatus: 'FORCE_CHANGE_PASSWORD' });

  beforeEach(() => {
    cognitoMock.on(ListUsersInGroupCommand).resolves({ Users: [] });
    cognitoMock.on(ListUsersInGroupCommand, { GroupName: 'merchant' }).resolves({ Users: [shop] });
    cognitoMock
      .on(ListUsersInGroupCommand, { GroupName: 'buyer' })
      .resolvesOnce({ Users: [buyer], NextToken: 'n' })
      .resolvesOnce({ Users: [] });
    cognitoMock.on(ListUsersCommand).resolves({ Users: [shop, buyer, nobody] });
  });

  it('prints e-mail, role, merchant id, status and sub of everyone, including people without a role', async () => {
    const result = await cli('list-users', '--user-pool-id', POOL);
    expect(result.code).toBe(0);
    const lines = result.out.split('\n');
    expect(lines[0]).toMatch(/^EMAIL\s+ROLE\s+MERCHANT\s+STATUS\s+SUB$/);
    expect(lines[1]).toMatch(/^b@mail\.cn\s+buyer\s+-\s+CONFIRMED \(disabled\)\s+s-2$/);
    expect(lines[2]).toMatch(/^new@corp\.cn\s+\(none\)\s+-\s+FORCE_CHANGE_PASSWORD\s+s-3$/);
    expect(lines[3]).toMatch(/^shop@tea\.cn\s+merchant\s+m-1\s+CONFIRMED\s+s-1$/);
    expect(lines[4]).toBe('3 user(s)');
    expect(cognitoMock).toReceiveCommandWith(ListUsersInGroupCommand, { GroupName: 'buyer', NextToken: 'n' });
    expect(cognitoMock).toReceiveCommandWith(ListUsersCommand, { UserPoolId: POOL });
  });

  it('--role lists only that group, without ListUsers', async () => {
    const rows = await listUsers(cognito, POOL, { role: 'merchant' });
    expect(rows).toEqual([
      { email: 'shop@tea.cn', roles: ['merchant'], merchantId: 'm-1', status: 'CONFIRMED', sub: 's-1' },
    ]);
    expect(cognitoMock).not.toReceiveCommand(ListUsersCommand);
  });
});

describe('order-system-credentials', () => {
  it('describes the stack’s OrderSystemClientId and prints the secret, token endpoint, scope and a curl line', async () => {
    stackWith(OUTPUTS);
    cognitoMock.on(DescribeUserPoolClientCommand).resolves({
      UserPoolClient: {
        ClientId: 'order-client',
        ClientSecret: 's3cr3t',
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthScopes: ['refund-api/system'],
      },
    });

    const result = await cli('order-system-credentials', '--stage', 'dev');

    expect(result.code).toBe(0);
    expect(sent(cfnMock)).toEqual([['DescribeStacksCommand', { StackName: 'RefundPipeline-dev' }]]);
    expect(sent(cognitoMock)).toEqual([
      ['DescribeUserPoolClientCommand', { UserPoolId: POOL, ClientId: 'order-client' }],
    ]);
    expect(result.out).toContain('client id:      order-client');
    expect(result.out).toContain('client secret:  s3cr3t');
    expect(result.out).toContain(`token endpoint: ${OUTPUTS.TokenEndpoint}`);
    expect(result.out).toContain('scope:          refund-api/system');
    expect(result.out).toContain(
      `curl -s -X POST '${OUTPUTS.TokenEndpoint}' -u 'order-client:s3cr3t' -H 'content-type: application/x-www-form-urlencoded' -d 'grant_type=client_credentials&scope=refund-api/system'`,
    );
    expect(result.out).toContain(
      'order push:     PUT https://abc.execute-api.eu-west-1.amazonaws.com/v1/orders/{orderId}',
    );
    expect(result.out).not.toContain('warning');
  });

  it('warns when the client does not allow client_credentials', async () => {
    cognitoMock.on(DescribeUserPoolClientCommand).resolves({ UserPoolClient: { ClientSecret: 'x' } });
    const credentials = await orderSystemCredentials(cognito, POOL, OUTPUTS, 'dev');
    expect(credentials.clientCredentialsAllowed).toBe(false);
  });

  it('names the missing output when the stack is older than this script', async () => {
    stackWith({ UserPoolId: POOL, ApiUrl: OUTPUTS.ApiUrl });
    const result = await cli('order-system-credentials');
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      'admin: stack RefundPipeline-dev has no output OrderSystemClientId (outputs: ApiUrl, UserPoolId)',
    );
    expect(sent(cognitoMock)).toEqual([]);
  });
});

describe('the stack and the command line', () => {
  it('a missing stack is one line with a hint, exit 1', async () => {
    const error = Object.assign(new Error('Stack with id RefundPipeline-prod does not exist'), {
      name: 'ValidationError',
    });
    cfnMock.on(DescribeStacksCommand).rejects(error);
    const result = await cli('list-users', '--stage', 'prod');
    expect(result).toMatchObject({
      code: 1,
      err: 'admin: stack RefundPipeline-prod not found in this region: deploy it, or pass --stage / --region',
    });
  });

  it('a stack without UserPoolId says so', async () => {
    stackWith({ ApiUrl: OUTPUTS.ApiUrl });
    const result = await cli('disable-user', '--email', 'b@mail.cn');
    expect(result.err).toBe('admin: stack RefundPipeline-dev has no output UserPoolId (outputs: ApiUrl)');
    expect(result.code).toBe(1);
  });

  it('missing credentials are one line with a hint, no stack trace', async () => {
    const error = Object.assign(new Error('Could not load credentials from any providers\n    at stack'), {
      name: 'CredentialsProviderError',
    });
    cfnMock.on(DescribeStacksCommand).rejects(error);
    const result = await cli('list-users');
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      'admin: no usable AWS credentials (Could not load credentials from any providers): set AWS_PROFILE or run aws sso login',
    );
  });

  it('bad usage prints the usage text and exits 2 without sending anything', async () => {
    for (const argv of [
      [],
      ['nope'],
      ['list-users', '--email', 'x@y.cn'],
      ['list-users', 'extra'],
      ['list-users', '--role', 'system'],
      ['disable-user'],
      ['list-users', '--stage', 'Prod!'],
      ['order-system-credentials', '--role', 'buyer'],
    ]) {
      const result = await cli(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err).toContain('usage: npm run admin -- <command> [options]');
    }
    expect(sent(cognitoMock)).toEqual([]);
    expect(sent(cfnMock)).toEqual([]);
  });

  it('help prints the usage and exits 0', async () => {
    const result = await cli('help');
    expect(result.code).toBe(0);
    expect(result.out).toContain('order-system-credentials');
  });
});
