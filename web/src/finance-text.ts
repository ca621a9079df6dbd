/**
 * The finance screen's words in zh-CN and en: its own sentences, API errors in sentences, alerts told in words from
 * their fields, and times in China time (absolute, and relative: "3 小时前"). Codes go through the shared label
 * catalogue (./labels.ts): alert kinds, statuses and history actions, ledger kinds, methods, channels and
 * reconciliation issues; none reaches the screen as it is.
 */
import { hasLabel, label } from '../../functions/domain/labels.ts';
import { ApiError } from './api.ts';
import { money } from './i18n.ts';
import { labelOf } from './labels.ts';
import { lang } from './session.ts';
import type { FinanceAlert } from './types.ts';

type Pair = readonly [zh: string, en: string];

const pick = (pair: Pair): string => pair[lang() === 'en' ? 1 : 0];

const lookup =
  (table: Record<string, Pair>) =>
  (code: string | undefined): string => {
    if (!code) return '';
    const pair = table[code];
    return pair ? pick(pair) : label('status', code, lang());
  };

const TEXT = {
  alerts: ['告警', 'Alerts'],
  alertQueue: ['告警队列', 'Alert queue'],
  statusFilter: ['告警状态', 'Alert status'],
  assigneeFilter: ['负责人', 'Assignee'],
  everyone: ['全部', 'Everyone'],
  mine: ['分配给我的', 'Assigned to me'],
  me: ['我', 'me'],
  loading: ['加载中…', 'Loading…'],
  noAlerts: ['没有符合条件的告警', 'No alerts match these filters'],
  more: ['加载更多', 'Load more'],
  refresh: ['刷新', 'Refresh'],
  amount: ['金额', 'Amount'],
  detected: ['发现时间', 'Detected'],
  since: ['问题开始', 'Since'],
  assignee: ['负责人', 'Assignee'],
  unassigned: ['未分配', 'Unassigned'],
  acknowledge: ['认领', 'Acknowledge'],
  assignToMe: ['分配给我', 'Assign to me'],
  assignTo: ['分配给(财务用户 ID)', 'Assign to (finance user id)'],
  assign: ['分配', 'Assign'],
  assignOther: ['分配给他人…', 'Assign to…'],
  resolveOpen: ['解决…', 'Resolve…'],
  assignToRequired: ['请填写要分配给的财务用户 ID', 'Enter the finance user id to assign to'],
  resolveNote: ['处理说明(必填，最多 500 字)', 'Resolution note (required, up to 500 characters)'],
  resolve: ['标记为已解决', 'Resolve'],
  noteRequired: ['请先填写处理说明，再标记为已解决', 'Write a resolution note before resolving'],
  noteTooLong: ['处理说明最多 500 字', 'The note can be at most 500 characters'],
  history: ['处理记录', 'History'],
  by: ['操作人', 'by'],
  monitor: ['监控程序', 'the monitor'],
  to: ['给', 'to'],
  retry: ['重新打款', 'Retry payout'],
  retryConfirm: [
    '确认重新打款？系统会先向支付渠道核实，不会重复打款。',
    'Retry this payout? The provider is asked first; nothing is paid twice.',
  ],
  retryYes: ['确认重新打款', 'Yes, retry the payout'],
  cancel: ['取消', 'Cancel'],
  retryStatus: ['退款当前状态', 'The refund is now'],
  acknowledged: ['已认领', 'Acknowledged'],
  assigned: ['已分配给', 'Assigned to'],
  resolved: ['已解决', 'Resolved'],
  ledgerByDay: ['按日资金流水', 'Ledger by day'],
  show: ['查看', 'Show'],
  downloadCsv: ['下载 CSV', 'Download CSV'],
  downloaded: ['已下载', 'Downloaded'],
  noEntries: ['这一天没有资金流水', 'No ledger entries on this day'],
  entries: ['流水', 'Entries'],
  kind: ['类型', 'Kind'],
  method: ['方式', 'Method'],
  totals: ['按类型合计', 'Totals by kind'],
  summary: ['当日汇总', 'Day summary'],
  outstanding: ['在途未到账', 'Outstanding'],
  count: ['笔数', 'Count'],
  reconciliation: ['对账差异', 'Reconciliation differences'],
  balanced: ['对账平衡：没有差额，也没有需跟进的退款', 'Balanced: no differences and no refund to chase'],
  difference: ['差额', 'Difference'],
  issues: ['需跟进的退款', 'Refunds to chase'],
  sentAmount: ['发送金额', 'sent'],
  settledAmount: ['到账金额', 'settled'],
  platform: ['平台', 'Platform'],
  monitorSays: ['监控程序的说明(英文)', 'The monitor’s note'],
  orderNo: ['订单号', 'Order'],
  from: ['开始日期(北京时间)', 'From (China time)'],
  until: ['结束日期(北京时间)', 'To (China time)'],
  timeChina: ['时间(北京时间)', 'Time (China time)'],
  net: ['当日净支出', 'Net paid out'],
  netRange: ['期间净支出', 'Net paid out in the period'],
  netHow: ['已发出 − 失败 − 已冲正', 'sent − failed − reversed'],
  channel: ['渠道', 'Channel'],
  someone: ['指定负责人', 'Someone'],
  assigneeId: ['负责人(财务用户 ID)', 'Assignee (finance user id)'],
  rangeInvalid: ['请选择有效的日期', 'Pick a valid date'],
  rangeFuture: ['不能查看今天之后的日期(北京时间)', 'Pick a day up to today (China time)'],
  rangeTooLong: ['最多可查 31 天', 'At most 31 days at a time'],
  rangeBackwards: ['结束日期不能早于开始日期', 'The end date cannot be before the start date'],
  reconGroup: [
    '{who}：差额 {diff}（已发出 {sent}，失败 {failed}，已到账 {settled}）',
    '{who}: {diff} not accounted for (sent {sent}, failed {failed}, settled {settled})',
  ],
  reconTooLong: [
    '对账差异最多按 7 天查看，请缩短日期范围',
    'Reconciliation covers at most 7 days; pick a shorter range',
  ],
  aRefund: ['一笔退款', 'A refund'],
  moreEntries: ['仅显示前 {n} 条；CSV 包含全部', 'Showing the first {n}; the CSV has them all'],
} satisfies Record<string, Pair>;

/** A finance string in the current language; `{n}` is replaced by `n`, or each `{name}` by `vars[name]`. */
export function ft(key: keyof typeof TEXT, vars?: number | Record<string, string>): string {
  const text = pick(TEXT[key]);
  if (vars === undefined) return text;
  const values = typeof vars === 'number' ? { n: String(vars) } : vars;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Alert kinds, statuses (CLOSED: stored before the workflow, reads as RESOLVED) and history actions. */
export const kindLabel = (code: string): string => labelOf('alertKind', code);
export const alertStatusLabel = (code: string): string => labelOf('alertStatus', code === 'CLOSED' ? 'RESOLVED' : code);
export const actionLabel = (code: string): string => labelOf('alertAction', code);
/** Ledger movement kinds (functions/domain/ledger/entry.ts). */
export const ledgerKindLabel = (code: string): string => labelOf('ledgerKind', code);
/** Payout methods (a ledger row's `method`, a reconciliation group's). */
export const methodLabel = (code: string): string => labelOf('destination', code);
/** Who moved the money: a payment channel, or the platform itself for a bonus. */
export const providerLabel = (code: string): string =>
  code === 'platform' ? ft('platform') : labelOf('channel', code);
/** Reconciliation issues (functions/domain/ledger/reconcile.ts). */
export const issueLabel = (code: string): string => labelOf('reconIssue', code);

/** What a payout retry did (app/payout-recovery.ts `RecoveryOutcome`). */
export const retryOutcomeLabel = lookup({
  RESENT: ['渠道确认上次打款失败，已重新发起打款', 'The provider confirmed the failure; the payout was sent again'],
  SETTLED: ['渠道确认这笔钱其实已到账，未重复打款', 'The provider had in fact paid it; nothing was sent again'],
  AWAITING_PROVIDER: [
    '渠道仍在处理上次打款，等待其结果，未重复打款',
    'The provider is still processing it; nothing was sent again',
  ],
  SEND_FAILED: ['重新打款未被渠道接受，仍为失败', 'The provider did not accept the new payout; it is still failed'],
});

/** The English label of a code the monitor wrote into a detail sentence, by the first kind that knows it. */
function englishLabel(code: string): string {
  const kind = (['status', 'destination', 'action', 'actor', 'ledgerKind'] as const).find((k) => hasLabel(k, code));
  return kind ? label(kind, code, 'en') : 'other';
}

/**
 * The monitor's own sentence (English, for the e-mail) made readable: codes become the catalogue's English words,
 * ISO times China time, internal refund ids "the refund". Shown under the console's own sentence, for the details.
 */
export const readableDetail = (detail: string): string =>
  detail
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?Z/g, (iso) => `${chinaDateTime(iso, 'en')} China time`)
    .replace(/\b(?:rf|ev)_[A-Za-z0-9_-]+/g, 'the refund')
    .replace(/\b[A-Z][A-Z_]{2,}\b/g, (code) => (/^[A-Z]{3}$/.test(code) ? code : englishLabel(code)));

/** What an alert is about, as one sentence in the reader's language, from its fields (the kind, amount, order). */
export function alertSentence(alert: FinanceAlert): string {
  const amount = alert.amount !== undefined ? money(alert.amount, alert.currency) : '';
  const order = alert.orderId ? pick([`订单 ${alert.orderId} 的`, `of order ${alert.orderId} `]) : '';
  const refund = pick([
    `${order}退款${amount ? ` ${amount} ` : ''}`,
    `The refund ${order}${amount ? `(${amount}) ` : ''}`,
  ]);
  switch (alert.kind) {
    case 'PAYOUT_FAILED':
      return pick([
        `${refund}打款失败，自动重试后仍未成功，买家还没有收到钱。`,
        `${refund}could not be paid out, even after the automatic retries: the buyer has not got the money.`,
      ]);
    case 'LATE_PAYOUT':
      return pick([
        `${refund}已过承诺到账时间仍未到账。`,
        `${refund}is past its promised arrival time and has not arrived.`,
      ]);
    case 'AMOUNT_MISMATCH':
      return pick([
        `${refund}的到账金额与批准金额不一致。`,
        `${refund}settled a different amount from the one approved.`,
      ]);
    case 'DUPLICATE_PAYOUT':
      return pick([
        `${refund}可能被打款了两次${amount ? `，多出 ${amount}` : ''}。`,
        `${refund}may have been paid twice.`,
      ]);
    case 'OVER_REFUND':
      return pick([
        `订单 ${alert.orderId ?? ''} 的退款总额超过实付金额${amount ? ` ${amount}` : ''}。`,
        `Order ${alert.orderId ?? ''} has refunds over what was paid${amount ? `, by ${amount}` : ''}.`,
      ]);
    case 'STUCK_REFUND':
      return pick([
        `${refund}在同一步骤停留过久，超过了处理时限。`,
        `${refund}has waited in one step longer than its deadline.`,
      ]);
    case 'RATE_SPIKE':
      return pick([
        `近期退款数量异常升高${amount ? `，合计 ${amount}` : ''}。`,
        `Refunds have risen unusually fast${amount ? `, ${amount} in all` : ''}.`,
      ]);
    default:
      return kindLabel(alert.kind);
  }
}

/** An API failure in words for finance; `context` tells which action failed. */
export function problem(error: unknown, context: 'alert' | 'retry' | 'read' = 'read'): string {
  if (!(error instanceof ApiError)) {
    return pick(['无法连接服务器，请检查网络后重试', 'Cannot reach the server; check the connection and try again']);
  }
  if (error.routeMissing) return pick(['此功能尚未开放', 'Not available in this build yet']);
  switch (error.code) {
    case 'ALERT_RESOLVED':
      return pick(['这条告警已经解决，不能再修改', 'This alert is already resolved; it cannot change any more']);
    case 'PAYOUT_NOT_FAILED':
      return pick([
        '这笔打款已不是失败状态，无需重试；请刷新',
        'This payout is no longer failed, so there is nothing to retry; refresh',
      ]);
    case 'RECOVERY_CONFLICT':
      return pick([
        '其他人或支付渠道刚刚处理了这笔打款，请刷新后再看',
        'Someone else or the provider changed this payout just now; refresh and look again',
      ]);
    case 'NO_PAYOUT_RECORDED':
      return pick(['这笔退款没有打款记录，无法重试', 'This refund has no payout on record to retry']);
    case 'ALERT_NOT_FOUND':
      return pick(['找不到这条告警，请刷新', 'This alert no longer exists; refresh the list']);
  }
  if (error.status === 401) return pick(['登录已过期，请重新登录', 'Your session has expired; sign in again']);
  if (error.status === 403) return pick(['需要财务角色才能操作', 'Only finance may do this']);
  if (error.status === 404) {
    return context === 'retry'
      ? pick(['找不到这笔退款', 'No such refund'])
      : pick(['找不到，请刷新', 'Not found; refresh the list']);
  }
  if (error.status === 409) {
    return context === 'retry'
      ? pick([
          '这笔打款当前不能重试(可能已不是失败状态)，请刷新',
          'This payout cannot be retried now (it may no longer be failed); refresh',
        ])
      : pick(['已被其他人修改，请刷新后重试', 'Someone changed it meanwhile; refresh and try again']);
  }
  if (error.status === 400 || error.status === 422) {
    return pick(['输入有误，请检查后重试', 'Something in the request is not valid; check it and try again']);
  }
  if (error.status === 429) return pick(['请求太频繁，请稍后再试', 'Too many requests; try again shortly']);
  return pick(['服务器出错，请稍后再试', 'The server failed; try again shortly']);
}

const SHANGHAI = 'Asia/Shanghai';

/** Today's date in China, `YYYY-MM-DD` (the ledger's business day). */
export const chinaToday = (now = new Date()): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: SHANGHAI, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    now,
  );

/** A date and time in China time, e.g. "2026年12月2日 16:00" / "Dec 2, 2026, 4:00 PM". */
export const chinaDateTime = (iso: string, locale: string = lang()): string =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: SHANGHAI }).format(
    new Date(iso),
  );

/** A China date-time with its zone said: "2026年12月2日 16:00（北京时间）". */
export const chinaStamp = (iso: string): string =>
  pick([`${chinaDateTime(iso)}（北京时间）`, `${chinaDateTime(iso)} China time`]);

/** How long ago, in words: "3 小时前", "just now", "2 days ago". */
export function ago(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(lang(), { numeric: 'auto' });
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return pick(['刚刚', 'just now']);
}

/** A time of day in China, for ledger rows; with the date when the window spans several days. */
export const chinaTime = (iso: string, withDate = false): string =>
  new Intl.DateTimeFormat(lang(), {
    ...(withDate ? { month: 'short', day: 'numeric' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone: SHANGHAI,
  }).format(new Date(iso));

/** A China date `YYYY-MM-DD` in words: "2026年12月2日" / "Dec 2, 2026". */
export const dayWords = (day: string): string =>
  new Intl.DateTimeFormat(lang(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
