/**
 * The shared step of the finance actions on an alert (acknowledge, assign, resolve): read it, apply the pure
 * transition, store it conditionally on the version read. If the monitor or another person wrote it in between,
 * read and apply once more on the fresh record; a second lost race is 409 CONFLICT. An unchanged result (an
 * idempotent repeat) writes nothing.
 */
import type { Actor } from '../domain/actor.ts';
import { Forbidden } from '../domain/errors.ts';
import { type AlertActor, AlertChanged, AlertNotFound, type AlertRecord } from '../domain/monitoring/index.ts';
import { nextVersion } from '../ports/alert-store.ts';
import type { Ports } from '../ports/index.ts';

export type ChangeAlertDeps = Pick<Ports, 'alerts' | 'clock'>;

export async function changeAlert(
  deps: ChangeAlertDeps,
  actor: Actor,
  alertId: string,
  transition: (record: AlertRecord, by: AlertActor) => AlertRecord,
): Promise<AlertRecord> {
  if (actor.role !== 'finance') throw new Forbidden('Only finance acts on alerts');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const [record] = await deps.alerts.getMany([alertId]);
    if (!record) throw new AlertNotFound(alertId);
    const next = transition(record, { by: actor.sub, at: deps.clock.now().toISOString() });
    if (next === record) return record;
    if (await deps.alerts.save(next, record.version)) return { ...next, version: nextVersion(record.version) };
  }
  throw new AlertChanged(alertId);
}
