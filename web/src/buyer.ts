/** The buyer's screen: pick an order, see its refunds or apply, then follow the refund's progress. */

import { api, optional } from './api.ts';
import { applyForm, loadOptions } from './apply-form.ts';
import { field, h, replace } from './dom.ts';
import { money, t } from './i18n.ts';
import { inboxView } from './inbox.ts';
import { progressView } from './progress.ts';
import type { List, Refund } from './types.ts';

/** The refund last shown, so a language switch (which re-renders the screen) keeps it open. */
let lastShown: string | undefined;

/** Renders the buyer's screen into `view`; returns a function that stops polling. */
export function buyerScreen(view: HTMLElement): () => void {
  let stopDetail: () => void = () => undefined;
  const detail = h('div');
  const mine = h('ul', { class: 'list' });
  const picks = h('datalist', { id: 'demo-orders' });
  const orderId = h('input', { name: 'orderId', required: true, autocomplete: 'off', list: 'demo-orders' });
  const out = h('p', { class: 'error', role: 'alert' });
  const picker = h(
    'form',
    { class: 'card', 'aria-label': t('order') },
    field(t('orderId'), orderId),
    picks,
    h('button', { type: 'submit' }, t('open')),
    out,
  );

  const showRefund = (refund: Pick<Refund, 'refundId'> & Partial<Refund>, focus = true) => {
    stopDetail();
    const progress = progressView(
      refund.refundId,
      refund.timeline ? (refund as Refund) : undefined,
      () => void loadMine(),
    );
    stopDetail = progress.stop;
    lastShown = refund.refundId;
    replace(detail, progress.element);
    if (focus) progress.element.querySelector('h2')?.focus();
    void loadMine();
  };
  const refundButton = (r: Refund) =>
    h(
      'li',
      {},
      h(
        'button',
        { type: 'button', class: 'link', onclick: () => showRefund(r) },
        `${r.orderId} · ${r.statusLabel} · ${money(r.amount, r.currency)}`,
      ),
    );

  async function loadMine() {
    const list = await optional<List<Refund>>('GET', '/v1/refunds');
    replace(mine, ...(list?.items.length ? list.items.map(refundButton) : [h('li', {}, t('none'))]));
  }
  async function openOrder(id: string) {
    stopDetail();
    lastShown = undefined;
    out.textContent = '';
    try {
      const [options, existing] = await Promise.all([
        loadOptions(id),
        api<List<Refund>>('GET', `/v1/refunds?orderId=${encodeURIComponent(id)}`),
      ]);
      replace(
        detail,
        existing.items.length > 0 && h('ul', { class: 'list' }, ...existing.items.map(refundButton)),
        options.reasons.length > 0 && (options.maxAmount ?? 1) > 0
          ? applyForm(id, options, showRefund)
          : h('p', {}, t('none')),
      );
    } catch (e) {
      out.textContent = e instanceof Error ? e.message : String(e);
    }
  }
  picker.addEventListener('submit', (event) => {
    event.preventDefault();
    void openOrder(orderId.value.trim());
  });

  replace(
    view,
    inboxView(),
    picker,
    h('section', { 'aria-label': t('myRefunds') }, h('h2', {}, t('myRefunds')), mine),
    detail,
  );
  if (lastShown) showRefund({ refundId: lastShown }, false);
  void loadMine();
  void optional<{ items: { orderId: string; label: string }[] }>('GET', '/local/demo-orders').then((demo) =>
    replace(picks, ...(demo?.items ?? []).map((o) => h('option', { value: o.orderId }, o.label))),
  );
  return () => stopDetail();
}
