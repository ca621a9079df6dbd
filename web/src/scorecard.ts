/**
 * The merchant's scorecard panel (`GET /v1/merchant/scorecard`): this month's rates in words with the counts behind
 * them, the tier the last complete month earned, what the tier changes and what would change it, e.g. "Timeout rate
 * 18% is above 10%: you have 12 h to answer instead of 24 h. At or below 10% over a whole month lifts it." Tiers,
 * measures and consequence rules go through the label catalogue (./labels.ts); no code reaches the page.
 */
import { api } from './api.ts';
import { h, replace } from './dom.ts';
import { tr } from './i18n.ts';
import { labelOf } from './labels.ts';
import { errorText, loading } from './staff-parts.ts';

interface Rate {
  value: number | null;
  count: number;
  of: number;
}
interface Condition {
  metric: string;
  test: 'ABOVE' | 'WITHIN';
  limit: number;
  value: number | null;
}
interface Consequence {
  rule: string;
  seconds?: number;
  insteadOf?: number;
}
export interface ScorecardView {
  from: string;
  to: string;
  counts: Record<string, number>;
  refundRate: Rate;
  medianResponseSeconds: { value: number | null; answered: number };
  timeoutRate: Rate;
  disputeRate: Rate;
  disputeLossRate: Rate;
  terms: {
    tier: string;
    judgedOn: { months: string[]; asked: number; minRequests: number };
    because: Condition[];
    consequences: Consequence[];
    changeWhen: Condition[];
  };
}

/** "2026年11月" / "November 2026". */
export function monthText(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const en = new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return tr(`${y}年${m}月`, en);
}

/** "12 小时" / "12 h", minutes below an hour, days from two days up only when whole. */
export function durationText(seconds: number): string {
  if (seconds < 3600) {
    const min = Math.max(1, Math.round(seconds / 60));
    return tr(`${min} 分钟`, `${min} min`);
  }
  const hours = Math.round((seconds / 3600) * 10) / 10;
  return tr(`${hours} 小时`, `${hours} h`);
}

const percent = (value: number) => `${Math.round(value * 1000) / 10}%`;

/** A measure's value in words (a rate as a percentage, the response time as a duration). */
function valueText(metric: string, value: number): string {
  return metric === 'medianResponseSeconds' ? durationText(value) : percent(value);
}

/** "超时率 18% 高于 10%" / "Timeout rate 18% is above 10%". */
function conditionText(c: Condition): string {
  const name = labelOf('scorecardMetric', c.metric);
  const value = c.value === null ? tr('暂无数据', 'no data') : valueText(c.metric, c.value);
  const limit = valueText(c.metric, c.limit);
  return c.test === 'ABOVE'
    ? tr(`${name} ${value} 高于 ${limit}`, `${name} ${value} is above ${limit}`)
    : tr(`${name} ${value}，不高于 ${limit}`, `${name} ${value}, within ${limit}`);
}

/** What one consequence does for the merchant, in words. */
function consequenceText(c: Consequence): string {
  if (c.seconds !== undefined && c.insteadOf !== undefined) {
    return tr(
      `处理退款申请的时限为 ${durationText(c.seconds)}(标准为 ${durationText(c.insteadOf)})`,
      `you have ${durationText(c.seconds)} to answer a request instead of ${durationText(c.insteadOf)}`,
    );
  }
  return labelOf('rule', c.rule);
}

/** What would change the tier: a penalty lifts once each condition is back within its limit; a reward lasts. */
function changeText(terms: ScorecardView['terms']): string {
  const penalty = terms.changeWhen.some((c) => c.test === 'ABOVE');
  // Mid-sentence in English the measure's name is lower case ("keep timeout rate ≤ 10%").
  const name = (metric: string) => {
    const text = labelOf('scorecardMetric', metric);
    return tr(text, text.charAt(0).toLowerCase() + text.slice(1));
  };
  const limits = terms.changeWhen.map((c) => `${name(c.metric)} ≤ ${valueText(c.metric, c.limit)}`);
  const joined = limits.join(tr('，', ', '));
  return penalty
    ? tr(
        `整月保持 ${joined}(且处理请求不少于 ${terms.judgedOn.minRequests} 个)即可恢复。`,
        `Keep ${joined} over a whole month (with at least ${terms.judgedOn.minRequests} requests) to lift it.`,
      )
    : tr(`整月保持 ${joined} 即可保留。`, `Keep ${joined} over a whole month to keep it.`);
}

function termsView(terms: ScorecardView['terms']): HTMLElement {
  const months = terms.judgedOn.months.map(monthText).join(tr('、', ', '));
  const tier = labelOf('scorecardTier', terms.tier);
  const lines: HTMLElement[] = [
    h(
      'p',
      { class: 'tier' },
      h('strong', {}, tr(`评级：${tier}`, `Rating: ${tier}`)),
      tr(
        `(依据 ${months}，共 ${terms.judgedOn.asked} 个处理请求)`,
        ` (judged on ${months}: ${terms.judgedOn.asked} requests)`,
      ),
    ),
  ];
  if (terms.tier === 'NEW') {
    lines.push(
      h(
        'p',
        {},
        tr(
          `处理请求满 ${terms.judgedOn.minRequests} 个后开始评级，在此之前不影响您的处理时限。`,
          `You are rated once a month has at least ${terms.judgedOn.minRequests} requests; until then nothing changes.`,
        ),
      ),
    );
  } else if (terms.consequences.length === 0) {
    lines.push(h('p', {}, tr('当前评级不改变您的处理方式。', 'Your rating changes nothing about how you answer.')));
  } else {
    const because = terms.because.map(conditionText).join(tr('；', '; '));
    lines.push(
      h(
        'ul',
        { class: 'consequences', 'aria-label': tr('评级带来的变化', 'What your rating changes') },
        ...terms.consequences.map((c) =>
          h('li', {}, `${because}${tr('：', ': ')}${consequenceText(c)}${tr('。', '.')}`),
        ),
      ),
      h('p', { class: 'change-when' }, changeText(terms)),
    );
  }
  return h('div', {}, ...lines);
}

/** "退款率 25%(40 个订单中 10 个)" / "Refund rate 25% (10 of 40)"; "no data yet" when there is nothing to divide by. */
function rateRow(metric: string, rate: Rate, of: [zh: string, en: string]): HTMLElement {
  const value =
    rate.value === null
      ? tr('暂无数据', 'no data yet')
      : tr(
          `${percent(rate.value)}(${rate.of} ${of[0]}中 ${rate.count} ${of[0].slice(0, 1)})`,
          `${percent(rate.value)} (${rate.count} of ${rate.of} ${of[1]})`,
        );
  return h('div', {}, h('dt', {}, labelOf('scorecardMetric', metric)), h('dd', {}, value));
}

export function scorecardView(card: ScorecardView): HTMLElement {
  const median = card.medianResponseSeconds;
  return h(
    'div',
    {},
    termsView(card.terms),
    h('h3', {}, tr(`${monthText(card.from)}至今`, `${monthText(card.from)} so far`)),
    h(
      'dl',
      { class: 'facts' },
      rateRow('refundRate', card.refundRate, ['个订单', 'orders']),
      h(
        'div',
        {},
        h('dt', {}, labelOf('scorecardMetric', 'medianResponseSeconds')),
        h(
          'dd',
          {},
          median.value === null
            ? tr('暂无数据', 'no data yet')
            : tr(
                `${durationText(median.value)}(共 ${median.answered} 次处理)`,
                `${durationText(median.value)} (over ${median.answered} answers)`,
              ),
        ),
      ),
      rateRow('timeoutRate', card.timeoutRate, ['个处理请求', 'requests']),
      rateRow('disputeRate', card.disputeRate, ['笔退款', 'refunds']),
      rateRow('disputeLossRate', card.disputeLossRate, ['起纠纷', 'disputes']),
    ),
  );
}

/** The panel, loading this month's scorecard once it is shown. */
export function scorecardPanel(): { element: HTMLElement; load: () => Promise<void> } {
  const body = h('div', {}, loading(tr('正在读取经营评分…', 'Loading your scorecard…')));
  const element = h(
    'section',
    { class: 'card scorecard', 'aria-labelledby': 'scorecard-h' },
    h('h2', { id: 'scorecard-h' }, tr('经营评分', 'Your scorecard')),
    body,
  );
  const load = async () => {
    try {
      replace(body, scorecardView(await api<ScorecardView>('GET', '/v1/merchant/scorecard')));
    } catch (e) {
      replace(body, h('p', { class: 'error', role: 'alert' }, errorText(e)));
    }
  };
  return { element, load };
}
