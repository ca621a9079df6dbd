/**
 * The default refund policy document: every number the rules, the risk score, the state machine timers and the
 * destination bonuses use, in one versioned place. Bump `version` on any change: it is recorded on every decision,
 * so an auditor can tell which policy approved a refund. Stage differences live in ./stages.ts, not here.
 */
import { DEFAULT_ADJUST_RULES, DEFAULT_DECIDE_RULES } from './default-rules.ts';
import type { PolicyDocument } from './schema.ts';

const HOUR = 3600;
const DAY = 24 * HOUR;

export const DEFAULT_POLICY_DOCUMENT: PolicyDocument = {
  version: '2026.5',
  // Every minor-unit threshold below (amount bands, tier limits, bonus caps) is in fen. No other currency is covered:
  // orders in one are refused until its thresholds are written in `otherCurrencies` (see ./currency.ts).
  currency: 'CNY',
  otherCurrencies: {},
  reasonClasses: {
    NO_LONGER_NEEDED: 'NO_REASON',
    ORDERED_BY_MISTAKE: 'NO_REASON',
    NOT_RECEIVED: 'LOGISTICS',
    LATE_DELIVERY: 'LOGISTICS',
    QUALITY_ISSUE: 'QUALITY',
    NOT_AS_DESCRIBED: 'QUALITY',
    DAMAGED: 'QUALITY',
    WRONG_ITEM: 'QUALITY',
    MISSING_PARTS: 'QUALITY',
    OTHER: 'OTHER',
  },
  reasonsByScenario: {
    NOT_SHIPPED: ['NO_LONGER_NEEDED', 'ORDERED_BY_MISTAKE', 'LATE_DELIVERY', 'OTHER'],
    IN_TRANSIT: ['NO_LONGER_NEEDED', 'ORDERED_BY_MISTAKE', 'NOT_RECEIVED', 'LATE_DELIVERY', 'OTHER'],
    DELIVERED: [
      'NO_LONGER_NEEDED',
      'ORDERED_BY_MISTAKE',
      'NOT_RECEIVED',
      'QUALITY_ISSUE',
      'NOT_AS_DESCRIBED',
      'DAMAGED',
      'WRONG_ITEM',
      'MISSING_PARTS',
      'OTHER',
    ],
  },
  categoryStrictness: ['FRESH', 'CUSTOM', 'VIRTUAL', 'GENERAL'],
  windows: {
    // 7-day no-reason return (PRC Consumer Rights Protection Law, art. 25).
    noReasonReturnHours: 7 * 24,
    // Quality claims: 15 days in common PRC practice; 48 h for perishables.
    qualityClaimHours: { GENERAL: 15 * 24, FRESH: 48, CUSTOM: 15 * 24, VIRTUAL: 15 * 24 },
  },
  amountBands: [{ id: 'SMALL', max: 5000 }, { id: 'MEDIUM', max: 50000 }, { id: 'LARGE' }],
  creditTiers: [
    { id: 'BASIC', minScore: 0, instantLimit: 5000, noReturnLimit: 0, refundOnWaybill: false },
    { id: 'GOOD', minScore: 600, instantLimit: 10000, noReturnLimit: 0, refundOnWaybill: false },
    { id: 'TRUSTED', minScore: 800, instantLimit: 20000, noReturnLimit: 10000, refundOnWaybill: true },
  ],
  risk: {
    // Score = sum of factor points, rounded and capped at 100. LOW < 30 <= MEDIUM < 60 <= HIGH.
    // History and velocity alone (up to 65) can reach HIGH; a waybill MISMATCH (35) nearly does.
    levels: { mediumFrom: 30, highFrom: 60 },
    weights: {
      refundCount90d: { from: 3, to: 10, max: 15 },
      refundRate90d: { from: 0.2, to: 0.6, max: 25 },
      refundsLast24h: { from: 1, to: 4, max: 25 },
      // New accounts are riskier: full points at 7 days old, none from 90 days.
      accountAgeDays: { from: 90, to: 7, max: 15 },
      // Amount against the buyer's usual (average) amount: none up to 2x, full at 5x.
      amountVsUsual: { from: 2, to: 5, max: 15 },
      waybill: { NONE: 0, MATCH: 0, MISMATCH: 35, UNREADABLE: 10 },
      notReceivedButDelivered: 15,
    },
  },
  ocr: { minConfidence: 0.8 },
  rules: { decide: DEFAULT_DECIDE_RULES, adjust: DEFAULT_ADJUST_RULES },
  timeouts: {
    merchantResponseSeconds: DAY,
    merchantTimeoutAction: 'APPROVE',
    buyerEvidenceSeconds: 7 * DAY,
    buyerReturnSeconds: 7 * DAY,
    reviewTaskSlaSeconds: 4 * HOUR,
  },
  destinations: {
    BALANCE: { bonusBp: 0, capMinor: 0 },
    COUPON: { bonusBp: 200, capMinor: 2000 },
  },
  // The platform's returns warehouse, used while a merchant has set no return address. A placeholder here: a stage
  // that goes live names its real warehouse in ./stages.ts.
  returns: {
    defaultAddress: {
      name: '平台售后仓 Platform Returns',
      phone: '021-60001234',
      address: '上海市青浦区华新镇华志路 1688 号 平台退货中心',
      postcode: '201708',
    },
  },
  // A merchant's partial offer (协商部分退款): the buyer has two days to answer; a decline, or silence, goes to the
  // platform as a dispute would, and a merchant makes at most two offers on one refund.
  offer: { answerSeconds: 2 * DAY, onDecline: 'MANUAL_REVIEW', onSilence: 'DECLINE', maxOffers: 2 },
  // The merchant scorecard (必要的奖惩机制): judged on the last complete month once a merchant was asked 20 times in
  // it. Losing most disputes hands its refunds to the platform; timing out or losing disputes often halves its
  // deadline; answering reliably and fairly doubles it.
  scorecard: {
    periods: 1,
    minRequests: 20,
    tiers: [
      { id: 'FAILING', above: { disputeLossRate: 0.5 }, platformDecides: true },
      { id: 'POOR', above: { timeoutRate: 0.1, disputeLossRate: 0.3 }, merchantResponseSeconds: 12 * HOUR },
      {
        id: 'GOOD',
        within: { timeoutRate: 0.02, disputeLossRate: 0.1, medianResponseSeconds: 4 * HOUR },
        merchantResponseSeconds: 2 * DAY,
      },
    ],
  },
  // Third-party inspection (第三方质检): returned goods the merchant says are damaged or not what was claimed, goods
  // of 2000 yuan or more, and returns from high-risk buyers are checked by an inspector within a day. Twice late, a
  // reviewer decides instead. A verdict for the buyer pays as an intact return would; against the buyer it rejects
  // for good (the inspector is the platform's independent check: a dispute would only send the same inspection to a
  // reviewer); inconclusive, a reviewer decides with the inspection attached.
  inspection: {
    enabled: true,
    minAmount: 200000,
    conditions: ['DAMAGED', 'NOT_MATCHING'],
    riskLevels: ['HIGH'],
    slaSeconds: DAY,
    reassignments: 1,
    verdicts: { AS_CLAIMED: 'APPROVE', NOT_AS_CLAIMED: 'REJECT', INCONCLUSIVE: 'MANUAL_REVIEW' },
  },
};
