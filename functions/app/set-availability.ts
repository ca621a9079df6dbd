/** A reviewer joins or leaves the assignment rotation, or reads whether it is in it (the console's toggle). */
import type { Actor } from '../domain/actor.ts';
import type { Ports } from '../ports/index.ts';
import type { Reviewer } from '../ports/review-store.ts';

export type SetAvailabilityDeps = Pick<Ports, 'reviews' | 'clock'>;

export async function setAvailability(deps: SetAvailabilityDeps, actor: Actor, available: boolean): Promise<Reviewer> {
  return deps.reviews.setAvailability(actor.sub, available, deps.clock.now().toISOString());
}

/** The caller's place in the rotation: available or away, and how many tasks it holds. */
export async function getAvailability(deps: Pick<Ports, 'reviews'>, actor: Actor): Promise<Reviewer> {
  return deps.reviews.getReviewer(actor.sub);
}
