/**
 * The finance e-mail for an alert (sent through the SNS finance topic): readable on its own, with what happened,
 * which records, how much, since when (UTC and China time), what to do, and a short zh-CN summary line.
 */
import { formatChinaTime, formatMoney, formatUtc } from '../notifications/format.ts';
import type { AlertCandidate, AlertRecord } from './alert.ts';
import { ALERT_KIND_TEXTS } from './runbook.ts';

/** An e-mail: `subject` fits SNS (ASCII, under 100 characters, one line); `body` is plain UTF-8 text. */
export interface AlertMessage {
  subject: string;
  body: string;
}

/** SNS rejects e-mail subjects of 100 characters or more. */
export const MAX_SUBJECT_LENGTH = 99;

/**
 * Builds the message for a new alert (a candidate) or a reminder (a stored record with notifyCount > 1, which adds
 * when it was first detected and which reminder this is).
 */
export function alertMessage(alert: AlertCandidate | AlertRecord): AlertMessage {
  const text = ALERT_KIND_TEXTS[alert.kind];
  const reminder = 'notifyCount' in alert && alert.notifyCount > 1 ? alert.notifyCount - 1 : 0;
  const money = alert.amount !== undefined && alert.currency ? formatMoney(alert.amount, alert.currency) : undefined;
  const prefix = reminder ? `[Refund alert, reminder ${reminder}]` : '[Refund alert]';
  const subject = asciiSubject([`${prefix} ${text.title}: ${subjectOf(alert)}`, money].filter(Boolean).join(', '));

  const detected: [string, string][] =
    'firstDetectedAt' in alert
      ? [
          [
            'First detected',
            `${formatUtc(alert.firstDetectedAt)} (${formatChinaTime(alert.firstDetectedAt)} China time)`,
          ],
          ['Notification', `${alert.notifyCount}`],
        ]
      : [];
  const rows: [string, string | undefined][] = [
    ['Refund', alert.refundId],
    ['Order', alert.orderId],
    ['Merchant', alert.merchantId],
    ['Buyer', alert.userId],
    [text.amountLabel, money ?? (alert.amount !== undefined ? `${alert.amount} (minor units)` : undefined)],
    ['Since', `${formatUtc(alert.since)} (${formatChinaTime(alert.since)} China time, UTC+8)`],
    ...detected,
    ['Alert id', alert.alertId],
  ];
  const present = rows.filter((row): row is [string, string] => row[1] !== undefined);
  const width = Math.max(...present.map(([label]) => label.length)) + 1;
  const body = [
    `${text.title} (${alert.kind})`,
    '',
    `What happened: ${alert.detail}`,
    '',
    ...present.map(([label, value]) => `${`${label}:`.padEnd(width + 1)}${value}`),
    '',
    `What to do: ${text.runbook}`,
    '',
    `中文摘要：${zhSubject(alert)}${text.zh}${money ? `（${money}）` : ''}，自 ${formatChinaTime(alert.since)}（北京时间）起。`,
    '',
  ].join('\n');
  return { subject, body };
}

/**
 * The operations e-mail for an alert finance left unacknowledged through its reminders: the same facts as the
 * finance e-mail, headed by who was told how often and since when, so operations can chase it.
 */
export function escalationMessage(alert: AlertRecord): AlertMessage {
  const finance = alertMessage({ ...alert, notifyCount: 1 });
  const text = ALERT_KIND_TEXTS[alert.kind];
  const subject = asciiSubject(`[Refund alert, ESCALATED] ${text.title}: ${subjectOf(alert)} unacknowledged`);
  const header = [
    `Escalated: finance was notified ${alert.notifyCount} time(s) about this alert, the first of this episode at ` +
      `${formatUtc(alert.firstDetectedAt)}, and nobody has acknowledged it.` +
      (alert.assignee ? ` It is assigned to ${alert.assignee}.` : ' Nobody is assigned.'),
    'Make sure someone in finance owns it (acknowledge it in the console or with ' +
      'POST /v1/finance/alerts/{alertId}/acknowledge).',
    '',
  ];
  return { subject, body: [...header, finance.body].join('\n') };
}

function subjectOf(alert: AlertCandidate): string {
  if (alert.refundId) return `refund ${alert.refundId}`;
  if (alert.orderId) return `order ${alert.orderId}`;
  if (alert.merchantId) return `merchant ${alert.merchantId}`;
  if (alert.userId) return `buyer ${alert.userId}`;
  return alert.alertId;
}

function zhSubject(alert: AlertCandidate): string {
  if (alert.refundId) return `退款 ${alert.refundId} `;
  if (alert.orderId) return `订单 ${alert.orderId} `;
  if (alert.merchantId) return `商家 ${alert.merchantId} `;
  if (alert.userId) return `买家 ${alert.userId} `;
  return '';
}

/** Printable ASCII only (ids come from outside), one line, cut with an ellipsis to fit SNS. */
function asciiSubject(raw: string): string {
  const ascii = raw.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length <= MAX_SUBJECT_LENGTH ? ascii : `${ascii.slice(0, MAX_SUBJECT_LENGTH - 3)}...`;
}
