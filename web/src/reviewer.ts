/**
 * The reviewer's workbench: an availability toggle (joins the balanced assignment rotation) and the assigned
 * tasks with their whole context (order, buyer history, evidence and OCR, fired rules, risk score, every decision
 * so far with its risk factors, guidance, dispute), each decided with a required note.
 */
import { api } from './api.ts';
import { field, h, replace } from './dom.ts';
import { countdown, money, pick, t, when } from './i18n.ts';
import { evidenceList } from './progress.ts';
import { available, setAvailable } from './session.ts';
import { threadView } from './thread.ts';
import type { DecisionView, List, ReviewTask } from './types.ts';

const REFRESH_MS = 4000;

/** Every decision so far, with the rules, risk score and the factors behind it, so none hides another. */
function decisionList(decisions: DecisionView[]): HTMLElement {
  const line = (d: DecisionView) => {
    const factors = (d.riskFactors ?? []).map((f) => `${f.factor}=${String(f.value)} (+${f.points})`).join(', ');
    const note = typeof d.inputs?.note === 'string' ? ` · “${d.inputs.note}”` : '';
    return [
      `${when(d.at)} · ${d.kind ?? d.by} · ${d.outcome}`,
      d.actorId ? ` · ${d.actorId}` : '',
      d.rules.length ? ` · ${d.rules.join(', ')}` : '',
      d.riskScore === undefined ? '' : ` · ${t('risk')} ${d.riskScore}${factors ? ` (${factors})` : ''}`,
      note,
    ].join('');
  };
  return h(
    'details',
    { open: decisions.length > 1 ? true : undefined },
    h('summary', {}, `${t('decisions')} (${decisions.length})`),
    h('ol', {}, ...decisions.map((d) => h('li', {}, line(d)))),
  );
}

function context(task: ReviewTask): HTMLElement[] {
  const r = task.refund;
  const o = task.order;
  return [
    h(
      'dl',
      {},
      h('dt', {}, t('order')),
      h(
        'dd',
        {},
        o
          ? `${o.orderId} · ${money(o.paidAmount, o.currency)} · ${o.items.map((i) => `${i.name} (${i.category})`).join(', ')}`
          : '—',
      ),
      r && [
        h('dt', {}, t('reason')),
        h('dd', {}, `${r.reason} · ${money(r.amount, r.currency)} · ${r.scenario}${r.note ? ` · “${r.note}”` : ''}`),
      ],
      task.buyerHistory && [
        h('dt', {}, t('history')),
        h('dd', {}, `${task.buyerHistory.refunds} / ${task.buyerHistory.days} d · ${money(task.buyerHistory.amount)}`),
      ],
      h('dt', {}, t('rules')),
      h('dd', {}, task.rules?.length ? task.rules.join(', ') : '—'),
      h('dt', {}, t('risk')),
      h('dd', {}, task.riskScore === null || task.riskScore === undefined ? '—' : String(task.riskScore)),
      task.dispute && [h('dt', {}, t('dispute')), h('dd', {}, task.dispute.note)],
    ),
    evidenceList(task.evidence, r?.refundId) ?? h('span'),
    r ? threadView(r.refundId) : h('span'),
    decisionList(task.decisions ?? []),
    h(
      'details',
      {},
      h('summary', {}, t('timeline')),
      h('ol', {}, ...(r?.timeline ?? []).map((e) => h('li', {}, `${when(e.at)} · ${e.label} · ${e.actor}`))),
    ),
    h(
      'section',
      { 'aria-label': t('guidance') },
      h('h4', {}, t('guidance')),
      h('ul', {}, ...(task.guidance?.checks ?? []).map((c) => h('li', {}, pick(c)))),
    ),
  ];
}

function taskCard(task: ReviewTask, reload: () => Promise<void>): HTMLElement {
  const note = h('textarea', { required: true, maxLength: 1000, rows: 2 });
  const out = h('p', { class: 'error', role: 'alert' });
  const decide = (decision: string) => async () => {
    if (!note.value.trim()) {
      out.textContent = t('decisionNote');
      note.focus();
      return;
    }
    try {
      await api('POST', `/v1/review/tasks/${encodeURIComponent(task.taskId)}/decision`, {
        body: { decision, note: note.value.trim() },
      });
      await reload();
    } catch (e) {
      out.textContent = e instanceof Error ? e.message : String(e);
    }
  };
  return h(
    'li',
    { class: 'card', 'data-task': task.taskId },
    h('h3', {}, `${task.kind} · ${task.refundId}`),
    task.dueBy && h('p', {}, h('span', { 'data-due': task.dueBy }, countdown(task.dueBy))),
    ...context(task),
    field(t('decisionNote'), note),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'button', onclick: decide('APPROVE') }, t('approve')),
      h('button', { type: 'button', class: 'danger', onclick: decide('REJECT') }, t('reject')),
      h('button', { type: 'button', class: 'secondary', onclick: decide('REQUEST_EVIDENCE') }, t('requestEvidence')),
    ),
    out,
  );
}

/** Renders the reviewer's workbench into `view`; returns a function that stops the refresh. */
export function reviewerScreen(view: HTMLElement): () => void {
  const toggle = h(
    'button',
    { type: 'button', 'aria-pressed': String(available()) },
    available() ? t('available') : t('away'),
  );
  const list = h('ul', { class: 'list' });
  const out = h('p', { class: 'error', role: 'alert' });
  async function reload() {
    try {
      const page = await api<List<ReviewTask>>('GET', '/v1/review/tasks');
      replace(
        list,
        ...(page.items.length ? page.items.map((task) => taskCard(task, reload)) : [h('li', {}, t('none'))]),
      );
    } catch (e) {
      out.textContent = e instanceof Error ? e.message : String(e);
    }
  }
  toggle.addEventListener('click', async () => {
    const next = !available();
    try {
      await api('PUT', '/v1/review/availability', { body: { available: next } });
      setAvailable(next);
      toggle.setAttribute('aria-pressed', String(next));
      toggle.textContent = next ? t('available') : t('away');
    } catch (e) {
      out.textContent = e instanceof Error ? e.message : String(e);
    }
  });
  const timer = setInterval(() => {
    if (!list.contains(document.activeElement)) void reload();
  }, REFRESH_MS);
  replace(view, h('div', { class: 'row' }, toggle), out, h('h2', {}, t('myTasks')), list);
  void reload();
  return () => clearInterval(timer);
}
