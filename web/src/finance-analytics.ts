/**
 * Finance's refund analytics (`GET /v1/analytics/refunds`): a period of China dates and what to group by, then three
 * charts drawn with uPlot (a small canvas chart library: no inline styles or scripts, so the console's CSP holds),
 * each with a table of the same figures beside it for screen readers and for reading exact values: applications and
 * refunds paid per group (bars), the instant share (秒批), and time to money (p50 and p90, in seconds, minutes,
 * hours or days, whichever the longest shown reads best in). The CSV download is the API's own (`Accept: text/csv`). Group keys that are codes (reasons, categories, scenarios) go through the label
 * catalogue; skus and merchant ids are shown as they are.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api, apiText } from './api.ts';
import { field, h, replace } from './dom.ts';
import { save } from './finance-ledger.ts';
import { chinaToday, problem } from './finance-text.ts';
import { money, tr } from './i18n.ts';
import { labelOf } from './labels.ts';

/** The dimensions the API groups by (functions/domain/analytics/tally.ts). */
const DIMENSIONS = ['reason', 'category', 'sku', 'merchant', 'scenario'] as const;
type Dimension = (typeof DIMENSIONS)[number];
/** The API's longest period (functions/domain/analytics/report.ts). */
const MAX_DAYS = 92;
/** Groups drawn in a chart; the tables list every group. */
const CHARTED = 12;

interface Durations {
  p50: number | null;
  p90: number | null;
  p99: number | null;
  count: number;
}
interface Group {
  key: string;
  applied: number;
  appliedAmount: number;
  paid: number;
  paidAmount: number;
  rejected: number;
  closed: number;
  instantShare: { value: number | null; count: number; of: number };
  timeToDecision: Durations;
  timeToMoney: Durations;
  disputes: { disputed: number; forBuyer: number; forMerchant: number };
}
interface Analytics {
  from: string;
  to: string;
  groupBy: Dimension;
  total: Group;
  groups: Group[];
}

/** The group's name in words: codes through the catalogue, ids as they are. */
function groupName(groupBy: Dimension, key: string): string {
  if (key === 'ALL' || key === 'OTHER_SKUS') return labelOf('analyticsGroup', key);
  if (groupBy === 'reason' || groupBy === 'category' || groupBy === 'scenario') return labelOf(groupBy, key);
  return key;
}

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 1000) / 10}%`);
/** The unit a chart of durations reads best in, chosen by the longest duration it shows. */
function durationUnit(longestSeconds: number): { seconds: number; name: string } {
  if (longestSeconds < 120) return { seconds: 1, name: tr('秒', 'seconds') };
  if (longestSeconds < 7200) return { seconds: 60, name: tr('分钟', 'minutes') };
  if (longestSeconds < 172_800) return { seconds: 3600, name: tr('小时', 'hours') };
  return { seconds: 86_400, name: tr('天', 'days') };
}
const inUnit = (seconds: number | null, unit: { seconds: number }) =>
  seconds === null ? null : Math.round((seconds / unit.seconds) * 10) / 10;
/** Whole-number steps for an axis of counts (no 0.5 refunds). */
const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000];
/** A duration in the unit that reads best: seconds, minutes, hours or days. */
const durationText = (seconds: number | null) => {
  if (seconds === null) return '—';
  if (seconds < 60) return tr(`${Math.round(seconds)} 秒`, `${Math.round(seconds)} s`);
  if (seconds < 3600) return tr(`${Math.round(seconds / 60)} 分钟`, `${Math.round(seconds / 60)} min`);
  if (seconds < 172_800) return tr(`${Math.round(seconds / 360) / 10} 小时`, `${Math.round(seconds / 360) / 10} h`);
  return tr(`${Math.round(seconds / 8640) / 10} 天`, `${Math.round(seconds / 8640) / 10} d`);
};

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A table of the chart's figures: the accessible twin of each chart. */
function figuresTable(caption: string, columns: string[], rows: string[][]): HTMLElement {
  return h(
    'table',
    { class: 'stack analytics-table' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...columns.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...rows.map((cells) => h('tr', {}, ...cells.map((cell, i) => h('td', { 'data-label': columns[i] }, cell)))),
    ),
  );
}

/** One bar chart of `series` over the groups, its x axis naming each group. */
function barChart(
  title: string,
  by: string,
  names: string[],
  series: { label: string; values: (number | null)[] }[],
  options: { counts?: boolean } = {},
) {
  const holder = h('div', { class: 'analytics-chart', role: 'img', 'aria-label': title });
  const colours = ['#1677ff', '#52c41a', '#fa8c16'];
  // Two series stand side by side at each group (one left of the tick, one right), not on top of each other.
  const barsAt = (i: number) =>
    uPlot.paths.bars?.({
      size: [0.7 / Math.max(1, series.length), 64],
      gap: 2,
      align: series.length === 1 ? 0 : i === 0 ? -1 : 1,
    });
  const width = Math.max(280, Math.min(960, (document.querySelector('main')?.clientWidth ?? 720) - 16));
  const opts: uPlot.Options = {
    title,
    width,
    height: 240,
    scales: {
      x: { time: false, range: [-0.5, names.length - 0.5] },
      // Bars start at zero, so their heights compare.
      y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
    },
    axes: [
      {
        values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? (names[t] ?? '') : '')),
        splits: () => names.map((_, i) => i),
        rotate: names.length > 4 ? -30 : 0,
        size: names.length > 4 ? 80 : 40,
      },
      options.counts ? { incrs: COUNT_STEPS } : {},
    ],
    legend: { show: true, live: false },
    cursor: { show: false },
    series: [
      { label: by },
      ...series.map((s, i) => ({
        label: s.label,
        fill: colours[i % colours.length],
        stroke: colours[i % colours.length],
        ...(barsAt(i) ? { paths: barsAt(i) } : {}),
        points: { show: false },
      })),
    ],
  };
  const data: uPlot.AlignedData = [names.map((_, i) => i), ...series.map((s) => s.values)];
  // Drawn once the holder is in the page, where uPlot can measure its fonts.
  queueMicrotask(() => new uPlot(opts, data, holder));
  return holder;
}

function charts(answer: Analytics): HTMLElement[] {
  const shown = answer.groups.slice(0, CHARTED);
  const names = shown.map((g) => groupName(answer.groupBy, g.key));
  const by = labelOf('analyticsDimension', answer.groupBy);
  const all = [answer.total, ...answer.groups];
  const allNames = all.map((g) => groupName(answer.groupBy, g.key));
  const counts = tr('申请与退款笔数', 'Applications and refunds paid');
  const instant = tr('秒批占比', 'Approved at once (instant share)');
  const unit = durationUnit(Math.max(0, ...shown.map((g) => g.timeToMoney.p90 ?? 0)));
  const arrival = tr(`到账用时(${unit.name})`, `Time to money (${unit.name})`);
  return [
    h(
      'div',
      { class: 'analytics-figure' },
      barChart(
        counts,
        by,
        names,
        [
          { label: tr('申请', 'Applied'), values: shown.map((g) => g.applied) },
          { label: tr('已退款', 'Paid'), values: shown.map((g) => g.paid) },
        ],
        { counts: true },
      ),
      figuresTable(
        counts,
        [
          by,
          tr('申请', 'Applied'),
          tr('申请金额', 'Amount applied'),
          tr('已退款', 'Paid'),
          tr('退款金额', 'Amount paid'),
          tr('已拒绝', 'Rejected'),
          tr('已关闭', 'Closed'),
        ],
        all.map((g, i) => [
          allNames[i] ?? g.key,
          String(g.applied),
          money(g.appliedAmount),
          String(g.paid),
          money(g.paidAmount),
          String(g.rejected),
          String(g.closed),
        ]),
      ),
    ),
    h(
      'div',
      { class: 'analytics-figure' },
      barChart(instant, by, names, [
        {
          label: tr('秒批占比(%)', 'Instant share (%)'),
          values: shown.map((g) =>
            g.instantShare.value === null ? null : Math.round(g.instantShare.value * 1000) / 10,
          ),
        },
      ]),
      figuresTable(
        instant,
        [
          by,
          tr('秒批', 'Instant'),
          tr('申请', 'Applied'),
          tr('占比', 'Share'),
          tr('申诉', 'Disputed'),
          tr('判买家胜', 'For the buyer'),
          tr('判商家胜', 'For the merchant'),
        ],
        all.map((g, i) => [
          allNames[i] ?? g.key,
          String(g.instantShare.count),
          String(g.instantShare.of),
          percent(g.instantShare.value),
          String(g.disputes.disputed),
          String(g.disputes.forBuyer),
          String(g.disputes.forMerchant),
        ]),
      ),
    ),
    h(
      'div',
      { class: 'analytics-figure' },
      barChart(arrival, by, names, [
        { label: tr('中位数', 'Median (p50)'), values: shown.map((g) => inUnit(g.timeToMoney.p50, unit)) },
        { label: tr('90 分位', '90th percentile'), values: shown.map((g) => inUnit(g.timeToMoney.p90, unit)) },
      ]),
      figuresTable(
        tr('审核与到账用时', 'Time to decision and to money'),
        [
          by,
          tr('审核用时中位数', 'Decision, median'),
          tr('审核用时 90 分位', 'Decision, p90'),
          tr('到账用时中位数', 'Money, median'),
          tr('到账用时 90 分位', 'Money, p90'),
          tr('到账用时 99 分位', 'Money, p99'),
        ],
        all.map((g, i) => [
          allNames[i] ?? g.key,
          durationText(g.timeToDecision.p50),
          durationText(g.timeToDecision.p90),
          durationText(g.timeToMoney.p50),
          durationText(g.timeToMoney.p90),
          durationText(g.timeToMoney.p99),
        ]),
      ),
    ),
  ];
}

/** The analytics section of the finance screen. */
export function refundAnalytics(): HTMLElement {
  const today = chinaToday();
  const from = h('input', { type: 'date', name: 'from', value: addDays(today, -29), max: today, required: true });
  const to = h('input', { type: 'date', name: 'to', value: today, max: today, required: true });
  const groupBy = h(
    'select',
    { name: 'groupBy' },
    ...DIMENSIONS.map((d) => h('option', { value: d }, labelOf('analyticsDimension', d))),
  );
  const info = h('p', { class: 'hint', role: 'status' });
  const error = h('p', { class: 'error', role: 'alert' });
  const out = h('div', { class: 'analytics-out' });
  const download = h('button', { type: 'button', class: 'secondary' }, tr('下载分析 CSV', 'Download analytics CSV'));

  /** The chosen query, or why it cannot be asked. */
  function chosen(): URLSearchParams | string {
    const start = from.value;
    const end = to.value || today;
    if (!/^\d{4}-\d\d-\d\d$/.test(start) || !/^\d{4}-\d\d-\d\d$/.test(end)) return tr('请选择日期', 'Choose the dates');
    if (end < start) return tr('结束日期不能早于开始日期', 'The end cannot be before the start');
    if (end > today) return tr('不能选择未来的日期', 'The period cannot end after today');
    const days = (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000 + 1;
    if (days > MAX_DAYS) return tr(`一次最多 ${MAX_DAYS} 天`, `At most ${MAX_DAYS} days at a time`);
    return new URLSearchParams({ groupBy: groupBy.value, from: start, to: end });
  }

  async function show() {
    const query = chosen();
    error.textContent = '';
    if (typeof query === 'string') {
      error.textContent = query;
      return;
    }
    info.textContent = tr('加载中…', 'Loading…');
    out.setAttribute('aria-busy', 'true');
    try {
      const answer = await api<Analytics>('GET', `/v1/analytics/refunds?${query}`);
      info.textContent = answer.groups.length
        ? tr('按申请日期统计(北京时间)', 'Counted by the day of application (China time)')
        : tr('这段时间没有退款申请', 'No refunds were applied for in this period');
      replace(out, ...(answer.groups.length ? charts(answer) : []));
    } catch (e) {
      info.textContent = '';
      replace(out);
      error.textContent = problem(e);
    }
  }

  download.addEventListener('click', async () => {
    const query = chosen();
    if (typeof query === 'string') {
      error.textContent = query;
      return;
    }
    download.disabled = true;
    try {
      const csv = await apiText(`/v1/analytics/refunds?${query}`, 'text/csv');
      const name = csv.filename ?? `refunds-${query.get('groupBy')}.csv`;
      save(csv.text, csv.type, name);
      info.textContent = `${tr('已下载', 'Downloaded')}: ${name}`;
    } catch (e) {
      error.textContent = problem(e);
    }
    download.disabled = false;
  });

  const form = h(
    'form',
    { class: 'row analytics-query', 'aria-label': tr('退款分析', 'Refund analytics'), noValidate: true },
    field(tr('分组', 'Group by'), groupBy),
    field(tr('申请日期自', 'Applied from'), from),
    field(tr('至', 'until'), to),
    h('button', { type: 'submit' }, tr('查看分析', 'Show analytics')),
    download,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void show();
  });
  void show();
  return h(
    'section',
    { class: 'finance-analytics', 'aria-labelledby': 'analytics-h' },
    h('h2', { id: 'analytics-h' }, tr('退款分析', 'Refund analytics')),
    form,
    info,
    error,
    out,
  );
}
