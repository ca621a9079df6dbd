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

/** Tasks a person joining the rotation takes from those nobody could take (UNASSIGNED), oldest first, per join. */
export const TAKEN_ON_JOINING = 20;

/**
 * Joins or leaves the rotation. Joining also takes the tasks that were assigned while nobody of the role was
 * available (UNASSIGNED): without that they would wait for their deadline's reassignment (4 h for a review).
 */
export async function setAvailability(deps: SetAvailabilityDeps, actor: Actor, available: boolean): Promise<Reviewer> {
  const rotation = rotationOf(deps, actor);
  const person = await rotation.setAvailability(actor.sub, available, deps.clock.now().toISOString());
  if (!available) return person;
  const taken = await rotation.takeUnassigned(actor.sub, TAKEN_ON_JOINING);
  return taken.length ? rotation.getReviewer(actor.sub) : person;
}

/** The caller's place in the rotation: available or away, and how many tasks it holds. */
export async function getAvailability(deps: Pick<Ports, 'reviews' | 'inspections'>, actor: Actor): Promise<Reviewer> {
  return rotationOf(deps, actor).getReviewer(actor.sub);
}
