/**
 * Pieces the merchant's and the reviewer's screens share: evidence with its OCR result in words and the image
 * behind a short-lived read URL, a deadline that says what happens when it passes, and errors as sentences. Codes
 * go through the label catalogue (./labels.ts); ids never reach the page as text.
 */
import { ApiError, api } from './api.ts';
import { h, replace } from './dom.ts';
import { countdown, t, tr, when } from './i18n.ts';
import { labelOf } from './labels.ts';
import type { EvidenceView } from './types.ts';

/** An error as a person reads it: the API's message, or a plain sentence for a network failure. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 401) return tr('登录已过期，请重新登录', 'Your sign-in has expired; sign in again');
    if (e.status === 403) return tr('没有权限执行此操作', 'You may not do this');
    if (e.status === 409) return tr('状态已变化，请刷新后再试', 'This changed meanwhile; refresh and try again');
    return e.message;
  }
  return tr('网络异常，请稍后重试', 'Network problem; try again shortly');
}

/** A loading line (role=status) shown until the first answer replaces it. */
export const loading = (what: string): HTMLElement => h('p', { class: 'loading', role: 'status' }, what);

/**
 * A deadline: the time left (kept current by the console's ticker through `data-due`) and what happens at zero,
 * e.g. "剩余 1小时58分，逾期将自动同意退款".
 */
export function deadline(dueBy: string, then: string): HTMLElement {
  return h(
    'span',
    { class: 'deadline' },
    h('span', { class: 'countdown', 'data-due': dueBy }, countdown(dueBy)),
    tr('，', ', '),
    then,
  );
}

/** The words for the OCR fields the readers fill (evidence/verify.ts). */
const FIELD_NAMES: Record<string, () => string> = {
  trackingNumber: () => tr('运单号', 'Tracking number'),
  carrier: () => tr('快递公司', 'Carrier'),
  total: () => tr('金额', 'Total'),
  currency: () => tr('币种', 'Currency'),
  date: () => tr('日期', 'Date'),
  vendor: () => tr('开票方', 'Vendor'),
  receiptId: () => tr('票据号', 'Receipt number'),
};
const fieldName = (key: string) => FIELD_NAMES[key]?.() ?? tr('其他信息', 'Other detail');

interface Ocr {
  fields?: Record<string, { value?: unknown; confidence?: number } | string>;
  verification?: string;
  reasons?: string[];
}

/** What OCR read and concluded, in words; nothing while it has not run. */
function ocrResult(item: EvidenceView): HTMLElement | undefined {
  const ocr = item.ocr as Ocr | undefined;
  // Only waybills and receipts are read; a photo is for people to look at.
  if (!ocr)
    return item.uploadedAt && item.kind !== 'PHOTO'
      ? h('p', { class: 'loading', role: 'status' }, tr('正在识别…', 'Being read…'))
      : undefined;
  const fields = Object.entries(ocr.fields ?? {}).map(([key, field]) => {
    const value = typeof field === 'string' ? field : String(field.value ?? '');
    return [h('dt', {}, fieldName(key)), h('dd', {}, value)];
  });
  return h(
    'div',
    { class: 'ocr' },
    ocr.verification &&
      h(
        'p',
        { class: `verdict ${ocr.verification === 'MATCH' ? 'good' : 'check'}` },
        labelOf('verification', ocr.verification),
        ocr.reasons?.length
          ? `${tr('：', ': ')}${ocr.reasons.map((r) => labelOf('ocrReason', r)).join(tr('；', '; '))}`
          : '',
      ),
    fields.length > 0 && h('dl', { class: 'facts' }, ...fields),
  );
}

/** A button that fetches the file's short-lived read URL and shows the image; a later click fetches a fresh one. */
function preview(refundId: string, evidenceId: string): HTMLElement {
  const slot = h('div', { class: 'evidence-preview' });
  const button = h('button', { type: 'button', class: 'secondary' }, t('viewEvidence'));
  const out = h('p', { class: 'error', role: 'alert' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    out.textContent = '';
    try {
      const read = await api<{ url: string }>(
        'GET',
        `/v1/refunds/${encodeURIComponent(refundId)}/evidence/${encodeURIComponent(evidenceId)}`,
      );
      replace(slot, h('img', { src: read.url, alt: t('evidenceImage'), loading: 'lazy' }));
    } catch (e) {
      out.textContent = errorText(e);
    } finally {
      button.disabled = false;
    }
  });
  return h('div', {}, button, slot, out);
}

/** The refund's evidence: kind, when it arrived, OCR in words, and the image on demand. Empty state when none. */
export function evidenceGallery(evidence: EvidenceView[] | undefined, refundId: string): HTMLElement {
  const items = evidence ?? [];
  return h(
    'section',
    { class: 'evidence', 'aria-label': tr('凭证', 'Evidence') },
    h('h4', {}, `${tr('凭证', 'Evidence')} (${items.length})`),
    items.length === 0
      ? h('p', { class: 'muted' }, tr('买家尚未上传凭证', 'The buyer has sent no evidence'))
      : h(
          'ul',
          { class: 'evidence-list' },
          ...items.map((item) =>
            h(
              'li',
              {},
              h(
                'p',
                {},
                h('strong', {}, item.kind ? labelOf('evidenceKind', item.kind) : tr('凭证', 'Evidence')),
                ' · ',
                item.uploadedAt
                  ? `${tr('上传于', 'uploaded')} ${when(item.uploadedAt)}`
                  : tr('等待买家上传', 'waiting for the upload'),
              ),
              ocrResult(item),
              item.evidenceId && item.uploadedAt && preview(refundId, item.evidenceId),
            ),
          ),
        ),
  );
}

/**
 * A person's decision with a required note (the reviewer's, the inspector's): the note field, the error line, and a
 * button per choice that POSTs `{ [name]: value, note }` to `path`, every button disabled meanwhile, then reloads.
 */
export function notedDecision(options: {
  path: string;
  name: string;
  missingNote: () => string;
  reload: () => Promise<void>;
}) {
  const note = h('textarea', { required: true, maxLength: 1000, rows: 3 });
  const out = h('p', { class: 'error', role: 'alert' });
  const buttons: HTMLButtonElement[] = [];
  const submit = (value: string) => async () => {
    if (!note.value.trim()) {
      out.textContent = options.missingNote();
      note.focus();
      return;
    }
    out.textContent = '';
    for (const b of buttons) b.disabled = true;
    try {
      await api('POST', options.path, { body: { [options.name]: value, note: note.value.trim() } });
      await options.reload();
    } catch (e) {
      out.textContent = errorText(e);
    } finally {
      for (const b of buttons) b.disabled = false;
    }
  };
  const button = (label: string, value: string, kind = '') => {
    const b = h('button', { type: 'button', class: kind || undefined, onclick: submit(value) }, label);
    buttons.push(b);
    return b;
  };
  return { note, out, button };
}
