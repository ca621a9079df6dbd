/**
 * Tasks for people and the people they are balanced across, one store per role: reviewers (review, arbitration) and
 * inspectors (inspection of returned goods) are assigned the same way (balanced by open tasks, only those available,
 * reassigned at the SLA to someone else). Merchant response statistics.
 */

export type TaskStatus = 'OPEN' | 'DONE' | 'REASSIGNED';
export const TASK_KINDS = ['REVIEW', 'ARBITRATION', 'INSPECTION'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export interface ReviewTask {
  taskId: string;
  refundId: string;
  /** Who holds it (a reviewer or an inspector, by the store's role); 'UNASSIGNED' while nobody is available. */
  reviewerId: string;
  kind: TaskKind;
  status: TaskStatus;
  createdAt: string;
  dueBy: string;
  decision?: { decision: string; note: string; at: string };
}

export interface Reviewer {
  reviewerId: string;
  available: boolean;
  openTasks: number;
}

export const UNASSIGNED = 'UNASSIGNED';

export interface ReviewStore {
  setAvailability(reviewerId: string, available: boolean, now: string): Promise<Reviewer>;
  /** The reviewer as the rotation sees it; one never seen yet is away with no tasks. */
  getReviewer(reviewerId: string): Promise<Reviewer>;
  /**
   * Creates the task (idempotent on taskId) and gives it to the available reviewer with the fewest open tasks,
   * excluding `exclude`; the reviewer's counter is incremented in the same transaction, conditioned on the value
   * read, so concurrent assignments never both take the same slot.
   */
  assign(task: Omit<ReviewTask, 'reviewerId' | 'status'>, exclude?: string): Promise<ReviewTask>;
  getTask(taskId: string): Promise<ReviewTask | undefined>;
  openTasks(reviewerId: string): Promise<ReviewTask[]>;
  /**
   * Gives `reviewerId` (available) the open tasks nobody could take when they were assigned (UNASSIGNED), oldest
   * first, at most `limit`; each taken once, with the reviewer's counter, in one transaction. Returns those taken.
   */
  takeUnassigned(reviewerId: string, limit: number): Promise<ReviewTask[]>;
  /** Closes an OPEN task (decided or reassigned) and frees its reviewer's slot; false if it was not open. */
  close(task: ReviewTask, status: Exclude<TaskStatus, 'OPEN'>, decision?: ReviewTask['decision']): Promise<boolean>;
}

export interface MerchantStats {
  merchantId: string;
  /** Times the merchant was asked to act: decide a refund, or confirm that returned goods arrived. */
  asked: number;
  approved: number;
  rejected: number;
  /** Of those, the ones left to run out; never more than `asked`. */
  timedOut: number;
  /** Sum of response times in seconds over answered requests; divide by approved + rejected for the mean. */
  responseSecondsTotal: number;
}

/**
 * What a merchant's request ended as, for its MerchantStats: counted in the same write as the scorecard's count
 * (./scorecard-store.ts `add`), so the two never disagree and a refund pays for one write, not two.
 */
export type MerchantStatOutcome = 'ASKED' | 'APPROVED' | 'REJECTED' | 'TIMED_OUT';

/** The merchant's statistics since the first request, read from where the scorecard counted them. */
export interface MerchantStatsStore {
  get(merchantId: string, now: Date): Promise<MerchantStats>;
}
