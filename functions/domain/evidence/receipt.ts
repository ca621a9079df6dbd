/**
 * Receipt summary fields (total, date, vendor, receipt number) from OCR lines. Pure.
 *
 * Used directly on tesseract output and as the fallback for Textract AnalyzeExpense, which is English-only and
 * leaves Chinese receipts without summary fields. The total is what verification compares with the paid amount.
 */
import { currencyOf, type ParsedAmount, parseAmounts } from './amounts.ts';
import { parseDate } from './dates.ts';
import { confidenceOf, joinCjk, type OcrField, type OcrLine } from './types.ts';

/** The fields a receipt check needs, each with its confidence 0..1. Missing when not found. */
export interface ReceiptSummary {
  total?: OcrField<{ amount: number; currency?: string }>;
  /** ISO date, YYYY-MM-DD. */
  date?: OcrField<string>;
  vendor?: OcrField<string>;
  receiptId?: OcrField<string>;
}

/**
 * Total keywords, most telling first: what was actually paid beats the pre-discount total. Matched on upper-cased
 * text with spaces removed, so 'Amount Paid' is 'AMOUNTPAID' and '实 付 款' is '实付款'.
 */
const TOTAL_KEYWORDS: string[][] = [
  ['实付款', '实付金额', '实付', '实收', '付款金额', '支付金额', 'AMOUNTPAID', 'TOTALPAID'],
  [
    '应付',
    '应收',
    '价税合计',
    '金额合计',
    '合计',
    '总计',
    '总金额',
    '总额',
    'GRANDTOTAL',
    'TOTAL',
    'AMOUNTDUE',
    'BALANCEDUE',
  ],
];
/** Lines that carry a total-like word but are not the total. */
const NOT_TOTAL = ['SUBTOTAL', 'SUB-TOTAL', '小计', 'TAX', '税额', '找零', 'CHANGE', '优惠', 'DISCOUNT', 'TIP'];
const DATE_WORDS = /日期|时间|DATE|TIME/i;
const RECEIPT_ID =
  /(订单号|订单编号|单号|小票号|流水号|交易号|发票号码?|receipt\s*(?:no\.?|number|#)|invoice\s*(?:no\.?|number|#)|order\s*(?:no\.?|number|#))\s*[:：#.]?\s*([A-Za-z0-9][A-Za-z0-9-]{3,})/i;
/** Ambiguous day/month orders are kept but marked doubtful. */
const AMBIGUOUS_DATE_FACTOR = 0.5;

function totalRank(line: string): number | undefined {
  const key = line.toUpperCase().replace(/\s+/g, '');
  if (NOT_TOTAL.some((w) => key.includes(w))) return undefined;
  const rank = TOTAL_KEYWORDS.findIndex((words) => words.some((w) => key.includes(w)));
  return rank < 0 ? undefined : rank;
}

function findTotal(lines: OcrLine[]): ReceiptSummary['total'] {
  let best: { rank: number; amount: ParsedAmount; confidence: number } | undefined;
  lines.forEach((line, i) => {
    const rank = totalRank(line.text);
    if (rank === undefined) return;
    // The value may sit on the same line or, in a two-column table, on the next one.
    let source = line;
    let amounts = parseAmounts(line.text);
    if (amounts.length === 0 && lines[i + 1]) {
      source = lines[i + 1] ?? line;
      amounts = parseAmounts(source.text);
    }
    const amount = amounts.at(-1);
    // Equal ranks: the later line wins (totals are printed at the bottom).
    if (amount && (!best || rank <= best.rank)) best = { rank, amount, confidence: confidenceOf(source, amount.raw) };
  });
  if (!best) return undefined;
  const currency = best.amount.currency ?? currencyOf(lines.map((l) => l.text).join(' '));
  return {
    value: currency ? { amount: best.amount.amount, currency } : { amount: best.amount.amount },
    confidence: best.confidence,
  };
}

function findDate(lines: OcrLine[]): ReceiptSummary['date'] {
  const ordered = [...lines.filter((l) => DATE_WORDS.test(l.text)), ...lines.filter((l) => !DATE_WORDS.test(l.text))];
  for (const line of ordered) {
    const date = parseDate(line.text);
    if (date) {
      const confidence = line.confidence * (date.ambiguous ? AMBIGUOUS_DATE_FACTOR : 1);
      return { value: date.iso, confidence };
    }
  }
  return undefined;
}

function findVendor(lines: OcrLine[]): ReceiptSummary['vendor'] {
  const line = lines.find(
    (l) => /[A-Za-z\u3400-\u9fff]{2,}/.test(l.text) && !parseDate(l.text) && !RECEIPT_ID.test(l.text),
  );
  return line ? { value: line.text.trim(), confidence: line.confidence } : undefined;
}

function findReceiptId(lines: OcrLine[]): ReceiptSummary['receiptId'] {
  for (const line of lines) {
    const m = RECEIPT_ID.exec(line.text);
    if (m?.[2]) return { value: m[2], confidence: confidenceOf(line, m[2]) };
  }
  return undefined;
}

/**
 * Reads the summary fields from a receipt's lines. Spaces OCR puts between Chinese characters are removed first.
 * Each field keeps the confidence of the words it came from.
 */
export function parseReceiptLines(lines: OcrLine[]): ReceiptSummary {
  const joined = lines.map((l) => ({ ...l, text: joinCjk(l.text) }));
  const summary: ReceiptSummary = {};
  const total = findTotal(joined);
  const date = findDate(joined);
  const vendor = findVendor(joined);
  const receiptId = findReceiptId(joined);
  if (total) summary.total = total;
  if (date) summary.date = date;
  if (vendor) summary.vendor = vendor;
  if (receiptId) summary.receiptId = receiptId;
  return summary;
}
