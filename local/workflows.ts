/**
 * The Workflow port locally: the two ASL files, each on its own in-process runner, as in AWS.
 * - `lifecycle` (statemachines/refund-lifecycle.asl.json, Standard): the refunds that wait for a person;
 * - `payouts` (statemachines/refund-payout.asl.json, Express): paying an approved refund, started by the
 *   application or by the lifecycle's StartPayout (its `PayoutStateMachineArn` task starts a run here).
 * Payout runs are named after their refund locally (AWS gives Express runs generated names), so a test or the bench
 * can wait for a refund's whole journey with `finished(refundId)`.
 */
import type { Step } from '../functions/domain/lifecycle.ts';
import type { Workflow } from '../functions/ports/workflow.ts';
import { type ExecutionRecord, LocalStepFunctions, type TaskHandler } from './asl-runner.ts';

export interface LocalWorkflowOptions {
  lifecycleDefinition: string;
  payoutDefinition: string;
  /** Substitution name (e.g. AssessFunctionArn) → the handler it stands for, for both machines. */
  tasks: Record<string, TaskHandler>;
  timeScale?: number;
  log?: (message: string, detail?: unknown) => void;
}

/** A refund's journey through both machines: what each ran, and the states entered, lifecycle first. */
export interface JourneyRecord {
  status: ExecutionRecord['status'];
  /** Every state entered, the lifecycle's then the payout's. */
  statesEntered: string[];
  /** States entered in the Standard machine: what Step Functions bills per transition. */
  standardStates: string[];
  /** States entered in the Express machine: billed per run and duration, not per transition. */
  expressStates: string[];
  /** Express runs started for the refund (a repeated start after one ended counts again). */
  expressRuns: number;
  error?: string;
}

export class LocalWorkflow implements Workflow {
  readonly lifecycle: LocalStepFunctions;
  readonly payouts: LocalStepFunctions;
  private readonly runs = new Map<string, number>();

  constructor(options: LocalWorkflowOptions) {
    const { lifecycleDefinition, payoutDefinition, tasks, ...rest } = options;
    this.payouts = new LocalStepFunctions({ ...rest, definitionPath: payoutDefinition, tasks, express: true });
    this.lifecycle = new LocalStepFunctions({
      ...rest,
      definitionPath: lifecycleDefinition,
      tasks: {
        ...tasks,
        // StartPayout: starts the payout run and returns at once, as states:startExecution does.
        PayoutStateMachineArn: async (input) => {
          const refundId = String((input as { refundId?: unknown } | null)?.refundId ?? '');
          await this.payout(refundId);
          return { executionArn: `local:payout:${refundId}` };
        },
      },
    });
  }

  start(refundId: string, step: Step): Promise<void> {
    return this.lifecycle.start(refundId, step);
  }

  async payout(refundId: string): Promise<void> {
    const running = this.payouts.execution(refundId)?.status === 'RUNNING';
    await this.payouts.start(refundId);
    if (!running) this.runs.set(refundId, (this.runs.get(refundId) ?? 0) + 1);
  }

  resume(taskToken: string, output: Record<string, unknown>): Promise<void> {
    return this.lifecycle.resume(taskToken, output);
  }

  fail(taskToken: string, error: string, cause: string): Promise<void> {
    return this.lifecycle.fail(taskToken, error, cause);
  }

  stop(refundId: string): Promise<void> {
    return this.lifecycle.stop(refundId);
  }

  /** The refund's lifecycle execution (undefined when it never waited for a person). */
  execution(refundId: string): ExecutionRecord | undefined {
    return this.lifecycle.execution(refundId);
  }

  /**
   * Waits until the refund's journey has ended: its lifecycle execution if it has one, then the payout run that
   * follows an approval. Undefined when neither ever started.
   */
  async finished(refundId: string): Promise<JourneyRecord | undefined> {
    const lifecycle = await this.lifecycle.finished(refundId);
    const payout = await this.payouts.finished(refundId);
    const records = [lifecycle, payout].filter((r): r is ExecutionRecord => r !== undefined);
    const last = records.at(-1);
    if (!last) return undefined;
    const failed = records.find((r) => r.status === 'FAILED');
    const standardStates = lifecycle?.statesEntered ?? [];
    const expressStates = payout?.statesEntered ?? [];
    return {
      status: failed?.status ?? last.status,
      statesEntered: [...standardStates, ...expressStates],
      standardStates,
      expressStates,
      expressRuns: this.runs.get(refundId) ?? 0,
      ...(failed?.error ? { error: failed.error } : {}),
    };
  }

  shutdown(): void {
    this.lifecycle.shutdown();
    this.payouts.shutdown();
  }
}
