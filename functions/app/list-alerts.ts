/**
 * Finance's view of the monitor's alerts in one status, newest first, optionally only one person's (a sparse index:
 * listing never reads refunds).
 */
import type { AlertRecord, AlertStatus } from '../domain/monitoring/index.ts';
import type { Ports } from '../ports/index.ts';
import type { Page } from '../ports/refund-store.ts';

export type ListAlertsDeps = Pick<Ports, 'alerts'>;

export interface AlertQuery {
  status: AlertStatus;
  /** Only alerts assigned to this finance user. */
  assignee?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export async function listAlerts(deps: ListAlertsDeps, query: AlertQuery): Promise<Page<AlertRecord>> {
  return deps.alerts.list(query.status, {
    ...(query.cursor ? { cursor: query.cursor } : {}),
    ...(query.assignee ? { assignee: query.assignee } : {}),
    limit: query.limit,
  });
}
