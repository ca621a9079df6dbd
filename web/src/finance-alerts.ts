/**
 * Finance's alert queue: filter by status and assignee (everyone, me, or a finance user by id), one card per alert
 * (kind, amount, order number, since when in China time and how long ago, what happened in a sentence of the
 * reader's language, assignee, status), and the workflow actions of the alert contract (acknowledge, assign, resolve
 * with a required note), the alert's history, and a confirmed payout retry for failed payouts. Every action answers
 * with the alert, whose card is redrawn in place. Internal ids (refund ids, alert ids) stay in data attributes.
 */
import { api } from './api.ts';
import { field, h, replace, uid } from './dom.ts';
import {
  actionLabel,
  ago,
  alertSentence,
  alertStatusLabel,
  chinaStamp,
  ft,
  kindLabel,
  problem,
  readableDetail,
  retryOutcomeLabel,
} from './finance-text.ts';
import { money } from './i18n.ts';
import { labelOf } from './labels.ts';
import type { AlertHistoryEntry, FinanceAlert, List } from './types.ts';

const STATUS_FILTERS = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'] as const;
const NOTE_MAX = 500;

const isResolved = (alert: FinanceAlert) => alert.status === 'RESOLVED' || alert.status === 'CLOSED';
const refundStatus = (status: string) => (status ? labelOf('status', status) : '');

/** A radio group in a fieldset: native keyboard behaviour (arrows move, space picks). */
function radios(legend: string, name: string, options: [value: string, label: string][], checked: string) {
  return h(
    'fieldset',
    { class: 'segmented' },
    h('legend', {}, legend),
    ...options.map(([value, label]) => {
      const id = uid(name);
      return h(
        'span',
        { class: 'choice' },
        h('input', { type: 'radio', name, value, id, checked: value === checked }),
        h('label', { htmlFor: id }, label),
      );
    }),
  );
}

/** "3 小时前 · 2026年12月2日 16:00（北京时间）": how long ago first, the China time after it. */
const time = (iso: string) =>
  h('time', { dateTime: iso, title: chinaStamp(iso) }, h('strong', {}, ago(iso)), ' · ', chinaStamp(iso));
const who = (by: string, me: string) => (by === 'monitor' ? ft('monitor') : by === me ? `${by} (${ft('me')})` : by);

function historyList(history: AlertHistoryEntry[], me: string, open: boolean): HTMLElement {
  return h(
    'details',
    { class: 'history', open },
    h('summary', {}, `${ft('history')} (${history.length})`),
    h(
      'ol',
      { class: 'timeline' },
      ...history.map((entry) =>
        h(
          'li',
          { 'data-action': entry.action },
          h('time', { dateTime: entry.at }, chinaStamp(entry.at)),
          ' · ',
          h('strong', {}, actionLabel(entry.action)),
          entry.to ? ` ${ft('to')} ${who(entry.to, me)}` : '',
          ` · ${ft('by')} ${who(entry.by, me)}`,
          // The monitor's notes are its English detail sentences (UPDATED); a person's note is shown as written.
          entry.note ? h('blockquote', {}, entry.by === 'monitor' ? readableDetail(entry.note) : entry.note) : '',
        ),
      ),
    ),
  );
}

/** A button that shows (or hides again) the form of an action that needs more than a click. */
function reveal(text: string, form: HTMLElement, first: HTMLElement): HTMLElement {
  const button = h('button', { type: 'button', class: 'secondary', 'aria-expanded': 'false' }, text);
  button.addEventListener('click', () => {
    form.hidden = !form.hidden;
    button.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) first.focus();
  });
  return button;
}

interface CardState {
  message?: string;
  historyOpen?: boolean;
  focus?: boolean;
}

/** One alert as a card; actions redraw it with the alert the API answers. */
function alertCard(alert: FinanceAlert, me: string, state: CardState = {}): HTMLElement {
  const error = h('p', { class: 'error', role: 'alert', id: uid('err') });
  const done = h('p', { class: 'ok', role: 'status' }, state.message ?? '');
  const heading = h('h3', { tabindex: -1 }, kindLabel(alert.kind));
  const resolved = isResolved(alert);
  let card: HTMLElement;

  const redraw = (next: FinanceAlert, message: string) => {
    const historyOpen = card.querySelector<HTMLDetailsElement>('details.history')?.open ?? false;
    const fresh = alertCard(next, me, { message, historyOpen, focus: true });
    card.replaceWith(fresh);
  };
  const busy = (on: boolean) => {
    for (const b of card.querySelectorAll('button')) b.disabled = on;
    card.setAttribute('aria-busy', String(on));
  };
  const act = async (verb: string, body: unknown, message: (a: FinanceAlert) => string) => {
    error.textContent = '';
    busy(true);
    try {
      const next = await api<FinanceAlert>('POST', `/v1/finance/alerts/${alert.alertId.replaceAll('#', '~')}/${verb}`, {
        body,
      });
      redraw(next, message(next));
    } catch (e) {
      busy(false);
      error.textContent = problem(e, 'alert');
    }
  };

  const actions: HTMLElement[] = [];
  if (!resolved) {
    const quick = h('div', { class: 'row' });
    if (alert.status === 'OPEN') {
      quick.append(
        h(
          'button',
          { type: 'button', onclick: () => act('acknowledge', {}, () => ft('acknowledged')) },
          ft('acknowledge'),
        ),
      );
    }
    if (alert.assignee !== me) {
      quick.append(
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: () => act('assign', { to: me }, (a) => `${ft('assigned')} ${a.assignee ?? me}`),
          },
          ft('assignToMe'),
        ),
      );
    }
    const to = h('input', { name: 'to', autocomplete: 'off', maxLength: 128, 'aria-describedby': error.id });
    const assign = h(
      'form',
      { class: 'row inline-form', hidden: true },
      field(ft('assignTo'), to),
      h('button', { type: 'submit', class: 'secondary' }, ft('assign')),
    );
    assign.addEventListener('submit', (event) => {
      event.preventDefault();
      const target = to.value.trim();
      if (!target) {
        error.textContent = ft('assignToRequired');
        to.setAttribute('aria-invalid', 'true');
        to.focus();
        return;
      }
      void act('assign', { to: target }, (a) => `${ft('assigned')} ${a.assignee ?? target}`);
    });

    const note = h('textarea', { name: 'note', rows: 2, maxLength: NOTE_MAX, 'aria-describedby': error.id });
    const resolve = h(
      'form',
      { class: 'resolve', hidden: true },
      field(ft('resolveNote'), note),
      h('button', { type: 'submit' }, ft('resolve')),
    );
    resolve.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = note.value.trim();
      const invalid = !text ? ft('noteRequired') : text.length > NOTE_MAX ? ft('noteTooLong') : '';
      if (invalid) {
        error.textContent = invalid;
        note.setAttribute('aria-invalid', 'true');
        note.focus();
        return;
      }
      note.removeAttribute('aria-invalid');
      void act('resolve', { note: text }, () => ft('resolved'));
    });
    quick.append(reveal(ft('assignOther'), assign, to), reveal(ft('resolveOpen'), resolve, note));
    actions.push(quick, assign, resolve);

    if (alert.kind === 'PAYOUT_FAILED' && alert.refundId) actions.push(retryControl(alert.refundId, error, done));
  }

  card = h(
    'li',
    {
      class: 'card alert',
      'data-alert': alert.alertId,
      'data-refund': alert.refundId,
      'data-order': alert.orderId,
      'data-status': alert.status,
    },
    h(
      'div',
      { class: 'card-head' },
      heading,
      h('span', { class: `badge ${alert.status.toLowerCase()}` }, alertStatusLabel(alert.status)),
    ),
    h(
      'dl',
      { class: 'facts' },
      alert.amount !== undefined && [h('dt', {}, ft('amount')), h('dd', {}, money(alert.amount, alert.currency))],
      alert.orderId && [h('dt', {}, ft('orderNo')), h('dd', { class: 'id' }, alert.orderId)],
      h('dt', {}, ft('since')),
      h('dd', {}, time(alert.since ?? alert.detectedAt)),
      // Detected later than it began (a late payout is found after its promise passed): both times are said.
      alert.since &&
        Date.parse(alert.detectedAt) - Date.parse(alert.since) >= 60_000 && [
          h('dt', {}, ft('detected')),
          h('dd', {}, time(alert.detectedAt)),
        ],
      h('dt', {}, ft('assignee')),
      h('dd', {}, alert.assignee ? who(alert.assignee, me) : ft('unassigned')),
    ),
    h('p', { class: 'detail' }, alertSentence(alert)),
    alert.detail &&
      h(
        'details',
        { class: 'monitor-note' },
        h('summary', {}, ft('monitorSays')),
        h('p', { lang: 'en' }, readableDetail(alert.detail)),
      ),
    ...actions,
    error,
    done,
    alert.history && historyList(alert.history, me, state.historyOpen ?? false),
  );
  if (state.focus) queueMicrotask(() => heading.focus());
  return card;
}

/** "Retry payout", then a confirmation, then the outcome in words. */
function retryControl(refundId: string, error: HTMLElement, done: HTMLElement): HTMLElement {
  const box = h('div', { class: 'retry' });
  const start = h('button', { type: 'button', class: 'danger' }, ft('retry'));
  const confirm = h('button', { type: 'button', class: 'danger' }, ft('retryYes'));
  const cancel = h('button', { type: 'button', class: 'secondary' }, ft('cancel'));
  const ask = h('div', { class: 'confirm', role: 'group', 'aria-label': ft('retry') });
  const showStart = () => {
    replace(box, start);
  };
  start.addEventListener('click', () => {
    replace(ask, h('p', {}, ft('retryConfirm')), h('div', { class: 'row' }, confirm, cancel));
    replace(box, ask);
    confirm.focus();
  });
  cancel.addEventListener('click', () => {
    showStart();
    start.focus();
  });
  confirm.addEventListener('click', async () => {
    error.textContent = '';
    confirm.disabled = true;
    cancel.disabled = true;
    try {
      const answer = await api<{ refundId: string; status: string; outcome: string }>(
        'POST',
        `/v1/finance/payouts/${encodeURIComponent(refundId)}/retry`,
      );
      const status = refundStatus(answer.status);
      done.textContent = `${retryOutcomeLabel(answer.outcome)}${status ? ` · ${ft('retryStatus')}: ${status}` : ''}`;
      done.dataset.outcome = answer.outcome;
    } catch (e) {
      error.textContent = problem(e, 'retry');
    }
    confirm.disabled = false;
    cancel.disabled = false;
    showStart();
    start.focus();
  });
  showStart();
  return box;
}

/** The queue with its filters; `me` is the signed-in finance user's id. */
export function alertQueue(me: string): HTMLElement {
  let status: string = STATUS_FILTERS[0];
  let whose: 'all' | 'mine' | 'someone' = 'all';
  let cursor: string | undefined;
  /** Only the latest load draws: a filter changed twice quickly does not list twice. */
  let loads = 0;
  const list = h('ul', { class: 'list alerts', 'aria-labelledby': 'alerts-h' });
  const info = h('p', { class: 'hint', role: 'status' });
  const error = h('p', { class: 'error', role: 'alert' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, ft('more'));
  const someone = h('input', { name: 'assignee', autocomplete: 'off', maxLength: 128 });
  const someoneField = field(ft('assigneeId'), someone);
  someoneField.hidden = true;

  /** The assignee the list is filtered by, if any. */
  const assignee = () => (whose === 'mine' ? me : whose === 'someone' ? someone.value.trim() : '');

  async function load(append = false) {
    const seq = ++loads;
    error.textContent = '';
    if (!append) {
      cursor = undefined;
      replace(list);
    }
    info.textContent = ft('loading');
    list.setAttribute('aria-busy', 'true');
    const query = new URLSearchParams({ status, limit: '20' });
    const only = assignee();
    if (only) query.set('assignee', only);
    if (append && cursor) query.set('cursor', cursor);
    try {
      const page = await api<List<FinanceAlert>>('GET', `/v1/finance/alerts?${query}`);
      if (seq !== loads) return;
      // Builds that know only OPEN|CLOSED still filter by status; `assignee` is then applied here.
      const items = only ? page.items.filter((a) => a.assignee === only) : page.items;
      list.append(...items.map((a) => alertCard(a, me)));
      cursor = page.cursor;
      more.hidden = !cursor;
      info.textContent = list.children.length === 0 ? ft('noAlerts') : '';
    } catch (e) {
      if (seq !== loads) return;
      info.textContent = '';
      error.textContent = problem(e);
    }
    list.removeAttribute('aria-busy');
  }

  const filters = h(
    'form',
    { class: 'filters', 'aria-label': ft('alertQueue') },
    radios(
      ft('statusFilter'),
      'alert-status',
      STATUS_FILTERS.map((s) => [s, alertStatusLabel(s)]),
      status,
    ),
    radios(
      ft('assigneeFilter'),
      'alert-assignee',
      [
        ['all', ft('everyone')],
        ['mine', ft('mine')],
        ['someone', ft('someone')],
      ],
      'all',
    ),
    someoneField,
    h('button', { type: 'submit', class: 'secondary' }, ft('refresh')),
  );
  filters.addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    if (input.name === 'alert-status') status = input.value;
    else if (input.name === 'alert-assignee') {
      whose = input.value as typeof whose;
      someoneField.hidden = whose !== 'someone';
      if (whose === 'someone') {
        someone.focus();
        // Nobody named yet: nothing to filter by until the id is typed.
        if (!someone.value.trim()) return;
      }
    } else return;
    void load();
  });
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });
  more.addEventListener('click', () => void load(true));

  void load();
  return h(
    'section',
    { class: 'finance-alerts', 'aria-labelledby': 'alerts-h' },
    h('h2', { id: 'alerts-h' }, ft('alerts')),
    filters,
    info,
    error,
    list,
    more,
  );
}
