/**
 * The stored key formats, spelled out once: items already in the tables must stay readable, so a change to
 * functions/adapters/dynamodb/keys.ts that alters any of these is a data migration, not a refactor.
 */
import { describe, expect, it } from 'vitest';
import * as keys from '../../functions/adapters/dynamodb/keys.ts';

const AT = '2026-11-26T08:00:00.000Z';

describe('main table keys', () => {
  it('keep the order, refund, alert, task, reviewer and merchant statistics items where they are', () => {
    expect(keys.orderKey('o-1')).toEqual({ pk: 'ORDER#o-1', sk: '#ORDER' });
    expect(keys.refundKey('r-1')).toEqual({ pk: 'REFUND#r-1', sk: '#REFUND' });
    expect(keys.refundKey('r-1').pk.startsWith(keys.REFUND_PARTITION_PREFIX)).toBe(true);
    expect(keys.alertKey('LATE_PAYOUT#r-1')).toEqual({ pk: 'ALERT#LATE_PAYOUT#r-1', sk: '#ALERT' });
    expect(keys.reviewTaskKey('t-1')).toEqual({ pk: 'TASK#t-1', sk: '#TASK' });
    expect(keys.reviewerKey('rv-1')).toEqual({ pk: 'REVIEWERS', sk: 'R#rv-1' });
    expect(keys.reviewerKey('rv-1').pk).toBe(keys.REVIEWERS_PARTITION);
    expect(keys.merchantStatsKey('m-1')).toEqual({ pk: 'MERCHANT#m-1', sk: 'STATS' });
    // A thread's messages share their refund's partition, sorted by time after the refund item.
    expect(keys.messageKey('r-1', AT, 'msg_1')).toEqual({ pk: 'REFUND#r-1', sk: `MSG#${AT}#msg_1` });
    expect(keys.messageKey('r-1', AT, 'msg_1').sk.startsWith(keys.MESSAGE_SORT_PREFIX)).toBe(true);
    expect(keys.merchantReturnAddressKey('m-1')).toEqual({ pk: 'MERCHANT#m-1', sk: 'RETURN_ADDRESS' });
    expect(keys.inboxKey('BUYER', 'u-1', 'n-1')).toEqual({ pk: 'INBOX#BUYER#u-1', sk: 'NOTE#n-1' });
    expect(keys.inboxKey('MERCHANT', 'm-1', 'n-1')).toEqual({ pk: 'INBOX#MERCHANT#m-1', sk: 'NOTE#n-1' });
    // A month's scorecards share one partition (finance lists them with one Query), by merchant.
    expect(keys.scorecardKey('2026-11', 'm-1')).toEqual({ pk: 'SCORECARD#2026-11', sk: 'MERCHANT#m-1' });
    expect(keys.scorecardPartition('2026-11')).toBe('SCORECARD#2026-11');
  });

  it('keep the index keys, and the partitions queries read match what writes store', () => {
    expect(keys.byUserKeys('u-1', AT, 'r-1')).toEqual({ gsi1pk: 'USER#u-1', gsi1sk: `${AT}#r-1` });
    expect(keys.userPartition('u-1')).toBe('USER#u-1');

    expect(keys.byMerchantKeys('m-1', 'APPROVED', AT, 'r-1')).toEqual({
      gsi2pk: 'MERCHANT#m-1',
      gsi2sk: `APPROVED#${AT}#r-1`,
    });
    expect(keys.merchantPartition('m-1')).toBe('MERCHANT#m-1');
    expect(keys.byMerchantSortPrefix('APPROVED')).toBe('APPROVED#');
    expect(keys.byMerchantSortPrefix('APPROVED', AT)).toBe(`APPROVED#${AT}`);

    expect(keys.reviewTaskKeys('rv-1', 'OPEN', AT, 't-1')).toEqual({
      gsi1pk: 'REVIEWER#rv-1',
      gsi1sk: `OPEN#${AT}#t-1`,
    });
    expect(keys.reviewerPartition('rv-1')).toBe('REVIEWER#rv-1');
    expect(keys.reviewTaskSortPrefix('OPEN')).toBe('OPEN#');

    expect(keys.outstandingPayoutKeys('r-1', AT)).toEqual({ gsi3pk: 'PAYOUT#6', gsi3sk: `${AT}#r-1` });
    expect(keys.outstandingPayoutPartition(6)).toBe('PAYOUT#6');

    expect(keys.refundStateKeys('r-1', 'AWAITING_MERCHANT', AT)).toEqual({
      gsi4pk: 'REFUND#AWAITING_MERCHANT#2',
      gsi4sk: `${AT}#r-1`,
    });
    expect(keys.refundStatePartition('AWAITING_MERCHANT', 2)).toBe('REFUND#AWAITING_MERCHANT#2');
    expect(keys.alertStateKeys('OPEN', AT, 'a-1')).toEqual({ gsi4pk: 'ALERTS#OPEN', gsi4sk: `${AT}#a-1` });
    expect(keys.alertStatePartition('OPEN')).toBe('ALERTS#OPEN');

    expect(keys.createdDayKeys(AT, 'r-1')).toEqual({ gsi5pk: 'CREATED#2026-11-26', gsi5sk: `${AT}#r-1` });
    expect(keys.createdDayPartition('2026-11-26')).toBe('CREATED#2026-11-26');
  });
});

describe('ledger table keys', () => {
  it('keep one partition per refund', () => {
    expect(keys.ledgerPartition('r-1')).toBe('REFUND#r-1');
  });
});
