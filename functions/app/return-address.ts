/**
 * Merchants' return addresses (`PUT/GET /v1/merchant/return-address`) and the address a refund's return goes to.
 * A merchant sets its own (from the token's merchant id, never from the body); while it has none, the platform's
 * default from the policy (`returns.defaultAddress`) is used and its refund list prompts it to set one. A refund that
 * starts waiting for the goods gets the address in force at that moment copied onto it (`withReturnAddress`), so a
 * later change of address does not rewrite where an earlier return was asked to go.
 */
import type { Actor } from '../domain/actor.ts';
import { DomainError } from '../domain/errors.ts';
import type { StepOutcome } from '../domain/lifecycle.ts';
import type { Refund } from '../domain/refund.ts';
import { type MerchantReturnAddress, type ReturnAddress, returnAddressOf } from '../domain/return-address.ts';
import type { Ports } from '../ports/index.ts';
import type { RefundChange } from '../ports/refund-store.ts';
import { merchantIdOf } from './access.ts';

/** 404 NO_RETURN_ADDRESS: the merchant has not set one yet (the platform default is used meanwhile). */
export class NoReturnAddress extends DomainError {
  override name = 'NoReturnAddress';
  constructor() {
    super('not-found', 'NO_RETURN_ADDRESS', 'no return address set yet; returns go to the platform default meanwhile');
  }
}

export async function putReturnAddress(
  deps: Pick<Ports, 'returnAddresses' | 'clock'>,
  actor: Actor,
  address: ReturnAddress,
): Promise<MerchantReturnAddress> {
  return deps.returnAddresses.put(merchantIdOf(actor), address, deps.clock.now().toISOString());
}

export async function getReturnAddress(
  deps: Pick<Ports, 'returnAddresses'>,
  actor: Actor,
): Promise<MerchantReturnAddress> {
  const stored = await deps.returnAddresses.get(merchantIdOf(actor));
  if (!stored) throw new NoReturnAddress();
  return stored;
}

/** What a merchant still has to set up, to prompt it in its refund list; absent when nothing is missing. */
export interface MerchantSetup {
  returnAddress: 'MISSING';
}

export async function merchantSetup(
  deps: Pick<Ports, 'returnAddresses'>,
  actor: Actor,
): Promise<MerchantSetup | undefined> {
  return (await deps.returnAddresses.get(merchantIdOf(actor))) ? undefined : { returnAddress: 'MISSING' };
}

/**
 * `change` (entering step `next`) with the return address copied onto the refund when `next` asks the buyer for the
 * goods (AWAIT_RETURN) and the refund has none yet: the merchant's, or the platform default. Other steps, and a
 * refund that already carries one, are left as they are.
 */
export async function withReturnAddress<C extends RefundChange>(
  deps: Pick<Ports, 'returnAddresses' | 'policy' | 'clock'>,
  refund: Pick<Refund, 'merchantId' | 'returnAddress'>,
  next: StepOutcome,
  change: C,
): Promise<C> {
  if (next !== 'AWAIT_RETURN' || refund.returnAddress) return change;
  const merchant = await deps.returnAddresses.get(refund.merchantId);
  const at = change.event?.at ?? deps.clock.now().toISOString();
  const returnAddress = returnAddressOf(merchant, deps.policy.returns.defaultAddress, at);
  return { ...change, extra: { ...change.extra, returnAddress } };
}
