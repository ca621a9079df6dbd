/**
 * The message centres in the main table (Inbox port): one item per entry in its recipient's inbox partition
 * (keys.ts `inboxKey`), the notice kept as its event and facts. Kept with an UpdateItem that leaves `read` alone when
 * the entry exists (a retried step's notification neither duplicates it nor marks it unread again), so functions that
 * notify need no PutItem; marked read with a conditional UpdateItem; listed with a Query, newest first.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationFailed } from '../../domain/errors.ts';
import type { Audience, Notice } from '../../domain/notifications/catalogue.ts';
import { INBOX_ID, type InboxEntry } from '../../domain/notifications/inbox.ts';
import type { Inbox } from '../../ports/inbox.ts';
import type { Page } from '../../ports/refund-store.ts';
import { dynamoClient, tableName } from './client.ts';
import { INBOX_SORT_PREFIX, inboxKey, inboxPartition } from './keys.ts';
import { MAIN_TABLE } from './tables.ts';

const table = () => tableName(MAIN_TABLE);
const partOf = (audience: Audience) => (audience === 'buyer' ? 'BUYER' : 'MERCHANT');

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!INBOX_ID.test(id)) throw new ValidationFailed('cursor is not valid for this list');
  return id;
}

function entryFromItem(item: Record<string, unknown>): InboxEntry | undefined {
  const { id, at, audience, recipientId, channel, event, facts, read } = item;
  if (typeof id !== 'string' || typeof at !== 'string' || typeof event !== 'string') return undefined;
  if ((audience !== 'buyer' && audience !== 'merchant') || typeof recipientId !== 'string') return undefined;
  if (typeof facts !== 'object' || facts === null) return undefined;
  return {
    id,
    at,
    audience,
    recipientId,
    channel: channel as InboxEntry['channel'],
    notice: { audience, event, facts } as Notice,
    read: read === true,
  };
}

export class DynamoInbox implements Inbox {
  async keep(entry: Omit<InboxEntry, 'read'>): Promise<void> {
    await dynamoClient().send(
      new UpdateCommand({
        TableName: table(),
        Key: inboxKey(partOf(entry.audience), entry.recipientId, entry.id),
        UpdateExpression:
          'SET kind = :kind, id = :id, #at = :at, audience = :audience, recipientId = :recipient, ' +
          'channel = :channel, #event = :event, facts = :facts, #read = if_not_exists(#read, :unread)',
        ExpressionAttributeNames: { '#at': 'at', '#event': 'event', '#read': 'read' },
        ExpressionAttributeValues: {
          ':kind': 'NOTICE',
          ':id': entry.id,
          ':at': entry.at,
          ':audience': entry.audience,
          ':recipient': entry.recipientId,
          ':channel': entry.channel,
          ':event': entry.notice.event,
          ':facts': entry.notice.facts,
          ':unread': false,
        },
      }),
    );
  }

  async list(audience: Audience, recipientId: string, options: { cursor?: string; limit: number }) {
    const pk = inboxPartition(partOf(audience), recipientId);
    const start = options.cursor ? decodeCursor(options.cursor) : undefined;
    // One more than asked: whether it comes back says whether a next page exists.
    const { Items = [] } = await dynamoClient().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :note)',
        ExpressionAttributeValues: { ':pk': pk, ':note': INBOX_SORT_PREFIX },
        ScanIndexForward: false,
        Limit: options.limit + 1,
        ...(start ? { ExclusiveStartKey: { pk, sk: `${INBOX_SORT_PREFIX}${start}` } } : {}),
      }),
    );
    const page = Items.slice(0, options.limit).flatMap((item) => entryFromItem(item) ?? []);
    const last = page.at(-1);
    const result: Page<InboxEntry> = {
      items: page,
      ...(Items.length > options.limit && last ? { cursor: Buffer.from(last.id, 'utf8').toString('base64url') } : {}),
    };
    return result;
  }

  async markRead(audience: Audience, recipientId: string, id: string): Promise<boolean> {
    try {
      await dynamoClient().send(
        new UpdateCommand({
          TableName: table(),
          Key: inboxKey(partOf(audience), recipientId, id),
          UpdateExpression: 'SET #read = :read',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#read': 'read' },
          ExpressionAttributeValues: { ':read': true },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
