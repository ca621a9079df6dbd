/**
 * Grants a function exactly what its declaration's `needs` say (functions/manifest.ts) and gives it exactly the
 * environment variables `environmentFor(needs)` lists, STAGE included. No wildcard resources on data actions.
 * cdk-nag acknowledgements name ARNs the way the synthesized template spells them: with the stack's own region,
 * account and partition when the CLI passes an environment, with placeholders when it does not.
 */
import { type CfnElement, Stack, Token, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { INDEX_LAYOUT_ENV } from '../../functions/adapters/dynamodb/index-layout.ts';
import { LEDGER_TABLE, MAIN_TABLE } from '../../functions/adapters/dynamodb/tables.ts';
import { type ChannelMap, type ChannelName, channelsIn } from '../../functions/domain/payout/channels.ts';
import { environmentFor, type Needs, tableActions } from '../../functions/manifest.ts';
import type { Data } from './data.ts';
import { grantEvidenceKey } from './evidence-bucket.ts';

export type RealChannel = Exclude<ChannelName, 'sandbox'>;

/** What bindings.ts needs to give a function its channels. */
export interface PaymentBindings {
  /** The stage's method → channel map (PAYMENT_CHANNELS). */
  map: ChannelMap;
  /** Each channel's function. */
  functions: Readonly<Record<ChannelName, IFunction>>;
  /** Each real channel's credentials. */
  secrets: Readonly<Record<RealChannel, Secret>>;
  /** Where the sandbox stand-in posts its signed webhooks. */
  webhookUrl: string;
  /** Where Alipay and WeChat Pay post their notifications (the API's routes). */
  notifyUrls: Readonly<Record<'alipay' | 'wechat', string>>;
}

export interface Bindable {
  data: Data;
  /** Policy stage every function runs (env STAGE). */
  stage: string;
  stateMachine?: IStateMachine;
  /** The Express payout workflow, which `workflow: 'start'` may also start (an application approved at once). */
  payoutMachine?: IStateMachine;
  financeTopic?: ITopic;
  buyerTopic?: ITopic;
  /** Merchants' notifications (needs.notify === true). */
  merchantTopic?: ITopic;
  /** The operations alarm topic (needs.escalate). */
  operationsTopic?: ITopic;
  /** The payment channels: the stage's map, the channels' functions and secrets (payment-channels.ts). */
  payments?: PaymentBindings;
  /** The payout monitor's threshold overrides, JSON (MONITORING_CONFIG). @default '{}' */
  monitoringConfig?: string;
  /** Where the main table is exported for analytics (needs.tableExport). */
  exportBucket?: IBucket;
}

/**
 * How cdk-nag writes a pseudo parameter inside an ARN: the literal value when the stack has a concrete one (the CDK
 * CLI always passes CDK_DEFAULT_REGION, and CDK_DEFAULT_ACCOUNT when it has credentials), else `<AWS::Region>`.
 */
export function nagArnPart(stack: Stack, part: 'Partition' | 'Region' | 'AccountId'): string {
  const value = part === 'Partition' ? stack.partition : part === 'Region' ? stack.region : stack.account;
  return Token.isUnresolved(value) ? `<AWS::${part}>` : value;
}

/** A declared variable nothing has provided yet; synth fails if one is left (the function would fail at start). */
const MISSING = Symbol('missing');

export function bindNeeds(fn: NodejsFunction, needs: Needs, resources: Bindable): void {
  const { data } = resources;
  const given = new Map<string, string | typeof MISSING>(environmentFor(needs).map((name) => [name, MISSING]));
  const setEnv = (name: string, value: string) => {
    if (!given.has(name))
      throw new Error(`${fn.node.path}: ${name} is not declared for its needs (functions/manifest.ts)`);
    given.set(name, value);
  };
  setEnv('STAGE', resources.stage);
  setEnv('POWERTOOLS_SERVICE_NAME', 'refund-pipeline');
  const indexWildcard = (arn: string) => `AwsSolutions::AwsSolutions-IAM5[Resource::<${arn}.Arn>/index/*]`;
  const acknowledgeIndexes = (table: Table) =>
    Validations.of(fn).acknowledge({
      id: indexWildcard(Stack.of(table).getLogicalId(table.node.defaultChild as CfnElement)),
      reason: 'Queries use the indexes of this one table, declared in functions/adapters/dynamodb/tables.ts.',
    });
  // Exactly the item actions declared (functions/manifest.ts), never a grant*Data helper: those add Scan,
  // DeleteItem, BatchWriteItem and stream reads that no function's code uses.
  const actions = tableActions(needs);
  const grantTable = (table: Table, granted: readonly string[]) => {
    fn.addToRolePolicy(
      new PolicyStatement({ actions: [...granted], resources: [table.tableArn, `${table.tableArn}/index/*`] }),
    );
    acknowledgeIndexes(table);
  };
  if (needs.main?.length) {
    setEnv(MAIN_TABLE.envVar, data.main.tableName);
    grantTable(data.main, actions.main);
    // Only while a deployed stack moves to new index names (index-layout.ts): its queries stay on the old names
    // until every new index exists. Not a declared need: a fresh stack never sets it.
    if (data.indexLayout === 'legacy' && needs.main.includes('Query')) fn.addEnvironment(INDEX_LAYOUT_ENV, 'legacy');
  }
  if (needs.ledger) {
    setEnv(LEDGER_TABLE.envVar, data.ledger.tableName);
    grantTable(data.ledger, actions.ledger);
    // The ledger is append-only: nothing may change or remove an entry, whatever else is granted.
    fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: [
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:PartiQLUpdate',
          'dynamodb:PartiQLDelete',
        ],
        resources: [data.ledger.tableArn],
      }),
    );
  }
  if (needs.workflow) {
    const machine = resources.stateMachine;
    if (!machine) throw new Error(`${fn.node.path} needs the workflow but none was given`);
    setEnv('STATE_MACHINE_ARN', machine.stateMachineArn);
    if (needs.workflow === 'start') {
      const payouts = resources.payoutMachine;
      if (!payouts) throw new Error(`${fn.node.path} starts workflows but no payout machine was given`);
      machine.grantStartExecution(fn);
      setEnv('PAYOUT_STATE_MACHINE_ARN', payouts.stateMachineArn);
      payouts.grantStartExecution(fn);
    } else if (needs.workflow === 'resume') machine.grantTaskResponse(fn);
    else {
      machine.grantExecution(fn, 'states:StopExecution');
      const stack = Stack.of(machine);
      const machineId = stack.getLogicalId(machine.node.defaultChild as CfnElement);
      const [partition, region, account] = (['Partition', 'Region', 'AccountId'] as const).map((p) =>
        nagArnPart(stack, p),
      );
      Validations.of(fn).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:${partition}:states:${region}:${account}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machineId}"}]}]}:*]`,
        reason:
          'Cancelling stops the refund’s execution; executions are named per refund, so only this state machine’s are allowed.',
      });
    }
  }
  if (needs.evidence) {
    setEnv('EVIDENCE_BUCKET', data.evidence.bucketName);
    const actions = needs.evidence === 'put' ? ['s3:PutObject'] : ['s3:GetObject', 's3:GetObjectVersion'];
    fn.addToRolePolicy(new PolicyStatement({ actions, resources: [data.evidence.arnForObjects('evidence/*')] }));
    grantEvidenceKey(fn, needs.evidence, data.evidenceKey);
    const bucketId = Stack.of(data.evidence).getLogicalId(data.evidence.node.defaultChild as CfnElement);
    Validations.of(fn).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/evidence/*]`,
      reason: 'Evidence keys are evidence/{refundId}/{evidenceId}, one per upload; the prefix is the narrowest bound.',
    });
  }
  if (needs.webhookSecret) {
    setEnv('WEBHOOK_SECRET_ARN', data.webhookSecret.secretArn);
    data.webhookSecret.grantRead(fn);
  }
  if (needs.payments || needs.channel) {
    const payments = resources.payments;
    if (!payments) throw new Error(`${fn.node.path} needs the payment channels but none were given`);
    bindPayments(fn, needs, payments, setEnv, data);
  }
  if (needs.monitoring) setEnv('MONITORING_CONFIG', resources.monitoringConfig ?? '{}');
  if (needs.notify) {
    const { financeTopic, buyerTopic, merchantTopic } = resources;
    if (!financeTopic) throw new Error(`${fn.node.path} needs the finance topic but none was given`);
    setEnv('FINANCE_TOPIC_ARN', financeTopic.topicArn);
    financeTopic.grantPublish(fn);
    if (needs.notify === true) {
      if (!buyerTopic) throw new Error(`${fn.node.path} needs the buyer topic but none was given`);
      setEnv('BUYER_TOPIC_ARN', buyerTopic.topicArn);
      buyerTopic.grantPublish(fn);
      if (!merchantTopic) throw new Error(`${fn.node.path} needs the merchant topic but none was given`);
      setEnv('MERCHANT_TOPIC_ARN', merchantTopic.topicArn);
      merchantTopic.grantPublish(fn);
    }
  }
  if (needs.escalate) {
    const { operationsTopic } = resources;
    if (!operationsTopic) throw new Error(`${fn.node.path} escalates to operations but no operations topic was given`);
    setEnv('OPERATIONS_TOPIC_ARN', operationsTopic.topicArn);
    fn.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: [operationsTopic.topicArn] }));
    // The alarm topic is encrypted with its own key: publishing needs a data key from it. Named actions rather
    // than grantPublish's `kms:GenerateDataKey*` wildcard.
    if (operationsTopic.masterKey) {
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [operationsTopic.masterKey.keyArn],
        }),
      );
    }
  }
  if (needs.tableExport) bindTableExport(fn, resources, setEnv);
  for (const [name, value] of given) {
    if (value === MISSING) throw new Error(`${fn.node.path} needs ${name} but nothing provides it`);
    fn.addEnvironment(name, value);
  }
}

/** S3 prefix of the exports in the export bucket (analytics/schema.ts RAW_TABLES sit under it). */
export const EXPORT_PREFIX = 'tables';

/**
 * The table export starts exports of the main table (ListExports has no resource-level permission) and DynamoDB
 * writes the files as the caller, so the function may write objects under the exports' prefix and nothing else.
 */
function bindTableExport(fn: NodejsFunction, resources: Bindable, setEnv: (name: string, value: string) => void) {
  const bucket = resources.exportBucket;
  if (!bucket) throw new Error(`${fn.node.path} exports the table but no export bucket was given`);
  setEnv('MAIN_TABLE_ARN', resources.data.main.tableArn);
  setEnv('EXPORT_BUCKET', bucket.bucketName);
  fn.addToRolePolicy(
    new PolicyStatement({ actions: ['dynamodb:ExportTableToPointInTime'], resources: [resources.data.main.tableArn] }),
  );
  fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:ListExports'], resources: ['*'] }));
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:PutObjectAcl'],
      resources: [bucket.arnForObjects(`${EXPORT_PREFIX}/*`)],
    }),
  );
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    reason: 'dynamodb:ListExports has no resource-level permission; it only lists export summaries.',
  });
  Validations.of(fn).acknowledge({
    id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnElement)}.Arn>/${EXPORT_PREFIX}/*]`,
    reason: 'DynamoDB writes each export as many objects under the exports prefix, named by export id.',
  });
}

/**
 * A payout function gets the map and may invoke the channel functions the map uses, and no other; a channel's
 * function (and its notification route) reads that channel's secret, and no other.
 */
function bindPayments(
  fn: NodejsFunction,
  needs: Needs,
  payments: PaymentBindings,
  setEnv: (name: string, value: string) => void,
  data: Data,
): void {
  if (needs.payments) setEnv('PAYMENT_CHANNELS', JSON.stringify(payments.map));
  if (needs.payments === 'send' || needs.payments === 'query') {
    const used = channelsIn(payments.map);
    setEnv(
      'PAYMENT_CHANNEL_FUNCTIONS',
      Stack.of(fn).toJsonString(Object.fromEntries(used.map((c) => [c, payments.functions[c].functionName]))),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: used.map((c) => payments.functions[c].functionArn),
      }),
    );
  }
  const channel = needs.channel;
  if (channel === 'sandbox') {
    setEnv('WEBHOOK_SECRET_ARN', data.webhookSecret.secretArn);
    data.webhookSecret.grantRead(fn);
    setEnv('PAYMENT_WEBHOOK_URL', payments.webhookUrl);
  } else if (channel) {
    const secret = payments.secrets[channel];
    setEnv('CHANNEL_SECRET_ARN', secret.secretArn);
    secret.grantRead(fn);
    if (channel === 'alipay' || channel === 'wechat') setEnv('CHANNEL_NOTIFY_URL', payments.notifyUrls[channel]);
  }
}
