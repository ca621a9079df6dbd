/**
 * The minimal refund form, built from `GET /v1/orders/{id}/refund-options`: reason, short note, amount,
 * destination (with bonus and promised arrival) and the instant-refund hint. Without that route it falls back to
 * the reason catalogue. Submits once per Idempotency-Key, so a retried click cannot apply twice.
 */
import { REASON_LABELS } from '../../functions/domain/rules/reason-labels.ts';
import { ApiError, api } from './api.ts';
import { field, h, uid } from './dom.ts';
import { money, pick, t, when } from './i18n.ts';
import type { Refund, RefundOptions } from './types.ts';

/** Refund options for an order, or the static catalogue when the route is not there yet. */
export async function loadOptions(orderId: string): Promise<RefundOptions> {
  try {
    return await api<RefundOptions>('GET', `/v1/orders/${encodeURIComponent(orderId)}/refund-options`);
  } catch (error) {
    if (!(error instanceof ApiError && error.routeMissing)) throw error;
    return {
      scenario: '',
      reasons: Object.entries(REASON_LABELS).map(([code, label]) => ({ code, label })),
      destinations: [{ type: 'ORIGINAL' }, { type: 'BALANCE' }, { type: 'COUPON' }],
      fallback: true,
    };
  }
}

function radios(legend: string, name: string, options: { value: string; label: string; checked?: boolean }[]) {
  return h(
    'fieldset',
    {},
    h('legend', {}, legend),
    ...options.map((o) => {
      const id = uid(name);
      return h(
        'div',
        { class: 'choice' },
        h('input', { type: 'radio', name, id, value: o.value, required: true, checked: o.checked }),
        h('label', { htmlFor: id }, o.label),
      );
    }),
  );
}

/** The form; `onApplied` receives the created refund. */
export function applyForm(orderId: string, options: RefundOptions, onApplied: (refund: Refund) => void): HTMLElement {
  const currency = options.currency ?? 'CNY';
  const destinations = options.destinations ?? [{ type: 'ORIGINAL' }];
  const reasonSet = radios(
    t('reason'),
    'reason',
    options.reasons.map((r) => ({ value: r.code, label: `${pick(r.label)}${r.instant ? ' ⚡' : ''}` })),
  );
  const destinationSet = radios(
    t('destination'),
    'destination',
    destinations.map((d) => ({
      value: d.type,
      checked: d.type === 'ORIGINAL',
      label: [
        d.type,
        d.bonusAmount ? `+${money(d.bonusAmount, currency)} ${t('bonus')}` : '',
        d.promisedBy
          ? `${t('arrives')} ${when(d.promisedBy)}`
          : typeof d.promisedWithin === 'string'
            ? `${t('arrives')} ${d.promisedWithin}`
            : '',
      ]
        .filter(Boolean)
        .join(' · '),
    })),
  );
  const note = h('textarea', { name: 'note', maxLength: 200, rows: 2 });
  const counter = h('small', { 'aria-live': 'polite' }, '0/200');
  note.addEventListener('input', () => {
    counter.textContent = `${note.value.length}/200`;
  });
  const max = options.maxAmount;
  const amount = h('input', {
    name: 'amount',
    type: 'number',
    inputMode: 'decimal',
    step: '0.01',
    min: '0.01',
    max: max ? (max / 100).toFixed(2) : undefined,
    value: max ? (max / 100).toFixed(2) : '',
  });
  const out = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit' }, t('submit'));
  const key = crypto.randomUUID();
  const element = h(
    'form',
    { class: 'card apply', 'aria-label': t('applyFor') },
    h('h2', {}, `${t('applyFor')} · ${orderId}`),
    options.fallback && h('p', { class: 'hint' }, t('fallback')),
    options.scenario && h('p', {}, `${t('scenario')}: ${options.scenario}`),
    options.instantEligible && h('p', { class: 'hint instant' }, `⚡ ${t('instant')}`),
    reasonSet,
    field(t('note'), note),
    counter,
    field(t('amount'), amount, max ? `${t('upTo')} ${money(max, currency)}` : t('amountDefault')),
    destinationSet,
    submit,
    out,
  );
  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(element);
    const yuan = Number(data.get('amount') || 0);
    const body = {
      orderId,
      reason: String(data.get('reason')),
      ...(note.value.trim() ? { note: note.value.trim() } : {}),
      ...(yuan > 0 ? { amount: Math.round(yuan * 100) } : {}),
      destination: String(data.get('destination') ?? 'ORIGINAL'),
    };
    submit.disabled = true;
    out.textContent = '';
    try {
      onApplied(await api<Refund>('POST', '/v1/refunds', { body, headers: { 'idempotency-key': key } }));
    } catch (e) {
      out.textContent = e instanceof Error ? e.message : String(e);
      submit.disabled = false;
    }
  });
  return element;
}
