/**
 * Finance works a real alert over HTTP on the local runtime (issue 16): the monitor raises it, a finance user
 * acknowledges, reassigns and resolves it and reads its history; callers of other roles get 403, bad input 400,
 * unknown alerts 404, a resolved alert 409, and none of them changes anything. A problem still there after it was
 * resolved reopens the same alert; old CLOSED alerts read as RESOLVED; the assignee filter pages correctly.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamoClient } from '../../../functions/adapters/dynamodb/client.ts';
import { alertKey, alertStateKeys } from '../../../functions/adapters/dynamodb/keys.ts';
import { MAIN_TABLE } from '../../../functions/adapters/dynamodb/tables.ts';
import { givenARuntimeWithActors } from '../../support/steps.ts';
import { MonitoringSteps, TestClock } from './steps.ts';

const clock = new TestClock(Date.parse('2026-11-26T04:00:00.000Z'));
const { client, who } = givenARuntimeWithActors({ clock, monitorEverySeconds: 0 });
const steps = new MonitoringSteps(client, clock);
const HOUR = 3600;
const ID = 'LATE_PAYOUT#wf-1';
const path = (alertId: string, action: string) => `/v1/finance/alerts/${encodeURIComponent(alertId)}/${action}`;

interface AlertBody {
  alertId: string;
  status: string;
  assignee?: string;
  acknowledgedAt?: string;
  resolvedAt?: string;
  history: { at: string; by: string; action: string; note?: string; to?: string }[];
}

const act = async (action: string, body: unknown, token = who.finance, alertId = ID) =>
  client.call('POST', path(alertId, action), { token, body });
const list = async (query: string) => {
  const response = await client.call('GET', `/v1/finance/alerts?${query}`, { token: who.finance });
  expect(response.status).toBe(200);
  return response.body as { items: AlertBody[]; cursor?: string };
};
const current = async (status: string) => (await list(`status=${status}`)).items.find((a) => a.alertId === ID);

describe('a finance user working a late-payout alert', () => {
  it('finds it OPEN after the monitor run', async () => {
    await steps.givenSentPayout('wf-1', clock.iso(-2 * HOUR));
    await steps.runMonitor();
    expect(await current('OPEN')).toMatchObject({ status: 'OPEN', history: [{ action: 'OPENED', by: 'monitor' }] });
  });

  it('refuses other roles (403), bad input (400) and unknown alerts (404), and nothing changes', async () => {
    for (const token of [who.buyer, who.merchant, who.reviewer]) {
      const refused = await act('acknowledge', {}, token);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
    }
    const bad: [string, unknown][] = [
      ['assign', {}],
      ['assign', { to: '' }],
      ['resolve', {}],
      ['resolve', { note: '' }],
      ['resolve', { note: '   ' }],
      ['resolve', { note: 'x'.repeat(501) }],
      ['acknowledge', { note: 'x'.repeat(501) }],
      ['acknowledge', { note: 'ok', status: 'RESOLVED' }],
    ];
    for (const [action, body] of bad) {
      const response = await act(action, body);
      expect(response.status, `${action} ${JSON.stringify(body)}`).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
    const unknown = await act('acknowledge', {}, who.finance, 'LATE_PAYOUT#nobody');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ALERT_NOT_FOUND');
    const badQuery = await client.call('GET', '/v1/finance/alerts?status=CLOSED', { token: who.finance });
    expect(badQuery.status).toBe(400);

    expect(await current('OPEN')).toMatchObject({ status: 'OPEN', history: [{ action: 'OPENED' }] });
    expect((await current('OPEN'))?.assignee).toBeUndefined();
  });

  it('acknowledges it: ACKNOWLEDGED and theirs; acknowledging again changes nothing', async () => {
    clock.advance(60);
    const acked = await act('acknowledge', { note: 'checking with the provider' });
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ status: 'ACKNOWLEDGED', assignee: who.financeId, acknowledgedAt: clock.iso() });
    const again = await act('acknowledge', {});
    expect(again.status).toBe(200);
    expect(again.body.history).toEqual(acked.body.history);
    expect(await current('OPEN')).toBeUndefined();
    const mine = await list(`status=ACKNOWLEDGED&assignee=${encodeURIComponent(who.financeId)}`);
    expect(mine.items.map((a) => a.alertId)).toEqual([ID]);
  });

  it('assigns it to a colleague, who then finds it under their name', async () => {
    const assigned = await act('assign', { to: 'finance-colleague' });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'ACKNOWLEDGED', assignee: 'finance-colleague' });
    expect((await list('status=ACKNOWLEDGED&assignee=finance-colleague')).items.map((a) => a.alertId)).toEqual([ID]);
    expect((await list(`status=ACKNOWLEDGED&assignee=${encodeURIComponent(who.financeId)}`)).items).toEqual([]);
  });

  it("counts it in the day's report e-mailed to finance, run by the DailyReport function with its own grants", async () => {
    const day = clock.iso().slice(0, 10);
    const run = await client.call('POST', `/local/report/run?date=${day}`);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ date: day, sent: true });
    const mail = client.runtime.outbox.entries.find(
      (m) => m.channel === 'finance' && m.attributes?.kind === 'DAILY_REPORT',
    );
    expect(mail?.subject).toContain('1 unresolved alert');
    expect(mail?.text).toContain(ID);
  });

  it('takes the id with ~ for each # in the path, the form that needs no encoding (the console uses it)', async () => {
    const tilde = await client.call('POST', `/v1/finance/alerts/${ID.replaceAll('#', '~')}/assign`, {
      token: who.finance,
      body: { to: 'finance-colleague' },
    });
    // The same alert, already theirs: unchanged.
    expect(tilde.status).toBe(200);
    expect(tilde.body).toMatchObject({ alertId: ID, assignee: 'finance-colleague' });
  });

  it('is not reminded about while it is owned', async () => {
    clock.advance(10 * HOUR);
    await steps.runMonitor();
    expect(steps.financeMessages().filter((m) => m.attributes?.alertId === ID)).toHaveLength(1);
    expect(steps.operationsMessages()).toEqual([]);
  });

  it('resolves it with a note and reads the whole history; a resolved alert refuses every action (409)', async () => {
    const resolved = await act('resolve', { note: 'provider confirmed, money arrives tomorrow' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'RESOLVED', resolvedAt: clock.iso() });
    const history = (await current('RESOLVED'))?.history;
    expect(history?.map((h) => [h.action, h.by, h.note ?? h.to])).toEqual([
      ['OPENED', 'monitor', undefined],
      ['ACKNOWLEDGED', who.financeId, 'checking with the provider'],
      ['ASSIGNED', who.financeId, 'finance-colleague'],
      ['RESOLVED', who.financeId, 'provider confirmed, money arrives tomorrow'],
    ]);
    for (const [action, body] of [
      ['acknowledge', {}],
      ['assign', { to: 'someone' }],
      ['resolve', { note: 'again' }],
    ] as const) {
      const refused = await act(action, body);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('ALERT_RESOLVED');
    }
    expect((await current('RESOLVED'))?.history).toHaveLength(4);
  });

  it('reopens (same id, history kept) when the monitor still finds the problem, and resolves itself when fixed', async () => {
    clock.advance(2 * HOUR);
    await steps.runMonitor();
    const reopened = await current('OPEN');
    expect(reopened?.history.map((h) => h.action)).toEqual([
      'OPENED',
      'ACKNOWLEDGED',
      'ASSIGNED',
      'RESOLVED',
      'REOPENED',
    ]);
    await steps.whenSettled('wf-1');
    await steps.runMonitor();
    expect((await current('RESOLVED'))?.history.at(-1)).toMatchObject({ action: 'AUTO_RESOLVED', by: 'monitor' });
  });
});

describe('alerts stored before they had owners', () => {
  it('a CLOSED one reads as RESOLVED with its history rebuilt, and cannot be acted on', async () => {
    const legacy = {
      alertId: 'PAYOUT_FAILED#old-1',
      kind: 'PAYOUT_FAILED',
      status: 'CLOSED',
      refundId: 'old-1',
      since: '2026-10-01T00:00:00.000Z',
      detail: 'Payout failed: account closed.',
      firstDetectedAt: '2026-10-01T00:05:00.000Z',
      lastNotifiedAt: '2026-10-01T00:05:00.000Z',
      notifyCount: 1,
      closedAt: '2026-10-02T00:00:00.000Z',
    };
    await dynamoClient().send(
      new PutCommand({
        TableName: client.runtime.tableName(MAIN_TABLE),
        Item: {
          ...alertKey(legacy.alertId),
          ...alertStateKeys('CLOSED', legacy.firstDetectedAt, legacy.alertId),
          ...legacy,
        },
      }),
    );
    const resolved = (await list('status=RESOLVED&limit=100')).items.find((a) => a.alertId === legacy.alertId);
    expect(resolved).toMatchObject({
      status: 'RESOLVED',
      resolvedAt: legacy.closedAt,
      history: [
        { action: 'OPENED', by: 'monitor', at: legacy.firstDetectedAt },
        { action: 'AUTO_RESOLVED', by: 'monitor', at: legacy.closedAt },
      ],
    });
    expect((await act('acknowledge', {}, who.finance, legacy.alertId)).status).toBe(409);
  });
});

describe('an OPEN alert stored before alerts had versions', () => {
  it('is acknowledged once (its first versioned write), and only once', async () => {
    const alertId = 'PAYOUT_FAILED#old-2';
    const at = '2026-11-01T00:05:00.000Z';
    await dynamoClient().send(
      new PutCommand({
        TableName: client.runtime.tableName(MAIN_TABLE),
        Item: {
          ...alertKey(alertId),
          ...alertStateKeys('OPEN', at, alertId),
          alertId,
          kind: 'PAYOUT_FAILED',
          status: 'OPEN',
          refundId: 'old-2',
          since: at,
          detail: 'Payout failed.',
          firstDetectedAt: at,
          lastNotifiedAt: at,
          notifyCount: 1,
        },
      }),
    );
    const acked = await act('acknowledge', {}, who.finance, alertId);
    expect(acked.status).toBe(200);
    expect(acked.body.history.map((h: { action: string }) => h.action)).toEqual(['OPENED', 'ACKNOWLEDGED']);
    const resolved = await act('resolve', { note: 'paid to the balance' }, who.finance, alertId);
    expect(resolved.body).toMatchObject({ status: 'RESOLVED' });
    expect(resolved.body.history).toHaveLength(3);
  });
});

describe('listing one person’s alerts', () => {
  it('pages through the status partition without skipping or repeating any', async () => {
    const at = (i: number) => new Date(Date.parse('2026-11-20T00:00:00.000Z') + i * 60_000).toISOString();
    const mine: string[] = [];
    for (let i = 0; i < 9; i += 1) {
      const alertId = `STUCK_REFUND#page-${i}#AWAITING_MERCHANT`;
      const assignee = i % 3 === 0 ? 'pager' : 'someone-else';
      if (assignee === 'pager') mine.push(alertId);
      await dynamoClient().send(
        new PutCommand({
          TableName: client.runtime.tableName(MAIN_TABLE),
          Item: {
            ...alertKey(alertId),
            ...alertStateKeys('ACKNOWLEDGED', at(i), alertId),
            alertId,
            kind: 'STUCK_REFUND',
            status: 'ACKNOWLEDGED',
            refundId: `page-${i}`,
            since: at(i),
            detail: 'Stuck.',
            firstDetectedAt: at(i),
            lastNotifiedAt: at(i),
            notifyCount: 1,
            assignee,
            acknowledgedAt: at(i),
            history: [{ at: at(i), by: 'monitor', action: 'OPENED' }],
            version: 2,
          },
        }),
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list(`status=ACKNOWLEDGED&assignee=pager&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((a) => a.alertId));
      expect(page.items.every((a) => a.assignee === 'pager')).toBe(true);
      cursor = page.cursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(seen).toEqual([...mine].reverse());
  });
});
