/**
 * The merchant's screen: the message centre, its scorecard (./scorecard.ts), the return address, and the queue of
 * refunds in one status (default: waiting for the merchant). Each card says in words what the buyer asks and why, what the merchant must do by when
 * and what happens if it does not (the list's `timeoutAction`), and offers approve, reject, a partial offer, or
 * confirming a received return; the buyer's evidence (images behind short-lived read URLs) and the negotiation
 * thread sit on the card. Cards are kept while their refund is unchanged, so a refresh never closes an open thread.
 */

import { minorStep, toMinor } from './amounts.ts';
import { api } from './api.ts';
import { field, h, replace } from './dom.ts';
import { money, t, tr, when } from './i18n.ts';
import { inboxView } from './inbox.ts';
import { labelOf } from './labels.ts';
import { returnAddressPanel } from './return-address.ts';
import { scorecardPanel } from './scorecard.ts';
import { deadline, errorText, evidenceGallery, loading } from './staff-parts.ts';
import { threadView } from './thread.ts';
import type { List, Refund } from './types.ts';

const STATUSES = [
  'AWAITING_MERCHANT',
  'AWAITING_BUYER',
  'AWAITING_RETURN',
  'RETURN_IN_TRANSIT',
  'AWAITING_INSPECTION',
  'PAYOUT_PENDING',
  'REFUNDED',
  'REJECTED',
];
const REFRESH_MS = 5000;

/** The merchant list with what the policy does when a deadline passes. */
interface MerchantList extends List<Refund> {
  setup?: { returnAddress?: string };
  timeoutAction?: string;
}

/** Refund fields the merchant list carries beyond the console's `Refund`. */
type MerchantRefund = Refund & {
  returnShipment?: { carrier?: string; trackingNumber?: string; at: string };
};

/** What happens when the merchant lets the deadline pass, as the policy says (neutral when the API does not say). */
function atZero(action: string, timeoutAction: string | undefined): string {
  if (action !== 'DECIDE') return tr('逾期后由平台处理', 'then the platform takes over');
  if (timeoutAction === 'APPROVE') return tr('逾期将自动同意退款', 'then the refund is approved for you');
  if (timeoutAction === 'MANUAL_REVIEW') return tr('逾期将转平台审核', 'then a platform reviewer decides');
  return tr('逾期后由平台处理', 'then the platform takes over');
}

function card(refund: MerchantRefund, timeoutAction: string | undefined, reload: () => Promise<void>): HTMLElement {
  const out = h('p', { class: 'error', role: 'alert' });
  const path = `/v1/merchant/refunds/${encodeURIComponent(refund.refundId)}`;
  const buttons: HTMLButtonElement[] = [];
  const run = (call: () => Promise<unknown>) => async () => {
    out.textContent = '';
    for (const b of buttons) b.disabled = true;
    try {
      await call();
      await reload();
    } catch (e) {
      out.textContent = errorText(e);
    } finally {
      for (const b of buttons) b.disabled = false;
    }
  };
  const button = (label: string, onclick: () => void, kind = '') => {
    const b = h('button', { type: 'button', class: kind || undefined, onclick }, label);
    buttons.push(b);
    return b;
  };
  const controls: HTMLElement[] = [];
  if (refund.nextStep?.action === 'DECIDE') {
    const reason = h('input', { maxLength: 100, autocomplete: 'off' });
    const decide = (decision: string) =>
      run(() =>
        api('POST', `${path}/decision`, {
          body: { decision, ...(reason.value.trim() ? { reason: reason.value.trim() } : {}) },
        }),
      );
    // A partial offer: typed in the currency's major unit (yuan, yen), sent in minor units; more than 0 and less than
    // the refund's amount.
    const unit = minorStep(refund.currency);
    const amount = h('input', { type: 'number', min: unit, step: unit, inputMode: 'decimal', autocomplete: 'off' });
    const offer = () => {
      const minor = toMinor(amount.value, refund.currency);
      if (!(minor > 0 && minor < refund.amount)) {
        out.textContent = tr(
          `部分退款金额需大于 0 且小于 ${money(refund.amount, refund.currency)}`,
          `A partial amount is more than 0 and less than ${money(refund.amount, refund.currency)}`,
        );
        amount.focus();
        return;
      }
      void run(() =>
        api('POST', `${path}/decision`, {
          body: { decision: 'OFFER', amount: minor, ...(reason.value.trim() ? { note: reason.value.trim() } : {}) },
        }),
      )();
    };
    controls.push(
      field(
        tr('处理说明(选填，最多 100 字)', 'Your reason or note (optional, up to 100 characters)'),
        reason,
        tr('说明同意、拒绝或部分退款的理由', 'Why you approve, reject or offer part'),
      ),
      h(
        'div',
        { class: 'row' },
        button(tr('同意退款', 'Approve'), decide('APPROVE')),
        button(tr('拒绝退款', 'Reject'), decide('REJECT'), 'danger'),
      ),
      h(
        'div',
        { class: 'row offer' },
        field(t('offerAmount'), amount, `${t('upTo')} ${money(refund.amount - 1, refund.currency)}`),
        button(t('offer'), offer, 'secondary'),
      ),
    );
  }
  if (refund.nextStep?.action === 'CONFIRM_RETURN_RECEIVED') {
    const condition = h(
      'select',
      {},
      ...['INTACT', 'DAMAGED', 'NOT_MATCHING'].map((c) => h('option', { value: c }, labelOf('returnCondition', c))),
    );
    controls.push(
      h(
        'div',
        { class: 'row' },
        field(tr('收到的商品状况', 'Condition of the goods'), condition),
        button(
          t('confirmReturn'),
          run(() => api('POST', `${path}/return-received`, { body: { condition: condition.value } })),
        ),
      ),
    );
  }
  const next = refund.nextStep;
  const shipment = refund.returnShipment;
  return h(
    'li',
    { class: 'card', 'data-refund': refund.refundId },
    h('h3', {}, `${labelOf('reason', refund.reason)} · ${money(refund.amount, refund.currency)}`),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, tr('订单号', 'Order')),
      h('dd', {}, refund.orderId),
      h('dt', {}, tr('订单状态', 'Order state')),
      h('dd', {}, labelOf('scenario', refund.scenario)),
      h('dt', {}, tr('退款状态', 'Refund status')),
      h('dd', {}, labelOf('status', refund.status)),
      h('dt', {}, tr('申请时间', 'Asked')),
      h('dd', {}, when(refund.createdAt)),
      h('dt', {}, tr('退款去向', 'Refund to')),
      h('dd', {}, labelOf('destination', refund.destination)),
      shipment && [
        h('dt', {}, tr('退货物流', 'Return parcel')),
        h(
          'dd',
          {},
          [shipment.carrier, shipment.trackingNumber].filter(Boolean).join(' ') || tr('已上传运单', 'Waybill sent'),
        ),
      ],
    ),
    refund.note && h('blockquote', {}, `${tr('买家说明：', 'The buyer says: ')}${refund.note}`),
    next &&
      next.who === 'MERCHANT' &&
      h(
        'p',
        { class: 'wait' },
        h('strong', {}, `${tr('待您处理：', 'Your move: ')}${labelOf('action', next.action)}`),
        next.dueBy && [' · ', deadline(next.dueBy, atZero(next.action, timeoutAction))],
      ),
    // A consequence of the merchant's scorecard on this request (its deadline), in words; the panel says why.
    ...(refund.decision?.rules ?? [])
      .filter((rule) => rule.startsWith('SCORECARD.'))
      .map((rule) =>
        h('p', { class: 'scorecard-rule' }, `${tr('经营评分：', 'Your scorecard: ')}${labelOf('rule', rule)}`),
      ),
    refund.offer &&
      !refund.offer.answer &&
      h(
        'p',
        { class: 'wait' },
        tr(
          `已提出部分退款 ${money(refund.offer.amount, refund.currency)}，等待买家回复`,
          `You offered ${money(refund.offer.amount, refund.currency)}; waiting for the buyer`,
        ),
        [' · ', deadline(refund.offer.dueBy, tr('逾期按政策处理', 'then the policy decides'))],
      ),
    ...controls,
    evidenceGallery(refund.evidence, refund.refundId),
    h('details', { class: 'thread-details' }, h('summary', {}, t('thread')), threadView(refund.refundId, true, false)),
    out,
  );
}

/** Renders the merchant's screen into `view`; returns a function that stops the refresh. */
export function merchantScreen(view: HTMLElement): () => void {
  const status = h(
    'select',
    { name: 'status' },
    ...STATUSES.map((s) => h('option', { value: s }, labelOf('status', s))),
  );
  const list = h('ul', { class: 'list', 'aria-live': 'polite', 'aria-label': t('queue') });
  replace(list, h('li', {}, loading(tr('正在加载退款…', 'Loading refunds…'))));
  const out = h('p', { class: 'error', role: 'alert' });
  const address = returnAddressPanel();
  // The scorecard: rates, the tier and what it changes (./scorecard.ts), read once per visit.
  const scorecard = scorecardPanel();
  void scorecard.load();
  // Cards by refund, kept while the refund and its evidence are unchanged so an open thread survives a refresh.
  const shown = new Map<string, { key: string; element: HTMLElement }>();
  let latest = 0;
  async function reload() {
    const mine = ++latest;
    try {
      const page = await api<MerchantList>('GET', `/v1/merchant/refunds?status=${status.value}`);
      if (mine !== latest) return;
      void address.load(page.setup?.returnAddress === 'MISSING');
      const cards = page.items.map((r) => {
        // Evidence arriving (and its OCR) is recorded without a status change: it is part of what "changed" means.
        const files = JSON.stringify(r.evidence ?? []);
        const key = `${r.updatedAt}/${status.value}/${page.timeoutAction ?? ''}/${files}`;
        const kept = shown.get(r.refundId);
        if (kept?.key === key) return kept.element;
        const element = card(r, page.timeoutAction, reload);
        shown.set(r.refundId, { key, element });
        return element;
      });
      replace(
        list,
        ...(cards.length
          ? cards
          : [
              h(
                'li',
                { class: 'empty' },
                tr(
                  `没有「${labelOf('status', status.value)}」的退款`,
                  `No refunds in “${labelOf('status', status.value)}”`,
                ),
              ),
            ]),
      );
      out.textContent = '';
    } catch (e) {
      if (mine === latest) out.textContent = errorText(e);
    }
  }
  status.addEventListener('change', () => {
    shown.clear();
    replace(list, h('li', {}, loading(tr('正在加载退款…', 'Loading refunds…'))));
    void reload();
  });
  // Refresh only while nobody is typing in the queue, so a half-written reason is never wiped.
  const timer = setInterval(() => {
    if (!list.contains(document.activeElement)) void reload();
  }, REFRESH_MS);
  replace(
    view,
    inboxView(),
    scorecard.element,
    address.element,
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
