/**
 * What the buyer can do to a refund right now, from its status and `nextStep`: send the return shipment, accept
 * the decision or ask the platform to step in (DISPUTE_OR_ACCEPT), answer a merchant's partial offer, upload
 * evidence while someone may still look at it (the upload URL comes from the API; OCR then runs and the progress
 * view shows "识别中…" until its result), and cancel while unpaid. Final steps (cancel, accept) ask to confirm.
 * Every code shown goes through the label catalogue; errors are said in words, never as an API code.
 */
import { ApiError, api } from './api.ts';
import { field, h, replace } from './dom.ts';
import { money, tr } from './i18n.ts';
import { labelOf } from './labels.ts';
import type { Refund } from './types.ts';

const CANCELLABLE = new Set([
  'SUBMITTED',
  'AWAITING_MERCHANT',
  'AWAITING_EVIDENCE',
  'AWAITING_RETURN',
  'RETURN_IN_TRANSIT',
  'MANUAL_REVIEW',
  'AWAITING_INSPECTION',
  'AWAITING_BUYER',
]);

/**
 * Where evidence can still matter: someone is waiting for it or will look at it. Not while the rules decide at
 * once (SUBMITTED, APPROVED) nor once it is decided.
 */
const EVIDENCE_WELCOME = new Set([
  'AWAITING_EVIDENCE',
  'AWAITING_RETURN',
  'RETURN_IN_TRANSIT',
  'AWAITING_MERCHANT',
  'MANUAL_REVIEW',
]);

/** The dispute note's limit (POST …/dispute `note`: 1 to 1000 characters). */
export const DISPUTE_NOTE_MAX = 1000;

/** An error in words: the step already ended (409), a bad input (4xx), or the API's own message. */
function problem(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.routeMissing) return tr('此功能尚未开放', 'Not available in this build yet');
    if (e.status === 409)
      return tr('这一步已经结束，页面已更新', 'This step has already ended; the page is up to date');
    if (e.status === 400 || e.status === 422)
      return tr('填写的内容有误，请检查后重试', 'Something in the form is not right; check it and retry');
    if (e.status >= 500) return tr('服务暂时不可用，请稍后重试', 'The service is busy; try again shortly');
  }
  return e instanceof Error ? e.message : String(e);
}

/** Why a switch to the balance was refused, in words (409 codes of POST …/payout-destination). */
const SWITCH_PROBLEMS: Record<string, () => string> = {
  PAYOUT_STILL_PENDING: () =>
    tr(
      '原支付渠道的退款可能仍在处理，暂时不能改退余额，请稍后再试',
      'The original payout may still go through; try again a little later',
    ),
  PROVIDER_STATUS_UNKNOWN: () =>
    tr(
      '暂时无法向支付渠道确认原退款已失败，请稍后再试',
      'The payment channel cannot confirm the original payout failed yet; try again a little later',
    ),
  RECOVERY_CONFLICT: () => tr('退款状态刚刚更新，页面已刷新', 'The refund just changed; the page is up to date'),
};

/** Runs an action, shows its problem in `out`, and refreshes the refund either way (a 409 means it moved on). */
async function attempt(out: HTMLElement, action: () => Promise<unknown>, refresh: () => Promise<void>) {
  out.textContent = '';
  try {
    await action();
  } catch (e) {
    out.textContent = problem(e);
  }
  await refresh();
}

function form(title: string, controls: HTMLElement[], submit: string, onSubmit: (out: HTMLElement) => Promise<void>) {
  const out = h('p', { class: 'error', role: 'alert' });
  const button = h('button', { type: 'submit' }, submit);
  const element = h('form', { class: 'card', 'aria-label': title }, h('h3', {}, title), ...controls, button, out);
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    button.disabled = true;
    void onSubmit(out).finally(() => {
      button.disabled = false;
    });
  });
  return element;
}

/**
 * A button that asks before a step that cannot be undone: the first click shows the question with "confirm" and
 * "back"; only the confirm runs `run`.
 */
function confirmed(label: string, question: string, yes: string, run: () => Promise<void>, danger = true): HTMLElement {
  const slot = h('div', { class: 'ask-first' });
  const ask = () => {
    slot.classList.add('asking');
    replace(
      slot,
      h('p', { class: 'question', role: 'alert' }, question),
      h(
        'button',
        {
          type: 'button',
          class: danger ? 'danger' : '',
          onclick: () => {
            for (const b of slot.querySelectorAll('button')) b.disabled = true;
            void run().finally(idle);
          },
        },
        yes,
      ),
      h('button', { type: 'button', class: 'secondary', onclick: () => idle() }, tr('返回', 'Back')),
    );
  };
  const idle = () => {
    slot.classList.remove('asking');
    replace(slot, h('button', { type: 'button', class: danger ? 'danger' : 'secondary', onclick: ask }, label));
  };
  idle();
  return slot;
}

/** The waybill photo uploaded last: a return shipment without a typed tracking number refers to it. */
let lastWaybill: string | undefined;

/** The evidence form: the kind (in words), the file, and after the upload "已上传，正在识别…" (OCR takes seconds). */
function evidenceForm(
  refund: Refund,
  refresh: () => Promise<void>,
  onUpload: (evidenceId: string, kind: string) => void,
) {
  const kinds = refund.nextStep?.action === 'SHIP_RETURN' ? ['WAYBILL', 'PHOTO'] : ['PHOTO', 'WAYBILL', 'RECEIPT'];
  const kind = h('select', {}, ...kinds.map((k) => h('option', { value: k }, labelOf('evidenceKind', k))));
  const file = h('input', { type: 'file', accept: 'image/*', required: true });
  const done = h('p', { class: 'ok', role: 'status' });
  const element = form(
    tr('上传凭证', 'Upload evidence'),
    [field(tr('凭证类型', 'Kind'), kind), field(tr('图片文件', 'Image file'), file), done],
    tr('上传', 'Upload'),
    (out) => {
      done.textContent = '';
      return attempt(
        out,
        async () => {
          const chosen = file.files?.[0];
          if (!chosen) return;
          const contentType = chosen.type || 'application/octet-stream';
          const slot = await api<{ evidenceId: string; uploadUrl: string; headers?: Record<string, string> }>(
            'POST',
            `/v1/refunds/${encodeURIComponent(refund.refundId)}/evidence`,
            // The URL is signed for exactly this size (and one write); the browser sends Content-Length itself.
            { body: { kind: kind.value, contentType, contentLength: chosen.size } },
          );
          onUpload(slot.evidenceId, kind.value);
          const put = await fetch(slot.uploadUrl, {
            method: 'PUT',
            body: chosen,
            headers: slot.headers ?? { 'content-type': contentType },
          });
          if (!put.ok) throw new Error(tr('上传失败，请重试', 'The upload failed; try again'));
          file.value = '';
          if (kind.value === 'WAYBILL') lastWaybill = slot.evidenceId;
          done.textContent =
            kind.value === 'PHOTO'
              ? tr('✓ 已上传', '✓ Uploaded')
              : tr('✓ 已上传，识别结果见下方', '✓ Uploaded; what was read shows below');
        },
        refresh,
      );
    },
  );
  return element;
}

/**
 * The action controls for this refund; empty when the buyer has nothing to do. `onUpload` hears of each evidence
 * file as its upload starts, so the progress view can show it before it arrives.
 */
export function buyerActions(
  refund: Refund,
  refresh: () => Promise<void>,
  onUpload: (evidenceId: string, kind: string) => void = () => undefined,
): HTMLElement[] {
  const path = `/v1/refunds/${encodeURIComponent(refund.refundId)}`;
  const controls: HTMLElement[] = [];
  const action = refund.nextStep?.action;
  if (action === 'SHIP_RETURN') {
    const carrier = h('input', { autocomplete: 'off', maxLength: 40 });
    const tracking = h('input', { autocomplete: 'off', pattern: '[A-Za-z0-9 \\-]{6,40}', maxLength: 40 });
    controls.push(
      form(
        tr('填写退货物流', 'Return shipment'),
        [field(tr('快递公司', 'Carrier'), carrier), field(tr('运单号', 'Tracking number'), tracking)],
        tr('提交', 'Send'),
        (out) =>
          attempt(
            out,
            () =>
              api('POST', `${path}/return-shipment`, {
                body: {
                  ...(carrier.value ? { carrier: carrier.value } : {}),
                  ...(tracking.value
                    ? { trackingNumber: tracking.value }
                    : lastWaybill
                      ? { evidenceId: lastWaybill }
                      : {}),
                },
              }),
            refresh,
          ),
      ),
    );
  }
  if (action === 'DISPUTE_OR_ACCEPT') {
    const out = h('p', { class: 'error', role: 'alert' });
    controls.push(
      h(
        'div',
        { class: 'card', 'aria-label': tr('接受处理结果', 'Accept the decision') },
        h('h3', {}, tr('接受处理结果', 'Accept the decision')),
        h(
          'p',
          {},
          tr(
            '接受后退款申请结束，款项不退；如有异议，请在下方申请平台介入。',
            'Accepting ends the request without a refund; if you disagree, ask the platform to step in below.',
          ),
        ),
        confirmed(
          tr('接受处理结果', 'Accept the decision'),
          tr(
            '确定接受商家的处理结果吗？接受后不能再申请平台介入。',
            'Accept the decision? You cannot ask the platform to step in afterwards.',
          ),
          tr('确定接受', 'Yes, accept'),
          () => attempt(out, () => api('POST', `${path}/accept`), refresh),
          false,
        ),
        out,
      ),
    );
    const note = h('textarea', { required: true, maxLength: DISPUTE_NOTE_MAX, minLength: 1, rows: 3 });
    controls.push(
      form(
        tr('申请平台介入', 'Ask the platform to step in'),
        [
          field(
            tr(
              `申诉理由(必填，最多 ${DISPUTE_NOTE_MAX} 字)`,
              `Why you disagree (required, up to ${DISPUTE_NOTE_MAX} characters)`,
            ),
            note,
          ),
        ],
        tr('提交申诉', 'Send the dispute'),
        (out) => attempt(out, () => api('POST', `${path}/dispute`, { body: { note: note.value.trim() } }), refresh),
      ),
    );
  }
  if (action === 'ANSWER_OFFER' && refund.offer) {
    const offer = refund.offer;
    const out = h('p', { class: 'error', role: 'alert' });
    const answer = (accept: boolean) => () =>
      // Names the offer shown: if the merchant has made another since, the answer is refused (409 OFFER_CHANGED).
      void attempt(out, () => api('POST', `${path}/offer`, { body: { accept, amount: offer.amount } }), refresh);
    controls.push(
      h(
        'div',
        { class: 'card', 'aria-label': tr('商家提出部分退款', 'The merchant offers a partial refund') },
        h('h3', {}, tr('商家提出部分退款', 'The merchant offers a partial refund')),
        h(
          'p',
          {},
          tr(
            `商家愿意退 ${money(offer.amount, refund.currency)}（您申请 ${money(offer.requested, refund.currency)}）`,
            `The merchant offers ${money(offer.amount, refund.currency)} of the ${money(offer.requested, refund.currency)} you asked for`,
          ),
        ),
        offer.note && h('blockquote', {}, offer.note),
        h('button', { type: 'button', onclick: answer(true) }, tr('同意部分退款', 'Accept the offer')),
        h(
          'button',
          { type: 'button', class: 'secondary', onclick: answer(false) },
          tr('拒绝，继续申请全额', 'Decline, keep asking for all'),
        ),
        out,
      ),
    );
  }
  if (refund.status === 'PAYOUT_FAILED' && refund.destination !== 'BALANCE') {
    // What the PAYOUT_FAILED message offers: the money to the platform balance at once, paid once whatever else
    // happens (POST …/payout-destination; it first makes sure the original attempt cannot still pay).
    const out = h('p', { class: 'error', role: 'alert' });
    controls.push(
      h(
        'div',
        { class: 'switch-balance' },
        confirmed(
          tr('改为退到平台余额', 'Refund to my platform balance instead'),
          tr(
            '确定改为退到平台余额吗？退款将立即到账平台余额，不再退回原支付账户。',
            'Refund to your platform balance instead? It arrives there at once and no longer goes back to how you paid.',
          ),
          tr('确定改退余额', 'Yes, to my balance'),
          () =>
            attempt(
              out,
              () =>
                api('POST', `${path}/payout-destination`, { body: { destination: 'BALANCE' } }).catch((e: unknown) => {
                  const said = e instanceof ApiError ? SWITCH_PROBLEMS[e.code] : undefined;
                  throw said ? new Error(said()) : e;
                }),
              refresh,
            ),
          false,
        ),
        out,
      ),
    );
  }
  if (EVIDENCE_WELCOME.has(refund.status)) controls.push(evidenceForm(refund, refresh, onUpload));
  if (CANCELLABLE.has(refund.status)) {
    const out = h('p', { class: 'error', role: 'alert' });
    controls.push(
      h(
        'div',
        { class: 'cancel' },
        confirmed(
          tr('撤销申请', 'Cancel the refund'),
          tr(
            '确定撤销这笔退款申请吗？撤销后需要重新申请。',
            'Cancel this refund request? You would have to apply again.',
          ),
          tr('确定撤销', 'Yes, cancel it'),
          () => attempt(out, () => api('POST', `${path}/cancel`), refresh),
        ),
        out,
      ),
    );
  }
  return controls;
}
