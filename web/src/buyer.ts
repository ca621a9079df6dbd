/**
 * The buyer's screen: "我的订单" first (./orders.ts), each order with its refund entry; applying opens the refund form
 * (./apply-form.ts) and a submitted application lands on the refund's progress (./progress.ts). Below: the buyer's
 * latest refunds, and finding an order by its number for orders not in the list.
 */

import { api, optional } from './api.ts';
import { applyForm, loadOptions } from './apply-form.ts';
import { type Child, field, h, replace } from './dom.ts';
import { money, t, tr } from './i18n.ts';
import { inboxView } from './inbox.ts';
import { type OrderSummary, ordersView, orderTitle } from './orders.ts';
import { progressView } from './progress.ts';
import type { List, Refund } from './types.ts';

/** The refund last shown, so a language switch (which re-renders the screen) keeps it open. */
let lastShown: string | undefined;

/** How many of the buyer's refunds "我的退款" shows at first (the rest on request): it must not push the rest away. */
const MY_REFUNDS_PAGE = 5;

/** Renders the buyer's screen into `view`; returns a function that stops polling. */
export function buyerScreen(view: HTMLElement): () => void {
  let stopDetail: () => void = () => undefined;
  const detail = h('div', { class: 'buyer-detail' });
  const mine = h('ul', { class: 'list my-refunds' });
  const moreMine = h('button', { type: 'button', class: 'secondary', hidden: true }, tr('更多退款', 'More refunds'));
  let mineCursor: string | undefined;
  const orders = ordersView({
    apply: (order) => void openOrder(order.orderId, order),
    follow: (refundId) => showRefund({ refundId }),
  });
  const orderId = h('input', { name: 'orderId', required: true, autocomplete: 'off' });
  const out = h('p', { class: 'error', role: 'alert' });
  const picker = h(
    'form',
    { class: 'card find-order', 'aria-label': tr('按订单号查找', 'Find an order by its number') },
    h('h3', {}, tr('按订单号查找', 'Find an order by its number')),
    field(t('orderId'), orderId),
    h('button', { type: 'submit', class: 'secondary' }, t('open')),
    out,
  );

  /** Shows `content` above the orders with a way back, and (`focus`) moves the reader and the focus to it. */
  const open = (content: Child[], focus = true) => {
    replace(
      detail,
      h('button', { type: 'button', class: 'link back', onclick: close }, tr('← 返回我的订单', '← Back to my orders')),
      ...content,
    );
    if (!focus) return;
    const heading = detail.querySelector<HTMLElement>('h2');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus();
    detail.scrollIntoView?.({ block: 'start' });
  };
  function close() {
    stopDetail();
    stopDetail = () => undefined;
    lastShown = undefined;
    replace(detail);
    // Back on the list, the cards and "我的退款" say what the refund says now.
    void orders.reload();
    void loadMine();
    orders.element.querySelector<HTMLElement>('h2')?.focus();
  }

  const showRefund = (refund: Pick<Refund, 'refundId'> & Partial<Refund>, focus = true) => {
    stopDetail();
    const progress = progressView(refund.refundId, refund.timeline ? (refund as Refund) : undefined, () => {
      void loadMine();
      void orders.reload();
    });
    stopDetail = progress.stop;
    lastShown = refund.refundId;
    open([progress.element], focus);
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

  async function loadMine(append = false) {
    const query = `limit=${MY_REFUNDS_PAGE}${append && mineCursor ? `&cursor=${encodeURIComponent(mineCursor)}` : ''}`;
    const list = await optional<List<Refund>>('GET', `/v1/refunds?${query}`);
    const items = (list?.items ?? []).map(refundButton);
    if (append) mine.append(...items);
    else replace(mine, ...(items.length ? items : [h('li', { class: 'empty' }, tr('还没有退款', 'No refunds yet'))]));
    mineCursor = list?.cursor;
    moreMine.hidden = !mineCursor;
  }
  moreMine.addEventListener('click', () => void loadMine(true));

  async function openOrder(id: string, summary?: OrderSummary) {
    stopDetail();
    lastShown = undefined;
    out.textContent = '';
    try {
      const [options, existing] = await Promise.all([
        loadOptions(id),
        api<List<Refund>>('GET', `/v1/refunds?orderId=${encodeURIComponent(id)}`),
      ]);
      const title = summary || options.items?.length ? orderTitle(summary ?? options) : undefined;
      open([
        options.reasons.length > 0 && (options.maxAmount ?? 1) > 0
          ? applyForm(
              id,
              options,
              (refund) => {
                showRefund(refund);
                void orders.reload();
              },
              title,
            )
          : h(
              'section',
              { class: 'card' },
              h('h2', {}, title ?? t('applyFor')),
              h('p', {}, tr('这个订单现在没有可申请的退款。', 'Nothing on this order can be refunded now.')),
            ),
        existing.items.length > 0 &&
          h(
            'section',
            { 'aria-label': tr('这个订单的退款', 'Refunds on this order') },
            h('h3', {}, tr('这个订单的退款', 'Refunds on this order')),
            h('ul', { class: 'list' }, ...existing.items.map(refundButton)),
          ),
      ]);
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
    detail,
    orders.element,
    h(
      'section',
      { class: 'my-refunds-section', 'aria-label': t('myRefunds') },
      h('h2', {}, t('myRefunds')),
      mine,
      moreMine,
    ),
    picker,
  );
  if (lastShown) showRefund({ refundId: lastShown }, false);
  void loadMine();
  return () => stopDetail();
}
