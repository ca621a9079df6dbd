/** Builds the UpdateItem pieces for a refund change from named parts (status guard, timeline append, ...). */
import type { Refund } from '../../domain/refund.ts';
import type { RefundStatus } from '../../domain/vocabulary.ts';
import type { RefundChange } from '../../ports/refund-store.ts';
import { byMerchantKeys, createdDayKeys, outstandingPayoutKeys, refundStateChange } from './keys.ts';

export interface UpdateParts {
  UpdateExpression: string;
  ConditionExpression?: string;
  /** Absent when no name is needed: DynamoDB refuses an empty map. */
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

export function buildRefundUpdate(
  refund: Pick<Refund, 'refundId' | 'merchantId' | 'createdAt' | 'status'>,
  change: RefundChange,
  from?: readonly RefundStatus[],
  extraCondition?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> },
): UpdateParts {
  const now = change.event?.at ?? new Date().toISOString();
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':now': now };
  const sets = ['updatedAt = :now'];
  const removes: string[] = [];

  const set = (attribute: string, value: unknown) => {
    const n = `#${attribute}`;
    names[n] = attribute;
    values[`:${attribute}`] = value;
    sets.push(`${n} = :${attribute}`);
  };

  if (change.status) {
    set('status', change.status);
    const { gsi2pk, gsi2sk } = byMerchantKeys(refund.merchantId, change.status, refund.createdAt, refund.refundId);
    set('gsi2pk', gsi2pk);
    set('gsi2sk', gsi2sk);
    // Written once, at the first status change (creation writes only the buyer's index, to stay cheap).
    for (const [k, v] of Object.entries(createdDayKeys(refund.createdAt, refund.refundId))) {
      names[`#${k}`] = k;
      values[`:${k}`] = v;
      sets.push(`#${k} = if_not_exists(#${k}, :${k})`);
    }
    // The monitor's byState index holds live refunds only, keyed by when they entered the status.
    const state = refundStateChange(refund.refundId, change.status, now);
    removes.push(...state.remove);
    for (const [k, v] of Object.entries(state.set ?? {})) set(k, v);
  }
  const events = [...(change.event ? [change.event] : []), ...(change.laterEvents ?? [])];
  if (events.length) {
    values[':event'] = events;
    sets.push('timeline = list_append(timeline, :event)');
  }
  if (change.decision) {
    // Appended to the history, never overwritten; the latest decision is read as its last entry (item.ts), and the
    // copy refunds stored before that kept apart is dropped here.
    names['#decisions'] = 'decisions';
    names['#decision'] = 'decision';
    values[':decisions'] = [change.decision];
    values[':noDecisions'] = [];
    sets.push('#decisions = list_append(if_not_exists(#decisions, :noDecisions), :decisions)');
    removes.push('#decision');
  }
  if (change.payout) {
    set('payout', change.payout);
    // Owed and not yet settled: in the monitor's outstanding-payouts index (as PayoutStore.recordPayout does).
    if (change.status === 'PAYOUT_PENDING') {
      for (const [k, v] of Object.entries(outstandingPayoutKeys(refund.refundId, change.payout.promisedBy))) set(k, v);
    }
  }
  if (change.step) set('step', change.step);
  if (change.nextStep === null) removes.push('nextStep');
  else if (change.nextStep) set('nextStep', change.nextStep);
  for (const [attribute, value] of Object.entries(change.extra ?? {})) {
    if (value === undefined) {
      names[`#${attribute}`] = attribute;
      removes.push(`#${attribute}`);
    } else set(attribute, value);
  }

  const conditions = ['attribute_exists(pk)'];
  if (from?.length) {
    const placeholders = from.map((status, i) => {
      values[`:from${i}`] = status;
      return `:from${i}`;
    });
    names['#status'] = 'status';
    conditions.push(`#status IN (${placeholders.join(', ')})`);
  }
  if (extraCondition) {
    conditions.push(extraCondition.expression);
    Object.assign(names, extraCondition.names);
    Object.assign(values, extraCondition.values);
  }
  return {
    UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ConditionExpression: conditions.join(' AND '),
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: values,
  };
}
