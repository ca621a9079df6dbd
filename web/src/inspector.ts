/**
 * The inspector's queue (third-party inspection of returned goods). At the top, the inspector's place in the
 * inspectors' rotation as the server has it (the same availability line as the reviewer's). Below, the assigned
 * inspections as cards in words: the buyer's claim (reason, amount, note), what the merchant says came back, why the
 * goods were sent for inspection (rules explained, ids only as tooltips), how they came back, the photos, the thread
 * and the deadline with what happens at zero; a verdict with a required note. A card is kept while its case is
 * unchanged, so a refresh never closes what the inspector opened.
 */
import { field, h } from './dom.ts';
import { money, t, tr, when } from './i18n.ts';
import { labelOf } from './labels.ts';
import { taskQueueScreen } from './reviewer.ts';
import { deadline, evidenceGallery, notedDecision } from './staff-parts.ts';
import { threadView } from './thread.ts';
import type { EvidenceView, Refund } from './types.ts';

const VERDICTS = ['AS_CLAIMED', 'NOT_AS_CLAIMED', 'INCONCLUSIVE'] as const;

/** An inspection as `GET /v1/inspection/tasks` sends it. */
interface Inspection {
  taskId: string;
  refundId: string;
  dueBy?: string;
  refund: Refund | null;
  inspection?: { rules: string[]; condition: string } | null;
  evidence?: EvidenceView[];
  returnShipment?: { carrier?: string; trackingNumber?: string; at: string } | null;
}

/** The claim as the buyer made it and what the merchant says came back, in words. */
function claim(task: Inspection): HTMLElement {
  const r = task.refund;
  const shipment = task.returnShipment;
  return h(
    'dl',
    { class: 'facts' },
    r && [
      h('dt', {}, tr('买家的退款原因', "The buyer's reason")),
      h('dd', {}, labelOf('reason', r.reason)),
      h('dt', {}, tr('退款金额', 'Amount')),
      h('dd', {}, money(r.amount, r.currency)),
    ],
    task.inspection && [
      h('dt', {}, tr('商家验收', 'The merchant found')),
      h('dd', {}, labelOf('returnCondition', task.inspection.condition)),
    ],
    shipment && [
      h('dt', {}, tr('退货物流', 'Sent back')),
      h(
        'dd',
        {},
        [shipment.carrier, shipment.trackingNumber].filter(Boolean).join(' ') || tr('运单照片', 'waybill photo'),
        ` · ${when(shipment.at)}`,
      ),
    ],
  );
}

/** Why the goods came to inspection, each rule in words. */
function reasons(rules: string[]): HTMLElement {
  return h(
    'section',
    { class: 'rules', 'aria-label': tr('送检原因', 'Why it is inspected') },
    h('h4', {}, tr('送检原因', 'Why it is inspected')),
    h('ul', {}, ...rules.map((r) => h('li', { title: r, 'data-rule': r }, labelOf('rule', r)))),
  );
}

function inspectionCard(task: Inspection, reload: () => Promise<void>): HTMLElement {
  const { note, out, button } = notedDecision({
    path: `/v1/inspection/tasks/${encodeURIComponent(task.taskId)}/result`,
    name: 'verdict',
    missingNote: () => tr('请先填写质检说明', 'Write what you found first'),
    reload,
  });
  const r = task.refund;
  return h(
    'li',
    { class: 'card', 'data-task': task.taskId, 'data-refund': task.refundId },
    h(
      'h3',
      {},
      `${labelOf('decisionKind', 'INSPECTION')} · ${r ? `${labelOf('reason', r.reason)} · ${money(r.amount, r.currency)}` : ''}`,
    ),
    task.dueBy &&
      h(
        'p',
        { class: 'wait' },
        deadline(task.dueBy, tr('逾期将转给其他质检员，再逾期由平台审核', 'then another inspector, then a reviewer')),
      ),
    r?.note && h('blockquote', {}, `${tr('买家说明：', 'The buyer says: ')}${r.note}`),
    claim(task),
    reasons(task.inspection?.rules ?? []),
    r ? evidenceGallery(task.evidence, r.refundId) : undefined,
    r &&
      h(
        'details',
        { class: 'thread-details', open: true },
        h('summary', {}, t('thread')),
        threadView(r.refundId, true, false),
      ),
    field(
      tr(
        '质检说明(必填，最多 1000 字：商品实际状况与买家描述是否一致)',
        'What you found (required, up to 1000 characters: do the goods match the buyer’s claim?)',
      ),
      note,
    ),
    h(
      'div',
      { class: 'row' },
      ...VERDICTS.map((verdict, i) =>
        button(labelOf('verdict', verdict), verdict, i === 0 ? '' : i === 1 ? 'danger' : 'secondary'),
      ),
    ),
    out,
  );
}

/** Renders the inspector's queue into `view`; returns a function that stops the refresh. */
export function inspectorScreen(view: HTMLElement): () => void {
  return taskQueueScreen<Inspection>(view, {
    path: '/v1/inspection/tasks',
    title: () => tr('我的质检任务', 'My inspections'),
    loading: () => tr('正在加载质检任务…', 'Loading your inspections…'),
    empty: () => tr('暂无分配给您的质检任务', 'No inspections assigned to you right now'),
    keyOf: (task) => `${task.refund?.updatedAt ?? ''}/${task.dueBy ?? ''}`,
    card: inspectionCard,
  });
}
