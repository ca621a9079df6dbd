/**
 * What a local fake payment channel (local/channels/*-fake.ts: Alipay's gateway, WeChat Pay's API v3) lets tests and
 * `PUT /local/payments/faults` control and inspect, the same way the sandbox provider does
 * (functions/adapters/payments/sandbox.ts): failures on purpose, and the channel's own record of the money it moved,
 * so the exactly-once reliability suite can run once per channel and count payouts from the channel's side.
 */
export interface MsRange {
  min: number;
  max: number;
}

export interface FakeChannelFaults {
  /** Share of accepted refunds that end FAILED (notified as failed, status says failed). 0..1 */
  failureRate: number;
  /** Share of requests answered 5xx/throttled (nothing done) or timing out. 0..1 */
  transientErrorRate: number;
  /** Of the timeouts, the share where the channel had accepted the refund before the answer was lost. 0..1 */
  ambiguousTimeoutShare: number;
  /** Share of notifications sent twice. 0..1 */
  duplicateRate: number;
  /** Share of notifications sent before the synchronous answer to the refund request. 0..1 */
  earlyNotificationRate: number;
  /** From acceptance to settlement (and its notification). */
  latencyMs: MsRange;
  /** Refuse refunds for lack of merchant funds (Alipay `ACQ.SELLER_BALANCE_NOT_ENOUGH`, WeChat `NOT_ENOUGH`). */
  insufficientBalance: boolean;
}

/** One refund attempt as the channel records it: money moved only by attempts that ended SETTLED. */
export interface FakeChannelAttempt {
  refundId: string;
  /** The channel's id of the refund (Alipay `<trade_no>:<out_request_no>`, WeChat `refund_id`, the wallet's credit reference). */
  providerRef: string;
  amount: number;
  acceptedAt: string;
  outcome: 'PENDING' | 'SETTLED' | 'FAILED';
}

export interface FakeChannel {
  /** 'alipay', 'wechat' or 'wallet'. */
  readonly channel: string;
  /** Where the fake listens (http://127.0.0.1:<port>). */
  readonly url: string;
  setFaults(faults: Partial<FakeChannelFaults>): void;
  /** Attempts of one refund (or all), oldest first. */
  attempts(refundId?: string): readonly FakeChannelAttempt[];
  /** Notifications sent so far (for tests: duplicates, early ones), oldest first. */
  readonly notifications: readonly { refundId: string; kind: 'FIRST' | 'DUPLICATE' | 'EARLY'; status: number }[];
  /** Waits until every due notification has been delivered (tests). */
  drain(): Promise<void>;
  close(): Promise<void>;
}
