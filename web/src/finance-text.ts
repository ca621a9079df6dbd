/**
 * The finance screen's words in zh-CN and en: alert kinds, statuses and history actions, ledger kinds, payment
 * methods, reconciliation issues, API errors in sentences, and times in the reader's zone and in China time. Codes
 * from the API never reach the screen as they are: an unknown one is spelled out in lower case.
 */
import { ApiError } from './api.ts';
import { lang } from './session.ts';

type Pair = readonly [zh: string, en: string];

const pick = (pair: Pair): string => pair[lang() === 'en' ? 1 : 0];

/** An unknown code, readable: `SENT_NOT_SETTLED` → "sent not settled". */
export const spell = (code: string): string => code.toLowerCase().replaceAll('_', ' ');

const lookup =
  (table: Record<string, Pair>) =>
  (code: string | undefined): string => {
    if (!code) return '';
    const pair = table[code];
    return pair ? pick(pair) : spell(code);
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
  refund: ['退款单号', 'Refund'],
  order: ['订单号', 'Order'],
  detected: ['发现时间', 'Detected'],
  since: ['问题开始', 'Since'],
  assignee: ['负责人', 'Assignee'],
  unassigned: ['未分配', 'Unassigned'],
  status: ['状态', 'Status'],
  chinaTime: ['北京时间', 'China time'],
  yourTime: ['本地时间', 'your time'],
  acknowledge: ['确认收到', 'Acknowledge'],
  assignToMe: ['分配给我', 'Assign to me'],
  assignTo: ['分配给(财务用户 ID)', 'Assign to (finance user id)'],
  assign: ['分配', 'Assign'],
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
  acknowledged: ['已确认收到', 'Acknowledged'],
  assigned: ['已分配给', 'Assigned to'],
  resolved: ['已解决', 'Resolved'],
  ledgerByDay: ['按日资金流水', 'Ledger by day'],
  day: ['日期(北京时间)', 'Day (China time)'],
  show: ['查看', 'Show'],
  downloadCsv: ['下载 CSV', 'Download CSV'],
  downloaded: ['已下载', 'Downloaded'],
  noEntries: ['这一天没有资金流水', 'No ledger entries on this day'],
  entries: ['流水', 'Entries'],
  time: ['时间', 'Time'],
  kind: ['类型', 'Kind'],
  method: ['方式', 'Method'],
  provider: ['渠道', 'Provider'],
  totals: ['按类型合计', 'Totals by kind'],
  summary: ['当日汇总', 'Day summary'],
  paid: ['已打出', 'Paid out'],
  reversed: ['退回', 'Reversed'],
  outstanding: ['在途未到账', 'Outstanding'],
  count: ['笔数', 'Count'],
  reconciliation: ['对账差异', 'Reconciliation differences'],
  balanced: ['对账平衡：没有差额，也没有需跟进的退款', 'Balanced: no differences and no refund to chase'],
  sent: ['已发送', 'Sent'],
  settled: ['已到账', 'Settled'],
  failed: ['失败', 'Failed'],
  difference: ['差额', 'Difference'],
  issues: ['需跟进的退款', 'Refunds to chase'],
  sentAmount: ['发送金额', 'sent'],
  settledAmount: ['到账金额', 'settled'],
  moreEntries: ['仅显示前 {n} 条；CSV 包含全部', 'Showing the first {n}; the CSV has them all'],
} satisfies Record<string, Pair>;

/** A finance string in the current language; `{n}` is replaced by `n`. */
export function ft(key: keyof typeof TEXT, n?: number): string {
  const text = pick(TEXT[key]);
  return n === undefined ? text : text.replace('{n}', String(n));
}

/** Alert kinds (docs/api.md, alert contract). */
export const kindLabel = lookup({
  LATE_PAYOUT: ['打款超时未到账', 'Late payout'],
  AMOUNT_MISMATCH: ['到账金额不符', 'Settled amount differs'],
  DUPLICATE_PAYOUT: ['疑似重复打款', 'Possible duplicate payout'],
  PAYOUT_FAILED: ['打款失败', 'Payout failed'],
  OVER_REFUND: ['超额退款', 'Refund over the paid amount'],
  STUCK_REFUND: ['退款停滞', 'Stuck refund'],
  RATE_SPIKE: ['退款率异常升高', 'Refund rate spike'],
});

/** Alert statuses; CLOSED is what builds before the workflow called RESOLVED. */
export const alertStatusLabel = lookup({
  OPEN: ['待处理', 'Open'],
  ACKNOWLEDGED: ['已确认', 'Acknowledged'],
  RESOLVED: ['已解决', 'Resolved'],
  CLOSED: ['已解决', 'Resolved'],
});

/** What a history entry did. */
export const actionLabel = lookup({
  OPENED: ['发现问题', 'Opened'],
  ACKNOWLEDGED: ['确认收到', 'Acknowledged'],
  ASSIGNED: ['分配', 'Assigned'],
  RESOLVED: ['标记为已解决', 'Resolved'],
  AUTO_RESOLVED: ['问题消失，自动解决', 'Resolved by itself'],
  REOPENED: ['再次出现', 'Reopened'],
  RENOTIFIED: ['再次提醒', 'Reminded again'],
  ESCALATED: ['升级', 'Escalated'],
  UPDATED: ['情况更新', 'Updated'],
});

/** Ledger movement kinds (functions/domain/ledger/entry.ts). */
export const ledgerKindLabel = lookup({
  RESERVED: ['预留', 'Reserved'],
  SENT: ['已发送', 'Sent'],
  SETTLED: ['已到账', 'Settled'],
  FAILED: ['打款失败', 'Failed'],
  REVERSED: ['退回', 'Reversed'],
  BONUS: ['平台补贴', 'Bonus'],
  RELEASED: ['释放预留', 'Released'],
});

/** Payout methods and payment methods. */
export const methodLabel = lookup({
  ALIPAY: ['支付宝', 'Alipay'],
  WECHAT_PAY: ['微信支付', 'WeChat Pay'],
  WECHAT: ['微信支付', 'WeChat Pay'],
  BANK_CARD: ['银行卡', 'Bank card'],
  BALANCE: ['余额', 'Balance'],
  COUPON: ['优惠券', 'Coupon'],
});

/** Reconciliation issues (functions/domain/ledger/reconcile.ts). */
export const issueLabel = lookup({
  SENT_NOT_SETTLED: ['已发送未到账', 'Sent, not settled'],
  AMOUNT_MISMATCH: ['到账金额不符', 'Settled amount differs'],
  SETTLED_TWICE: ['重复到账', 'Settled twice'],
  SETTLED_WITHOUT_SEND: ['无发送记录却到账', 'Settled without a send'],
});

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

/** Spells out codes an English detail sentence carries (payment methods, statuses) so no code shows as is. */
export const readableDetail = (detail: string): string =>
  detail.replace(/\b[A-Z][A-Z_]{2,}\b/g, (code) =>
    code === 'CNY' || code === 'USD' || code === 'JPY' ? code : methodLabelEn(code),
  );
const methodLabelEn = (code: string) =>
  ({ ALIPAY: 'Alipay', WECHAT_PAY: 'WeChat Pay', BANK_CARD: 'bank card', BALANCE: 'balance', COUPON: 'coupon' })[
    code
  ] ?? spell(code);

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

const format = (iso: string, timeZone?: string) =>
  new Intl.DateTimeFormat(lang(), {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));

/** A time in the reader's zone and, when that is not China's, in China time too. */
export function bothTimes(iso: string): string {
  const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const china = `${format(iso, SHANGHAI)} ${ft('chinaTime')}`;
  if (local === SHANGHAI) return china;
  return `${format(iso)} (${ft('yourTime')}) · ${china}`;
}

/** A time of day in China, for ledger rows. */
export const chinaTime = (iso: string): string =>
  new Intl.DateTimeFormat(lang(), { timeStyle: 'medium', timeZone: SHANGHAI }).format(new Date(iso));
