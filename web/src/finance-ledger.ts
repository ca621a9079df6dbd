/**
 * Finance's ledger by China day (or a range of days): today in China by default; the window's movements as a table
 * (time in China time, order number, kind, method, channel and amount through the label catalogue), totals per kind
 * and the net paid out, the day's money from the daily report, the reconciliation differences told in sentences, and
 * a CSV download of exactly those rows (`Accept: text/csv`, every page) saved as a file.
 */
import { ApiError, api, apiText, type TextAnswer } from './api.ts';
import { field, h, replace } from './dom.ts';
import {
  chinaTime,
  chinaToday,
  dayWords,
  ft,
  issueLabel,
  ledgerKindLabel,
  methodLabel,
  problem,
  providerLabel,
} from './finance-text.ts';
import { money, tr } from './i18n.ts';
import type { DailyReport, LedgerPage, LedgerRow, Reconciliation } from './types.ts';

/** Pages read for one window at most; the CSV has every row whatever this is. */
const MAX_PAGES = 20;
const PAGE = '500';
/** Rows drawn on screen; totals count every row read. */
const SHOWN = 200;
/** The API's limits: the ledger reads at most 31 China days, reconciliation 7. */
const LEDGER_DAYS = 31;
const RECON_DAYS = 7;

/** A window of China dates, `from` ≤ `to`. */
interface Window {
  from: string;
  to: string;
}

const windowQuery = ({ from, to }: Window) => new URLSearchParams({ from, to });
const daysIn = ({ from, to }: Window) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
const oneDay = (w: Window) => w.from === w.to;

async function readWindow(window: Window): Promise<{ rows: LedgerRow[]; complete: boolean }> {
  const rows: LedgerRow[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = windowQuery(window);
    query.set('limit', PAGE);
    if (cursor) query.set('cursor', cursor);
    const answer = await api<LedgerPage>('GET', `/v1/finance/ledger?${query}`);
    rows.push(...answer.items);
    cursor = answer.cursor;
    if (!cursor) break;
  }
  // The ledger is kept per refund; finance reads a day in time order.
  rows.sort((a, b) => a.at.localeCompare(b.at) || a.entryId.localeCompare(b.entryId));
  return { rows, complete: !cursor };
}

/** A table that becomes one card per row on narrow screens (`data-label` names each cell there). */
function table(caption: string, columns: string[], rows: (string | Node)[][], attrs: string[] = [], cls?: string) {
  return h(
    'table',
    { class: cls },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...rows.map((cells, i) =>
        h(
          'tr',
          attrs[i] ? { 'data-kind': attrs[i] } : {},
          ...cells.map((cell, c) => h('td', { 'data-label': columns[c] }, cell)),
        ),
      ),
    ),
  );
}

/** Money that leaves the platform, net: what was sent, less what failed and what came back. */
const NET_SIGN: Readonly<Record<string, number>> = { SENT: 1, FAILED: -1, REVERSED: -1 };

/** Totals per kind and currency, and the net paid out per currency. */
function totals(rows: LedgerRow[], window: Window): HTMLElement[] {
  const sums = new Map<string, { kind: string; currency: string; count: number; amount: number }>();
  const net = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.kind} ${row.currency}`;
    const sum = sums.get(key) ?? { kind: row.kind, currency: row.currency, count: 0, amount: 0 };
    sum.count++;
    sum.amount += row.amount;
    sums.set(key, sum);
    net.set(row.currency, (net.get(row.currency) ?? 0) + (NET_SIGN[row.kind] ?? 0) * row.amount);
  }
  const list = [...sums.values()];
  return [
    table(
      ft('totals'),
      [ft('kind'), ft('count'), ft('amount')],
      list.map((s) => [ledgerKindLabel(s.kind), String(s.count), money(s.amount, s.currency)]),
      list.map((s) => s.kind),
      'totals',
    ),
    h(
      'p',
      { class: 'net' },
      ...[...net].map(([currency, amount]) =>
        h(
          'span',
          { 'data-currency': currency },
          `${oneDay(window) ? ft('net') : ft('netRange')}${tr('：', ': ')}`,
          h('strong', {}, money(amount, currency)),
          ` (${ft('netHow')})`,
        ),
      ),
    ),
  ];
}

function entries(rows: LedgerRow[], window: Window): HTMLElement {
  const shown = rows.slice(0, SHOWN);
  const withDate = !oneDay(window);
  return table(
    ft('entries'),
    [ft('timeChina'), ft('orderNo'), ft('kind'), ft('method'), ft('channel'), ft('amount')],
    shown.map((r) => [
      h('time', { dateTime: r.at }, chinaTime(r.at, withDate)),
      h('span', { class: 'id' }, r.orderId ?? '—'),
      ledgerKindLabel(r.kind),
      methodLabel(r.method),
      providerLabel(r.provider),
      h('span', { class: 'money' }, money(r.amount, r.currency)),
    ]),
    shown.map((r) => r.kind),
    'stack entries',
  );
}

/** The daily report's money per currency: paid out, settled, failed, reversed, outstanding, difference. */
function summary(report: DailyReport): HTMLElement[] {
  return report.currencies.map((c) => {
    const lines: [string, { count: number; amount: number }][] = [
      // The same words as the ledger's kinds: paid out is what was sent.
      [ledgerKindLabel('SENT'), c.paid],
      [ledgerKindLabel('SETTLED'), c.settled],
      [ledgerKindLabel('FAILED'), c.failed],
      [ledgerKindLabel('REVERSED'), c.reversed],
      [ft('outstanding'), c.outstanding],
      [ft('difference'), c.difference],
    ];
    return table(
      report.currencies.length > 1 ? `${ft('summary')} · ${c.currency}` : ft('summary'),
      [ft('kind'), ft('count'), ft('amount')],
      lines.map(([label, tally]) => [label, String(tally.count), money(tally.amount, c.currency)]),
      [],
      'totals',
    );
  });
}

/** Reconciliation in sentences: balanced, or each group with a difference and each refund to chase. */
function reconciliation(report: Reconciliation, orders: Map<string, string>): HTMLElement {
  const body: HTMLElement[] = [];
  if (report.balanced) body.push(h('p', { class: 'ok' }, ft('balanced')));
  const differing = report.groups.filter((g) => g.differenceCount !== 0 || g.differenceAmount !== 0);
  if (differing.length) {
    body.push(
      h(
        'ul',
        { class: 'recon-groups' },
        ...differing.map((g) =>
          h(
            'li',
            {},
            ft('reconGroup', {
              who: [...new Set([methodLabel(g.method), providerLabel(g.provider)]), dayWords(g.day)].join(' · '),
              diff: money(g.differenceAmount, g.currency),
              sent: money(g.sentAmount, g.currency),
              failed: money(g.failedAmount, g.currency),
              settled: money(g.settledAmount, g.currency),
            }),
          ),
        ),
      ),
    );
  }
  if (report.issues.length) {
    body.push(
      h('h4', {}, ft('issues')),
      h(
        'ul',
        { class: 'recon-issues' },
        ...report.issues.map((i) => {
          const order = orders.get(i.refundId);
          const amounts = [
            i.sentAmount !== undefined && `${ft('sentAmount')} ${money(i.sentAmount, i.currency)}`,
            i.settledAmount !== undefined && `${ft('settledAmount')} ${money(i.settledAmount, i.currency)}`,
          ].filter(Boolean);
          return h(
            'li',
            { 'data-refund': i.refundId, 'data-issue': i.kind },
            order ? `${ft('orderNo')} ${order}` : ft('aRefund'),
            tr('：', ': '),
            h('strong', {}, issueLabel(i.kind)),
            amounts.length ? tr(`（${amounts.join('，')}）`, ` (${amounts.join(', ')})`) : '',
          );
        }),
      ),
    );
  }
  return h(
    'section',
    { class: 'recon', 'aria-labelledby': 'recon-h' },
    h('h3', { id: 'recon-h' }, ft('reconciliation')),
    ...body,
  );
}

/** The whole window as one CSV: every page (`x-next-cursor`), the header kept from the first page only. */
async function windowCsv(window: Window): Promise<TextAnswer> {
  const query = windowQuery(window);
  query.set('limit', PAGE);
  const first = await apiText(`/v1/finance/ledger?${query}`, 'text/csv');
  let text = first.text;
  for (let next = first.next; next; ) {
    query.set('cursor', next);
    const page = await apiText(`/v1/finance/ledger?${query}`, 'text/csv');
    const body = page.text.slice(page.text.indexOf('\n') + 1);
    text += text.endsWith('\n') || !body ? body : `\r\n${body}`;
    next = page.next;
  }
  return { ...first, text };
}

/** Saves text as a file through a temporary object URL (a download, not a new tab). */
export function save(text: string, type: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The ledger section. */
export function ledgerByDay(): HTMLElement {
  const today = chinaToday();
  const from = h('input', { type: 'date', name: 'from', value: today, max: today, required: true });
  const to = h('input', { type: 'date', name: 'to', value: today, max: today, required: true });
  const info = h('p', { class: 'hint', role: 'status' });
  const error = h('p', { class: 'error', role: 'alert' });
  const out = h('div', { class: 'ledger-day' });
  const recon = h('div');
  const daySummary = h('div');
  const download = h('button', { type: 'button', class: 'secondary' }, ft('downloadCsv'));

  /** The chosen window, or why it cannot be read. */
  function chosen(): Window | string {
    const start = from.value || today;
    const end = to.value || start;
    if (!/^\d{4}-\d\d-\d\d$/.test(start) || !/^\d{4}-\d\d-\d\d$/.test(end)) return ft('rangeInvalid');
    if (end < start) return ft('rangeBackwards');
    if (end > today) return ft('rangeFuture');
    const window = { from: start, to: end };
    return daysIn(window) > LEDGER_DAYS ? ft('rangeTooLong') : window;
  }

  async function show() {
    const window = chosen();
    error.textContent = '';
    replace(out);
    replace(recon);
    replace(daySummary);
    if (typeof window === 'string') {
      error.textContent = window;
      info.textContent = '';
      return;
    }
    info.textContent = ft('loading');
    out.setAttribute('aria-busy', 'true');
    const [ledger, report, daily] = await Promise.allSettled([
      readWindow(window),
      daysIn(window) <= RECON_DAYS
        ? api<Reconciliation>('GET', `/v1/finance/reconciliation?${windowQuery(window)}`)
        : Promise.resolve(undefined),
      oneDay(window)
        ? api<DailyReport>('GET', `/v1/finance/reports/daily?${new URLSearchParams({ date: window.from })}`)
        : Promise.resolve(undefined),
    ]);
    if (daily.status === 'fulfilled') replace(daySummary, ...(daily.value ? summary(daily.value) : []));
    // A build without the daily report shows the rest; any other failure is said.
    else if (!(daily.reason instanceof ApiError && daily.reason.routeMissing)) {
      replace(daySummary, h('p', { class: 'error' }, `${ft('summary')}: ${problem(daily.reason)}`));
    }
    out.removeAttribute('aria-busy');
    info.textContent = '';
    const orders = new Map<string, string>();
    if (ledger.status === 'fulfilled') {
      const { rows, complete } = ledger.value;
      for (const row of rows) if (row.orderId) orders.set(row.refundId, row.orderId);
      if (rows.length === 0) info.textContent = ft('noEntries');
      else {
        replace(
          out,
          ...totals(rows, window),
          h('div', { class: 'scroll' }, entries(rows, window)),
          (rows.length > SHOWN || !complete) &&
            h('p', { class: 'hint' }, ft('moreEntries', Math.min(rows.length, SHOWN))),
        );
      }
    } else error.textContent = problem(ledger.reason);
    if (report.status === 'fulfilled') {
      replace(
        recon,
        report.value ? reconciliation(report.value, orders) : h('p', { class: 'hint' }, ft('reconTooLong')),
      );
    } else replace(recon, h('p', { class: 'error' }, `${ft('reconciliation')}: ${problem(report.reason)}`));
  }

  download.addEventListener('click', async () => {
    const window = chosen();
    error.textContent = '';
    if (typeof window === 'string') {
      error.textContent = window;
      return;
    }
    download.disabled = true;
    download.setAttribute('aria-busy', 'true');
    try {
      const csv = await windowCsv(window);
      const name = csv.filename ?? `ledger-${window.from}.csv`;
      save(csv.text, csv.type, name);
      info.textContent = `${ft('downloaded')}: ${name}`;
    } catch (e) {
      error.textContent = problem(e);
    }
    download.disabled = false;
    download.removeAttribute('aria-busy');
  });

  // Moving the start of a one-day window moves the whole day; the end never stays before the start.
  let start = from.value;
  from.addEventListener('change', () => {
    if (!to.value || to.value === start || to.value < from.value) to.value = from.value;
    to.min = from.value;
    start = from.value;
  });

  const form = h(
    'form',
    // The window is checked here, in the page's words, rather than by the browser's own bubbles.
    { class: 'row ledger-window', 'aria-label': ft('ledgerByDay'), noValidate: true },
    field(ft('from'), from),
    field(ft('until'), to),
    h('button', { type: 'submit' }, ft('show')),
    download,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void show();
  });
  void show();
  return h(
    'section',
    { class: 'finance-ledger', 'aria-labelledby': 'ledger-h' },
    h('h2', { id: 'ledger-h' }, ft('ledgerByDay')),
    form,
    info,
    error,
    daySummary,
    out,
    recon,
  );
}
