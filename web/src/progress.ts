/**
 * A refund's progress for the buyer: a step bar (submitted → decision → money on its way → refunded) with the wait
 * under way in words (who, what, until when, and what happens when time runs out), the payout promise as a buyer
 * reads it (channel, business days, China time; the actual arrival once settled), the evidence and what OCR read
 * from it, the timeline newest first, and the actions open now. Polls while the refund moves or OCR runs.
 *
 * Every code goes through the label catalogue (./labels.ts); no internal id is ever printed: the heading names the
 * order and the day of the application. Each refund shown is announced on `document` (REFUND_SHOWN) so a list of
 * refunds elsewhere on the page shows the same status as this view: one source of truth, re-read after actions.
 */

import type { PayoutMethod } from '../../functions/domain/payout/promise.ts';
import { payoutPromiseText } from '../../functions/domain/payout/promise-text.ts';
import type { Destination } from '../../functions/domain/vocabulary.ts';
import { api } from './api.ts';
import { h, replace } from './dom.ts';
import { countdown, day, money, tr, when, whenBare, who } from './i18n.ts';
import { labelOf } from './labels.ts';
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
  'AWAITING_INSPECTION',
  'AWAITING_BUYER',
  'APPROVED',
  'REJECTED',
]);
const POLL_MS = 1500;

/** The event a refund's view dispatches on `document` each time it shows a refund (detail: the Refund). */
export const REFUND_SHOWN = 'refund-shown';

/** Index of the refund's step in the bar (0 submitted … 3 refunded). */
export function stepIndex(status: string): number {
  if (status === 'REFUNDED') return 3;
  if (status === 'PAYOUT_PENDING' || status === 'PAYOUT_FAILED') return 2;
  if (DECISION_STATUSES.has(status)) return 1;
  return 0;
}

/** Evidence whose file arrived and is still being read (waybills and receipts are read; photos are not). */
const reading = (item: EvidenceView) => Boolean(item.uploadedAt) && !item.ocr && item.kind !== 'PHOTO';

/** Whether anything more can happen without the buyer's action (or OCR is running), so the view keeps polling. */
export const moving = (r: Refund) =>
  !(r.status === 'REFUNDED' || r.status === 'CANCELLED' || (r.status === 'REJECTED' && !r.nextStep)) ||
  Boolean(r.evidence?.some(reading));

/** The refund was rejected (a final rejection, or one the buyer may still dispute). */
const rejected = (r: Refund) => r.status === 'REJECTED';

/**
 * What happens when the wait runs out, as far as the refund tells: the buyer's own waits close, a dispute window
 * leaves the decision standing, a reviewer's (an inspector's) task passes to another; else (the merchant's wait, whose
 * outcome is the policy's) the platform takes over.
 */
function atZero(action: string, who: string): string {
  if (who === 'REVIEWER') return tr('逾期将转交其他审核员', 'if time runs out, another reviewer takes it');
  if (who === 'INSPECTOR') return tr('逾期将转交其他质检员', 'if time runs out, another inspector takes it');
  if (action === 'SHIP_RETURN' || action === 'UPLOAD_EVIDENCE') {
    return tr('逾期未完成，申请将自动关闭', 'if time runs out, the request closes');
  }
  if (action === 'DISPUTE_OR_ACCEPT') return tr('逾期视为接受处理结果', 'if time runs out, the decision stands');
  return tr('逾期后由平台处理', 'if time runs out, the platform takes over');
}

/** The wait under way in words: "等待商家：处理退款申请 · 截止 12月3日 16:00（北京时间）· 剩余 23小时59分，逾期后由平台处理". */
function waitNote(refund: Refund): HTMLElement | undefined {
  const next = refund.nextStep;
  if (!next) return undefined;
  const what = labelOf('action', next.action);
  if (next.who === 'SYSTEM') return h('p', { class: 'wait' }, tr(`${what}中…`, `${what}: under way…`));
  const whose =
    next.who === 'BUYER'
      ? tr(`请您${what}`, `Your turn: ${what.charAt(0).toLowerCase()}${what.slice(1)}`)
      : tr(`等待${labelOf('actor', next.who)}：${what}`, `Waiting for ${who(next.who)}: ${what.toLowerCase()}`);
  return h(
    'p',
    { class: 'wait' },
    whose,
    next.dueBy && [
      ` · ${tr('截止', 'by')} ${when(next.dueBy)} · `,
      h('span', { class: 'countdown', 'data-due': next.dueBy }, countdown(next.dueBy)),
      tr('，', ', '),
      atZero(next.action, next.who),
    ],
  );
}

/** The payout sentence (promise, or arrival once settled); undefined before anything is known about the money. */
export function promiseLine(refund: Refund): string | undefined {
  const p = refund.payout;
  const destination = (p?.destination ?? refund.destination) as Destination;
  if (!p && refund.status !== 'APPROVED') return undefined;
  return payoutPromiseText(
    {
      destination,
      ...(p?.method ? { method: p.method as PayoutMethod } : {}),
      ...(p?.promisedBy && !p.settledAt ? { promisedBy: p.promisedBy } : {}),
      ...(p?.settledAt ? { settledAt: p.settledAt } : {}),
      now: new Date().toISOString(),
    },
    lang(),
  );
}

function stepBar(refund: Refund): HTMLElement {
  const at = stepIndex(refund.status);
  const status = labelOf('status', refund.status);
  const decided = refund.timeline.findLast((e) => DECISION_STATUSES.has(e.status) && e.status !== 'REJECTED');
  const promise = promiseLine(refund);
  const refunded = refund.status === 'REFUNDED';
  const steps = [
    { label: labelOf('status', 'SUBMITTED') },
    {
      label: at === 1 ? status : (decided?.label ?? tr('审核', 'Decision')),
      extra: at === 1 && waitNote(refund),
    },
    {
      label: at === 2 ? status : labelOf('status', 'PAYOUT_PENDING'),
      extra: [
        at === 2 && refund.status === 'PAYOUT_FAILED' && waitNote(refund),
        !refunded && promise && h('p', { class: 'wait promise' }, promise),
      ],
    },
    { label: labelOf('status', 'REFUNDED'), extra: refunded && promise && h('p', { class: 'wait arrived' }, promise) },
  ];
  const stopped = refund.status === 'CANCELLED' || rejected(refund);
  const classOf = (i: number) => {
    if (i === at && rejected(refund)) return 'rejected';
    if (i === at && refund.status === 'CANCELLED') return 'cancelled';
    if (i === at && refund.status === 'PAYOUT_FAILED') return 'failed';
    return i < at || (i === at && at === 3) ? 'done' : i === at ? 'current' : 'todo';
  };
  return h(
    'ol',
    { class: `steps${stopped ? ' stopped' : ''}`, 'aria-label': tr('退款进度', 'Refund progress') },
    ...steps.map((step, i) =>
      h(
        'li',
        { class: classOf(i), 'aria-current': i === at ? 'step' : undefined },
        h('span', { class: 'label' }, step.label),
        step.extra,
      ),
    ),
  );
}

/** The timeline, newest first and not numbered (a count from the top would run backwards in time); China time. */
function timeline(refund: Refund): HTMLElement {
  return h(
    'ul',
    { class: 'timeline newest-first', 'aria-label': tr('时间线', 'Timeline') },
    ...[...refund.timeline]
      .reverse()
      .map((e) =>
        h(
          'li',
          {},
          h('time', { datetime: e.at }, whenBare(e.at)),
          ' ',
          h('strong', {}, e.label),
          ` · ${labelOf('actor', e.actor)}`,
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
      replace(slot, h('img', { src: read.url, alt: tr('凭证图片', 'Evidence image'), loading: 'lazy' }));
    } catch {
      replace(
        slot,
        h('p', { class: 'error', role: 'alert' }, tr('暂时无法查看，请稍后再试', 'Cannot show it now; try later')),
      );
    }
  };
  replace(
    slot,
    h('button', { type: 'button', class: 'secondary', onclick: () => void show() }, tr('查看凭证', 'View')),
  );
  return slot;
}

type OcrField = { value?: unknown; confidence?: number } | string;
const fieldValue = (f: OcrField | undefined) =>
  f === undefined ? undefined : typeof f === 'string' ? f : f.value === undefined ? undefined : String(f.value);

/** What OCR read, in words: "运单号 SF1234567890 · 快递公司 顺丰速运", "金额 ¥129.00". */
function readFields(fields: Record<string, OcrField>, currency: string): string[] {
  const out: string[] = [];
  const tracking = fieldValue(fields.trackingNumber);
  if (tracking) out.push(`${tr('运单号', 'Tracking number')} ${tracking}`);
  const carrier = fieldValue(fields.carrier);
  if (carrier) out.push(`${tr('快递公司', 'Carrier')} ${labelOf('carrier', carrier)}`);
  const total = fieldValue(fields.total);
  if (total && /^\d+$/.test(total)) {
    out.push(`${tr('金额', 'Total')} ${money(Number(total), fieldValue(fields.currency) ?? currency)}`);
  }
  const vendor = fieldValue(fields.vendor);
  if (vendor) out.push(`${tr('开票方', 'Issued by')} ${vendor}`);
  const date = fieldValue(fields.date);
  if (date) out.push(`${tr('日期', 'Date')} ${date}`);
  const receipt = fieldValue(fields.receiptId);
  if (receipt) out.push(`${tr('票据号', 'Receipt number')} ${receipt}`);
  return out;
}

const VERIFICATION_CLASS: Record<string, string> = {
  MATCH: 'ok',
  UNREADABLE: 'warn',
  MISMATCH: 'bad',
  REJECTED: 'bad',
};

/** One evidence file: its kind and time, then "识别中…" while OCR runs, or what was read and how it compared. */
function evidenceCard(item: EvidenceView, refundId: string | undefined, currency: string, own = false): HTMLElement {
  const ocr = item.ocr as { fields?: Record<string, OcrField>; verification?: string; reasons?: string[] } | undefined;
  const read = readFields(ocr?.fields ?? (item.fields as Record<string, OcrField> | undefined) ?? {}, currency);
  // A number read with nothing on record to compare it with (a return shipped by photo only) was read all right:
  // said as read, not as a failure.
  const nothingToCompare = ocr?.reasons?.includes('NOTHING_TO_COMPARE') && read.length > 0;
  const verification = ocr?.verification;
  const reasons = (ocr?.reasons ?? []).map((r) => labelOf('ocrReason', r));
  return h(
    'div',
    { class: 'card evidence' },
    h(
      'p',
      {},
      h('strong', {}, item.kind ? labelOf('evidenceKind', item.kind) : tr('凭证', 'Evidence')),
      item.uploadedAt && [' · ', h('time', { datetime: item.uploadedAt }, when(item.uploadedAt))],
    ),
    !item.uploadedAt &&
      !(own && item.kind !== 'PHOTO') &&
      h('p', { class: 'pending', role: 'status' }, tr('上传中…', 'Uploading…')),
    (reading(item) || (own && !item.ocr && item.kind !== 'PHOTO')) &&
      h(
        'p',
        { class: 'pending', role: 'status' },
        h('span', { class: 'spinner', 'aria-hidden': 'true' }),
        tr('识别中…', 'Reading…'),
      ),
    item.uploadedAt && item.kind === 'PHOTO' && h('p', { class: 'ok' }, tr('✓ 已上传', '✓ Uploaded')),
    read.length > 0 && h('p', { class: 'ocr-read' }, `${tr('识别结果：', 'Read: ')}${read.join(' · ')}`),
    ocr && read.length === 0 && h('p', { class: 'ocr-read' }, tr('未识别到文字信息', 'Nothing could be read from it')),
    verification &&
      h(
        'p',
        { class: `verification ${nothingToCompare ? 'ok' : (VERIFICATION_CLASS[verification] ?? 'warn')}` },
        nothingToCompare
          ? `✓ ${tr('已识别', 'Read')}`
          : `${verification === 'MATCH' ? '✓ ' : ''}${labelOf('verification', verification)}`,
        reasons.length > 0 && `${tr('：', ': ')}${reasons.join(tr('；', '; '))}`,
      ),
    refundId && item.evidenceId && item.uploadedAt && evidencePreview(refundId, item.evidenceId),
  );
}

/**
 * Evidence records with what OCR read and a way to see each file; nothing when there is none. Files that were asked
 * for but never arrived are left out, except the one this page just uploaded (`pending`).
 */
export function evidenceList(
  evidence: EvidenceView[] | undefined,
  refundId?: string,
  currency = 'CNY',
  pending?: { evidenceId: string; kind: string },
): HTMLElement | undefined {
  const all = evidence ?? [];
  // The file this page is uploading: shown at once, before the refund lists it, as being read.
  const own = pending && (all.find((e) => e.evidenceId === pending.evidenceId) ?? pending);
  const shown = [...all.filter((e) => e.uploadedAt && e !== own), ...(own ? [own] : [])];
  if (!shown.length) return undefined;
  return h(
    'section',
    { class: 'evidence-list', 'aria-label': tr('凭证与识别结果', 'Evidence and what was read') },
    h('h3', {}, tr('凭证与识别结果', 'Evidence and what was read')),
    ...[...shown].reverse().map((item) => evidenceCard(item, refundId, currency, item === own)),
  );
}

/** The heading's words: the order and the day of the application, never the refund's internal id. */
const headingOf = (refund: Pick<Refund, 'orderId' | 'createdAt'>) =>
  tr(
    `退款进度 · 订单 ${refund.orderId} · ${day(refund.createdAt)}申请`,
    `Refund progress · order ${refund.orderId} · applied ${day(refund.createdAt)}`,
  );

/** Shows one refund and keeps it current until it stops moving; returns the element and a stop function. */
export function progressView(
  refundId: string,
  initial?: Refund,
  onStatus: (refund: Refund) => void = () => undefined,
): { element: HTMLElement; stop: () => void } {
  const heading = h('h2', { id: `p-${refundId}`, tabindex: -1 }, tr('退款进度', 'Refund progress'));
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
    heading,
    status,
    bar,
    actions,
    ocr,
    // China time is said once, in the heading, rather than on every line.
    h('h3', {}, tr('时间线（北京时间）', 'Timeline (China time)')),
    log,
    thread,
    error,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let shownActionsFor = '';
  let lastStatus = initial?.status ?? '';
  /** The evidence this page uploaded last: shown ("识别中…") from the moment its upload starts. */
  let uploading: { evidenceId: string; kind: string } | undefined;
  let last: Refund | undefined;

  const show = (refund: Refund) => {
    last = refund;
    heading.textContent = headingOf(refund);
    status.dataset.status = refund.status;
    status.className = `status${rejected(refund) ? ' rejected' : refund.status === 'REFUNDED' ? ' refunded' : ''}`;
    // The API's label of the status (built from the catalogue and the event that brought it: 买家已撤销 vs 已关闭),
    // the same words "我的退款" lists, so the two never disagree.
    status.textContent = `${refund.statusLabel || labelOf('status', refund.status)} · ${money(refund.amount, refund.currency)}`;
    replace(bar, stepBar(refund));
    replace(ocr, evidenceList(refund.evidence, refund.refundId, refund.currency, uploading));
    replace(log, timeline(refund));
    const threadOpen = moving(refund) || Boolean(refund.nextStep);
    if (thread.dataset.open !== String(threadOpen)) {
      thread.dataset.open = String(threadOpen);
      replace(thread, threadView(refund.refundId, threadOpen));
    }
    const key = `${refund.status}/${refund.nextStep?.action ?? ''}`;
    if (key !== shownActionsFor) {
      shownActionsFor = key;
      replace(
        actions,
        buyerActions(refund, refresh, (evidenceId, kind) => {
          uploading = { evidenceId, kind };
          if (last) replace(ocr, evidenceList(last.evidence, last.refundId, last.currency, uploading));
        }),
      );
    }
    if (refund.status !== lastStatus) {
      lastStatus = refund.status;
      onStatus(refund);
    }
    document.dispatchEvent(new CustomEvent<Refund>(REFUND_SHOWN, { detail: refund }));
  };
  async function refresh(): Promise<void> {
    if (timer) clearTimeout(timer);
    try {
      const refund = await api<Refund>('GET', `/v1/refunds/${encodeURIComponent(refundId)}`);
      error.textContent = '';
      show(refund);
      if (!stopped && moving(refund)) timer = setTimeout(refresh, POLL_MS);
    } catch {
      error.textContent = tr('暂时无法读取退款进度，正在重试…', 'Cannot read the refund right now; retrying…');
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
