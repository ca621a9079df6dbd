/**
 * Contracts of the routes where people act on a refund (buyer cancel/return/dispute, merchant, reviewer) and of
 * the money routes (payment webhook, finance ledger). Same shape as ./contracts.ts, which merges them in.
 */
import * as z from 'zod/mini';
import { LEDGER_CSV_COLUMNS, RECONCILIATION_CSV_COLUMNS } from '../domain/ledger/csv-rows.ts';
import { REPORT_CSV_COLUMNS } from '../domain/ledger/daily-report.ts';
import {
  acknowledgeAlertSchema,
  alertIdSchema,
  alertListQuerySchema,
  alertListSchema,
  alertSchema,
  assignAlertSchema,
  resolveAlertSchema,
} from '../schemas/alert.ts';
import { errorSchema, id } from '../schemas/common.ts';
import { ledgerPageSchema, ledgerQuerySchema, reconciliationQuerySchema } from '../schemas/ledger.ts';
import {
  availabilitySchema,
  decisionSchema,
  disputeSchema,
  merchantDecisionSchema,
  merchantListQuerySchema,
  offerAnswerSchema,
  returnReceivedSchema,
  returnShipmentSchema,
  reviewDecisionSchema,
} from '../schemas/lifecycle.ts';
import { merchantRefundListSchema, refundSchema } from '../schemas/refund.ts';
import { dailyReportQuerySchema, dailyReportSchema } from '../schemas/report.ts';
import { messageSchema } from '../schemas/thread.ts';
import type { Contract } from './contract.ts';

const err = (description: string) => ({ description, schema: errorSchema });
const bad = err('Bad input (VALIDATION_FAILED, MALFORMED_JSON, MALFORMED_BODY); nothing was written');
const unauthorized = err('Missing or bad bearer token');
const notFound = err("Unknown, or not the caller's (never revealed)");
const notWaiting = err('NOT_WAITING: already decided, timed out or closed; nothing changed');
const refundParams = { refundId: id() };

/** A finance action on an alert: body in, the alert (with its history) out. */
const alertAction = (summary: string, body: z.ZodMiniType): Contract => ({
  summary,
  params: { alertId: alertIdSchema },
  body,
  responses: {
    200: { description: 'The alert after the action (an idempotent repeat: unchanged)', schema: alertSchema },
    400: bad,
    401: unauthorized,
    404: err('ALERT_NOT_FOUND: no alert with this id'),
    409: err('ALERT_RESOLVED: the alert is resolved; CONFLICT: changed concurrently twice, retry; nothing changed'),
  },
});

/** A person's action on a waiting refund: body in, the refund out, 409 when it is not waiting for it. */
const action = (summary: string, body?: z.ZodMiniType): Contract => ({
  summary,
  params: refundParams,
  ...(body ? { body } : {}),
  responses: {
    200: { description: 'The refund after the action', schema: refundSchema },
    400: bad,
    401: unauthorized,
    404: notFound,
    409: notWaiting,
  },
});

/** The buyer's answer to an offer: `amount` names the offer shown, and another offer made since is a 409 of its own. */
const answerAction = action(
  "Accept or decline the merchant's partial offer (buyer, accepted once): accepted, the offered amount is paid and the rest released; declined, the refund goes on as the policy says. `amount` names the offer shown: another offer made since is 409 OFFER_CHANGED",
  offerAnswerSchema,
);
const offerAnswered: Contract = {
  ...answerAction,
  responses: {
    ...answerAction.responses,
    409: err(
      'NOT_WAITING (already answered, timed out or closed) or OFFER_CHANGED (the merchant made another offer than `amount` names); nothing changed',
    ),
  },
};

/** One evidence file as the refund lists it: its `evidenceId` is what a read URL is asked for with. */
const evidenceItemSchema = refundSchema.shape.evidence.def.innerType;

const reviewTaskSchema = z.object({
  taskId: z.string(),
  refundId: z.string(),
  kind: z.enum(['REVIEW', 'ARBITRATION']),
  status: z.string(),
  dueBy: z.string(),
  refund: z.unknown(),
  order: z.unknown(),
  buyerHistory: z.unknown(),
  evidence: evidenceItemSchema,
  /** The rules engine's latest assessment: the rules that fired and its risk score (null before any). */
  rules: z.array(z.string()),
  riskScore: z.nullable(z.number()),
  /** Every decision taken on the refund, oldest first: assessments, the merchant's, reviews, timeouts. */
  decisions: z.array(decisionSchema),
  guidance: z.unknown(),
  reviewerId: z.string(),
  createdAt: z.string(),
  /** How the goods come back, when the buyer recorded it. */
  returnShipment: z.optional(z.unknown()),
  /** The buyer's dispute of a merchant rejection (arbitration tasks). */
  dispute: z.optional(z.unknown()),
  /** The facts the rules engine saw in its latest assessment. */
  facts: z.optional(z.unknown()),
  /** The latest messages of the refund's negotiation thread (at most 50), oldest first. */
  thread: z.optional(z.array(messageSchema)),
});

const merchantDecision = action(
  'Approve, reject or offer part of the amount (OFFER) on a refund waiting for the merchant (accepted once)',
  merchantDecisionSchema,
);

export const PEOPLE_CONTRACTS: Record<string, Contract> = {
  CancelRefund: action('Withdraw a refund that has not been paid; its reservation is released'),
  ReturnShipment: action(
    'Record how the goods come back (carrier + tracking number, or a waybill photo)',
    returnShipmentSchema,
  ),
  DisputeRefund: action("Dispute the merchant's rejection; a reviewer arbitrates", disputeSchema),
  AcceptDecision: action(
    "Accept the merchant's rejection while the dispute window is open: the refund ends at once (REJECTED), as the window's end would; accepting again is answered with the refund unchanged",
  ),
  MerchantRefunds: {
    summary: "The merchant's refunds, optionally in one status",
    query: merchantListQuerySchema,
    responses: {
      200: {
        description: 'A page; `setup.returnAddress: MISSING` while the merchant has no return address',
        schema: merchantRefundListSchema,
      },
      400: bad,
      401: unauthorized,
    },
  },
  MerchantDecision: {
    ...merchantDecision,
    responses: {
      ...merchantDecision.responses,
      422: err(
        'OFFER_NOT_PARTIAL (an offer is more than 0 and less than the refund amount) or OFFER_LIMIT_REACHED (the policy allows no more offers on this refund); nothing changed',
      ),
    },
  },
  AnswerOffer: offerAnswered,
  ReturnReceived: action('Confirm the returned goods arrived, and in what condition', returnReceivedSchema),
  MerchantStats: {
    summary: "The merchant's response counts and times",
    responses: {
      200: {
        description: 'Counters',
        schema: z.object({
          merchantId: z.string(),
          asked: z.number(),
          approved: z.number(),
          rejected: z.number(),
          timedOut: z.number(),
          responseSecondsTotal: z.number(),
          meanResponseSeconds: z.nullable(z.number()),
          approvalRate: z.nullable(z.number()),
          timeoutRate: z.nullable(z.number()),
        }),
      },
      401: unauthorized,
    },
  },
  ReviewTasks: {
    summary: "The caller's open review tasks with everything needed to decide",
    responses: {
      200: { description: 'Tasks', schema: z.object({ items: z.array(reviewTaskSchema) }) },
      401: unauthorized,
    },
  },
  ReviewDecision: {
    summary: 'Decide a review task (accepted once)',
    params: { taskId: id() },
    body: reviewDecisionSchema,
    responses: {
      200: {
        description: 'Decided',
        schema: z.object({ taskId: z.string(), decision: z.string(), refundId: z.string(), status: z.string() }),
      },
      400: bad,
      401: unauthorized,
      404: notFound,
      409: err('TASK_CLOSED or NOT_WAITING: decided already, or reassigned'),
    },
  },
  ReviewerAvailability: {
    summary: 'Join or leave the review rotation',
    body: availabilitySchema,
    responses: {
      200: {
        description: 'The reviewer',
        schema: z.object({ reviewerId: z.string(), available: z.boolean(), openTasks: z.number() }),
      },
      400: bad,
      401: unauthorized,
    },
  },
  GetReviewerAvailability: {
    summary: 'Whether the caller is in the review rotation, and how many open tasks it holds',
    responses: {
      200: {
        description: 'The reviewer (away with no tasks until it first joins)',
        schema: z.object({ reviewerId: z.string(), available: z.boolean(), openTasks: z.number() }),
      },
      400: bad,
      401: unauthorized,
    },
  },
  PaymentWebhook: {
    summary: 'Payment provider settlement callback, HMAC-SHA256 signed over the raw body (x-refund-signature)',
    headers: {
      'x-refund-signature': {
        schema: z.string(),
        required: true,
        description: 't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">',
      },
    },
    body: z.object({
      providerRef: z.string(),
      refundId: z.string(),
      status: z.enum(['SETTLED', 'FAILED']),
      amount: z.number(),
      at: z.string(),
    }),
    responses: {
      200: {
        description: 'Recorded (or a replay: nothing changed twice)',
        schema: z.object({ received: z.literal(true), result: z.string(), action: z.string() }),
      },
      400: bad,
      401: err('Bad signature; nothing recorded'),
      404: err('Unknown refund; not recorded, redeliver later'),
      409: err('NO_PAYOUT: the refund has no payout yet; not recorded, redeliver later'),
    },
  },
  AlipayNotify: {
    summary:
      "Alipay's asynchronous notification of a refund, RSA2-signed by Alipay (`sign` over the sorted fields); answered `success` once recorded",
    bodyMediaType: 'application/x-www-form-urlencoded',
    body: z.object({
      notify_id: z.string(),
      notify_type: z.string(),
      app_id: z.string(),
      out_trade_no: z.string(),
      trade_no: z.string(),
      out_biz_no: z.optional(z.string()),
      send_back_fee: z.optional(z.string()),
      gmt_refund: z.optional(z.string()),
      sign_type: z.literal('RSA2'),
      sign: z.string(),
    }),
    responses: {
      200: {
        description: 'Verified and recorded (or a replay, or not about a refund): Alipay stops notifying',
        text: 'success',
      },
      401: err('The signature does not verify with Alipay’s key; nothing recorded (Alipay notifies again)'),
      404: err('Unknown refund; not recorded, Alipay notifies again'),
      409: err('NO_PAYOUT: the refund has no payout yet; not recorded, Alipay notifies again'),
      503: err('CHANNEL_NOT_CONFIGURED: the Alipay credentials are not in their secret yet; Alipay notifies again'),
    },
  },
  WechatPayNotify: {
    summary:
      "WeChat Pay's refund notification (API v3): signed by the platform key (Wechatpay-* headers), resource encrypted with the API v3 key",
    headers: {
      'wechatpay-signature': { schema: z.string(), required: true, description: 'base64 RSA-SHA256 signature' },
      'wechatpay-timestamp': { schema: z.string(), required: true, description: 'unix seconds, within 5 minutes' },
      'wechatpay-nonce': { schema: z.string(), required: true, description: 'the signature’s nonce' },
      'wechatpay-serial': {
        schema: z.string(),
        required: true,
        description: 'platform certificate serial or public key id',
      },
    },
    body: z.object({
      id: z.string(),
      event_type: z.string(),
      resource_type: z.string(),
      resource: z.object({
        algorithm: z.literal('AEAD_AES_256_GCM'),
        ciphertext: z.string(),
        associated_data: z.optional(z.string()),
        nonce: z.string(),
      }),
    }),
    responses: {
      204: { description: 'Verified and recorded (or a replay, or not about a refund): WeChat Pay stops notifying' },
      401: err('The signature does not verify, or is stale; nothing recorded (WeChat Pay notifies again)'),
      404: err('Unknown refund; not recorded, WeChat Pay notifies again'),
      409: err('NO_PAYOUT: the refund has no payout yet; not recorded, WeChat Pay notifies again'),
      503: err(
        'CHANNEL_NOT_CONFIGURED: the WeChat Pay credentials are not in their secret yet; WeChat Pay notifies again',
      ),
    },
  },
  FinanceLedger: {
    summary: 'Ledger entries in a window of China dates or ISO times, today by default (finance)',
    query: ledgerQuerySchema,
    responses: {
      200: {
        description: 'A page of entries, with the instants the window covered',
        schema: ledgerPageSchema,
        csv: {
          columns: LEDGER_CSV_COLUMNS,
          description:
            'With Accept: text/csv, the same page as CSV: one row per entry, amounts in integer minor units and as ' +
            'a decimal, times ISO UTC; the next page cursor, if any, in the x-next-cursor header.',
        },
      },
      400: bad,
      401: unauthorized,
    },
  },
  ListFinanceAlerts: {
    summary: 'Alerts raised by the payout monitor (finance)',
    query: alertListQuerySchema,
    responses: { 200: { description: 'A page of alerts', schema: alertListSchema }, 400: bad, 401: unauthorized },
  },
  AcknowledgeFinanceAlert: alertAction(
    'Take an alert on: OPEN -> ACKNOWLEDGED, yours unless assigned (finance)',
    acknowledgeAlertSchema,
  ),
  AssignFinanceAlert: alertAction('Give an alert to a finance user by user id (finance)', assignAlertSchema),
  ResolveFinanceAlert: alertAction('Resolve an alert with a note on what was done (finance)', resolveAlertSchema),
  FinanceReconciliation: {
    summary: 'Sent vs settled per provider and China day, today by default (finance)',
    query: reconciliationQuerySchema,
    responses: {
      200: {
        description: 'The reconciliation report',
        schema: z.record(z.string(), z.unknown()),
        csv: {
          columns: RECONCILIATION_CSV_COLUMNS,
          description:
            'With Accept: text/csv, the report as CSV: GROUP rows (provider, method, China day, currency), TOTAL ' +
            'rows per currency and ISSUE rows (one refund to chase), amounts in integer minor units.',
        },
      },
      400: bad,
      401: unauthorized,
    },
  },
  FinanceDailyReport: {
    summary: 'The daily reconciliation report of one China day, yesterday by default (finance)',
    query: dailyReportQuerySchema,
    responses: {
      200: {
        description: 'Paid, settled, failed, reversed and outstanding per currency, reconciliation, unresolved alerts',
        schema: dailyReportSchema,
        csv: {
          columns: REPORT_CSV_COLUMNS,
          description:
            'With Accept: text/csv, the report as CSV: STATUS, MONEY, GROUP, ISSUE, ALERT_AGE and ALERT_KIND rows, ' +
            'amounts in integer minor units and as a decimal.',
        },
      },
      400: bad,
      401: unauthorized,
    },
  },
};
