/**
 * The Workflow port as a recorder: what a use case asked of the state machines (start, payout, resume with a step,
 * fail, stop), in order. A used task token is refused the second time, as Step Functions does.
 */
import type { Step } from '../../../functions/domain/lifecycle.ts';
import { TaskTokenInvalid, type Workflow } from '../../../functions/ports/workflow.ts';

export type WorkflowCall =
  | { kind: 'start'; refundId: string; step: Step }
  | { kind: 'payout'; refundId: string }
  | { kind: 'resume'; taskToken: string; output: Record<string, unknown> }
  | { kind: 'fail'; taskToken: string; error: string; cause: string }
  | { kind: 'stop'; refundId: string; cause: string };

export class RecordingWorkflow implements Workflow {
  readonly calls: WorkflowCall[] = [];
  private readonly used = new Set<string>();

  async start(refundId: string, step: Step) {
    this.calls.push({ kind: 'start', refundId, step });
  }

  async payout(refundId: string) {
    this.calls.push({ kind: 'payout', refundId });
  }

  async resume(taskToken: string, output: Record<string, unknown>) {
    this.take(taskToken);
    this.calls.push({ kind: 'resume', taskToken, output });
  }

  async fail(taskToken: string, error: string, cause: string) {
    this.take(taskToken);
    this.calls.push({ kind: 'fail', taskToken, error, cause });
  }

  async stop(refundId: string, cause: string) {
    this.calls.push({ kind: 'stop', refundId, cause });
  }

  private take(taskToken: string): void {
    if (this.used.has(taskToken)) throw new TaskTokenInvalid(`task token already used: ${taskToken}`);
    this.used.add(taskToken);
  }
}
