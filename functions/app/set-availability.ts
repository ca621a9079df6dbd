/** A reviewer joins or leaves the assignment rotation. */
import type { Actor } from '../domain/actor.ts';
import type { Ports } from '../ports/index.ts';
import type { Reviewer } from '../ports/review-store.ts';

export type SetAvailabilityDeps = Pick<Ports, 'reviews' | 'clock'>;

export async function setAvailability(deps: SetAvailabilityDeps, actor: Actor, available: boolean): Promise<Reviewer> {
  return deps.reviews.setAvailability(actor.sub, available, deps.clock.now().toISOString());
}
