/**
 * The refund lifecycle: a Standard state machine loaded from statemachines/refund-lifecycle.asl.json, the same
 * file the local runner executes. Each `${...}Arn` placeholder is filled with the ARN of the task function of the
 * same name (functions/tasks/tasks.ts), and the machine may invoke exactly those functions.
 */
import { type CfnElement, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { TASKS } from '../../functions/tasks/tasks.ts';
import { type Bindable, bindNeeds } from './bindings.ts';
import { REPO_ROOT } from './paths.ts';
import { RefundFunction } from './refund-function.ts';

export class LifecycleStateMachine extends Construct {
  readonly stateMachine: StateMachine;
  readonly tasks: Record<string, RefundFunction>;

  constructor(scope: Construct, id: string, resources: Omit<Bindable, 'stateMachine'>) {
    super(scope, id);
    this.tasks = Object.fromEntries(
      TASKS.map((task) => {
        const fn = new RefundFunction(this, task.id, { entry: task.entry, description: `Lifecycle task ${task.id}` });
        bindNeeds(fn.fn, task.needs, resources);
        return [task.id, fn];
      }),
    );
    const logs = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new StateMachine(this, 'RefundLifecycle', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(`${REPO_ROOT}/statemachines/refund-lifecycle.asl.json`),
      definitionSubstitutions: Object.fromEntries(
        TASKS.map((task) => [task.substitution, this.tasks[task.id]?.fn.functionArn ?? '']),
      ),
      tracingEnabled: true,
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: true },
    });
    for (const task of Object.values(this.tasks)) task.fn.grantInvoke(this.stateMachine);
    Validations.of(this.stateMachine).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason:
          'CloudWatch Logs delivery and X-Ray APIs used by Step Functions logging/tracing have no resource-level permissions.',
      },
      ...TASKS.map((task) => ({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.tasks[task.id]?.fn.node.defaultChild as CfnElement)}.Arn>:*]`,
        reason:
          'Invoking a task function includes its versions (the :* qualifier); only the lifecycle task functions are listed.',
      })),
    );
  }
}
