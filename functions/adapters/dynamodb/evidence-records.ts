/**
 * The evidence list on the refund item (EvidenceRecords port). Appends use `list_append` under a condition, so two
 * uploads requested at once both land and a terminal refund never gains evidence; nothing is read first.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict, InvalidTransition, NotFound } from '../../domain/errors.ts';
import type { Evidence } from '../../domain/refund.ts';
import { TERMINAL_STATUSES } from '../../domain/vocabulary.ts';
import { type EvidenceRecords, MAX_EVIDENCE_PER_REFUND } from '../../ports/evidence-store.ts';
import { dynamoClient, tableName } from './client.ts';
import { refundFromItem } from './item.ts';
import { refundKey } from './keys.ts';
import { MAIN_TABLE } from './tables.ts';

const table = () => tableName(MAIN_TABLE);
const terminal = [...TERMINAL_STATUSES];

export class DynamoEvidenceRecords implements EvidenceRecords {
  async add(refundId: string, userId: string, evidence: Evidence, now: string): Promise<void> {
    const terminalValues = Object.fromEntries(terminal.map((s, i) => [`:t${i}`, s]));
    try {
      await dynamoClient().send(
        new UpdateCommand({
          TableName: table(),
          Key: refundKey(refundId),
          UpdateExpression: 'SET evidence = list_append(if_not_exists(evidence, :empty), :ev), updatedAt = :now',
          ConditionExpression: [
            'attribute_exists(pk)',
            'userId = :user',
            `NOT (#status IN (${Object.keys(terminalValues).join(', ')}))`,
            '(attribute_not_exists(evidence) OR size(evidence) < :max)',
          ].join(' AND '),
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':empty': [],
            ':ev': [evidence],
            ':now': now,
            ':user': userId,
            ':max': MAX_EVIDENCE_PER_REFUND,
            ...terminalValues,
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const current = await this.read(refundId);
      if (!current || current.userId !== userId) throw new NotFound('refund');
      if (TERMINAL_STATUSES.has(current.status)) throw new InvalidTransition(current.status, 'add evidence to');
      throw new Conflict('EVIDENCE_LIMIT', `a refund takes at most ${MAX_EVIDENCE_PER_REFUND} evidence files`);
    }
  }

  async markUploaded(
    refundId: string,
    evidenceId: string,
    uploadedAt: string,
    versionId?: string,
  ): Promise<Evidence | undefined> {
    const refund = await this.read(refundId);
    const index = refund?.evidence?.findIndex((e) => e.evidenceId === evidenceId) ?? -1;
    const found = refund?.evidence?.[index];
    if (!found) return undefined;
    if (found.uploadedAt) return found;
    try {
      await dynamoClient().send(
        new UpdateCommand({
          TableName: table(),
          Key: refundKey(refundId),
          UpdateExpression: versionId
            ? `SET evidence[${index}].uploadedAt = :at, evidence[${index}].versionId = :v`
            : `SET evidence[${index}].uploadedAt = :at`,
          ConditionExpression: `evidence[${index}].evidenceId = :id AND attribute_not_exists(evidence[${index}].uploadedAt)`,
          ExpressionAttributeValues: {
            ':at': uploadedAt,
            ':id': evidenceId,
            ...(versionId ? { ':v': versionId } : {}),
          },
        }),
      );
      return { ...found, uploadedAt, ...(versionId ? { versionId } : {}) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // A twin delivery got there first: its time stands.
      return (await this.read(refundId))?.evidence?.find((e) => e.evidenceId === evidenceId);
    }
  }

  async recordOcr(refundId: string, evidenceId: string, ocr: NonNullable<Evidence['ocr']>): Promise<boolean> {
    const refund = await this.read(refundId);
    const index = refund?.evidence?.findIndex((e) => e.evidenceId === evidenceId) ?? -1;
    if (index < 0) return false;
    try {
      await dynamoClient().send(
        new UpdateCommand({
          TableName: table(),
          Key: refundKey(refundId),
          UpdateExpression: `SET evidence[${index}].ocr = :ocr`,
          // Only the first reading counts: a repeated storage event finds it there and changes nothing.
          ConditionExpression: `evidence[${index}].evidenceId = :id AND attribute_not_exists(evidence[${index}].ocr)`,
          ExpressionAttributeValues: { ':ocr': ocr, ':id': evidenceId },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async read(refundId: string) {
    const result = await dynamoClient().send(new GetCommand({ TableName: table(), Key: refundKey(refundId) }));
    return result.Item ? refundFromItem(result.Item) : undefined;
  }
}
