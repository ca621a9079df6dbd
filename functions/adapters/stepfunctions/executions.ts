/**
 * Step Functions implementation of the Workflow port. An execution's input carries the correlation id of the
 * invocation that starts it (null when none runs), which the ASL passes to every task (functions/observability/
 * invocation.ts). Calls are traced where tracing is on.
 *
 * The operations are called with the SDK's signer and HTTP handler (../aws/aws-call.ts) rather than the Step Functions
 * client, 22 KiB of every function that starts or resumes a refund's workflow (issue 18, item 4);
 * test/unit/adapters/aws-call.test.ts holds each request, and the errors read from each answer, to the client's.
 */

import { requireEnv } from '../../config.ts';
import type { Step } from '../../domain/lifecycle.ts';
import { currentCorrelationId } from '../../observability/invocation.ts';
import { TaskTokenInvalid, type Workflow } from '../../ports/workflow.ts';
import { callAwsJson, isServiceError, STEP_FUNCTIONS } from '../aws/aws-call.ts';

/** An operation of the Step Functions API (AWS JSON 1.0). */
const sfn = (operation: string, input: Record<string, unknown>) =>
  callAwsJson(STEP_FUNCTIONS, '1.0', `AWSStepFunctions.${operation}`, input);

function translate(error: unknown): never {
  if (isServiceError(error, 'InvalidToken', 'TaskDoesNotExist', 'TaskTimedOut')) {
    throw new TaskTokenInvalid((error as Error).message, { cause: error });
  }
  throw error;
}

export class StepFunctionsWorkflow implements Workflow {
  async start(refundId: string, step: Step) {
    try {
      await sfn('StartExecution', {
        stateMachineArn: requireEnv('STATE_MACHINE_ARN'),
        name: refundId,
        input: JSON.stringify({ refundId, correlationId: currentCorrelationId() ?? null, step }),
      });
    } catch (error) {
      // Same name and input is already idempotent; a different input under the same name means it already ran.
      if (!isServiceError(error, 'ExecutionAlreadyExists')) throw error;
    }
  }

  async payout(refundId: string) {
    // Express: no name (names do not deduplicate Express runs); paying is idempotent on the refund id instead.
    await sfn('StartExecution', {
      stateMachineArn: requireEnv('PAYOUT_STATE_MACHINE_ARN'),
      input: JSON.stringify({ refundId, correlationId: currentCorrelationId() ?? null }),
    });
  }

  async stop(refundId: string, cause: string) {
    const arn = requireEnv('STATE_MACHINE_ARN');
    const executionArn = `${arn.replace(':stateMachine:', ':execution:')}:${refundId}`;
    try {
      await sfn('StopExecution', { executionArn, cause });
    } catch (error) {
      if (!isServiceError(error, 'ExecutionDoesNotExist')) throw error;
    }
  }

  async resume(taskToken: string, output: Record<string, unknown>) {
    await sfn('SendTaskSuccess', { taskToken, output: JSON.stringify(output) }).catch(translate);
  }

  async fail(taskToken: string, error: string, cause: string) {
    await sfn('SendTaskFailure', { taskToken, error, cause }).catch(translate);
  }
}
