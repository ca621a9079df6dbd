/**
 * The public face of the refund rules: handlers and the state machine import from here, never from the files
 * behind it, so those can be reorganised freely.
 */
export { defaultPolicy, InvalidPolicy, loadPolicy, parsePolicy } from '../policy/load.ts';
export type { PolicyOverride } from '../policy/merge.ts';
export {
  type Outcome,
  PAY_WHEN,
  type PayWhen,
  type Policy,
  type PolicyDocument,
  REFUSAL_CODES,
  type RefusalCode,
  type RiskLevel,
  type WaybillCheck,
} from '../policy/schema.ts';
export {
  merchantTimeoutOutcome,
  type PolicyTimeouts,
  TIMEOUT_KINDS,
  type TimeoutAction,
  type TimeoutKind,
  type TimeoutStep,
  timeoutPlan,
  timeoutsFor,
} from '../policy/timeouts.ts';
export { type RiskAssessment, type RiskSignals, scoreRisk } from '../risk/score.ts';
export { toDecision } from './decision.ts';
export { assess, assessEvidence, mergeEvidence, payWhenOf } from './engine.ts';
export { amountBandFor, creditTierFor, dominantCategory } from './facts.ts';
export { type OptionsInput, type ReasonOption, type RefundOptions, refundOptions } from './options.ts';
export { type Label, OUTCOME_LABELS, REASON_LABELS, reasonLabel } from './reason-labels.ts';
export type { Assessment, AssessmentInput, BuyerProfile, Facts, SuppliedEvidence } from './types.ts';
