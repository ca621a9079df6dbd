/**
 * What the staff screens read (issue 19): a reviewer's availability as the server has it (`GET
 * /v1/review/availability`, away until it first joins, then whatever it last said, whoever asks from wherever), and
 * the merchant list's `timeoutAction`, what the stage's policy does when a merchant lets a deadline pass.
 */
import { describe, expect, it } from 'vitest';
import { givenARuntimeWithActors, uniqueId } from '../../support/steps.ts';

const { client, who } = givenARuntimeWithActors({ stage: 'staging' });

describe('a reviewer’s availability', () => {
  it('reads as away before joining, then as last set, and only for the reviewer itself', async () => {
    const reviewerId = uniqueId('reviewer');
    const token = await client.token('reviewer', reviewerId);
    const before = await client.call('GET', '/v1/review/availability', { token });
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ reviewerId, available: false, openTasks: 0 });
    for (const available of [true, false, true]) {
      expect((await client.call('PUT', '/v1/review/availability', { token, body: { available } })).status).toBe(200);
      const read = await client.call('GET', '/v1/review/availability', { token });
      expect(read.body).toMatchObject({ reviewerId, available });
    }
    // A query string is bad input; another role may not read it.
    expect((await client.call('GET', '/v1/review/availability?x=1', { token })).status).toBe(400);
    expect((await client.call('GET', '/v1/review/availability', { token: who.merchant })).status).toBe(403);
  });
});

describe('the merchant list', () => {
  it('says what the policy does when the merchant stays silent (staging escalates to a reviewer)', async () => {
    const page = await client.call('GET', '/v1/merchant/refunds?status=AWAITING_MERCHANT', { token: who.merchant });
    expect(page.status).toBe(200);
    expect(page.body.timeoutAction).toBe('MANUAL_REVIEW');
  });
});
