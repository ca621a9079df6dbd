/**
 * A reviewer or an inspector joins or leaves the assignment rotation of its role, or reads whether it is in it (the
 * console's toggle). Both roles are balanced the same way, each in its own pool.
 */
import type { Actor } from '../domain/actor.ts';
import type { Ports } from '../ports/index.ts';
import type { Reviewer, ReviewStore } from '../ports/review-store.ts';

export type SetAvailabilityDeps = Pick<Ports, 'reviews' | 'inspections' | 'clock'>;

/** The rotation of the caller's role: inspectors have their own, everyone else is a reviewer (the routes allow no other). */
function rotationOf(deps: Pick<Ports, 'reviews' | 'inspections'>, actor: Actor): ReviewStore {
  return actor.role === 'inspector' ? deps.inspections : deps.reviews;
}

export async function setAvailability(deps: SetAvailabilityDeps, actor: Actor, available: boolean): Promise<Reviewer> {
  return rotationOf(deps, actor).setAvailability(actor.sub, available, deps.clock.now().toISOString());
}

/** The caller's place in the rotation: available or away, and how many tasks it holds. */
export async function getAvailability(deps: Pick<Ports, 'reviews' | 'inspections'>, actor: Actor): Promise<Reviewer> {
  return rotationOf(deps, actor).getReviewer(actor.sub);
}
