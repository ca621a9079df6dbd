/**
 * Lifecycle task "Payout": pays an approved refund exactly once (app/pay-out.ts). Input `{ refundId }`; output
 * `{ status, providerRef? }`. Transient provider errors keep their names (ProviderTimeout, ProviderUnavailable) so
 * the ASL retries them.
 */
import { wire } from '../adapters/index.ts';
import { PAYOUT_ADAPTERS } from '../adapters/payout-adapters.ts';
import { type PayOutResult, payOut } from '../app/pay-out.ts';
import { requireEnvironmentOf } from '../catalog.ts';
import { type TaskPayload, taskHandler } from '../observability/invocation.ts';

requireEnvironmentOf('Payout');

const deps = wire(PAYOUT_ADAPTERS);

export const handler = taskHandler(
  'Payout',
  (input: TaskPayload): Promise<PayOutResult> => payOut(deps, input.refundId),
);
