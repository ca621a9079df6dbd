/**
 * The merchant's queue: refunds in one status (default AWAITING_MERCHANT) with a countdown to the deadline
 * (`nextStep.dueBy`; silence past it lets the policy decide), approve/reject/offer part of the amount, and confirming
 * a received return.
 */

import { REASON_LABELS } from '../../functions/domain/rules/reason-labels.ts';
import { api } from './api.ts';
import { field, h, replace } from './dom.ts';
import { countdown, money, pick, t } from './i18n.ts';
import { inboxView } from './inbox.ts';
import { evidenceList } from './progress.ts';
import { threadView } from './thread.ts';
import type { List, Refund } from './types.ts';

const STATUSES = ['AWAITING_MERCHANT', 'AWAITING_BUYER', 'RETURN_IN_TRANSIT', 'PAYOUT_PENDING', 'REFUNDED', 'REJECTED'];
const REFRESH_MS = 5000;

const reasonLabel = (code: string) =>
  code in REASON_LABELS ? pick(REASON_LABELS[code as keyof typeof REASON_LABELS]) : code;

function card(refund: Refund, reload: () => Promise<void>): HTMLElement {
  const out = h('p', { class: 'error', role: 'alert' });
  const path = `/v1/merchant/refunds/${encodeURIComponent(refund.refundId)}`;
  const run = (call: () => Promise<unknown>) => async () => {
    out.textContent = '';
    try {
      await call();
      await reload();
    } catch (e) {
      out.textContent = e instanceof Error ? e.message : String(e);
    }
  };
  const controls: HTMLElement[] = [];
  if (refund.nextStep?.action === 'DECIDE') {
    const reason = h('input', { maxLength: 100, autocomplete: 'off' });
    const decide = (decision: string) =>
      run(() =>
        api('POST', `${path}/decision`, { body: { decision, ...(reason.value ? { reason: reason.value } : {}) } }),
      );
    // A partial offer: the amount in yuan, sent in minor units (0 < amount < the refund's, else the API says 422).
    const amount = h('input', { type: 'number', min: '0.01', step: '0.01', autocomplete: 'off' });
    const offer = run(() =>
      api('POST', `${path}/decision`, {
        body: {
          decision: 'OFFER',
          amount: Math.round(Number(amount.value) * 100),
          ...(reason.value ? { note: reason.value } : {}),
        },
      }),
    );
    controls.push(
      field(`${t('reason')} (${refund.refundId})`, reason),
      h('button', { type: 'button', onclick: decide('APPROVE') }, t('approve')),
      h('button', { type: 'button', class: 'danger', onclick: decide('REJECT') }, t('reject')),
      field(t('offerAmount'), amount),
      h('button', { type: 'button', class: 'secondary', onclick: offer }, t('offer')),
    );
  }
  if (refund.nextStep?.action === 'CONFIRM_RETURN_RECEIVED') {
    const condition = h(
      'select',
      {},
      ...['INTACT', 'DAMAGED', 'NOT_MATCHING'].map((c) => h('option', { value: c }, c)),
    );
    controls.push(
      field(t('condition'), condition),
      h(
        'button',
        {
          type: 'button',
          onclick: run(() => api('POST', `${path}/return-received`, { body: { condition: condition.value } })),
        },
        t('confirmReturn'),
      ),
    );
  }
  const due = refund.nextStep?.dueBy;
  return h(
    'li',
    { class: 'card', 'data-refund': refund.refundId },
    h('h3', {}, `${refund.orderId} · ${money(refund.amount, refund.currency)}`),
    h('p', {}, `${refund.refundId} · ${refund.scenario} · ${reasonLabel(refund.reason)}`),
    refund.note && h('blockquote', {}, refund.note),
    h('p', {}, refund.statusLabel, due && [' · ', h('span', { class: 'countdown', 'data-due': due }, countdown(due))]),
    h('div', { class: 'row' }, ...controls),
    evidenceList(refund.evidence, refund.refundId),
    h('details', {}, h('summary', {}, t('thread')), threadView(refund.refundId, true, false)),
    out,
  );
}

/** Renders the merchant's queue into `view`; returns a function that stops the refresh. */
export function merchantScreen(view: HTMLElement): () => void {
  const status = h('select', { name: 'status' }, ...STATUSES.map((s) => h('option', { value: s }, s)));
  const list = h('ul', { class: 'list', 'aria-live': 'polite' });
  const out = h('p', { class: 'error', role: 'alert' });
  async function reload() {
    try {
      const page = await api<List<Refund>>('GET', `/v1/merchant/refunds?status=${status.value}`);
      replace(list, ...(page.items.length ? page.items.map((r) => card(r, reload)) : [h('li', {}, t('none'))]));
      out.textContent = '';
    } catch (e) {
      out.textContent = e instanceof Error ? e.message : String(e);
    }
  }
  status.addEventListener('change', () => void reload());
  // Refresh only while nobody is typing in the queue, so a half-written reason is never wiped.
  const timer = setInterval(() => {
    if (!list.contains(document.activeElement)) void reload();
  }, REFRESH_MS);
  replace(
    view,
    inboxView(),
    h('h2', {}, t('queue')),
    h(
      'div',
      { class: 'row' },
      field(t('status'), status),
      h('button', { type: 'button', class: 'secondary', onclick: () => void reload() }, t('refresh')),
    ),
    out,
    list,
  );
  void reload();
  return () => clearInterval(timer);
}
