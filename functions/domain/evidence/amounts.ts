/**
 * Money amounts as printed on receipts, to integer minor units. Pure; never goes through floating point.
 */

/** An amount read from text. `currency` is set only when the text says it ('¥', '元', 'USD'); a bare '$' is not. */
export interface ParsedAmount {
  /** Minor units (fen, cents). */
  amount: number;
  currency?: string;
  /** The characters the amount was read from, e.g. '1,234.50'. */
  raw: string;
}

const CURRENCY_MARKS: [RegExp, string][] = [
  [/[¥￥元]|RMB|CNY|人民币/i, 'CNY'],
  [/US\$|USD/i, 'USD'],
  [/€|EUR/i, 'EUR'],
  [/£|GBP/i, 'GBP'],
  [/HK\$|HKD/i, 'HKD'],
];

/** OCR look-alikes inside numbers: 'O'→0, 'l'→1, 'S'→5 (only between digits or after the point). */
function repairDigits(text: string): string {
  return text.replace(/(?<=[\d.,])[Oo]|[Oo](?=[\d.,])/g, '0').replace(/(?<=\d)[lI]|[lI](?=\d)/g, '1');
}

/**
 * All amounts in a line, in order. Accepts '129.00', '1,234.50', '1.299.00' (OCR read a comma as a point),
 * '¥129', '129.00元'; two decimals at most. European '1.234,50' is not supported: receipts here use a point.
 */
export function parseAmounts(line: string): ParsedAmount[] {
  const text = repairDigits(line);
  const out: ParsedAmount[] = [];
  const pattern = /(?<![\d.,])(\d{1,3}(?:[,.]\d{3})+|\d+)(?:\.(\d{1,2}))?(?![\d])/g;
  for (const m of text.matchAll(pattern)) {
    const whole = (m[1] ?? '').replace(/[,.]/g, '');
    const fraction = (m[2] ?? '').padEnd(2, '0');
    const amount = Number.parseInt(whole, 10) * 100 + Number.parseInt(fraction || '0', 10);
    if (!Number.isSafeInteger(amount)) continue;
    const around = text.slice(Math.max(0, (m.index ?? 0) - 4), (m.index ?? 0) + m[0].length + 2);
    const currency = CURRENCY_MARKS.find(([re]) => re.test(around))?.[1];
    out.push(currency ? { amount, currency, raw: m[0] } : { amount, raw: m[0] });
  }
  return out;
}

/** Currency stated anywhere in a receipt's text, used when the total's own line does not say. */
export function currencyOf(text: string): string | undefined {
  return CURRENCY_MARKS.find(([re]) => re.test(text))?.[1];
}
