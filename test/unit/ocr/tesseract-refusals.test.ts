/** The local OCR engine refuses what tesseract.js cannot read before it starts a worker (no OCR runs here). */
import { afterAll, describe, expect, it } from 'vitest';
import { createTesseractOcr } from '../../../functions/adapters/ocr/tesseract.ts';

describe('the local tesseract engine given a file it cannot read', () => {
  const ocr = createTesseractOcr();
  afterAll(() => ocr.close());
  const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]);

  it('refuses a PDF, which tesseract.js does not read, before starting a worker', async () => {
    await expect(ocr.readWaybill({ bytes: pdf, contentType: 'application/pdf' })).rejects.toMatchObject({
      name: 'EvidenceFileRejected',
      code: 'UNSUPPORTED_CONTENT_TYPE',
    });
  });

  it('refuses bytes that are not what the upload declared', async () => {
    await expect(ocr.readReceipt({ bytes: pdf, contentType: 'image/png' })).rejects.toMatchObject({
      code: 'UNSUPPORTED_CONTENT_TYPE',
    });
  });

  it('needs a loader for S3 references', async () => {
    await expect(ocr.readWaybill({ s3: { bucket: 'b', key: 'k' }, contentType: 'image/png' })).rejects.toThrow(
      /loadObject/,
    );
  });
});
