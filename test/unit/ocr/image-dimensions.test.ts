/** Decompression bombs: the local OCR engine reads width × height from the header and refuses before decoding. */
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { imageSize, MAX_EVIDENCE_PIXELS } from '../../../functions/adapters/ocr/image-dimensions.ts';
import { createTesseractOcr } from '../../../functions/adapters/ocr/tesseract.ts';

/** A PNG that declares width × height; its one IDAT is tiny, as a bomb's is (a real bomb compresses ~1000:1). */
function png(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(
    Buffer.concat([
      signature,
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.alloc(64))),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

/** A JPEG header: SOI, an APP0 segment, then a baseline SOF0 with height and width. */
function jpeg(width: number, height: number): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0', 'latin1'), 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof = [
    0xff,
    0xc0,
    0x00,
    0x11,
    8,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  ];
  return new Uint8Array([0xff, 0xd8, ...app0, ...sof, 0xff, 0xd9]);
}

describe('image dimensions from the header', () => {
  it('reads PNG and JPEG sizes without decoding', () => {
    expect(imageSize(png(50_000, 50_000), 'image/png')).toEqual({ width: 50_000, height: 50_000 });
    expect(imageSize(jpeg(4032, 3024), 'image/jpeg')).toEqual({ width: 4032, height: 3024 });
    const fixture = readFileSync(new URL('../../fixtures/ocr/receipt-05-jpeg.jpg', import.meta.url));
    expect(imageSize(new Uint8Array(fixture), 'image/jpeg')?.width).toBeGreaterThan(0);
  });
});

describe('the local tesseract engine given a decompression bomb', () => {
  const ocr = createTesseractOcr();
  afterAll(() => ocr.close());

  it(`refuses a PNG over ${MAX_EVIDENCE_PIXELS / 1e6} megapixels before tesseract decodes it`, async () => {
    await expect(ocr.readReceipt({ bytes: png(50_000, 50_000), contentType: 'image/png' })).rejects.toMatchObject({
      name: 'EvidenceFileRejected',
      code: 'FILE_TOO_LARGE',
    });
  });

  it('refuses a JPEG over the limit, and one whose header names no size', async () => {
    await expect(ocr.readWaybill({ bytes: jpeg(65_000, 65_000), contentType: 'image/jpeg' })).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
    });
    await expect(
      ocr.readWaybill({ bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), contentType: 'image/jpeg' }),
    ).rejects.toMatchObject({ code: 'BAD_DOCUMENT' });
  });
});
