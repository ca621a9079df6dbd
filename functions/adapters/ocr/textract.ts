/**
 * The OCR port on Amazon Textract: DetectDocumentText for waybills (tracking numbers are Latin letters and digits,
 * which it reads well), AnalyzeExpense for receipts. Evidence in S3 is passed by reference, so image bytes never
 * travel through the Lambda; bytes are supported for tests and small local files.
 */
import {
  AnalyzeExpenseCommand,
  DetectDocumentTextCommand,
  type Document,
  TextractClient,
} from '@aws-sdk/client-textract';
import { assertEvidenceFile, EvidenceFileRejected, sniffContentType } from '../../domain/evidence/limits.ts';
import type { EvidenceImage, Ocr, ReceiptReading, WaybillReading } from '../../ports/ocr.ts';
import { receiptFromAnalyzeExpense, waybillFromDetectText } from './textract-mapping.ts';

/** Checks the image against the limits and builds Textract's Document. */
export function toTextractDocument(image: EvidenceImage): Document {
  if ('bytes' in image) {
    const declared = assertEvidenceFile({ contentType: image.contentType, size: image.bytes.length });
    const actual = sniffContentType(image.bytes);
    if (actual !== declared) {
      throw new EvidenceFileRejected(
        'UNSUPPORTED_CONTENT_TYPE',
        `declared ${declared} but the bytes are ${actual ?? 'unknown'}`,
      );
    }
    return { Bytes: image.bytes };
  }
  // Size is only known when the caller read the S3 event; Textract itself refuses files over its limits.
  assertEvidenceFile({ contentType: image.contentType, size: image.size ?? 1 });
  const { bucket, key, version } = image.s3;
  return { S3Object: version ? { Bucket: bucket, Name: key, Version: version } : { Bucket: bucket, Name: key } };
}

/**
 * An Ocr backed by Textract.
 * @param client a TextractClient; the default is one client per process (created at module load of the caller).
 */
export function createTextractOcr(client: TextractClient = new TextractClient({})): Ocr {
  return {
    async readWaybill(image: EvidenceImage): Promise<WaybillReading> {
      const response = await client.send(new DetectDocumentTextCommand({ Document: toTextractDocument(image) }));
      return waybillFromDetectText(response);
    },
    async readReceipt(image: EvidenceImage): Promise<ReceiptReading> {
      const response = await client.send(new AnalyzeExpenseCommand({ Document: toTextractDocument(image) }));
      return receiptFromAnalyzeExpense(response);
    },
  };
}
