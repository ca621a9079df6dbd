/**
 * The refund lifecycle: a Standard state machine loaded from statemachines/refund-lifecycle.asl.json, the same
 * file the local runner executes. Each `${...}Arn` placeholder is filled with the ARN of the task function of the
 * same name (functions/tasks/tasks.ts), and the machine may invoke exactly those functions.
 *
 * Logging: by default level ERROR without execution data, so failed executions and the states that failed are
 * logged, but no input or output: task tokens, buyer notes and order data stay out of CloudWatch. For a debugging
 * session deploy with `-c sfnLogData=true` (level ALL with execution data), then deploy again without it.
 */
import { type CfnElement, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { TASKS } from '../../functions/tasks/tasks.ts';
import { type Bindable, bindNeeds } from './bindings.ts';
import { REPO_ROOT } from './paths.ts';
import { RefundFunction } from './refund-function.ts';

/** The context key that turns execution data on in the state machine's logs. */
export const SFN_LOG_DATA_CONTEXT = 'sfnLogData';

export interface LifecycleStateMachineProps extends Omit<Bindable, 'stateMachine'> {
  /** Log every event with its input and output. @default the `sfnLogData` context (`-c sfnLogData=true`), else false */
  logExecutionData?: boolean;
}

export class LifecycleStateMachine extends Construct {
  readonly stateMachine: StateMachine;
  readonly tasks: Record<string, RefundFunction>;

  constructor(scope: Construct, id: string, props: LifecycleStateMachineProps) {
    super(scope, id);
    const { logExecutionData, ...resources } = props;
    const withData = logExecutionData ?? String(this.node.tryGetContext(SFN_LOG_DATA_CONTEXT)).trim() === 'true';
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
      logs: withData
        ? { destination: logs, level: LogLevel.ALL, includeExecutionData: true }
        : { destination: logs, level: LogLevel.ERROR, includeExecutionData: false },
    });
    for (const task of Object.values(this.tasks)) task.fn.grantInvoke(this.stateMachine);
    if (!withData) {
      Validations.of(this.stateMachine).acknowledge({
        id: 'AwsSolutions::AwsSolutions-SF1',
        reason:
          'Level ERROR on purpose (issue 17): ALL would log every state transition, and with execution data task ' +
          'tokens, buyer notes and order data. Errors are logged; -c sfnLogData=true logs ALL for a debugging session.',
      });
    }
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
