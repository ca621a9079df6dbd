/**
 * The OCR port: reads waybills and receipts from evidence images. Textract implements it in AWS, tesseract.js
 * locally; handlers and tests depend on this interface only.
 */
import type { ReceiptSummary } from '../domain/evidence/receipt.ts';
import type { OcrLine } from '../domain/evidence/types.ts';

export type { ReceiptSummary } from '../domain/evidence/receipt.ts';
export type { OcrField, OcrLine, OcrWord } from '../domain/evidence/types.ts';

/**
 * Where the image is. In AWS evidence sits in S3 and Textract reads it there (no bytes through the Lambda); locally
 * and in tests the bytes are at hand. `contentType` is what the upload declared; adapters check it against the limits.
 */
export type EvidenceImage =
  | { bytes: Uint8Array; contentType: string }
  | { s3: { bucket: string; key: string; version?: string }; contentType: string; size?: number };

/** A waybill's text, line by line; the tracking-number parser and verification work on these. */
export interface WaybillReading {
  lines: OcrLine[];
}

/** A receipt's summary fields (from the engine where it has them, else parsed from the lines) and its lines. */
export interface ReceiptReading {
  summary: ReceiptSummary;
  lines: OcrLine[];
}

/**
 * Reads evidence images. Both methods throw EvidenceFileRejected (domain/evidence/limits.ts) for a file outside the
 * limits; anything else thrown is an engine failure and may be retried.
 */
export interface Ocr {
  readWaybill(image: EvidenceImage): Promise<WaybillReading>;
  readReceipt(image: EvidenceImage): Promise<ReceiptReading>;
}
