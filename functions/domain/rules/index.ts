/**
 * The public face of the refund rules: handlers and the state machine import from here, never from the files
 * behind it, so those can be reorganised freely.
 */
export {
  DEFAULT_POLICY,
  InvalidPolicy,
  loadPolicy,
  merchantTimeoutOutcome,
  type PolicyTimeouts,
  parsePolicy,
  timeoutsFor,
} from '../policy/load.ts';
export type { PolicyOverride } from '../policy/merge.ts';
export type { Outcome, Policy, PolicyDocument, RiskLevel, WaybillCheck } from '../policy/schema.ts';
export { type RiskAssessment, type RiskSignals, scoreRisk } from '../risk/score.ts';
export { assess, assessEvidence } from './engine.ts';
export { amountBandFor, creditTierFor, dominantCategory } from './facts.ts';
export { type Label, OUTCOME_LABELS, REASON_LABELS } from './labels.ts';
export { type OptionsInput, type ReasonOption, type RefundOptions, refundOptions } from './options.ts';
export type { Assessment, AssessmentInput, BuyerProfile, Facts, SuppliedEvidence } from './types.ts';
