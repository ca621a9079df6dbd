/**
 * Contracts of the payout recovery routes (docs/payouts.md, "Recovering a failed payout"). Same shape as
 * ./contracts.ts, which merges them in.
 */
import { errorSchema, id } from '../schemas/common.ts';
import { payoutDestinationSchema, payoutRecoverySchema } from '../schemas/payout-recovery.ts';
import type { Contract } from './contract.ts';

const err = (description: string) => ({ description, schema: errorSchema });
const params = { refundId: id() };
const common = {
  400: err('Bad input (VALIDATION_FAILED, MALFORMED_JSON, MALFORMED_BODY); nothing was written'),
  401: err('Missing or bad bearer token'),
  403: err('The role may not call this route'),
  404: err("Unknown, or not the caller's (never revealed)"),
};

export const RECOVERY_CONTRACTS: Record<string, Contract> = {
  RetryPayout: {
    summary: 'Recover a failed payout (finance): ask the provider first, settle, wait or send again; never pays twice',
    params,
    responses: {
      200: {
        description: 'SETTLED (the provider had paid it) or SEND_FAILED (the new attempt was not accepted)',
        schema: payoutRecoverySchema,
      },
      202: {
        description: 'AWAITING_PROVIDER or RESENT: the refund is PAYOUT_PENDING and its webhook will settle it',
        schema: payoutRecoverySchema,
      },
      ...common,
      409: err(
        'PAYOUT_NOT_FAILED (the refund is not in PAYOUT_FAILED), RECOVERY_CONFLICT (a concurrent retry, switch or webhook changed it first) or NO_PAYOUT_RECORDED; nothing changed',
      ),
    },
  },
  PayoutDestination: {
    summary: 'After PAYOUT_FAILED, move the money to the platform balance (buyer); paid once, whatever else happens',
    params,
    body: payoutDestinationSchema,
    responses: {
      200: {
        description: 'SETTLED (the original payout had arrived after all; nothing switched) or SEND_FAILED',
        schema: payoutRecoverySchema,
      },
      202: {
        description: 'RESENT: the balance credit was sent; the refund is PAYOUT_PENDING',
        schema: payoutRecoverySchema,
      },
      ...common,
      409: err(
        'PAYOUT_NOT_FAILED, RECOVERY_CONFLICT, PAYOUT_STILL_PENDING (the provider may still pay the original attempt), PROVIDER_STATUS_UNKNOWN (it cannot confirm the original failed), ALREADY_BALANCE or NO_PAYOUT_RECORDED; nothing changed',
      ),
    },
  },
};
