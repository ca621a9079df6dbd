/**
 * After a restart the in-process runner has forgotten its executions; the refunds remember where they were. On
 * start, every refund still in flight is driven again from its stored state: an approved refund, or one whose payout
 * was recorded but never sent, goes to a payout run (the provider dedupes on the refund id); any other is assessed
 * again by the lifecycle's Assess function, which continues from what was already decided (one left SUBMITTED is
 * decided now), and goes where that leads: its lifecycle started in the wait (which stores a new task token), or a
 * payout run. Nothing is lost, nothing is decided or paid twice.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoClient, tableName } from '../functions/adapters/dynamodb/client.ts';
import { REFUND_PARTITION_PREFIX, refundKey } from '../functions/adapters/dynamodb/keys.ts';
import { MAIN_TABLE } from '../functions/adapters/dynamodb/tables.ts';
import { DomainError } from '../functions/domain/errors.ts';
import { isWait, type Step } from '../functions/domain/lifecycle.ts';
import type { RefundStatus } from '../functions/domain/vocabulary.ts';
import type { Workflow } from '../functions/ports/workflow.ts';

/** Statuses with no execution to resume: finished, or (a sent payout) left to the payout webhook and the monitor. */
const NOT_DRIVEN: ReadonlySet<string> = new Set<RefundStatus>(['REFUNDED', 'CANCELLED', 'PAYOUT_FAILED']);

/** How often a failing assessment is tried, and the first pause: the lifecycle's Assess Retry (4 attempts, doubling). */
const ASSESS_ATTEMPTS = 4;
const FIRST_PAUSE_MS = 100;

/**
 * The Assess function as the lifecycle's Assess state calls it: an error of the refund's own (not found, moved on) is
 * final, anything else (a throttled or failing store) is tried again with a doubling pause, as the state's Retry does.
 */
async function assessRetried(assess: (refundId: string) => Promise<Step>, refundId: string): Promise<Step> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await assess(refundId);
    } catch (error) {
      if (error instanceof DomainError || attempt >= ASSESS_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, FIRST_PAUSE_MS * 2 ** (attempt - 1)));
    }
  }
}

/**
 * Starts an execution for each refund in flight; returns how many. `assess` is the lifecycle's Assess (where the refund
 * stands, as a step), retried as the state machine retries it. A refund it cannot assess is left where it is and said
 * (as the execution's Assess would end or fail; the monitor flags it once it is overdue): one refund never keeps the
 * runtime from starting. A scan is fine here: local mode only.
 */
export async function redriveInFlight(
  workflow: Workflow,
  assess: (refundId: string) => Promise<Step>,
  log: (message: string, detail?: unknown) => void = () => undefined,
): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamoClient().send(
      new ScanCommand({
        TableName: tableName(MAIN_TABLE),
        // The refund item only: its partition also holds the refund's thread messages.
        FilterExpression: 'begins_with(pk, :refund) AND sk = :item',
        ExpressionAttributeValues: { ':refund': REFUND_PARTITION_PREFIX, ':item': refundKey('').sk },
        ProjectionExpression: 'refundId, #status, #step, #payout.sentAt',
        ExpressionAttributeNames: { '#status': 'status', '#step': 'step', '#payout': 'payout' },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const status = String(item.status);
      // A rejection is final unless the dispute window is still open.
      const finished = NOT_DRIVEN.has(status) || (status === 'REJECTED' && item.step !== 'AWAIT_DISPUTE');
      if (typeof item.refundId !== 'string' || finished) continue;
      if (status === 'PAYOUT_PENDING' && item.payout?.sentAt) continue;
      if (status === 'APPROVED' || status === 'PAYOUT_PENDING') await workflow.payout(item.refundId);
      else {
        const step = await assessRetried(assess, item.refundId).catch((error: unknown) => {
          log('could not re-drive a refund left in flight', { refundId: item.refundId, error: String(error) });
          return undefined;
        });
        if (!step) continue;
        if (isWait(step.outcome)) await workflow.start(item.refundId, step);
        else if (step.outcome === 'APPROVE') await workflow.payout(item.refundId);
        else continue;
      }
      count++;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}
