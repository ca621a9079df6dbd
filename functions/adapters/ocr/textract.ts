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
import {
  assertEvidenceFile,
  type EvidenceFileErrorCode,
  EvidenceFileRejected,
  sniffContentType,
} from '../../domain/evidence/limits.ts';
import { traced } from '../../observability/tracer.ts';
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

/** Textract errors that say the file itself is the problem: retrying cannot succeed, so they become domain errors. */
const FILE_ERRORS: Record<string, EvidenceFileErrorCode> = {
  UnsupportedDocumentException: 'UNSUPPORTED_CONTENT_TYPE',
  DocumentTooLargeException: 'FILE_TOO_LARGE',
  BadDocumentException: 'BAD_DOCUMENT',
};

async function call<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const code = error instanceof Error ? FILE_ERRORS[error.name] : undefined;
    if (code) throw new EvidenceFileRejected(code, error instanceof Error ? error.message : code);
    throw error;
  }
}

/**
 * An Ocr backed by Textract. Throttling and service errors are rethrown as they are, for the workflow to retry.
 * @param client a TextractClient; the default is one client per process (created at module load of the caller),
 *   its calls traced where tracing is on.
 */
export function createTextractOcr(client: TextractClient = traced(new TextractClient({}))): Ocr {
  return {
    async readWaybill(image: EvidenceImage): Promise<WaybillReading> {
      const document = toTextractDocument(image);
      const response = await call(() => client.send(new DetectDocumentTextCommand({ Document: document })));
      return waybillFromDetectText(response);
    },
    async readReceipt(image: EvidenceImage): Promise<ReceiptReading> {
      const document = toTextractDocument(image);
      const response = await call(() => client.send(new AnalyzeExpenseCommand({ Document: document })));
      return receiptFromAnalyzeExpense(response);
    },
  };
}
