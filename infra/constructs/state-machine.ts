/**
 * The refund's two state machines, loaded from the same files the local runner executes:
 * - the lifecycle, Standard (statemachines/refund-lifecycle.asl.json): only refunds that wait for a person run it;
 * - the payout, Express (statemachines/refund-payout.asl.json): started by the application when the rules approve at
 *   once, and by the lifecycle's StartPayout after a person approves. Express runs are at-least-once and bill per
 *   request and duration, not per transition; paying is idempotent (app/pay-out.ts), so a repeated run pays nothing.
 * Each `${...}Arn` placeholder is filled with the ARN of the task function of the same name (functions/tasks/
 * tasks.ts) or, in the lifecycle, with the payout machine's; each machine may invoke exactly its own functions.
 *
 * Logging: by default level ERROR without execution data, so failed executions and the states that failed are
 * logged, but no input or output: task tokens, buyer notes and order data stay out of CloudWatch. For a debugging
 * session deploy with `-c sfnLogData=true` (level ALL with execution data), then deploy again without it.
 */
import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  LogLevel,
  type LogOptions,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { MachineName } from '../../functions/manifest.ts';
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

/**
 * The `${...}` substitutions of one machine's ASL file: its own task functions' ARNs, and the partition of the
 * service integrations' ARNs (`arn:${Partition}:states:::lambda:invoke`): `aws-cn` in China, where an `arn:aws:`
 * integration fails every execution at its first Task ("belongs to a different partition").
 */
function substitutionsOf(
  scope: Construct,
  machine: MachineName,
  tasks: Record<string, RefundFunction>,
): Record<string, string> {
  return {
    Partition: Stack.of(scope).partition,
    ...Object.fromEntries(
      TASKS.filter((task) => task.machine === machine).map((task) => [
        task.substitution,
        tasks[task.id]?.fn.functionArn ?? '',
      ]),
    ),
  };
}

export class LifecycleStateMachine extends Construct {
  readonly stateMachine: StateMachine;
  /** The Express payout workflow (statemachines/refund-payout.asl.json). */
  readonly payoutMachine: StateMachine;
  readonly tasks: Record<string, RefundFunction>;

  constructor(scope: Construct, id: string, props: LifecycleStateMachineProps) {
    super(scope, id);
    const { logExecutionData, ...resources } = props;
    const withData = logExecutionData ?? String(this.node.tryGetContext(SFN_LOG_DATA_CONTEXT)).trim() === 'true';
    this.tasks = Object.fromEntries(
      TASKS.map((task) => {
        const fn = new RefundFunction(this, task.id, {
          entry: task.entry,
          description: `Lifecycle task ${task.id}`,
          ...(task.timeoutSeconds ? { timeout: Duration.seconds(task.timeoutSeconds) } : {}),
        });
        bindNeeds(fn.fn, task.needs, resources);
        return [task.id, fn];
      }),
    );
    const logs = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const logOptions: LogOptions = withData
      ? { destination: logs, level: LogLevel.ALL, includeExecutionData: true }
      : { destination: logs, level: LogLevel.ERROR, includeExecutionData: false };
    this.payoutMachine = new StateMachine(this, 'RefundPayout', {
      stateMachineType: StateMachineType.EXPRESS,
      definitionBody: DefinitionBody.fromFile(`${REPO_ROOT}/statemachines/refund-payout.asl.json`),
      definitionSubstitutions: substitutionsOf(this, 'payout', this.tasks),
      tracingEnabled: true,
      logs: logOptions,
    });
    this.stateMachine = new StateMachine(this, 'RefundLifecycle', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(`${REPO_ROOT}/statemachines/refund-lifecycle.asl.json`),
      definitionSubstitutions: {
        ...substitutionsOf(this, 'lifecycle', this.tasks),
        PayoutStateMachineArn: this.payoutMachine.stateMachineArn,
      },
      tracingEnabled: true,
      logs: logOptions,
    });
    this.payoutMachine.grantStartExecution(this.stateMachine);
    for (const task of TASKS) {
      const fn = this.tasks[task.id]?.fn;
      fn?.grantInvoke(task.machine === 'payout' ? this.payoutMachine : this.stateMachine);
    }
    for (const machine of [this.stateMachine, this.payoutMachine]) {
      if (!withData) {
        Validations.of(machine).acknowledge({
          id: 'AwsSolutions::AwsSolutions-SF1',
          reason:
            'Level ERROR on purpose (issue 17): ALL would log every state transition, and with execution data task ' +
            'tokens, buyer notes and order data. Errors are logged; -c sfnLogData=true logs ALL for a debugging session.',
        });
      }
      Validations.of(machine).acknowledge(
        {
          id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
          reason:
            'CloudWatch Logs delivery and X-Ray APIs used by Step Functions logging/tracing have no resource-level permissions.',
        },
        ...TASKS.map((task) => ({
          id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.tasks[task.id]?.fn.node.defaultChild as CfnElement)}.Arn>:*]`,
          reason:
            'Invoking a task function includes its versions (the :* qualifier); only the machine’s own task functions are listed.',
        })),
      );
    }
  }
}
