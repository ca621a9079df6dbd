/**
 * Tasks for people in a map, balanced as the DynamoDB store balances them (functions/adapters/dynamodb/review-store.ts):
 * the available person with the fewest open tasks, another than `exclude`, the task created once per id.
 */
import {
  type Reviewer,
  type ReviewStore,
  type ReviewTask,
  type TaskStatus,
  UNASSIGNED,
} from '../../../functions/ports/review-store.ts';

export class InMemoryTaskStore implements ReviewStore {
  readonly people = new Map<string, Reviewer>();
  readonly tasks = new Map<string, ReviewTask>();

  async setAvailability(reviewerId: string, available: boolean) {
    const person = { reviewerId, available, openTasks: this.people.get(reviewerId)?.openTasks ?? 0 };
    this.people.set(reviewerId, person);
    return { ...person };
  }
  async getReviewer(reviewerId: string) {
    return { ...(this.people.get(reviewerId) ?? { reviewerId, available: false, openTasks: 0 }) };
  }
  async assign(draft: Omit<ReviewTask, 'reviewerId' | 'status'>, exclude?: string) {
    const existing = this.tasks.get(draft.taskId);
    if (existing) return { ...existing };
    const chosen = [...this.people.values()]
      .filter((p) => p.available && p.reviewerId !== exclude)
      .sort((a, b) => a.openTasks - b.openTasks || a.reviewerId.localeCompare(b.reviewerId))[0];
    if (chosen) chosen.openTasks += 1;
    const task: ReviewTask = { ...draft, reviewerId: chosen?.reviewerId ?? UNASSIGNED, status: 'OPEN' };
    this.tasks.set(task.taskId, task);
    return { ...task };
  }
  async getTask(taskId: string) {
    const task = this.tasks.get(taskId);
    return task ? structuredClone(task) : undefined;
  }
  async openTasks(reviewerId: string) {
    return [...this.tasks.values()].filter((t) => t.reviewerId === reviewerId && t.status === 'OPEN');
  }
  async takeUnassigned(reviewerId: string, limit: number) {
    const person = this.people.get(reviewerId);
    if (!person?.available) return [];
    const waiting = (await this.openTasks(UNASSIGNED))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .slice(0, limit);
    for (const task of waiting) {
      this.tasks.set(task.taskId, { ...task, reviewerId });
      person.openTasks += 1;
    }
    return waiting.map((task) => ({ ...task, reviewerId }));
  }
  async close(task: ReviewTask, status: Exclude<TaskStatus, 'OPEN'>, decision?: ReviewTask['decision']) {
    const stored = this.tasks.get(task.taskId);
    if (stored?.status !== 'OPEN') return false;
    this.tasks.set(task.taskId, { ...stored, status, ...(decision ? { decision } : {}) });
    const person = this.people.get(stored.reviewerId);
    if (person && person.openTasks > 0) person.openTasks -= 1;
    return true;
  }
}
