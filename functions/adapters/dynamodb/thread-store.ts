/**
 * The negotiation threads in the main table (ThreadStore port): one item per message in its refund's partition
 * (keys.ts `messageKey`, sorted by time), read with a Query, and a short entry per message on the refund item (its
 * `thread` list, which the timeline shows). A post is one transaction of both, conditioned on the refund's thread being
 * open and holding as many entries as the caller read, so a twin of a retried post, or a post racing the refund into a
 * final state, writes nothing.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationFailed } from '../../domain/errors.ts';
import { isThreadRole, type Message, type StoredMessage, threadEntryOf } from '../../domain/thread.ts';
import type { Page } from '../../ports/refund-store.ts';
import type { ThreadStore } from '../../ports/thread-store.ts';
import { dynamoClient, tableName } from './client.ts';
import { MESSAGE_SORT_PREFIX, messageKey, refundKey } from './keys.ts';
import { MAIN_TABLE } from './tables.ts';

const table = () => tableName(MAIN_TABLE);

/** A message's sort key after the prefix: `<ISO time>#<message id>` (what a cursor carries). */
const POSITION = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z#[A-Za-z0-9._:-]{1,128}$/;

function encodeCursor(sk: string): string {
  return Buffer.from(sk.slice(MESSAGE_SORT_PREFIX.length), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const position = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!POSITION.test(position)) throw new ValidationFailed('cursor is not valid for this list');
  return `${MESSAGE_SORT_PREFIX}${position}`;
}

function isStoredMessage(item: Record<string, unknown>): item is Record<string, unknown> & StoredMessage {
  const author = item.author as Record<string, unknown> | undefined;
  return (
    typeof item.messageId === 'string' &&
    typeof item.at === 'string' &&
    typeof item.text === 'string' &&
    // Every role that may write one reads back as one (the inspector's messages were dropped when this listed three).
    isThreadRole(author?.role) &&
    typeof author.id === 'string'
  );
}

/** The message as the domain knows it; undefined for an item that is not one. */
function storedFromItem(item: Record<string, unknown>): StoredMessage | undefined {
  if (!isStoredMessage(item)) return undefined;
  const { messageId, at, author, text, evidenceIds, requestHash } = item;
  return {
    messageId,
    at,
    author: { role: author.role, id: author.id },
    text,
    ...(Array.isArray(evidenceIds) && evidenceIds.length ? { evidenceIds: evidenceIds.map(String) } : {}),
    requestHash: typeof requestHash === 'string' ? requestHash : '',
  };
}

export class DynamoThreadStore implements ThreadStore {
  async post(refundId: string, message: StoredMessage, expectedCount: number): Promise<boolean> {
    // The entry count the caller read: with none read, the list may be absent or empty.
    const count = expectedCount === 0 ? '(attribute_not_exists(thread) OR size(thread) = :n)' : 'size(thread) = :n';
    try {
      await dynamoClient().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table(),
                Item: { ...messageKey(refundId, message.at, message.messageId), kind: 'MESSAGE', ...message },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: table(),
                Key: refundKey(refundId),
                UpdateExpression: 'SET thread = list_append(if_not_exists(thread, :empty), :entry)',
                // Open: not REFUNDED or CANCELLED, and not REJECTED unless the dispute window is open (thread.ts).
                ConditionExpression: [
                  'attribute_exists(pk)',
                  'NOT (#status IN (:refunded, :cancelled))',
                  '(#status <> :rejected OR #step = :disputable)',
                  count,
                ].join(' AND '),
                ExpressionAttributeNames: { '#status': 'status', '#step': 'step' },
                ExpressionAttributeValues: {
                  ':empty': [],
                  ':entry': [threadEntryOf(message)],
                  ':refunded': 'REFUNDED',
                  ':cancelled': 'CANCELLED',
                  ':rejected': 'REJECTED',
                  ':disputable': 'AWAIT_DISPUTE',
                  ':n': expectedCount,
                },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      // A failed condition, or a concurrent transaction on the refund item (DynamoDB cancels one of two): either way
      // nothing was written and the caller reads the refund again.
      const lost =
        error instanceof TransactionCanceledException &&
        (error.CancellationReasons ?? []).some(
          (r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict',
        );
      if (lost) return false;
      throw error;
    }
  }

  async get(refundId: string, entry: { messageId: string; at: string }): Promise<StoredMessage | undefined> {
    const { Item } = await dynamoClient().send(
      // Read on a replay, right after the refund showed its entry: the message was written in the same transaction, and
      // an eventually consistent read could still miss it (the retry would be answered 404).
      new GetCommand({
        TableName: table(),
        Key: messageKey(refundId, entry.at, entry.messageId),
        ConsistentRead: true,
      }),
    );
    return Item ? storedFromItem(Item) : undefined;
  }

  async list(refundId: string, options: { cursor?: string; limit: number; latest?: boolean }): Promise<Page<Message>> {
    const { pk } = refundKey(refundId);
    const start = options.cursor ? decodeCursor(options.cursor) : undefined;
    // One more than asked: whether it comes back says whether a next page exists.
    const { Items = [] } = await dynamoClient().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
        ExpressionAttributeValues: { ':pk': pk, ':msg': MESSAGE_SORT_PREFIX },
        ScanIndexForward: !options.latest,
        Limit: options.limit + 1,
        ...(start ? { ExclusiveStartKey: { pk, sk: start } } : {}),
      }),
    );
    const page = Items.slice(0, options.limit);
    const last = page.at(-1);
    const items = page.flatMap((item) => {
      const stored = storedFromItem(item);
      if (!stored) return [];
      const { requestHash: _hash, ...message } = stored;
      return [message];
    });
    return {
      items: options.latest ? items.reverse() : items,
      ...(Items.length > options.limit && last ? { cursor: encodeCursor(String(last.sk)) } : {}),
    };
  }
}
