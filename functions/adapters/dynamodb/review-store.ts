/**
 * Tasks and the people they are balanced across, in the main table, one pool per role (`new DynamoReviewStore()` for
 * reviewers, `new DynamoReviewStore('inspector')` for inspectors). A pool shares one partition (`REVIEWERS`,
 * `INSPECTORS`), small enough to read whole; a task's open/closed state is its `gsi1sk` prefix on the byUser index
 * under `REVIEWER#<id>` or `INSPECTOR#<id>`.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Reviewer,
  type ReviewStore,
  type ReviewTask,
  TASK_KINDS,
  type TaskKind,
  UNASSIGNED,
} from '../../ports/review-store.ts';
import { dynamoClient, tableName } from './client.ts';
import { indexName } from './index-layout.ts';
import {
  poolPartition,
  reviewerKey,
  reviewerPartition,
  reviewTaskKey,
  reviewTaskKeys,
  reviewTaskSortPrefix,
  type TaskPool,
} from './keys.ts';
import { MAIN_TABLE } from './tables.ts';

const table = () => tableName(MAIN_TABLE);

function toTask(item: Record<string, unknown>): ReviewTask {
  const text = (name: string) => (typeof item[name] === 'string' ? String(item[name]) : undefined);
  const [taskId, refundId, reviewerId, kind, status, createdAt, dueBy] = [
    'taskId',
    'refundId',
    'reviewerId',
    'kind',
    'status',
    'createdAt',
    'dueBy',
  ].map(text);
  const decision = item.decision;
  if (!taskId || !refundId || !reviewerId || !createdAt || !dueBy) throw new Error('malformed review task');
  if (!(TASK_KINDS as readonly (string | undefined)[]).includes(kind))
    throw new Error(`review task ${taskId} has kind ${kind}`);
  if (status !== 'OPEN' && status !== 'DONE' && status !== 'REASSIGNED')
    throw new Error(`review task ${taskId} has status ${status}`);
  return {
    taskId,
    refundId,
    reviewerId,
    kind: kind as TaskKind,
    status,
    createdAt,
    dueBy,
    ...(decision && typeof decision === 'object' && 'decision' in decision && 'note' in decision && 'at' in decision
      ? { decision: { decision: String(decision.decision), note: String(decision.note), at: String(decision.at) } }
      : {}),
  };
}

function toReviewer(item: Record<string, unknown>): Reviewer {
  return {
    reviewerId: String(item.reviewerId),
    available: item.available === true,
    openTasks: typeof item.openTasks === 'number' ? item.openTasks : 0,
  };
}

export class DynamoReviewStore implements ReviewStore {
  constructor(private readonly pool: TaskPool = 'reviewer') {}

  private taskIndex(task: Pick<ReviewTask, 'reviewerId' | 'status' | 'createdAt' | 'taskId'>) {
    return reviewTaskKeys(task.reviewerId, task.status, task.createdAt, task.taskId, this.pool);
  }

  async setAvailability(reviewerId: string, available: boolean, now: string) {
    const result = await dynamoClient().send(
      new UpdateCommand({
        TableName: table(),
        Key: reviewerKey(reviewerId, this.pool),
        UpdateExpression:
          'SET reviewerId = :id, available = :a, updatedAt = :now, openTasks = if_not_exists(openTasks, :zero)',
        ExpressionAttributeValues: { ':id': reviewerId, ':a': available, ':now': now, ':zero': 0 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toReviewer(result.Attributes ?? {});
  }

  async getReviewer(reviewerId: string): Promise<Reviewer> {
    const result = await dynamoClient().send(
      new GetCommand({ TableName: table(), Key: reviewerKey(reviewerId, this.pool), ConsistentRead: true }),
    );
    return result.Item ? toReviewer(result.Item) : { reviewerId, available: false, openTasks: 0 };
  }

  private async reviewers(): Promise<Reviewer[]> {
    const result = await dynamoClient().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': poolPartition(this.pool) },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map(toReviewer);
  }

  async assign(draft: Omit<ReviewTask, 'reviewerId' | 'status'>, exclude?: string): Promise<ReviewTask> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const existing = await this.getTask(draft.taskId);
      if (existing) return existing;
      const candidates = (await this.reviewers())
        .filter((r) => r.available && r.reviewerId !== exclude)
        .sort((a, b) => a.openTasks - b.openTasks || a.reviewerId.localeCompare(b.reviewerId));
      const chosen = candidates[0];
      const task: ReviewTask = { ...draft, reviewerId: chosen?.reviewerId ?? UNASSIGNED, status: 'OPEN' };
      try {
        await dynamoClient().send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: table(),
                  Item: { ...reviewTaskKey(task.taskId), ...this.taskIndex(task), ...task },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              ...(chosen
                ? [
                    {
                      Update: {
                        TableName: table(),
                        Key: reviewerKey(chosen.reviewerId, this.pool),
                        UpdateExpression: 'SET openTasks = openTasks + :one',
                        ConditionExpression: 'openTasks = :seen AND available = :yes',
                        ExpressionAttributeValues: { ':one': 1, ':seen': chosen.openTasks, ':yes': true },
                      },
                    },
                  ]
                : []),
            ],
          }),
        );
        return task;
      } catch (error) {
        // Another assignment took the slot (or created the task): read again and retry.
        if (!(error instanceof TransactionCanceledException)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * (attempt + 1)));
      }
    }
    throw new Error(`could not assign review task ${draft.taskId}`);
  }

  async getTask(taskId: string) {
    const result = await dynamoClient().send(
      new GetCommand({ TableName: table(), Key: reviewTaskKey(taskId), ConsistentRead: true }),
    );
    return result.Item ? toTask(result.Item) : undefined;
  }

  async openTasks(reviewerId: string) {
    const result = await dynamoClient().send(
      new QueryCommand({
        TableName: table(),
        IndexName: indexName('byUser'),
        KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :open)',
        ExpressionAttributeValues: {
          ':p': reviewerPartition(reviewerId, this.pool),
          ':open': reviewTaskSortPrefix('OPEN'),
        },
      }),
    );
    return (result.Items ?? []).map(toTask);
  }

  async takeUnassigned(reviewerId: string, limit: number): Promise<ReviewTask[]> {
    // The index's sort key starts with the status and then the creation time: oldest first.
    const waiting = (await this.openTasks(UNASSIGNED)).slice(0, limit);
    const taken: ReviewTask[] = [];
    for (const task of waiting) {
      const mine = { ...task, reviewerId };
      const index = this.taskIndex(mine);
      try {
        await dynamoClient().send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: table(),
                  Key: reviewTaskKey(task.taskId),
                  UpdateExpression: 'SET reviewerId = :me, gsi1pk = :pk, gsi1sk = :sk',
                  ConditionExpression: 'reviewerId = :nobody AND #status = :open',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: {
                    ':me': reviewerId,
                    ':pk': index.gsi1pk,
                    ':sk': index.gsi1sk,
                    ':nobody': UNASSIGNED,
                    ':open': 'OPEN',
                  },
                },
              },
              {
                Update: {
                  TableName: table(),
                  Key: reviewerKey(reviewerId, this.pool),
                  UpdateExpression: 'SET openTasks = openTasks + :one',
                  ConditionExpression: 'available = :yes',
                  ExpressionAttributeValues: { ':one': 1, ':yes': true },
                },
              },
            ],
          }),
        );
        taken.push(mine);
      } catch (error) {
        // Taken by another reviewer who joined at the same moment, closed meanwhile, or this one left again.
        if (!(error instanceof TransactionCanceledException)) throw error;
      }
    }
    return taken;
  }

  async close(task: ReviewTask, status: 'DONE' | 'REASSIGNED', decision?: ReviewTask['decision']): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const outcome = await this.closeAsHeld(task, status, decision);
      if (outcome !== 'HOLDER_CHANGED') return outcome;
      // Taken from UNASSIGNED since it was read (takeUnassigned): close it as its holder now, freeing their slot.
      const current = await this.getTask(task.taskId);
      if (current?.status !== 'OPEN') return false;
      task = current;
    }
    return false;
  }

  /** Closes the task if it is still OPEN and held by `task.reviewerId`, freeing that slot. */
  private async closeAsHeld(
    task: ReviewTask,
    status: 'DONE' | 'REASSIGNED',
    decision?: ReviewTask['decision'],
  ): Promise<boolean | 'HOLDER_CHANGED'> {
    const closed = { ...task, status };
    try {
      await dynamoClient().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table(),
                Key: reviewTaskKey(task.taskId),
                UpdateExpression: `SET #status = :status, gsi1sk = :sk${decision ? ', decision = :decision' : ''}`,
                ConditionExpression: '#status = :open AND reviewerId = :holder',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':status': status,
                  ':sk': this.taskIndex(closed).gsi1sk,
                  ':open': 'OPEN',
                  ':holder': task.reviewerId,
                  ...(decision ? { ':decision': decision } : {}),
                },
              },
            },
            ...(task.reviewerId === UNASSIGNED
              ? []
              : [
                  {
                    Update: {
                      TableName: table(),
                      Key: reviewerKey(task.reviewerId, this.pool),
                      UpdateExpression: 'SET openTasks = openTasks - :one',
                      ConditionExpression: 'openTasks > :zero',
                      ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
                    },
                  },
                ]),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      // The task's own condition: closed meanwhile, or another holder (close() reads it again to tell).
      return error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed' ? 'HOLDER_CHANGED' : false;
    }
  }
}
