/**
 * DynamoDB implementation of the ReportLog port: one `REPORT#<date>` item per China date in the main table. A claim is
 * a conditional put (nothing there yet, or a released or expired claim that was never marked sent), so of two
 * schedule deliveries only one sends the e-mail.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ReportLog } from '../../ports/report-log.ts';
import { dynamoClient, tableName } from './client.ts';
import { reportKey } from './keys.ts';
import { MAIN_TABLE } from './tables.ts';

const table = () => tableName(MAIN_TABLE);

const conditionFailed = (error: unknown) => error instanceof ConditionalCheckFailedException;

export class DynamoReportLog implements ReportLog {
  async claim(date: string, at: string, leaseUntil: string): Promise<boolean> {
    try {
      await dynamoClient().send(
        new PutCommand({
          TableName: table(),
          Item: { ...reportKey(date), kind: 'DAILY_REPORT', date, status: 'SENDING', claimedAt: at, leaseUntil },
          ConditionExpression: 'attribute_not_exists(pk) OR (#status <> :sent AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'SENT', ':now': at },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async markSent(date: string, at: string, subject: string): Promise<void> {
    await dynamoClient().send(
      new UpdateCommand({
        TableName: table(),
        Key: reportKey(date),
        UpdateExpression: 'SET #status = :sent, sentAt = :at, subject = :subject',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'SENT', ':at': at, ':subject': subject },
      }),
    );
  }

  async release(date: string, at: string): Promise<void> {
    try {
      await dynamoClient().send(
        new UpdateCommand({
          TableName: table(),
          Key: reportKey(date),
          UpdateExpression: 'SET #status = :released, leaseUntil = :at',
          ConditionExpression: '#status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':released': 'RELEASED', ':sending': 'SENDING', ':at': at },
        }),
      );
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
  }
}
