/**
 * Finance: the alert queue with its workflow (finance-alerts.ts) and the ledger by China day with its CSV download
 * and reconciliation (finance-ledger.ts), and refund analytics with charts (finance-analytics.ts). Words and formats are in finance-text.ts.
 */
import { h, replace } from './dom.ts';
import { alertQueue } from './finance-alerts.ts';
import { refundAnalytics } from './finance-analytics.ts';
import { ledgerByDay } from './finance-ledger.ts';
import { session } from './session.ts';

/** Renders the finance screen into `view`. */
export function financeScreen(view: HTMLElement): () => void {
  const me = session()?.sub ?? '';
  replace(view, h('div', { class: 'finance' }, alertQueue(me), ledgerByDay(), refundAnalytics()));
  return () => undefined;
}
