/**
 * Turns Textract responses into the OCR port's shapes. Kept apart from the client so it is tested on recorded-shape
 * JSON without a network, and so the Lambda's handler never sees Textract's block graph.
 */
import type { AnalyzeExpenseResponse, Block, DetectDocumentTextResponse, ExpenseField } from '@aws-sdk/client-textract';
import { parseAmounts } from '../../domain/evidence/amounts.ts';
import { parseDate } from '../../domain/evidence/dates.ts';
import { parseReceiptLines, type ReceiptSummary } from '../../domain/evidence/receipt.ts';
import type { OcrLine } from '../../domain/evidence/types.ts';
import type { ReceiptReading, WaybillReading } from '../../ports/ocr.ts';

/** When two TOTAL fields disagree and the runner-up is at least this sure relative to the best, the best is halved. */
const RIVAL_RATIO = 0.8;

/** LINE blocks in reading order, each with its WORD children; Textract's 0..100 confidence becomes 0..1. */
export function linesFromBlocks(blocks: Block[] | undefined): OcrLine[] {
  const all = blocks ?? [];
  const byId = new Map(all.filter((b) => b.Id).map((b) => [b.Id, b]));
  return all
    .filter((b) => b.BlockType === 'LINE' && b.Text)
    .map((line) => {
      const ids = (line.Relationships ?? []).filter((r) => r.Type === 'CHILD').flatMap((r) => r.Ids ?? []);
      const words = ids
        .map((id) => byId.get(id))
        .filter((w): w is Block => w?.BlockType === 'WORD' && typeof w.Text === 'string')
        .map((w) => ({ text: w.Text ?? '', confidence: (w.Confidence ?? 0) / 100 }));
      const out: OcrLine = { text: line.Text ?? '', confidence: (line.Confidence ?? 0) / 100 };
      if (words.length > 0) out.words = words;
      return out;
    });
}

/** DetectDocumentText → the port's waybill reading. */
export function waybillFromDetectText(response: DetectDocumentTextResponse): WaybillReading {
  return { lines: linesFromBlocks(response.Blocks) };
}

function fieldsOfType(fields: ExpenseField[], type: string): { text: string; confidence: number }[] {
  return fields
    .filter((f) => f.Type?.Text === type && f.ValueDetection?.Text)
    .map((f) => ({ text: f.ValueDetection?.Text ?? '', confidence: (f.ValueDetection?.Confidence ?? 0) / 100 }))
    .sort((a, b) => b.confidence - a.confidence);
}

function totalFrom(fields: ExpenseField[]): ReceiptSummary['total'] {
  const totals = [...fieldsOfType(fields, 'TOTAL'), ...fieldsOfType(fields, 'AMOUNT_PAID')].flatMap((f) => {
    const amount = parseAmounts(f.text).at(-1);
    return amount ? [{ amount, confidence: f.confidence }] : [];
  });
  const best = totals[0];
  if (!best) return undefined;
  const rival = totals.find(
    (t) => t.amount.amount !== best.amount.amount && t.confidence >= best.confidence * RIVAL_RATIO,
  );
  const value = best.amount.currency
    ? { amount: best.amount.amount, currency: best.amount.currency }
    : { amount: best.amount.amount };
  return { value, confidence: rival ? best.confidence / 2 : best.confidence };
}

/**
 * AnalyzeExpense → the port's receipt reading. Summary fields come from TOTAL (then AMOUNT_PAID),
 * INVOICE_RECEIPT_DATE, VENDOR_NAME and INVOICE_RECEIPT_ID; whatever Textract did not label (it reads no Chinese)
 * is parsed from the document's LINE blocks, as the local engine does.
 */
export function receiptFromAnalyzeExpense(response: AnalyzeExpenseResponse): ReceiptReading {
  const documents = response.ExpenseDocuments ?? [];
  const fields = documents.flatMap((d) => d.SummaryFields ?? []);
  const lines = documents.flatMap((d) => linesFromBlocks(d.Blocks));
  const summary: ReceiptSummary = {};
  const total = totalFrom(fields);
  if (total) summary.total = total;
  const date = fieldsOfType(fields, 'INVOICE_RECEIPT_DATE')
    .map((f) => ({ parsed: parseDate(f.text), confidence: f.confidence }))
    .find((f) => f.parsed);
  if (date?.parsed)
    summary.date = { value: date.parsed.iso, confidence: date.confidence * (date.parsed.ambiguous ? 0.5 : 1) };
  const vendor = fieldsOfType(fields, 'VENDOR_NAME')[0];
  if (vendor) summary.vendor = { value: vendor.text, confidence: vendor.confidence };
  const receiptId = fieldsOfType(fields, 'INVOICE_RECEIPT_ID')[0];
  if (receiptId) summary.receiptId = { value: receiptId.text, confidence: receiptId.confidence };
  return { summary: { ...parseReceiptLines(lines), ...summary }, lines };
}
