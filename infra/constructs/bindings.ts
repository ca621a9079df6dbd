/**
 * Grants a function exactly what its route or task declares in `needs` (functions/api/routes.ts), and passes the
 * matching resource names as environment variables. No wildcard resources on data actions.
 */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { LEDGER_TABLE, MAIN_TABLE } from '../../functions/adapters/dynamodb/tables.ts';
import type { Needs } from '../../functions/api/routes.ts';
import type { Data } from './data.ts';

export interface Bindable {
  data: Data;
  stateMachine?: IStateMachine;
  financeTopic?: ITopic;
  buyerTopic?: ITopic;
}

export function bindNeeds(fn: NodejsFunction, needs: Needs, resources: Bindable): void {
  const { data } = resources;
  const indexWildcard = (arn: string) => `AwsSolutions::AwsSolutions-IAM5[Resource::<${arn}.Arn>/index/*]`;
  const acknowledgeIndexes = (table: Table) =>
    Validations.of(fn).acknowledge({
      id: indexWildcard(Stack.of(table).getLogicalId(table.node.defaultChild as CfnElement)),
      reason: 'Queries use the indexes of this one table, declared in functions/adapters/dynamodb/tables.ts.',
    });
  if (needs.main) {
    fn.addEnvironment(MAIN_TABLE.envVar, data.main.tableName);
    if (needs.main === 'read') data.main.grantReadData(fn);
    else data.main.grantReadWriteData(fn);
    acknowledgeIndexes(data.main);
  }
  if (needs.ledger) {
    fn.addEnvironment(LEDGER_TABLE.envVar, data.ledger.tableName);
    acknowledgeIndexes(data.ledger);
    if (needs.ledger === 'read') data.ledger.grantReadData(fn);
    else {
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
          resources: [data.ledger.tableArn, `${data.ledger.tableArn}/index/*`],
        }),
      );
    }
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
    fn.addEnvironment('STATE_MACHINE_ARN', machine.stateMachineArn);
    if (needs.workflow === 'start') machine.grantStartExecution(fn);
    else if (needs.workflow === 'resume') machine.grantTaskResponse(fn);
    else {
      machine.grantExecution(fn, 'states:StopExecution');
      const machineId = Stack.of(machine).getLogicalId(machine.node.defaultChild as CfnElement);
      Validations.of(fn).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${machineId}"}]}]}:*]`,
        reason:
          'Cancelling stops the refund’s execution; executions are named per refund, so only this state machine’s are allowed.',
      });
    }
  }
  if (needs.evidence) {
    fn.addEnvironment('EVIDENCE_BUCKET', data.evidence.bucketName);
    if (needs.evidence === 'put') {
      fn.addToRolePolicy(
        new PolicyStatement({ actions: ['s3:PutObject'], resources: [data.evidence.arnForObjects('evidence/*')] }),
      );
      const bucketId = Stack.of(data.evidence).getLogicalId(data.evidence.node.defaultChild as CfnElement);
      Validations.of(fn).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/evidence/*]`,
        reason:
          'Evidence keys are evidence/{refundId}/{evidenceId}, one per upload; the prefix is the narrowest bound.',
      });
    } else data.evidence.grantRead(fn);
  }
  if (needs.webhookSecret) {
    fn.addEnvironment('WEBHOOK_SECRET_ARN', data.webhookSecret.secretArn);
    data.webhookSecret.grantRead(fn);
  }
  if (needs.ledger === 'append' || needs.webhookSecret) {
    // No real provider adapter exists yet: the sandbox is an explicit stand-in (docs/payouts.md).
    fn.addEnvironment('PAYMENT_PROVIDER', 'sandbox');
  }
  if (needs.notify) {
    const { financeTopic, buyerTopic } = resources;
    if (!financeTopic || !buyerTopic) throw new Error(`${fn.node.path} needs the topics but none were given`);
    fn.addEnvironment('FINANCE_TOPIC_ARN', financeTopic.topicArn);
    fn.addEnvironment('BUYER_TOPIC_ARN', buyerTopic.topicArn);
    financeTopic.grantPublish(fn);
    buyerTopic.grantPublish(fn);
  }
}
