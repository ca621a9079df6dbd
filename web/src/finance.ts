/** Finance: open alerts and today's payout ledger; an empty state while those routes are not in this build. */
import { ApiError, api } from './api.ts';
import { h, replace } from './dom.ts';
import { t, when } from './i18n.ts';

type Row = Record<string, unknown>;

function table(caption: string, rows: Row[]): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, `${caption}: ${t('none')}`);
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))].slice(0, 8);
  const cell = (value: unknown) =>
    value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return h(
    'div',
    { class: 'scroll' },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...rows.map((row) => h('tr', {}, ...columns.map((c) => h('td', {}, cell(row[c])))))),
    ),
  );
}

async function section(target: HTMLElement, caption: string, path: string) {
  try {
    const body = await api<{ items?: Row[]; from?: string; to?: string } | Row[]>('GET', path);
    // The ledger says which window it read (today, China time, unless asked otherwise).
    const span = !Array.isArray(body) && body?.from && body.to ? ` · ${when(body.from)} – ${when(body.to)}` : '';
    replace(target, table(`${caption}${span}`, Array.isArray(body) ? body : (body?.items ?? [])));
  } catch (e) {
    const missing = e instanceof ApiError && e.status === 404;
    replace(
      target,
      h(
        'p',
        { class: 'empty' },
        `${caption}: ${missing ? t('unavailable') : e instanceof Error ? e.message : String(e)}`,
      ),
    );
  }
}

/** Renders the finance screen into `view`. */
export function financeScreen(view: HTMLElement): () => void {
  const alerts = h('section', { 'aria-label': t('alerts') });
  const ledger = h('section', { 'aria-label': t('ledger') });
  const load = () =>
    Promise.all([
      section(alerts, t('alerts'), '/v1/finance/alerts?status=OPEN'),
      section(ledger, t('ledger'), '/v1/finance/ledger'),
    ]);
  replace(
    view,
    h('button', { type: 'button', class: 'secondary', onclick: () => void load() }, t('refresh')),
    alerts,
    ledger,
  );
  void load();
  return () => undefined;
}
