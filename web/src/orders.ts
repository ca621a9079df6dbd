/**
 * "我的订单 / My orders" (`GET /v1/orders`): the buyer's orders as cards, newest first, each with its items, what was
 * paid and how, its state in words, what is still refundable, and the refund entry on the order itself (申请退款 with
 * the 售后保障 promise, or 查看退款进度 while a refund is under way), as the source document puts it on the order
 * page. Codes go through the label catalogue; the order number is the only identifier shown.
 */
import { api } from './api.ts';
import { h, replace } from './dom.ts';
import { money, t, tr, when } from './i18n.ts';
import { labelOf } from './labels.ts';

/** One order as `GET /v1/orders` presents it (docs/api.md "The buyer's orders"). */
export interface OrderSummary {
  orderId: string;
  currency: string;
  paidAmount: number;
  paymentMethod: string;
  paidAt: string;
  scenario: string;
  items: {
    sku: string;
    name: string;
    category: string;
    quantity: number;
    refundableQuantity: number;
    refundableAmount: number;
  }[];
  refundableAmount: number;
  refund?: { refundId: string; status: string; statusLabel: string; open: boolean };
}

/** What the buyer can do from an order card. */
export interface OrderActions {
  apply(order: OrderSummary): void;
  follow(refundId: string): void;
}

/** The order's title: its first item, and how many more kinds of item it has. */
export function orderTitle(order: { items?: { name: string }[] | undefined }): string {
  const [first, ...more] = order.items ?? [];
  if (!first) return tr('订单', 'Order');
  return more.length ? `${first.name} ${tr(`等 ${more.length + 1} 种商品`, `and ${more.length} more`)}` : first.name;
}

/** An item's name and quantity, and what refunds took of it. */
function itemLine(item: OrderSummary['items'][number], currency: string): HTMLElement {
  const held = item.quantity - item.refundableQuantity;
  return h(
    'span',
    { class: 'item' },
    h('span', { class: 'item-name' }, item.name),
    h('span', { class: 'qty' }, ` × ${item.quantity}`),
    held > 0 &&
      h(
        'small',
        { class: 'hint' },
        item.refundableQuantity > 0
          ? tr(
              ` · 已退或退款中 ${held} 件，还可退 ${item.refundableQuantity} 件(${money(item.refundableAmount, currency)})`,
              ` · ${held} refunded or in a refund; ${item.refundableQuantity} left (${money(item.refundableAmount, currency)})`,
            )
          : tr(' · 已退或退款中', ' · refunded or in a refund'),
      ),
  );
}

/** What the buyer may do about an order in its state, in a few words next to the refund entry. */
function guidance(order: OrderSummary): string {
  const scenario = order.scenario;
  if (order.items.every((i) => i.category === 'VIRTUAL'))
    return tr('未使用的卡券可申请退款', 'Unused codes and vouchers can be refunded');
  if (scenario === 'NOT_SHIPPED')
    return tr('未发货，可直接申请退款', 'Not shipped yet: apply for a refund straight away');
  if (scenario === 'IN_TRANSIT')
    return tr('运输中，可申请退款，需要时按提示退回商品', 'On its way: apply for a refund, and send it back if asked');
  return tr('已签收，可申请退款或退货退款', 'Delivered: apply for a refund, with or without a return');
}

function card(order: OrderSummary, actions: OrderActions): HTMLElement {
  const refund = order.refund;
  const canApply = order.refundableAmount > 0 && !refund?.open;
  const titleId = `order-${order.orderId}`;
  // A one-line order is named by its item; a longer one by its first item, with every line listed below.
  const single = order.items.length === 1 ? order.items[0] : undefined;
  const entry: HTMLElement[] = [];
  if (refund?.open) {
    entry.push(
      h('p', { class: 'refund-state' }, tr('退款进行中：', 'Refund under way: '), h('strong', {}, refund.statusLabel)),
      h(
        'button',
        { type: 'button', class: 'follow-entry', onclick: () => actions.follow(refund.refundId) },
        tr('查看退款进度', 'See refund progress'),
      ),
    );
  } else if (canApply) {
    entry.push(
      h(
        'button',
        { type: 'button', class: 'apply-entry', onclick: () => actions.apply(order) },
        tr('申请退款', 'Apply for a refund'),
      ),
    );
  } else {
    entry.push(h('p', { class: 'hint' }, tr('已全部退款，无可退金额', 'Fully refunded: nothing left to refund')));
  }
  if (refund && !refund.open) {
    entry.push(
      h(
        'button',
        { type: 'button', class: 'link', onclick: () => actions.follow(refund.refundId) },
        tr(`上次退款：${refund.statusLabel} · 查看`, `Last refund: ${refund.statusLabel} · view`),
      ),
    );
  }
  return h(
    'li',
    { class: 'card order', 'data-order': order.orderId, 'aria-labelledby': titleId },
    h(
      'div',
      { class: 'card-head' },
      h('h3', { id: titleId }, single ? itemLine(single, order.currency) : orderTitle(order)),
      h('span', { class: `badge scenario ${order.scenario.toLowerCase()}` }, labelOf('scenario', order.scenario)),
    ),
    !single &&
      h(
        'ul',
        { class: 'order-items', 'aria-label': tr('商品', 'Items') },
        ...order.items.map((i) => h('li', {}, itemLine(i, order.currency))),
      ),
    h(
      'dl',
      { class: 'order-facts' },
      h('dt', {}, tr('实付', 'Paid')),
      h('dd', {}, `${money(order.paidAmount, order.currency)} · ${labelOf('destination', order.paymentMethod)}`),
      h('dt', {}, tr('下单时间', 'Ordered')),
      h('dd', {}, h('time', { datetime: order.paidAt }, when(order.paidAt))),
      h('dt', {}, tr('可退金额', 'Still refundable')),
      h('dd', { class: 'refundable' }, money(order.refundableAmount, order.currency)),
      h('dt', {}, t('orderId')),
      h('dd', { class: 'order-no' }, order.orderId),
    ),
    h(
      'div',
      { class: 'aftersales' },
      canApply &&
        h(
          'p',
          { class: 'guarantee' },
          h('strong', { class: 'shield' }, tr('售后保障', 'After-sales guarantee')),
          ' ',
          guidance(order),
        ),
      ...entry,
    ),
  );
}

/**
 * The list: loads the first page, then "more" pages on request; `reload()` reads the list again (after an
 * application, so the card shows the refund under way).
 */
export function ordersView(actions: OrderActions): { element: HTMLElement; reload: () => Promise<void> } {
  const list = h('ul', { class: 'list orders', 'aria-label': tr('我的订单', 'My orders') });
  const status = h('p', { class: 'hint', role: 'status' });
  const out = h('p', { class: 'error', role: 'alert' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, tr('加载更多订单', 'More orders'));
  let cursor: string | undefined;

  async function load(append: boolean): Promise<void> {
    out.textContent = '';
    if (!append) {
      status.textContent = tr('正在加载订单…', 'Loading your orders…');
      list.setAttribute('aria-busy', 'true');
    }
    more.disabled = true;
    try {
      const page = await api<{ items: OrderSummary[]; cursor?: string }>(
        'GET',
        `/v1/orders${append && cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      const cards = page.items.map((o) => card(o, actions));
      if (append) list.append(...cards);
      else replace(list, ...cards);
      cursor = page.cursor;
      status.textContent =
        list.childElementCount === 0
          ? tr('还没有订单。下单后，订单会出现在这里。', 'No orders yet. Orders you place will show here.')
          : '';
    } catch (e) {
      status.textContent = '';
      out.textContent = `${tr('订单加载失败：', 'Could not load your orders: ')}${e instanceof Error ? e.message : String(e)}`;
    } finally {
      list.removeAttribute('aria-busy');
      more.hidden = !cursor;
      more.disabled = false;
    }
  }
  more.addEventListener('click', () => void load(true));

  const element = h(
    'section',
    { class: 'my-orders', 'aria-labelledby': 'my-orders-title' },
    h('h2', { id: 'my-orders-title' }, tr('我的订单', 'My orders')),
    status,
    list,
    more,
    out,
  );
  void load(false);
  return { element, reload: () => load(false) };
}
