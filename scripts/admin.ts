/**
 * Operator commands for a deployed stack (`npm run admin -- <command> [options]`, see USAGE): people in the Cognito
 * user pool with exactly one role (group) and, for merchants, the merchant they act for (`custom:merchant_id`,
 * which only an administrator can set), and the order system's client credentials.
 *
 * The user pool id comes from `--user-pool-id` or from the outputs of stack `RefundPipeline-<stage>`
 * (CloudFormation DescribeStacks). Every operation is an exported function taking the SDK client, so tests drive
 * them with aws-sdk-client-mock. Bad usage exits 2 before anything is sent; AWS errors print one line and exit 1.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  CloudFormationClient,
  DescribeStacksCommand,
  type DescribeStacksCommandOutput,
} from '@aws-sdk/client-cloudformation';
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
  type AttributeType,
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { PERSON_ROLES } from '../functions/http/principal.ts';
import { describeAwsError, oneLine } from './aws-errors.ts';

/**
 * The Cognito groups the stack creates for people: the token's roles (functions/http/principal.ts). The order system
 * is not a user: it has its own app client.
 */
export const PEOPLE_ROLES = PERSON_ROLES;
export type PersonRole = (typeof PERSON_ROLES)[number];
export const MERCHANT_ID_ATTRIBUTE = 'custom:merchant_id';
/** Stack outputs this script reads (infra must keep these exact keys). */
export const OUTPUT_KEYS = {
  userPoolId: 'UserPoolId',
  orderSystemClientId: 'OrderSystemClientId',
  tokenEndpoint: 'TokenEndpoint',
  orderSystemScope: 'OrderSystemScope',
  apiUrl: 'ApiUrl',
} as const;

/** Wrong command line: the usage text is printed and the process exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
/** A refused operation or a missing piece of the deployment: one line, exit 1. */
export class AdminError extends Error {
  override name = 'AdminError';
}

export const USAGE = `usage: npm run admin -- <command> [options]

commands:
  create-user  --email E --role buyer|merchant|reviewer|finance|inspector [--merchant-id M] [--name N]
  set-merchant --email E --merchant-id M          (merchants only)
  set-role     --email E --role R [--merchant-id M] (removes the other roles)
  disable-user --email E
  enable-user  --email E
  list-users   [--role R]
  order-system-credentials

options of every command:
  --stage S          stack RefundPipeline-<S> (default dev)
  --region R         AWS region (default: AWS_REGION or your profile's region)
  --user-pool-id ID  use this pool instead of the stack's UserPoolId output`;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** Same shape as an order's merchantId (functions/schemas/common.ts `id()`), so a merchant's token matches its orders. */
const MERCHANT_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const STAGE = /^[a-z][a-z0-9-]{0,31}$/;

export function checkEmail(email: string | undefined): string {
  if (!email) throw new UsageError('--email is required');
  if (!EMAIL.test(email)) throw new UsageError(`not an e-mail address: ${email}`);
  return email;
}

export function checkRole(role: string | undefined): PersonRole {
  if (!role) throw new UsageError('--role is required');
  const found = PEOPLE_ROLES.find((r) => r === role);
  if (!found) throw new UsageError(`--role must be one of ${PEOPLE_ROLES.join(', ')} (got ${role})`);
  return found;
}

export function checkMerchantId(merchantId: string): string {
  if (!MERCHANT_ID.test(merchantId)) {
    throw new UsageError(`--merchant-id must be 1-128 of A-Z a-z 0-9 . _ : - (got ${merchantId})`);
  }
  return merchantId;
}

export const stackName = (stage: string): string => `RefundPipeline-${stage}`;

// ---------------------------------------------------------------------------------------------------------------
// Stack outputs

export async function stackOutputs(
  cloudformation: CloudFormationClient,
  stage: string,
): Promise<Record<string, string>> {
  const name = stackName(stage);
  let result: DescribeStacksCommandOutput;
  try {
    result = await cloudformation.send(new DescribeStacksCommand({ StackName: name }));
  } catch (error) {
    if (error instanceof Error && /does not exist/.test(error.message)) {
      throw new AdminError(`stack ${name} not found in this region: deploy it, or pass --stage / --region`);
    }
    throw error;
  }
  const stack = result.Stacks?.[0];
  if (!stack) throw new AdminError(`stack ${name} not found in this region: deploy it, or pass --stage / --region`);
  const outputs: Record<string, string> = {};
  for (const output of stack.Outputs ?? []) {
    if (output.OutputKey && output.OutputValue !== undefined) outputs[output.OutputKey] = output.OutputValue;
  }
  return outputs;
}

export function requireOutput(outputs: Record<string, string>, key: string, stage: string): string {
  const value = outputs[key];
  if (!value) {
    const present = Object.keys(outputs).sort().join(', ') || 'none';
    throw new AdminError(`stack ${stackName(stage)} has no output ${key} (outputs: ${present})`);
  }
  return value;
}

export async function resolveUserPoolId(
  cloudformation: CloudFormationClient,
  stage: string,
  userPoolId?: string,
): Promise<string> {
  if (userPoolId) return userPoolId;
  return requireOutput(await stackOutputs(cloudformation, stage), OUTPUT_KEYS.userPoolId, stage);
}

// ---------------------------------------------------------------------------------------------------------------
// People

const attribute = (attributes: AttributeType[] | undefined, name: string): string | undefined =>
  attributes?.find((a) => a.Name === name)?.Value;

async function groupsOf(cognito: CognitoIdentityProviderClient, userPoolId: string, email: string): Promise<string[]> {
  const groups: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await cognito.send(
      new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: email, NextToken }),
    );
    for (const group of page.Groups ?? []) if (group.GroupName) groups.push(group.GroupName);
    NextToken = page.NextToken;
  } while (NextToken);
  return groups;
}

const roleGroups = (groups: string[]): PersonRole[] => PEOPLE_ROLES.filter((role) => groups.includes(role));

export interface CreateUserInput {
  email: string;
  role: string;
  merchantId?: string;
  name?: string;
}

/** AdminCreateUser (Cognito e-mails a temporary password), then AdminAddUserToGroup. Validates before sending. */
export async function createUser(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  input: CreateUserInput,
): Promise<string[]> {
  const email = checkEmail(input.email);
  const role = checkRole(input.role);
  if (role === 'merchant' && input.merchantId === undefined) {
    throw new UsageError('a merchant needs --merchant-id (the merchant they act for)');
  }
  if (role !== 'merchant' && input.merchantId !== undefined) {
    throw new UsageError(`only merchants carry a merchant id; a ${role} takes no --merchant-id`);
  }
  const merchantId = input.merchantId === undefined ? undefined : checkMerchantId(input.merchantId);
  const attributes: AttributeType[] = [
    { Name: 'email', Value: email },
    { Name: 'email_verified', Value: 'true' },
  ];
  if (input.name) attributes.push({ Name: 'name', Value: input.name });
  if (merchantId) attributes.push({ Name: MERCHANT_ID_ATTRIBUTE, Value: merchantId });

  const created = await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: email,
      UserAttributes: attributes,
      DesiredDeliveryMediums: ['EMAIL'],
    }),
  );
  try {
    await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: role }));
  } catch (error) {
    throw new AdminError(
      `created ${email} but could not add them to group ${role} (${oneLine(error)}); they have no role until you run: npm run admin -- set-role --email ${email} --role ${role}`,
    );
  }
  const sub = attribute(created.User?.Attributes, 'sub');
  return [
    `created ${email}: role ${role}${merchantId ? `, merchant ${merchantId}` : ''}${sub ? `, sub ${sub}` : ''}`,
    'Cognito e-mailed them a temporary password; at first sign-in they choose a password and register a TOTP app.',
  ];
}

/** Sets `custom:merchant_id` of a user who is in the merchant group. */
export async function setMerchant(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  input: { email: string; merchantId: string | undefined },
): Promise<string[]> {
  const email = checkEmail(input.email);
  if (input.merchantId === undefined) throw new UsageError('--merchant-id is required');
  const merchantId = checkMerchantId(input.merchantId);
  const roles = roleGroups(await groupsOf(cognito, userPoolId, email));
  if (!roles.includes('merchant')) {
    throw new AdminError(
      `${email} is not a merchant (role: ${roles.join(', ') || 'none'}); to make them one: npm run admin -- set-role --email ${email} --role merchant --merchant-id ${merchantId}`,
    );
  }
  await cognito.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: userPoolId,
      Username: email,
      UserAttributes: [{ Name: MERCHANT_ID_ATTRIBUTE, Value: merchantId }],
    }),
  );
  return [`${email} now acts for merchant ${merchantId} (tokens issued before keep the old value until they expire)`];
}

/**
 * Gives a person exactly one role: removes the other role groups first (a failure leaves fewer rights, not more),
 * then adds the new one. A merchant must end with a merchant id (kept, or --merchant-id); anyone leaving the
 * merchant role loses `custom:merchant_id`.
 */
export async function setRole(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  input: { email: string; role: string; merchantId?: string },
): Promise<string[]> {
  const email = checkEmail(input.email);
  const role = checkRole(input.role);
  if (role !== 'merchant' && input.merchantId !== undefined) {
    throw new UsageError(`only merchants carry a merchant id; a ${role} takes no --merchant-id`);
  }
  const newMerchantId = input.merchantId === undefined ? undefined : checkMerchantId(input.merchantId);

  const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }));
  const currentMerchantId = attribute(user.UserAttributes, MERCHANT_ID_ATTRIBUTE);
  const current = roleGroups(await groupsOf(cognito, userPoolId, email));
  if (role === 'merchant' && !newMerchantId && !currentMerchantId) {
    throw new AdminError(`${email} has no merchant id: add --merchant-id M`);
  }

  const done: string[] = [];
  for (const other of current.filter((r) => r !== role)) {
    await cognito.send(
      new AdminRemoveUserFromGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: other }),
    );
    done.push(`removed from ${other}`);
  }
  if (role === 'merchant' && newMerchantId && newMerchantId !== currentMerchantId) {
    await cognito.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: userPoolId,
        Username: email,
        UserAttributes: [{ Name: MERCHANT_ID_ATTRIBUTE, Value: newMerchantId }],
      }),
    );
    done.push(`merchant id set to ${newMerchantId}`);
  }
  if (role !== 'merchant' && currentMerchantId !== undefined) {
    await cognito.send(
      new AdminDeleteUserAttributesCommand({
        UserPoolId: userPoolId,
        Username: email,
        UserAttributeNames: [MERCHANT_ID_ATTRIBUTE],
      }),
    );
    done.push(`merchant id ${currentMerchantId} removed`);
  }
  if (!current.includes(role)) {
    await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: role }));
    done.push(`added to ${role}`);
  }
  if (done.length === 0) return [`${email} already has role ${role}; nothing changed`];
  return [`${email}: ${done.join(', ')} (tokens issued before keep their old groups until they expire)`];
}

export async function setEnabled(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  input: { email: string; enabled: boolean },
): Promise<string[]> {
  const email = checkEmail(input.email);
  if (input.enabled) {
    await cognito.send(new AdminEnableUserCommand({ UserPoolId: userPoolId, Username: email }));
    return [`enabled ${email}: they can sign in again`];
  }
  await cognito.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: email }));
  return [`disabled ${email}: no new sign-in; ID tokens already issued stay valid until they expire`];
}

export interface UserRow {
  email: string;
  roles: string[];
  merchantId?: string;
  status: string;
  sub?: string;
}

function rowOf(user: UserType, roles: string[]): UserRow {
  const merchantId = attribute(user.Attributes, MERCHANT_ID_ATTRIBUTE);
  const sub = attribute(user.Attributes, 'sub');
  return {
    email: attribute(user.Attributes, 'email') ?? user.Username ?? '?',
    roles,
    ...(merchantId ? { merchantId } : {}),
    status: `${user.UserStatus ?? 'UNKNOWN'}${user.Enabled === false ? ' (disabled)' : ''}`,
    ...(sub ? { sub } : {}),
  };
}

/**
 * Every person with their role(s): one ListUsersInGroup per role (so a person in two groups shows both), plus
 * ListUsers without --role so people with no role show too.
 */
export async function listUsers(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  input: { role?: string } = {},
): Promise<UserRow[]> {
  const only = input.role === undefined ? undefined : checkRole(input.role);
  const users = new Map<string, UserType>();
  const roles = new Map<string, string[]>();
  for (const role of PEOPLE_ROLES) {
    let NextToken: string | undefined;
    do {
      const page = await cognito.send(
        new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: role, NextToken }),
      );
      for (const user of page.Users ?? []) {
        if (!user.Username) continue;
        roles.set(user.Username, [...(roles.get(user.Username) ?? []), role]);
        if (!only || role === only) users.set(user.Username, user);
      }
      NextToken = page.NextToken;
    } while (NextToken);
  }
  if (!only) {
    let PaginationToken: string | undefined;
    do {
      const page = await cognito.send(new ListUsersCommand({ UserPoolId: userPoolId, PaginationToken }));
      for (const user of page.Users ?? []) if (user.Username) users.set(user.Username, user);
      PaginationToken = page.PaginationToken;
    } while (PaginationToken);
  }
  return [...users.entries()]
    .map(([username, user]) => rowOf(user, roles.get(username) ?? []))
    .sort((a, b) => a.email.localeCompare(b.email));
}

export function formatUsers(rows: UserRow[]): string[] {
  const table = [
    ['EMAIL', 'ROLE', 'MERCHANT', 'STATUS', 'SUB'],
    ...rows.map((r) => [r.email, r.roles.join(',') || '(none)', r.merchantId ?? '-', r.status, r.sub ?? '-']),
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  const lines = table.map((line) =>
    line
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd(),
  );
  return [...lines, `${rows.length} user(s)`];
}

// ---------------------------------------------------------------------------------------------------------------
// The order system

export interface OrderSystemCredentials {
  clientId: string;
  clientSecret: string;
  tokenEndpoint: string;
  scope: string;
  apiUrl?: string;
  clientCredentialsAllowed: boolean;
}

/** DescribeUserPoolClient on the stack's OrderSystemClientId: the secret the order system exchanges for tokens. */
export async function orderSystemCredentials(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  outputs: Record<string, string>,
  stage: string,
): Promise<OrderSystemCredentials> {
  const clientId = requireOutput(outputs, OUTPUT_KEYS.orderSystemClientId, stage);
  const tokenEndpoint = requireOutput(outputs, OUTPUT_KEYS.tokenEndpoint, stage);
  const scope = requireOutput(outputs, OUTPUT_KEYS.orderSystemScope, stage);
  const described = await cognito.send(
    new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }),
  );
  const clientSecret = described.UserPoolClient?.ClientSecret;
  if (!clientSecret) throw new AdminError(`app client ${clientId} has no secret; it cannot use client credentials`);
  const apiUrl = outputs[OUTPUT_KEYS.apiUrl];
  return {
    clientId,
    clientSecret,
    tokenEndpoint,
    scope,
    ...(apiUrl ? { apiUrl } : {}),
    clientCredentialsAllowed: described.UserPoolClient?.AllowedOAuthFlows?.includes('client_credentials') ?? false,
  };
}

const shellQuote = (value: string): string => `'${value.replaceAll("'", `'\\''`)}'`;

export function formatCredentials(c: OrderSystemCredentials): string[] {
  const lines = [
    `client id:      ${c.clientId}`,
    `client secret:  ${c.clientSecret}`,
    `token endpoint: ${c.tokenEndpoint}`,
    `scope:          ${c.scope}`,
  ];
  if (c.apiUrl) lines.push(`order push:     PUT ${c.apiUrl.replace(/\/$/, '')}/v1/orders/{orderId}`);
  if (!c.clientCredentialsAllowed) lines.push('warning: this client does not allow the client_credentials flow');
  lines.push(
    '',
    'Keep the secret in the order system’s secret store. An access token (1 h) from:',
    `curl -s -X POST ${shellQuote(c.tokenEndpoint)} -u ${shellQuote(`${c.clientId}:${c.clientSecret}`)} -H 'content-type: application/x-www-form-urlencoded' -d ${shellQuote(`grant_type=client_credentials&scope=${c.scope}`)}`,
  );
  return lines;
}

// ---------------------------------------------------------------------------------------------------------------
// Command line

const COMMON = {
  stage: { type: 'string' },
  region: { type: 'string' },
  'user-pool-id': { type: 'string' },
} as const;

const COMMANDS = {
  'create-user': ['email', 'role', 'merchant-id', 'name'],
  'set-merchant': ['email', 'merchant-id'],
  'set-role': ['email', 'role', 'merchant-id'],
  'disable-user': ['email'],
  'enable-user': ['email'],
  'list-users': ['role'],
  'order-system-credentials': [],
} as const satisfies Record<string, readonly string[]>;
type CommandName = keyof typeof COMMANDS;

export interface ParsedCommand {
  command: CommandName;
  stage: string;
  region?: string;
  userPoolId?: string;
  options: Record<string, string | undefined>;
}

/** Parses and checks the command line without touching AWS. Throws UsageError. */
export function parseCommand(argv: readonly string[]): ParsedCommand {
  const [name, ...rest] = argv;
  if (!name) throw new UsageError('no command');
  if (!(name in COMMANDS)) throw new UsageError(`unknown command: ${name}`);
  const command = name as CommandName;
  const own: Record<string, { type: 'string' }> = {};
  for (const option of COMMANDS[command]) own[option] = { type: 'string' };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: { ...COMMON, ...own },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${command}: ${oneLine(error)}`);
  }
  const text = (key: string): string | undefined => {
    const value = values[key];
    return typeof value === 'string' ? value : undefined;
  };
  const stage = text('stage') ?? 'dev';
  if (!STAGE.test(stage)) throw new UsageError(`--stage must be a stage name like dev, staging or prod (got ${stage})`);
  const options: Record<string, string | undefined> = {};
  for (const option of COMMANDS[command]) options[option] = text(option);
  // Check what can be checked offline, so bad usage sends nothing (the operations check again).
  if ('email' in options) checkEmail(options.email);
  if (command === 'create-user' || command === 'set-role') checkRole(options.role);
  if (command === 'list-users' && options.role !== undefined) checkRole(options.role);
  if (command === 'set-merchant' && options['merchant-id'] === undefined) {
    throw new UsageError('--merchant-id is required');
  }
  if (options['merchant-id'] !== undefined) checkMerchantId(options['merchant-id']);
  if (command === 'create-user') {
    const merchant = options.role === 'merchant';
    if (merchant && options['merchant-id'] === undefined) throw new UsageError('a merchant needs --merchant-id');
    if (!merchant && options['merchant-id'] !== undefined) {
      throw new UsageError(`only merchants carry a merchant id; a ${options.role} takes no --merchant-id`);
    }
  }
  if (command === 'set-role' && options.role !== 'merchant' && options['merchant-id'] !== undefined) {
    throw new UsageError(`only merchants carry a merchant id; a ${options.role} takes no --merchant-id`);
  }
  const region = text('region');
  const userPoolId = text('user-pool-id');
  return {
    command,
    stage,
    ...(region ? { region } : {}),
    ...(userPoolId ? { userPoolId } : {}),
    options,
  };
}

export interface Clients {
  cognito: CognitoIdentityProviderClient;
  cloudformation: CloudFormationClient;
}

/** Runs one parsed command and returns the lines to print. */
export async function execute(parsed: ParsedCommand, clients: Clients): Promise<string[]> {
  const { cognito, cloudformation } = clients;
  const { options: o, stage } = parsed;
  const email = o.email ?? '';
  if (parsed.command === 'order-system-credentials') {
    const outputs = await stackOutputs(cloudformation, stage);
    const userPoolId = parsed.userPoolId ?? requireOutput(outputs, OUTPUT_KEYS.userPoolId, stage);
    return formatCredentials(await orderSystemCredentials(cognito, userPoolId, outputs, stage));
  }
  const pool = await resolveUserPoolId(cloudformation, stage, parsed.userPoolId);
  const merchantId = o['merchant-id'];
  switch (parsed.command) {
    case 'create-user':
      return createUser(cognito, pool, {
        email,
        role: o.role ?? '',
        ...(merchantId !== undefined ? { merchantId } : {}),
        ...(o.name ? { name: o.name } : {}),
      });
    case 'set-merchant':
      return setMerchant(cognito, pool, { email, merchantId });
    case 'set-role':
      return setRole(cognito, pool, { email, role: o.role ?? '', ...(merchantId !== undefined ? { merchantId } : {}) });
    case 'disable-user':
      return setEnabled(cognito, pool, { email, enabled: false });
    case 'enable-user':
      return setEnabled(cognito, pool, { email, enabled: true });
    case 'list-users':
      return formatUsers(await listUsers(cognito, pool, o.role !== undefined ? { role: o.role } : {}));
  }
}

/** One line for an AWS (or our own) error, with a hint for the usual setup mistakes. */
export function describeError(error: unknown): string {
  return describeAwsError(error, AdminError);
}

export interface RunOptions {
  clients?: (region: string | undefined) => Clients;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

const defaultClients = (region: string | undefined): Clients => {
  const config = region ? { region } : {};
  return { cognito: new CognitoIdentityProviderClient(config), cloudformation: new CloudFormationClient(config) };
};

/** The CLI: returns the exit code (0 done, 1 AWS or refused, 2 bad usage). */
export async function run(argv: readonly string[], options: RunOptions = {}): Promise<number> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = options.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (argv[0] === 'help' || argv.includes('--help') || argv.includes('-h')) {
    out(USAGE);
    return 0;
  }
  let parsed: ParsedCommand;
  try {
    parsed = parseCommand(argv);
  } catch (error) {
    err(`admin: ${oneLine(error)}`);
    err(USAGE);
    return 2;
  }
  try {
    const clients = (options.clients ?? defaultClients)(parsed.region);
    for (const line of await execute(parsed, clients)) out(line);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`admin: ${error.message}`);
      err(USAGE);
      return 2;
    }
    err(`admin: ${describeError(error)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.exitCode = await run(process.argv.slice(2));
}
