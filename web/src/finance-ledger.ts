/**
 * Finance's ledger by China day: a date picker (today in China by default), the day's movements with translated
 * kinds and money, totals per kind and currency, the day's reconciliation differences, and a CSV download of the
 * same window (`Accept: text/csv`) saved as a file.
 */
import { ApiError, api, apiText, type TextAnswer } from './api.ts';
import { field, h, replace } from './dom.ts';
import { chinaTime, chinaToday, ft, issueLabel, ledgerKindLabel, methodLabel, problem } from './finance-text.ts';
import { money } from './i18n.ts';
import type { DailyReport, LedgerPage, LedgerRow, Reconciliation } from './types.ts';

/** Pages read for one day at most; the CSV has every row whatever this is. */
const MAX_PAGES = 20;
const PAGE = '500';
/** Rows drawn on screen; totals count every row read. */
const SHOWN = 200;

const dayQuery = (day: string) => new URLSearchParams({ from: day, to: day });

async function readDay(day: string): Promise<{ rows: LedgerRow[]; complete: boolean }> {
  const rows: LedgerRow[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = dayQuery(day);
    query.set('limit', PAGE);
    if (cursor) query.set('cursor', cursor);
    const answer = await api<LedgerPage>('GET', `/v1/finance/ledger?${query}`);
    rows.push(...answer.items);
    cursor = answer.cursor;
    if (!cursor) break;
  }
  // The ledger is kept per refund; finance reads a day in time order.
  rows.sort((a, b) => a.at.localeCompare(b.at) || a.refundId.localeCompare(b.refundId));
  return { rows, complete: !cursor };
}

/** A table that becomes one card per row on narrow screens (`data-label` names each cell there). */
function stackTable(caption: string, columns: string[], rows: (string | Node)[][], attrs: string[] = [], stack = true) {
  return h(
    'table',
    { class: stack ? 'stack' : undefined },
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

function totals(rows: LedgerRow[]): HTMLElement {
  const sums = new Map<string, { kind: string; currency: string; count: number; amount: number }>();
  for (const row of rows) {
    const key = `${row.kind} ${row.currency}`;
    const sum = sums.get(key) ?? { kind: row.kind, currency: row.currency, count: 0, amount: 0 };
    sum.count++;
    sum.amount += row.amount;
    sums.set(key, sum);
  }
  const list = [...sums.values()];
  return stackTable(
    ft('totals'),
    [ft('kind'), ft('count'), ft('amount')],
    list.map((s) => [ledgerKindLabel(s.kind), String(s.count), money(s.amount, s.currency)]),
    list.map((s) => s.kind),
    false,
  );
}

function entries(rows: LedgerRow[]): HTMLElement {
  const shown = rows.slice(0, SHOWN);
  return stackTable(
    ft('entries'),
    [ft('time'), ft('kind'), ft('refund'), ft('amount'), ft('method'), ft('provider')],
    shown.map((r) => [
      h('time', { dateTime: r.at }, chinaTime(r.at)),
      ledgerKindLabel(r.kind),
      h('span', { class: 'id' }, r.refundId),
      money(r.amount, r.currency),
      methodLabel(r.method),
      r.provider,
    ]),
    shown.map((r) => r.kind),
  );
}

/** The daily report's money per currency: paid out, settled, failed, reversed, outstanding, difference. */
function summary(report: DailyReport): HTMLElement[] {
  return report.currencies.map((c) => {
    const lines: [string, { count: number; amount: number }][] = [
      [ft('paid'), c.paid],
      [ft('settled'), c.settled],
      [ft('failed'), c.failed],
      [ft('reversed'), c.reversed],
      [ft('outstanding'), c.outstanding],
      [ft('difference'), c.difference],
    ];
    return stackTable(
      report.currencies.length > 1 ? `${ft('summary')} · ${c.currency}` : ft('summary'),
      [ft('kind'), ft('count'), ft('amount')],
      lines.map(([label, tally]) => [label, String(tally.count), money(tally.amount, c.currency)]),
      [],
      false,
    );
  });
}

function reconciliation(report: Reconciliation): HTMLElement {
  const body: (HTMLElement | false)[] = [];
  if (report.balanced) body.push(h('p', { class: 'ok' }, ft('balanced')));
  const differing = report.groups.filter((g) => g.differenceCount !== 0 || g.differenceAmount !== 0);
  if (differing.length) {
    body.push(
      stackTable(
        ft('difference'),
        [ft('provider'), ft('method'), ft('sent'), ft('failed'), ft('settled'), ft('difference')],
        differing.map((g) => [
          g.provider,
          methodLabel(g.method),
          money(g.sentAmount, g.currency),
          money(g.failedAmount, g.currency),
          money(g.settledAmount, g.currency),
          money(g.differenceAmount, g.currency),
        ]),
      ),
    );
  }
  if (report.issues.length) {
    body.push(
      stackTable(
        ft('issues'),
        [ft('kind'), ft('refund'), ft('sentAmount'), ft('settledAmount')],
        report.issues.map((i) => [
          issueLabel(i.kind),
          h('span', { class: 'id' }, i.refundId),
          i.sentAmount === undefined ? '—' : money(i.sentAmount, i.currency),
          i.settledAmount === undefined ? '—' : money(i.settledAmount, i.currency),
        ]),
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

/** The whole day as one CSV: every page (`x-next-cursor`), the header kept from the first page only. */
async function dayCsv(day: string): Promise<TextAnswer> {
  const query = dayQuery(day);
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

/** Saves text as a file through a temporary object URL. */
function save(text: string, type: string, filename: string): void {
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
  const date = h('input', { type: 'date', name: 'day', value: today, max: today, required: true });
  const info = h('p', { class: 'hint', role: 'status' });
  const error = h('p', { class: 'error', role: 'alert' });
  const out = h('div', { class: 'ledger-day' });
  const recon = h('div');
  const daySummary = h('div');
  const download = h('button', { type: 'button', class: 'secondary' }, ft('downloadCsv'));

  async function show() {
    const day = date.value || today;
    error.textContent = '';
    info.textContent = ft('loading');
    out.setAttribute('aria-busy', 'true');
    replace(out);
    replace(recon);
    replace(daySummary);
    const [ledger, report, daily] = await Promise.allSettled([
      readDay(day),
      api<Reconciliation>('GET', `/v1/finance/reconciliation?${dayQuery(day)}`),
      api<DailyReport>('GET', `/v1/finance/reports/daily?${new URLSearchParams({ date: day })}`),
    ]);
    if (daily.status === 'fulfilled') replace(daySummary, ...summary(daily.value));
    // A build without the daily report shows the rest; any other failure is said.
    else if (!(daily.reason instanceof ApiError && daily.reason.routeMissing)) {
      replace(daySummary, h('p', { class: 'error' }, `${ft('summary')}: ${problem(daily.reason)}`));
    }
    out.removeAttribute('aria-busy');
    info.textContent = '';
    if (ledger.status === 'fulfilled') {
      const { rows, complete } = ledger.value;
      if (rows.length === 0) info.textContent = ft('noEntries');
      else {
        replace(
          out,
          totals(rows),
          h('div', { class: 'scroll' }, entries(rows)),
          (rows.length > SHOWN || !complete) &&
            h('p', { class: 'hint' }, ft('moreEntries', Math.min(rows.length, SHOWN))),
        );
      }
    } else error.textContent = problem(ledger.reason);
    if (report.status === 'fulfilled') replace(recon, reconciliation(report.value));
    else replace(recon, h('p', { class: 'error' }, `${ft('reconciliation')}: ${problem(report.reason)}`));
  }

  download.addEventListener('click', async () => {
    const day = date.value || today;
    error.textContent = '';
    download.disabled = true;
    try {
      const csv = await dayCsv(day);
      save(csv.text, csv.type, csv.filename ?? `ledger-${day}.csv`);
      info.textContent = `${ft('downloaded')}: ${csv.filename ?? `ledger-${day}.csv`}`;
    } catch (e) {
      error.textContent = problem(e);
    }
    download.disabled = false;
  });

  const form = h(
    'form',
    { class: 'row', 'aria-label': ft('ledgerByDay') },
    field(ft('day'), date),
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
