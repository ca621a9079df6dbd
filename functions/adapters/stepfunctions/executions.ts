/**
 * Step Functions implementation of the Workflow port. An execution's input carries the correlation id of the
 * invocation that starts it (null when none runs), which the ASL passes to every task (functions/observability/
 * invocation.ts). Calls are traced where tracing is on.
 */
import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { requireEnv } from '../../config.ts';
import { currentCorrelationId } from '../../observability/invocation.ts';
import { traced } from '../../observability/tracer.ts';
import { TaskTokenInvalid, type Workflow } from '../../ports/workflow.ts';

let client: SFNClient | undefined;
const sfn = () => (client ??= traced(new SFNClient({})));

function translate(error: unknown): never {
  if (error instanceof InvalidToken || error instanceof TaskDoesNotExist || error instanceof TaskTimedOut) {
    throw new TaskTokenInvalid(error.message, { cause: error });
  }
  throw error;
}

export class StepFunctionsWorkflow implements Workflow {
  async start(refundId: string) {
    try {
      await sfn().send(
        new StartExecutionCommand({
          stateMachineArn: requireEnv('STATE_MACHINE_ARN'),
          name: refundId,
          input: JSON.stringify({ refundId, correlationId: currentCorrelationId() ?? null }),
        }),
      );
    } catch (error) {
      // Same name and input is already idempotent; a different input under the same name means it already ran.
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
  }

  async payout(refundId: string) {
    // Express: no name (names do not deduplicate Express runs); paying is idempotent on the refund id instead.
    await sfn().send(
      new StartExecutionCommand({
        stateMachineArn: requireEnv('PAYOUT_STATE_MACHINE_ARN'),
        input: JSON.stringify({ refundId, correlationId: currentCorrelationId() ?? null }),
      }),
    );
  }

  async stop(refundId: string, cause: string) {
    const arn = requireEnv('STATE_MACHINE_ARN');
    const executionArn = `${arn.replace(':stateMachine:', ':execution:')}:${refundId}`;
    try {
      await sfn().send(new StopExecutionCommand({ executionArn, cause }));
    } catch (error) {
      if (!(error instanceof ExecutionDoesNotExist)) throw error;
    }
  }

  async resume(taskToken: string, output: Record<string, unknown>) {
    await sfn()
      .send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }))
      .catch(translate);
  }

  async fail(taskToken: string, error: string, cause: string) {
    await sfn().send(new SendTaskFailureCommand({ taskToken, error, cause })).catch(translate);
  }
}
