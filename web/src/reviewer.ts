/**
 * The reviewer's workbench. At the top, the reviewer's place in the assignment rotation as the server has it
 * (`GET /v1/review/availability`, read on every sign-in), shown as a state with a separate action ("接单中 · 暂停接单").
 * Below, the assigned tasks, each with the whole case in words: the order and the refund (catalogue labels, never
 * codes), the buyer's recent refunds, the risk score with its factors, the rules that fired explained for staff
 * (their ids only inside a "rule details" expander), the evidence images, the negotiation thread, every decision so
 * far, the timeline and the guidance; decided with a required note. A task's card is kept while its case is
 * unchanged, so a refresh never closes what the reviewer opened.
 */
import { api } from './api.ts';
import { field, h, replace } from './dom.ts';
import { money, pick, t, tr, when } from './i18n.ts';
import { labelOf } from './labels.ts';
import { deadline, errorText, evidenceGallery, loading, notedDecision } from './staff-parts.ts';
import { threadView } from './thread.ts';
import type { DecisionView, List, ReviewTask } from './types.ts';

const REFRESH_MS = 4000;

/** The task as `GET /v1/review/tasks` sends it, with the fields this screen reads beyond the console's type. */
type Task = ReviewTask & {
  facts?: Record<string, unknown>;
  order?: ReviewTask['order'] & { fulfillment?: { status?: string; carrier?: string; trackingNumber?: string } };
  decisions?: (DecisionView & { riskLevel?: string })[];
};

type Factor = { factor: string; value: unknown; points: number };

/** A risk factor's value in words (risk/score.ts: counts, a rate, days, a ratio, the waybill check, a flag). */
function factorValue(f: Factor): string {
  const v = f.value;
  switch (f.factor) {
    case 'refundCount90d':
    case 'refundsLast24h':
      return tr(`${v} 次`, `${v}`);
    case 'refundRate90d':
      return `${Math.round(Number(v) * 100)}%`;
    case 'accountAgeDays':
      return tr(`${v} 天`, `${v} days`);
    case 'amountVsUsual':
      return tr(`${v} 倍`, `${v}×`);
    case 'waybill':
      return typeof v === 'string' && ['MATCH', 'MISMATCH', 'UNREADABLE'].includes(v)
        ? labelOf('verification', v)
        : tr('无运单', 'no waybill');
    default:
      return typeof v === 'boolean' ? (v ? tr('是', 'yes') : tr('否', 'no')) : typeof v === 'number' ? String(v) : '';
  }
}

/** Risk: the score and level, and the factors that scored points, each with its value and points. */
function riskSection(task: Task): HTMLElement {
  const assessed = [...(task.decisions ?? [])].reverse().find((d) => d.kind === 'ASSESSMENT' || d.riskFactors);
  const level = (task.facts?.riskLevel as string | undefined) ?? assessed?.riskLevel;
  const factors = (assessed?.riskFactors ?? []) as Factor[];
  const score = task.riskScore;
  return h(
    'section',
    { class: 'risk', 'aria-label': tr('风险', 'Risk') },
    h(
      'h4',
      {},
      tr('风险', 'Risk'),
      ' · ',
      score === null || score === undefined
        ? tr('未评分', 'not scored')
        : tr(`${score} 分`, `score ${score}`) +
            (level ? ` · ${tr('等级', 'level')} ${labelOf('riskLevel', level)}` : ''),
    ),
    factors.length
      ? h(
          'ul',
          { class: 'factors' },
          ...factors.map((f) =>
            h(
              'li',
              {},
              h('span', {}, `${labelOf('riskFactor', f.factor)}${tr('：', ': ')}`),
              h('strong', {}, factorValue(f)),
              h('span', { class: 'points' }, tr(` +${f.points} 分`, ` +${f.points} points`)),
            ),
          ),
        )
      : h('p', { class: 'muted' }, tr('没有计分的风险因素', 'No risk factor scored points')),
  );
}

/** The rules that fired, explained in words; their ids only as tooltips, for whoever maintains the policy. */
function rulesSection(rules: string[]): HTMLElement {
  return h(
    'section',
    { class: 'rules', 'aria-label': t('rules') },
    h('h4', {}, t('rules')),
    rules.length
      ? [
          // In words; the rule's id (for whoever maintains the policy) is the item's tooltip, never its text.
          h('ul', {}, ...rules.map((r) => h('li', { title: r, 'data-rule': r }, labelOf('rule', r)))),
        ]
      : h('p', { class: 'muted' }, tr('没有规则触发', 'No rule fired')),
  );
}

/** Every decision so far, oldest first, in words: who, what, when, the risk score and a person's note. */
function decisionList(decisions: Task['decisions'] = []): HTMLElement {
  const line = (d: NonNullable<Task['decisions']>[number]) => {
    const note = typeof d.inputs?.note === 'string' && d.inputs.note ? ` · “${d.inputs.note}”` : '';
    // A merchant's reason is its own words; an assessment's `reason` is the refund's reason code, shown elsewhere.
    const own = d.kind === 'MERCHANT' && typeof d.inputs?.reason === 'string' && d.inputs.reason;
    const reason = own ? ` · “${own}”` : '';
    return h(
      'li',
      {},
      h('time', { datetime: d.at }, when(d.at)),
      ' · ',
      h('strong', {}, d.kind ? labelOf('decisionKind', d.kind) : labelOf('actor', d.by)),
      ` · ${labelOf('outcome', d.outcome)}`,
      d.riskScore === undefined ? '' : ` · ${tr('风险分', 'risk score')} ${d.riskScore}`,
      d.rules.length ? ` · ${d.rules.map((r) => labelOf('rule', r)).join(tr('；', '; '))}` : '',
      reason,
      note,
    );
  };
  return h(
    'details',
    { class: 'decisions', open: decisions.length > 1 ? true : undefined },
    h('summary', {}, `${t('decisions')} (${decisions.length})`),
    h('ol', {}, ...decisions.map(line)),
  );
}

function facts(task: Task): HTMLElement {
  const r = task.refund;
  const o = task.order;
  const history = task.buyerHistory;
  return h(
    'dl',
    { class: 'facts' },
    r && [
      h('dt', {}, tr('退款原因', 'Reason')),
      h('dd', {}, labelOf('reason', r.reason)),
      h('dt', {}, tr('退款金额', 'Amount')),
      h('dd', {}, `${money(r.amount, r.currency)} · ${labelOf('destination', r.destination)}`),
      h('dt', {}, tr('订单状态', 'Order state')),
      h('dd', {}, labelOf('scenario', r.scenario)),
      h('dt', {}, tr('退款状态', 'Refund status')),
      h('dd', {}, labelOf('status', r.status)),
    ],
    o && [
      h('dt', {}, t('order')),
      h('dd', {}, `${o.orderId} · ${tr('实付', 'paid')} ${money(o.paidAmount, o.currency)}`),
      h('dt', {}, tr('商品', 'Items')),
      h('dd', {}, o.items.map((i) => `${i.name}(${labelOf('category', i.category)})`).join(tr('、', ', '))),
      o.fulfillment?.carrier && [
        h('dt', {}, tr('物流', 'Shipment')),
        h('dd', {}, [o.fulfillment.carrier, o.fulfillment.trackingNumber].filter(Boolean).join(' ')),
      ],
    ],
    history && [
      h('dt', {}, t('history')),
      h(
        'dd',
        {},
        history.refunds
          ? tr(
              `近 ${history.days} 天 ${history.refunds} 笔，共 ${money(history.amount, r?.currency)}`,
              `${history.refunds} in the last ${history.days} days, ${money(history.amount, r?.currency)} in all`,
            )
          : tr(`近 ${history.days} 天没有其他退款`, `No other refund in the last ${history.days} days`),
        // What the refund rate divides by: the orders paid in the same days.
        history.orders !== undefined &&
          tr(`（同期下单 ${history.orders} 笔）`, ` (${history.orders} orders paid in those days)`),
      ),
    ],
  );
}

function taskCard(task: Task, reload: () => Promise<void>): HTMLElement {
  const { note, out, button } = notedDecision({
    path: `/v1/review/tasks/${encodeURIComponent(task.taskId)}/decision`,
    name: 'decision',
    missingNote: () => tr('请先填写审核意见', 'Write your decision note first'),
    reload,
  });
  const r = task.refund;
  return h(
    'li',
    { class: 'card', 'data-task': task.taskId, 'data-refund': task.refundId },
    h(
      'h3',
      {},
      `${labelOf('decisionKind', task.kind)} · ${r ? `${labelOf('reason', r.reason)} · ${money(r.amount, r.currency)}` : ''}`,
    ),
    task.dueBy &&
      h('p', { class: 'wait' }, deadline(task.dueBy, tr('逾期将转给其他审核员', 'then it goes to another reviewer'))),
    r?.note && h('blockquote', {}, `${tr('买家说明：', 'The buyer says: ')}${r.note}`),
    task.dispute &&
      h('blockquote', { class: 'dispute' }, `${tr('买家申诉：', 'The buyer disputes: ')}${task.dispute.note}`),
    facts(task),
    riskSection(task),
    rulesSection(task.rules ?? []),
    r ? evidenceGallery(task.evidence, r.refundId) : undefined,
    r &&
      h(
        'details',
        { class: 'thread-details', open: true },
        h('summary', {}, t('thread')),
        threadView(r.refundId, true, false),
      ),
    decisionList(task.decisions),
    h(
      'details',
      {},
      h('summary', {}, t('timeline')),
      h(
        'ol',
        { class: 'timeline' },
        ...[...(r?.timeline ?? [])]
          .reverse()
          .map((e) =>
            h(
              'li',
              {},
              h('time', { datetime: e.at }, when(e.at)),
              ' ',
              h('strong', {}, e.label),
              ` · ${labelOf('actor', e.actor)}`,
              e.detail && ` · ${e.detail}`,
            ),
          ),
      ),
    ),
    h(
      'section',
      { class: 'guidance', 'aria-label': t('guidance') },
      h('h4', {}, t('guidance')),
      task.guidance?.checks.length
        ? h('ul', {}, ...task.guidance.checks.map((c) => h('li', {}, pick(c))))
        : h('p', { class: 'muted' }, tr('此类申请没有特别指引', 'No special guidance for this kind of claim')),
    ),
    field(
      tr(
        '审核意见(必填，最多 1000 字，记入处理记录)',
        'Decision note (required, up to 1000 characters, kept on record)',
      ),
      note,
    ),
    h(
      'div',
      { class: 'row' },
      button(tr('同意退款', 'Approve'), 'APPROVE'),
      button(tr('拒绝退款', 'Reject'), 'REJECT', 'danger'),
      button(t('requestEvidence'), 'REQUEST_EVIDENCE', 'secondary'),
    ),
    out,
  );
}

/**
 * The availability line: the server's state in words and one action that changes it. Inspectors use it too: the
 * route puts each role in its own rotation.
 */
export function availabilityBar(out: HTMLElement): HTMLElement {
  const state = h(
    'span',
    { class: 'state', role: 'status' },
    tr('正在读取接单状态…', 'Checking whether you take tasks…'),
  );
  const action = h('button', { type: 'button', class: 'secondary', disabled: true }, '');
  let available = false;
  // The tasks in hand are counted by the list below, which stays current; this line says only the state.
  const show = (value: boolean) => {
    available = value;
    state.dataset.available = String(value);
    state.textContent = value ? tr('接单中', 'Taking tasks') : tr('已暂停接单', 'Paused');
    action.textContent = value ? tr('暂停接单', 'Pause') : tr('开始接单', 'Start taking tasks');
    action.disabled = false;
  };
  action.addEventListener('click', async () => {
    action.disabled = true;
    try {
      const r = await api<{ available: boolean }>('PUT', '/v1/review/availability', {
        body: { available: !available },
      });
      show(r.available);
    } catch (e) {
      out.textContent = errorText(e);
      action.disabled = false;
    }
  });
  (async () => {
    try {
      const r = await api<{ available: boolean }>('GET', '/v1/review/availability');
      show(r.available);
    } catch (e) {
      state.textContent = tr('接单状态未知', 'Availability unknown');
      out.textContent = errorText(e);
    }
  })();
  return h('div', { class: 'row availability', 'aria-label': tr('接单状态', 'Taking tasks') }, state, action);
}

/** What one person's queue shows: the reviewer's tasks or the inspector's inspections. */
export interface TaskQueue<T extends { taskId: string }> {
  path: string;
  title: () => string;
  loading: () => string;
  empty: () => string;
  /** Changes when the task's card must be drawn again (a card being filled in is kept otherwise). */
  keyOf: (task: T) => string;
  card: (task: T, reload: () => Promise<void>) => HTMLElement;
}

/**
 * Renders a person's queue into `view`, with their availability, refreshed every few seconds unless they are working in
 * it; returns a function that stops the refresh.
 */
export function taskQueueScreen<T extends { taskId: string }>(view: HTMLElement, queue: TaskQueue<T>): () => void {
  const list = h('ul', { class: 'list', 'aria-label': queue.title() });
  replace(list, h('li', {}, loading(queue.loading())));
  const out = h('p', { class: 'error', role: 'alert' });
  const heading = h('h2', {}, queue.title());
  const shown = new Map<string, { key: string; element: HTMLElement }>();
  async function reload() {
    try {
      const page = await api<List<T>>('GET', queue.path);
      heading.textContent = `${queue.title()} (${page.items.length})`;
      const cards = page.items.map((task) => {
        const key = queue.keyOf(task);
        const kept = shown.get(task.taskId);
        if (kept?.key === key) return kept.element;
        const element = queue.card(task, reload);
        shown.set(task.taskId, { key, element });
        return element;
      });
      replace(list, ...(cards.length ? cards : [h('li', { class: 'empty' }, queue.empty())]));
    } catch (e) {
      out.textContent = errorText(e);
    }
  }
  const timer = setInterval(() => {
    if (!list.contains(document.activeElement)) void reload();
  }, REFRESH_MS);
  replace(view, availabilityBar(out), out, heading, list);
  void reload();
  return () => clearInterval(timer);
}

/** Renders the reviewer's workbench into `view`; returns a function that stops the refresh. */
export function reviewerScreen(view: HTMLElement): () => void {
  return taskQueueScreen<Task>(view, {
    path: '/v1/review/tasks',
    title: () => t('myTasks'),
    loading: () => tr('正在加载审核任务…', 'Loading your tasks…'),
    empty: () => tr('暂无分配给您的审核任务', 'No tasks assigned to you right now'),
    keyOf: (task) => `${task.refund?.updatedAt ?? ''}/${task.dueBy ?? ''}/${task.decisions?.length ?? 0}`,
    card: taskCard,
  });
}
