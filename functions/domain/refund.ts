/**
 * The refund and order records as the domain sees them. The API shape (functions/schemas) is derived from these;
 * the DynamoDB adapter stores them with its own keys added.
 */
import type { RefundReturnAddress } from './return-address.ts';
import type {
  ActorKind,
  Category,
  Destination,
  DetailCode,
  EvidenceKind,
  IsoTime,
  PaymentMethod,
  Reason,
  RefundStatus,
  Scenario,
} from './vocabulary.ts';

export interface OrderItem {
  sku: string;
  name: string;
  category: Category;
  /** Minor units. */
  unitPrice: number;
  quantity: number;
}

/** Units and minor units of one order line held by refunds. */
export interface LineRefunds {
  /** Held by refunds in progress: not paid yet, not cancelled or rejected. */
  reservedUnits: number;
  reservedAmount: number;
  /** Paid out. */
  refundedUnits: number;
  refundedAmount: number;
}

/** One line a refund takes: its units and the part of the refund's amount on them. */
export interface RefundLine {
  sku: string;
  quantity: number;
  /** Minor units of the refund's amount on this line. Absent on refunds from before lines were tracked. */
  amount?: number;
}

export interface Fulfillment {
  status: Scenario;
  carrier?: string;
  trackingNumber?: string;
  shippedAt?: IsoTime;
  deliveredAt?: IsoTime;
}

export interface Order {
  orderId: string;
  userId: string;
  merchantId: string;
  currency: string;
  /** Minor units actually paid for the order. */
  paidAmount: number;
  paymentMethod: PaymentMethod;
  /** The payment channel's own id of the payment (Alipay `trade_no`, WeChat Pay `transaction_id`), if pushed. */
  paymentRef?: string;
  paidAt: IsoTime;
  items: OrderItem[];
  fulfillment: Fulfillment;
  buyer?: { creditScore?: number; accountCreatedAt?: IsoTime };
  /** Minor units reserved by refunds that are not cancelled or rejected. Never exceeds paidAmount. */
  refundedAmount: number;
  /**
   * What refunds hold of each line, by sku (see ./order.ts for what a line is worth). A line without an entry (an
   * order stored before lines were tracked, or one no refund touched yet) holds nothing.
   */
  lines?: Record<string, LineRefunds>;
  /** VIRTUAL goods: whether the code/voucher was redeemed (pushed by the order system). */
  redeemed?: boolean;
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

/**
 * What the refund keeps of one message of its thread (./thread.ts): who wrote it and when, not the text, so the
 * timeline can show it in place. `role` is the writer's role (buyer, merchant, reviewer).
 */
export interface ThreadEntry {
  messageId: string;
  at: IsoTime;
  role: 'buyer' | 'merchant' | 'reviewer' | 'inspector';
  actorId: string;
}

/**
 * The merchant's latest partial offer on a refund (./partial-offer.ts), and the buyer's answer once there is one.
 */
export interface PartialOffer {
  /** Minor units offered: more than 0 and less than the refund's amount when offered. */
  amount: number;
  note?: string;
  /** The merchant that offered it. */
  merchantId: string;
  at: IsoTime;
  /** When the buyer's silence becomes the policy's answer. */
  dueBy: IsoTime;
  /** The refund's amount when the offer was made (what a decline keeps asking for). */
  requested: number;
  /** ACCEPTED or DECLINED, by the buyer or (silence) the system. */
  answer?: { outcome: 'ACCEPTED' | 'DECLINED'; by: 'BUYER' | 'SYSTEM'; at: IsoTime };
}

/** What the refund keeps of its inspection (./inspection.ts). */
export interface RefundInspection {
  /** The inspection rules that sent the goods (e.g. INSPECTION.HIGH_VALUE). */
  rules: string[];
  /** The merchant's condition claim when it recorded the return received. */
  condition: string;
  requestedAt: IsoTime;
  /** The open task and who holds it; set when the wait is held, moved by a reassignment. */
  taskId?: string;
  inspectorId?: string;
  /** SLA reassignments so far. */
  reassigned?: number;
  verdict?: { verdict: string; note: string; evidenceIds: string[]; inspectorId: string; at: IsoTime };
}

export interface TimelineEvent {
  at: IsoTime;
  status: RefundStatus;
  /** Who made it happen: BUYER, MERCHANT, REVIEWER or SYSTEM (a rule, a timer, the payment provider). */
  actor: ActorKind;
  /** The actor's id where one exists (user id, merchant id, reviewer id, rule id). */
  actorId?: string;
  /**
   * An English note, written before events carried codes (and still the reviewer's view of those events). Never shown
   * to buyers and merchants as is: ./timeline-text.ts maps the ones it recognises to a code.
   */
  detail?: string;
  /** What happened, as a code: the text is built in the reader's language at read time (./timeline-text.ts). */
  detailCode?: DetailCode;
  /** The few facts the code's text needs (a carrier and tracking number, a rule id, a person's own words). */
  facts?: Record<string, string | number>;
}

/**
 * What kind of decision it was: the rules engine's assessment (at submission, or again when evidence arrives), the
 * merchant's answer or return check, a reviewer's manual review or arbitration, or a wait that ran out.
 */
export const DECISION_KINDS = [
  'ASSESSMENT',
  'MERCHANT',
  'RETURN_CHECK',
  'REVIEW',
  'ARBITRATION',
  'TIMEOUT',
  /** A failed payout recovered: finance's retry or the buyer's switch to the platform balance. */
  'PAYOUT_RECOVERY',
  /** The buyer's answer to a merchant's partial offer (ACCEPT or DECLINE). */
  'OFFER_ANSWER',
  /** Returned goods sent to a third-party inspector (SEND), and the inspector's verdict. */
  'INSPECTION',
] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/** One scored risk factor: the value the buyer's history showed and the points it added (`scoreRisk().factors`). */
export interface RiskFactorScore {
  factor: string;
  value: number | string | boolean;
  points: number;
}

export interface Decision {
  /** Absent on decisions stored before kinds were recorded. */
  kind?: DecisionKind;
  outcome: string;
  by: ActorKind;
  /** Who decided: the merchant's or reviewer's id; absent for the machine. */
  actorId?: string;
  /** Ids of the rules that fired, in order (for a timeout, the timeout rule). */
  rules: string[];
  riskScore?: number;
  riskLevel?: string;
  /** Why the risk score is what it is: the factors that scored, each with its value and points. */
  riskFactors?: RiskFactorScore[];
  policyVersion?: string;
  /** The inputs the rules saw, for auditors; a person's note and reason. */
  inputs?: Record<string, unknown>;
  at: IsoTime;
}

export interface Payout {
  method: PaymentMethod | 'COUPON';
  destination: Destination;
  amount: number;
  bonusAmount?: number;
  promisedBy: IsoTime;
  sentAt?: IsoTime;
  settledAt?: IsoTime;
  settledAmount?: number;
  providerRef?: string;
  failedAt?: IsoTime;
  failureReason?: string;
  /** Problems finance must see (AMOUNT_MISMATCH, SETTLED_TWICE); recorded, never hidden. */
  flags?: string[];
  /** Attempts started at the provider for this refund (a recovery re-send adds one). Absent = 1. */
  attempts?: number;
  /**
   * Earlier attempts' providerRefs, replaced by a recovery (re-send or switch to balance). Their late FAILED
   * callbacks change nothing; a late SETTLED still settles (money moved) or is flagged SETTLED_TWICE.
   */
  supersededRefs?: string[];
}

export interface NextStep {
  who: ActorKind;
  action: string;
  dueBy?: IsoTime;
}

export interface Evidence {
  evidenceId: string;
  kind: EvidenceKind;
  contentType: string;
  uploadedAt?: IsoTime;
  /** The storage version that arrived (S3 version id): OCR and every reader read this version, not the latest. */
  versionId?: string;
  /** Fields read by OCR, each with its confidence 0..1. */
  ocr?: {
    fields: Record<string, { value: string; confidence: number }>;
    /** MATCH, MISMATCH or UNREADABLE; REJECTED when the file itself was refused (type, size, pages). */
    verification?: string;
    /** Why, in codes (e.g. TRACKING_NUMBER_MATCHES, LOW_CONFIDENCE, FILE_TOO_LARGE). */
    reasons?: string[];
    at?: string;
  };
}

export interface Refund {
  refundId: string;
  orderId: string;
  userId: string;
  merchantId: string;
  amount: number;
  currency: string;
  reason: Reason;
  note?: string;
  scenario: Scenario;
  /** Dominant category of the refunded goods (the strictest one present). */
  category: Category;
  /** The lines refunded; their amounts add up to `amount`. */
  items?: RefundLine[];
  destination: Destination;
  /**
   * What the buyer applied for, kept once something changed it: the amount and lines before an accepted partial offer
   * shrank them, the destination before a failed payout was moved to the balance. The application's answer is rebuilt
   * from them on a replay (domain/first-answer.ts); clients never see them.
   */
  applied?: { amount: number; items?: RefundLine[] };
  appliedDestination?: Destination;
  status: RefundStatus;
  timeline: TimelineEvent[];
  /** The latest decision (the last of `decisions`), kept for the readers that want only the current one. */
  decision?: Decision;
  /**
   * Every decision taken on the refund, oldest first: each assessment, the merchant's, each review or arbitration,
   * each timeout outcome. Appended, never rewritten (the store appends whatever sets `decision`).
   */
  decisions?: Decision[];
  payout?: Payout;
  nextStep?: NextStep;
  evidence?: Evidence[];
  returnShipment?: { carrier?: string; trackingNumber?: string; evidenceId?: string; at: IsoTime };
  /**
   * Where the goods go back: the merchant's return address, or the platform default, copied when the refund entered
   * AWAITING_RETURN (./return-address.ts); a later change of the merchant's address does not rewrite it.
   */
  returnAddress?: RefundReturnAddress;
  /** The merchant's latest partial offer and the buyer's answer to it (./partial-offer.ts). */
  offer?: PartialOffer;
  /** Where the lifecycle is: the outcome of the last step (see ./lifecycle.ts). Internal. */
  step?: string;
  /** What the machine decided the buyer must still do, kept for the steps after a person acts. */
  requirements?: { returnRequired: boolean; refundOnWaybill: boolean; evidenceRequired: EvidenceKind[] };
  /** The open review task while in MANUAL_REVIEW, and who holds it. */
  review?: { taskId: string; reviewerId: string };
  /**
   * Third-party inspection of the returned goods (./inspection.ts): the rules that sent them, the open task and its
   * inspector, how many times it was reassigned, and the verdict once there is one (kept for the reviewer after an
   * INCONCLUSIVE verdict or a lapsed inspection).
   */
  inspection?: RefundInspection;
  /** One short entry per message of the negotiation thread, oldest first (the messages are stored beside it). */
  thread?: ThreadEntry[];
  /** Hash of the application body: the refund is its own idempotency record (same key, other body → 422). */
  requestHash?: string;
  /** The buyer's dispute of a merchant rejection. */
  dispute?: { note: string; at: IsoTime };
  createdAt: IsoTime;
  updatedAt: IsoTime;
}
