import {
  AnalyzeExpenseCommand,
  BadDocumentException,
  type Block,
  DetectDocumentTextCommand,
  type ExpenseField,
  ProvisionedThroughputExceededException,
  TextractClient,
} from '@aws-sdk/client-textract';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTextractOcr } from '../../../functions/adapters/ocr/textract.ts';
import { EvidenceFileRejected } from '../../../functions/domain/evidence/limits.ts';
import { verifyReceipt, verifyWaybill } from '../../../functions/domain/evidence/verify.ts';

const textract = mockClient(TextractClient);
const ocr = createTextractOcr(new TextractClient({ region: 'cn-north-1' }));
const s3Image = { s3: { bucket: 'evidence', key: 'r-1/waybill.jpg' }, contentType: 'image/jpeg' };
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A LINE block with one WORD child per space-separated word, as DetectDocumentText returns them. */
function lineBlocks(id: string, text: string, confidence: number, wordConfidence = confidence): Block[] {
  const words = text
    .split(' ')
    .map((w, i) => ({ Id: `${id}-w${i}`, BlockType: 'WORD' as const, Text: w, Confidence: wordConfidence }));
  return [
    {
      Id: id,
      BlockType: 'LINE',
      Text: text,
      Confidence: confidence,
      Relationships: [{ Type: 'CHILD', Ids: words.map((w) => w.Id) }],
    },
    ...words,
  ];
}

function field(type: string, value: string, confidence: number): ExpenseField {
  return { Type: { Text: type, Confidence: 99 }, ValueDetection: { Text: value, Confidence: confidence } };
}

beforeEach(() => textract.reset());

describe('a waybill read by Textract', () => {
  it('sends the S3 object to DetectDocumentText and returns its lines with words, confidence 0..1', async () => {
    textract.on(DetectDocumentTextCommand).resolves({
      Blocks: [
        { Id: 'p', BlockType: 'PAGE' },
        ...lineBlocks('l1', 'UPS Ground', 99.1),
        ...lineBlocks('l2', 'TRACKING #: 1Z999AA10123456784', 97.5),
      ],
    });
    const reading = await ocr.readWaybill(s3Image);
    expect(textract).toReceiveCommandWith(DetectDocumentTextCommand, {
      Document: { S3Object: { Bucket: 'evidence', Name: 'r-1/waybill.jpg' } },
    });
    expect(reading.lines).toHaveLength(2);
    expect(reading.lines[1]).toMatchObject({ text: 'TRACKING #: 1Z999AA10123456784', confidence: 0.975 });
    expect(reading.lines[1]?.words?.[2]).toEqual({ text: '1Z999AA10123456784', confidence: 0.975 });
    const v = verifyWaybill(reading.lines, [
      { source: 'RETURN_SHIPMENT', carrier: 'UPS', trackingNumber: '1Z999AA10123456784' },
    ]);
    expect(v.result).toBe('MATCH');
  });

  it('sends bytes when it has them, after checking they are what they claim', async () => {
    textract.on(DetectDocumentTextCommand).resolves({ Blocks: [] });
    await ocr.readWaybill({ bytes: PNG, contentType: 'image/png' });
    expect(textract).toReceiveCommandWith(DetectDocumentTextCommand, { Document: { Bytes: PNG } });
    await expect(ocr.readWaybill({ bytes: PNG, contentType: 'image/jpeg' })).rejects.toBeInstanceOf(
      EvidenceFileRejected,
    );
  });

  it('refuses an unsupported file without calling Textract', async () => {
    await expect(ocr.readWaybill({ ...s3Image, contentType: 'image/gif' })).rejects.toMatchObject({
      name: 'EvidenceFileRejected',
      code: 'UNSUPPORTED_CONTENT_TYPE',
    });
    await expect(ocr.readWaybill({ ...s3Image, size: 11 * 1024 * 1024 })).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
    });
    expect(textract.calls()).toHaveLength(0);
  });

  it('turns Textract refusing the file into a domain error, and leaves throttling to be retried', async () => {
    textract
      .on(DetectDocumentTextCommand)
      .rejectsOnce(new BadDocumentException({ message: 'bad', $metadata: {} }))
      .rejectsOnce(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    await expect(ocr.readWaybill(s3Image)).rejects.toMatchObject({
      name: 'EvidenceFileRejected',
      code: 'BAD_DOCUMENT',
    });
    await expect(ocr.readWaybill(s3Image)).rejects.toMatchObject({ name: 'ProvisionedThroughputExceededException' });
  });

  it('passes a low word confidence through, so verification sends it to a person', async () => {
    textract.on(DetectDocumentTextCommand).resolves({ Blocks: lineBlocks('l1', '运单号 SF1234567890123', 96, 61) });
    const { lines } = await ocr.readWaybill(s3Image);
    expect(verifyWaybill(lines, [{ source: 'RETURN_SHIPMENT', trackingNumber: 'SF1234567890123' }]).result).toBe(
      'UNREADABLE',
    );
  });

  it('reads a label laid out as a table, with several numbers in separate cells', async () => {
    textract.on(DetectDocumentTextCommand).resolves({
      Blocks: [
        ...lineBlocks('a', 'Order No', 99),
        ...lineBlocks('b', '20261126001', 99),
        ...lineBlocks('c', 'Waybill', 99),
        ...lineBlocks('d', '773123456789', 98),
        ...lineBlocks('e', 'Return label YT1234567890123', 97),
      ],
    });
    const { lines } = await ocr.readWaybill(s3Image);
    const v = verifyWaybill(lines, [{ source: 'ORDER_LOGISTICS', carrier: 'ZTO', trackingNumber: '773123456789' }]);
    expect(v).toMatchObject({ result: 'MATCH', read: { trackingNumber: '773123456789', carrier: 'ZTO' } });
    expect(v.candidates.map((c) => c.trackingNumber)).toContain('YT1234567890123');
  });
});

describe('a receipt read by Textract AnalyzeExpense', () => {
  it('takes the summary fields, confidence 0..1', async () => {
    textract.on(AnalyzeExpenseCommand).resolves({
      ExpenseDocuments: [
        {
          SummaryFields: [
            field('VENDOR_NAME', 'Corner Coffee Co.', 98),
            field('INVOICE_RECEIPT_DATE', 'Nov 26, 2026', 95),
            field('INVOICE_RECEIPT_ID', '004512', 90),
            field('SUBTOTAL', '$9.00', 99),
            field('TOTAL', '$12.90', 97),
          ],
          LineItemGroups: [
            { LineItems: [{ LineItemExpenseFields: [field('ITEM', 'Latte', 99), field('PRICE', '4.50', 99)] }] },
          ],
        },
      ],
    });
    const { summary } = await ocr.readReceipt(s3Image);
    expect(textract).toReceiveCommandWith(AnalyzeExpenseCommand, {
      Document: { S3Object: { Bucket: 'evidence', Name: 'r-1/waybill.jpg' } },
    });
    expect(summary).toEqual({
      total: { value: { amount: 1290 }, confidence: 0.97 },
      date: { value: '2026-11-26', confidence: 0.95 },
      vendor: { value: 'Corner Coffee Co.', confidence: 0.98 },
      receiptId: { value: '004512', confidence: 0.9 },
    });
    expect(verifyReceipt(summary, { amount: 1290, currency: 'USD' }).result).toBe('MATCH');
  });

  it('takes the surest of several TOTAL candidates and halves it when a near rival disagrees', async () => {
    textract.on(AnalyzeExpenseCommand).resolves({
      ExpenseDocuments: [{ SummaryFields: [field('TOTAL', '1,234.50', 92), field('TOTAL', '1,100.00', 88)] }],
    });
    const { summary } = await ocr.readReceipt(s3Image);
    expect(summary.total).toEqual({ value: { amount: 123450 }, confidence: 0.46 });
    expect(verifyReceipt(summary, { amount: 123450, currency: 'USD' }).result).toBe('UNREADABLE');
  });

  it('parses a Chinese receipt from its lines when Textract labels nothing', async () => {
    textract.on(AnalyzeExpenseCommand).resolves({
      ExpenseDocuments: [
        {
          SummaryFields: [],
          Blocks: [...lineBlocks('a', '2026-11-25 10:32', 95), ...lineBlocks('b', '实付款：129.00元', 91)],
        },
      ],
    });
    const { summary } = await ocr.readReceipt(s3Image);
    expect(summary.total).toEqual({ value: { amount: 12900, currency: 'CNY' }, confidence: 0.91 });
    expect(summary.date?.value).toBe('2026-11-25');
  });

  it('is unreadable when the total is doubtful', async () => {
    textract
      .on(AnalyzeExpenseCommand)
      .resolves({ ExpenseDocuments: [{ SummaryFields: [field('TOTAL', '$12.90', 55)] }] });
    const { summary } = await ocr.readReceipt(s3Image);
    expect(verifyReceipt(summary, { amount: 1290, currency: 'USD' }).reasons[0]?.code).toBe('LOW_CONFIDENCE');
  });
});
