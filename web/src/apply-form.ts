/**
 * The minimal refund form, built from `GET /v1/orders/{id}/refund-options`: reason (with what it leads to), short
 * note (the API's bound, enforced), amount, destination (the channel by name, the promised window: 1–3 个工作日 back
 * the way it was paid, 立即到账 for balance and coupon, and any bonus) and the instant-refund hint. Every code is
 * shown through the label catalogue. Without that route it falls back to the reason catalogue. Submits once per
 * Idempotency-Key, so a retried click cannot apply twice.
 */
import { REASON_LABELS } from '../../functions/domain/rules/reason-labels.ts';
import { fromMinor, minorStep, toMinor } from './amounts.ts';
import { ApiError, api } from './api.ts';
import { field, h, uid } from './dom.ts';
import { money, pick, t, tr } from './i18n.ts';
import { labelOf } from './labels.ts';
import type { Refund, RefundOptions } from './types.ts';

/** The refund-options fields this form reads beyond the shared type (docs/api.md "Refund options"). */
export type ApplyOptions = Omit<RefundOptions, 'reasons' | 'destinations'> & {
  reasons: (RefundOptions['reasons'][number] & { returnRequired?: boolean })[];
  destinations?: (NonNullable<RefundOptions['destinations']>[number] & { method?: string })[];
  items?: { sku: string; name: string; quantity: number; refundableQuantity?: number }[];
  noteMaxLength?: number;
};

/** The longest note the API takes when refund-options does not say (docs/api.md: `note` ≤ 200 characters). */
const NOTE_MAX = 200;

/** Refund options for an order, or the static catalogue when the route is not there yet. */
export async function loadOptions(orderId: string): Promise<ApplyOptions> {
  try {
    return await api<ApplyOptions>('GET', `/v1/orders/${encodeURIComponent(orderId)}/refund-options`);
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

function radios(
  legend: string,
  name: string,
  options: { value: string; label: string; hint?: string; checked?: boolean }[],
) {
  return h(
    'fieldset',
    {},
    h('legend', {}, legend),
    ...options.map((o) => {
      const id = uid(name);
      return h(
        'div',
        { class: 'choice' },
        h('input', {
          type: 'radio',
          name,
          id,
          value: o.value,
          required: true,
          checked: o.checked,
          'aria-describedby': o.hint ? `${id}-hint` : undefined,
        }),
        h('label', { htmlFor: id }, o.label, o.hint && h('small', { id: `${id}-hint`, class: 'hint' }, o.hint)),
      );
    }),
  );
}

/** What applying with a reason leads to, in a few words (nothing for an ordinary wait). */
function reasonHint(reason: ApplyOptions['reasons'][number], sayInstant: boolean): string {
  const evidence = (reason.evidenceRequired ?? []).map((k) => labelOf('evidenceKind', k)).join(tr('、', ', '));
  return [
    sayInstant && reason.instant ? tr('⚡ 符合秒批，提交即退款', '⚡ Approved as soon as you submit') : '',
    reason.returnRequired ? tr('需寄回商品', 'Send the goods back first') : '',
    evidence ? tr(`需上传${evidence}`, `Upload: ${evidence}`) : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** When the money arrives: a business-day window back the way it was paid, or at once for balance and coupon. */
export function windowText(within: unknown): string {
  if (within === 'IMMEDIATE') return tr('立即到账', 'Arrives at once');
  if (within && typeof within === 'object' && 'maxBusinessDays' in within) {
    const { minBusinessDays: min, maxBusinessDays: max } = within as {
      minBusinessDays?: number;
      maxBusinessDays: number;
    };
    const span = min !== undefined && min !== max ? `${min}–${max}` : String(max);
    return tr(`${span} 个工作日到账`, `Arrives within ${span} business days`);
  }
  return '';
}

/** A destination in words: "原路退回(支付宝)", "平台余额"; the payment method's name comes from the catalogue. */
export function destinationText(type: string, method?: string): string {
  const name = labelOf('destination', type);
  return type === 'ORIGINAL' && method
    ? tr(`${name}(${labelOf('destination', method)})`, `${name} (${labelOf('destination', method)})`)
    : name;
}

/**
 * The form; `onApplied` receives the created refund. `title` names the order (its items); without it the order
 * number does.
 */
export function applyForm(
  orderId: string,
  options: ApplyOptions,
  onApplied: (refund: Refund) => void,
  title?: string,
): HTMLElement {
  const currency = options.currency ?? 'CNY';
  const destinations: NonNullable<ApplyOptions['destinations']> = options.destinations ?? [{ type: 'ORIGINAL' }];
  const reasonSet = radios(
    t('reason'),
    'reason',
    // When every reason is approved at once, the form says so once, not on each reason.
    options.reasons.map((r) => ({
      value: r.code,
      label: pick(r.label),
      hint: reasonHint(r, !options.reasons.every((o) => o.instant)),
    })),
  );
  const destinationSet = radios(
    t('destination'),
    'destination',
    destinations.map((d) => ({
      value: d.type,
      checked: d.type === 'ORIGINAL',
      label: destinationText(d.type, d.method),
      hint: [
        windowText(d.promisedWithin),
        d.bonusAmount
          ? tr(`额外赠送 ${money(d.bonusAmount, currency)}`, `+${money(d.bonusAmount, currency)} bonus`)
          : '',
      ]
        .filter(Boolean)
        .join(' · '),
    })),
  );
  const noteMax = options.noteMaxLength ?? NOTE_MAX;
  const note = h('textarea', { name: 'note', maxLength: noteMax, rows: 2 });
  const counter = h('small', { class: 'counter', 'aria-live': 'polite' }, `0/${noteMax}`);
  note.addEventListener('input', () => {
    counter.textContent = `${note.value.length}/${noteMax}`;
  });
  const max = options.maxAmount;
  const amount = h('input', {
    name: 'amount',
    type: 'number',
    inputMode: 'decimal',
    // In the order's currency's major unit (yuan, yen): one minor unit the step.
    step: minorStep(currency),
    min: minorStep(currency),
    max: max ? fromMinor(max, currency) : undefined,
    value: max ? fromMinor(max, currency) : '',
  });
  const out = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit' }, t('submit'));
  const key = crypto.randomUUID();
  const element = h(
    'form',
    { class: 'card apply', 'aria-label': t('applyFor') },
    h('h2', {}, `${t('applyFor')} · ${title ?? orderId}`),
    options.fallback && h('p', { class: 'hint' }, t('fallback')),
    options.scenario && h('p', {}, `${t('scenario')}${tr('：', ': ')}${labelOf('scenario', options.scenario)}`),
    options.instantEligible && h('p', { class: 'hint instant' }, `⚡ ${t('instant')}`),
    reasonSet,
    field(tr(`补充说明(选填，最多 ${noteMax} 字)`, `Note (optional, up to ${noteMax} characters)`), note),
    counter,
    field(t('amount'), amount, max ? `${t('upTo')} ${money(max, currency)}` : t('amountDefault')),
    destinationSet,
    submit,
    out,
  );
  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(element);
    const typed = String(data.get('amount') || '0');
    const minor = toMinor(typed, currency);
    const body = {
      orderId,
      reason: String(data.get('reason')),
      ...(note.value.trim() ? { note: note.value.trim() } : {}),
      ...(minor > 0 ? { amount: minor } : {}),
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
