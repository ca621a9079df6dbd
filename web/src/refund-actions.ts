/**
 * What the buyer can do to a refund right now, from its status and `nextStep`: cancel while unpaid, send the
 * return shipment, dispute a merchant's rejection, answer a merchant's partial offer, upload evidence (the upload URL
 * comes from the API).
 */
import { ApiError, api } from './api.ts';
import { field, h } from './dom.ts';
import { money, t } from './i18n.ts';
import type { Refund } from './types.ts';

const CANCELLABLE = new Set([
  'SUBMITTED',
  'AWAITING_MERCHANT',
  'AWAITING_EVIDENCE',
  'AWAITING_RETURN',
  'RETURN_IN_TRANSIT',
  'MANUAL_REVIEW',
  'AWAITING_BUYER',
]);

/** Runs an action, shows its error in `out`, and refreshes the refund on success. */
async function attempt(out: HTMLElement, action: () => Promise<unknown>, refresh: () => Promise<void>) {
  out.textContent = '';
  try {
    await action();
    await refresh();
  } catch (e) {
    out.textContent =
      e instanceof ApiError && e.routeMissing ? t('unavailable') : e instanceof Error ? e.message : String(e);
  }
}

function form(title: string, controls: HTMLElement[], submit: string, onSubmit: (out: HTMLElement) => Promise<void>) {
  const out = h('p', { class: 'error', role: 'alert' });
  const element = h(
    'form',
    { class: 'card', 'aria-label': title },
    h('h3', {}, title),
    ...controls,
    h('button', { type: 'submit' }, submit),
    out,
  );
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    void onSubmit(out);
  });
  return element;
}

let lastEvidenceId: string | undefined;

function evidenceForm(refund: Refund, refresh: () => Promise<void>): HTMLElement {
  const kind = h('select', {}, ...['PHOTO', 'WAYBILL', 'RECEIPT'].map((k) => h('option', { value: k }, k)));
  const file = h('input', { type: 'file', accept: 'image/*', required: true });
  return form(t('evidence'), [field(t('kind'), kind), field(t('file'), file)], t('upload'), (out) =>
    attempt(
      out,
      async () => {
        const chosen = file.files?.[0];
        if (!chosen) return;
        const contentType = chosen.type || 'application/octet-stream';
        const slot = await api<{ evidenceId: string; uploadUrl: string; headers?: Record<string, string> }>(
          'POST',
          `/v1/refunds/${refund.refundId}/evidence`,
          {
            // The URL is signed for exactly this size (and one write); the browser sends Content-Length itself.
            body: { kind: kind.value, contentType, contentLength: chosen.size },
          },
        );
        const put = await fetch(slot.uploadUrl, {
          method: 'PUT',
          body: chosen,
          headers: slot.headers ?? { 'content-type': contentType },
        });
        if (!put.ok) throw new Error(`upload failed: ${put.status}`);
        lastEvidenceId = slot.evidenceId;
        out.textContent = `✓ ${slot.evidenceId}`;
      },
      refresh,
    ),
  );
}

/** The action controls for this refund; empty when the buyer has nothing to do. */
export function buyerActions(refund: Refund, refresh: () => Promise<void>): HTMLElement[] {
  const path = `/v1/refunds/${encodeURIComponent(refund.refundId)}`;
  const controls: HTMLElement[] = [];
  const action = refund.nextStep?.action;
  if (action === 'SHIP_RETURN') {
    const carrier = h('input', { autocomplete: 'off' });
    const tracking = h('input', { autocomplete: 'off', pattern: '[A-Za-z0-9 \\-]{6,40}' });
    controls.push(
      form(t('returnShipment'), [field(t('carrier'), carrier), field(t('tracking'), tracking)], t('send'), (out) =>
        attempt(
          out,
          () =>
            api('POST', `${path}/return-shipment`, {
              body: {
                ...(carrier.value ? { carrier: carrier.value } : {}),
                ...(tracking.value
                  ? { trackingNumber: tracking.value }
                  : lastEvidenceId
                    ? { evidenceId: lastEvidenceId }
                    : {}),
              },
            }),
          refresh,
        ),
      ),
    );
  }
  if (action === 'DISPUTE_OR_ACCEPT') {
    const note = h('textarea', { required: true, maxLength: 1000, rows: 3 });
    controls.push(
      form(t('dispute'), [field(t('note'), note)], t('dispute'), (out) =>
        attempt(out, () => api('POST', `${path}/dispute`, { body: { note: note.value } }), refresh),
      ),
    );
  }
  if (action === 'ANSWER_OFFER' && refund.offer) {
    const offer = refund.offer;
    const out = h('p', { class: 'error', role: 'alert' });
    const answer = (accept: boolean) => () =>
      void attempt(out, () => api('POST', `${path}/offer`, { body: { accept } }), refresh);
    controls.push(
      h(
        'div',
        { class: 'card', 'aria-label': t('offerFromMerchant') },
        h('h3', {}, t('offerFromMerchant')),
        h('p', {}, `${money(offer.amount, refund.currency)} / ${money(offer.requested, refund.currency)}`),
        offer.note && h('blockquote', {}, offer.note),
        h('button', { type: 'button', onclick: answer(true) }, t('acceptOffer')),
        h('button', { type: 'button', class: 'danger', onclick: answer(false) }, t('declineOffer')),
        out,
      ),
    );
  }
  if (CANCELLABLE.has(refund.status)) {
    controls.push(evidenceForm(refund, refresh));
    const out = h('p', { class: 'error', role: 'alert' });
    const cancel = h('button', { type: 'button', class: 'danger' }, t('cancel'));
    cancel.addEventListener('click', () => void attempt(out, () => api('POST', `${path}/cancel`), refresh));
    controls.push(h('div', {}, cancel, out));
  }
  return controls;
}
