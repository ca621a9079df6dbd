/**
 * A refund's progress for the buyer: a step bar (submitted → decision → payout pending → refunded) with the wait
 * under way and its deadline, the dated timeline, OCR results, and the actions open now. Polls while it moves.
 */

import { statusLabel } from '../../functions/domain/status-labels.ts';
import type { RefundStatus } from '../../functions/domain/vocabulary.ts';
import { api } from './api.ts';
import { h, replace } from './dom.ts';
import { countdown, money, t, when, who } from './i18n.ts';
import { buyerActions } from './refund-actions.ts';
import { lang } from './session.ts';
import { threadView } from './thread.ts';
import type { EvidenceView, Refund } from './types.ts';

const DECISION_STATUSES = new Set([
  'AWAITING_MERCHANT',
  'AWAITING_EVIDENCE',
  'AWAITING_RETURN',
  'RETURN_IN_TRANSIT',
  'MANUAL_REVIEW',
  'AWAITING_BUYER',
  'APPROVED',
  'REJECTED',
]);
const POLL_MS = 1500;

/** Index of the refund's step in the bar (0 submitted … 3 refunded). */
export function stepIndex(status: string): number {
  if (status === 'REFUNDED') return 3;
  if (status === 'PAYOUT_PENDING' || status === 'PAYOUT_FAILED') return 2;
  if (DECISION_STATUSES.has(status)) return 1;
  return 0;
}

/** Whether anything more can happen without the buyer's action, so the view should keep polling. */
export const moving = (r: Refund) =>
  !(r.status === 'REFUNDED' || r.status === 'CANCELLED' || (r.status === 'REJECTED' && !r.nextStep));

function waitNote(refund: Refund): HTMLElement | undefined {
  const next = refund.nextStep;
  if (!next || next.who === 'SYSTEM') return undefined;
  return h(
    'p',
    { class: 'wait' },
    `${t('waitingFor')} ${who(next.who)} · ${next.action}`,
    next.dueBy && [' · ', h('span', { 'data-due': next.dueBy }, countdown(next.dueBy))],
  );
}

function stepBar(refund: Refund): HTMLElement {
  const at = stepIndex(refund.status);
  const decided = refund.timeline.findLast((e) => DECISION_STATUSES.has(e.status));
  const labelOf = (status: RefundStatus) =>
    refund.timeline.findLast((e) => e.status === status)?.label ?? statusLabel(status, lang());
  const steps = [
    { label: labelOf('SUBMITTED') },
    { label: at === 1 ? refund.statusLabel : (decided?.label ?? t('decision')), extra: at === 1 && waitNote(refund) },
    {
      label: at === 2 ? refund.statusLabel : labelOf('PAYOUT_PENDING'),
      extra: refund.payout && h('p', { class: 'wait' }, `${t('promisedBy')} ${when(refund.payout.promisedBy)}`),
    },
    { label: labelOf('REFUNDED') },
  ];
  const stopped = refund.status === 'CANCELLED' || (refund.status === 'REJECTED' && !refund.nextStep);
  return h(
    'ol',
    { class: `steps${stopped ? ' stopped' : ''}`, 'aria-label': t('progress') },
    ...steps.map((step, i) =>
      h(
        'li',
        {
          class: i < at || (i === at && at === 3) ? 'done' : i === at ? 'current' : 'todo',
          'aria-current': i === at ? 'step' : undefined,
        },
        h('span', { class: 'label' }, step.label),
        step.extra,
      ),
    ),
  );
}

function timeline(refund: Refund): HTMLElement {
  return h(
    'ol',
    { class: 'timeline', 'aria-label': t('timeline') },
    ...[...refund.timeline]
      .reverse()
      .map((e) =>
        h(
          'li',
          {},
          h('time', { datetime: e.at }, when(e.at)),
          ' ',
          h('strong', {}, e.label),
          ` · ${who(e.actor)}`,
          e.detail && ` · ${e.detail}`,
        ),
      ),
  );
}

/** A button that asks for the file's short-lived read URL and shows the image (or a link) in its place. */
function evidencePreview(refundId: string, evidenceId: string): HTMLElement {
  const slot = h('div', { class: 'evidence-preview' });
  const show = async () => {
    try {
      const read = await api<{ url: string }>(
        'GET',
        `/v1/refunds/${encodeURIComponent(refundId)}/evidence/${encodeURIComponent(evidenceId)}`,
      );
      replace(slot, h('img', { src: read.url, alt: t('evidenceImage'), loading: 'lazy' }));
    } catch (e) {
      replace(slot, h('p', { class: 'error', role: 'alert' }, e instanceof Error ? e.message : String(e)));
    }
  };
  replace(slot, h('button', { type: 'button', class: 'secondary', onclick: () => void show() }, t('viewEvidence')));
  return slot;
}

/** Evidence records with OCR fields and a way to see each file, when the API presents them; nothing otherwise. */
export function evidenceList(evidence: EvidenceView[] | undefined, refundId?: string): HTMLElement | undefined {
  if (!evidence?.length) return undefined;
  return h(
    'section',
    { 'aria-label': t('ocr') },
    h('h3', {}, t('ocr')),
    ...evidence.map((item) => {
      const fields = Object.entries(item.ocr ?? item.fields ?? {});
      return h(
        'div',
        { class: 'card' },
        h('p', {}, `${item.kind ?? ''} ${item.evidenceId ?? ''} ${item.status ?? ''}`),
        fields.length > 0 &&
          h(
            'dl',
            {},
            ...fields.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, typeof v === 'string' ? v : JSON.stringify(v))]),
          ),
        refundId && item.evidenceId && item.uploadedAt && evidencePreview(refundId, item.evidenceId),
      );
    }),
  );
}

/** Shows one refund and keeps it current until it stops moving; returns the element and a stop function. */
export function progressView(
  refundId: string,
  initial?: Refund,
  onStatus: (refund: Refund) => void = () => undefined,
): { element: HTMLElement; stop: () => void } {
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const bar = h('div');
  const actions = h('div', { class: 'actions' });
  const ocr = h('div');
  const log = h('div');
  const thread = h('div');
  const error = h('p', { class: 'error', role: 'alert' });
  const element = h(
    'section',
    { class: 'progress', 'aria-labelledby': `p-${refundId}` },
    h('h2', { id: `p-${refundId}`, tabindex: -1 }, `${t('progress')} · ${refundId}`),
    status,
    bar,
    actions,
    ocr,
    h('h3', {}, t('timeline')),
    log,
    thread,
    error,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let shownActionsFor = '';

  const show = (refund: Refund) => {
    status.dataset.status = refund.status;
    status.textContent = `${refund.statusLabel} · ${money(refund.amount, refund.currency)} · ${refund.destination}`;
    replace(bar, stepBar(refund));
    replace(ocr, evidenceList(refund.evidence, refund.refundId));
    replace(log, timeline(refund));
    const threadOpen = moving(refund) || Boolean(refund.nextStep);
    if (thread.dataset.open !== String(threadOpen)) {
      thread.dataset.open = String(threadOpen);
      replace(thread, threadView(refund.refundId, threadOpen));
    }
    const key = `${refund.status}/${refund.nextStep?.action ?? ''}`;
    if (key !== shownActionsFor) {
      if (shownActionsFor) onStatus(refund);
      shownActionsFor = key;
      replace(actions, buyerActions(refund, refresh));
    }
  };
  async function refresh(): Promise<void> {
    if (timer) clearTimeout(timer);
    try {
      const refund = await api<Refund>('GET', `/v1/refunds/${encodeURIComponent(refundId)}`);
      error.textContent = '';
      show(refund);
      if (!stopped && moving(refund)) timer = setTimeout(refresh, POLL_MS);
    } catch (e) {
      error.textContent = e instanceof Error ? e.message : String(e);
      if (!stopped) timer = setTimeout(refresh, POLL_MS * 2);
    }
  }
  if (initial) show(initial);
  void refresh();
  return {
    element,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
