/**
 * Image dimensions from the file header, without decoding a pixel: the local OCR engine checks them before tesseract
 * decodes the image. A 10 MB PNG of one colour can declare 50 000 × 50 000 pixels and decode to 10 GB (a
 * decompression bomb); the byte limit alone does not stop it. Textract enforces its own pixel limits in AWS.
 */
import { EvidenceFileRejected } from '../../domain/evidence/limits.ts';

/** At most this many pixels per image: a phone photo is 12–48 MP, a waybill scan far less. */
export const MAX_EVIDENCE_PIXELS = 40_000_000;

export interface ImageSize {
  width: number;
  height: number;
}

/** PNG: the IHDR chunk, always first, holds width and height (big-endian) at bytes 16..23. */
function pngSize(bytes: Uint8Array): ImageSize | undefined {
  if (bytes.length < 24) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ihdr = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!);
  if (ihdr !== 'IHDR') return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic), which carry the frame's size. */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** JPEG: walks the marker segments up to the first start-of-frame; height then width (big-endian) follow. */
function jpegSize(bytes: Uint8Array): ImageSize | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image or scan data before any frame
    const length = view.getUint16(at + 2);
    if (SOF.has(marker)) {
      if (at + 9 > bytes.length) return undefined;
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    at += 2 + length;
  }
  return undefined;
}

/** The declared size of a PNG or JPEG, or undefined when the header cannot be read. */
export function imageSize(bytes: Uint8Array, contentType: 'image/png' | 'image/jpeg'): ImageSize | undefined {
  return contentType === 'image/png' ? pngSize(bytes) : jpegSize(bytes);
}

/**
 * Refuses an image whose header is unreadable (BAD_DOCUMENT), that declares no pixels, or more than
 * MAX_EVIDENCE_PIXELS (FILE_TOO_LARGE), before anything decodes it.
 */
export function assertImageDimensions(bytes: Uint8Array, contentType: 'image/png' | 'image/jpeg'): ImageSize {
  const size = imageSize(bytes, contentType);
  if (!size || size.width === 0 || size.height === 0) {
    throw new EvidenceFileRejected('BAD_DOCUMENT', 'the image header does not say how large the image is');
  }
  if (size.width * size.height > MAX_EVIDENCE_PIXELS) {
    throw new EvidenceFileRejected(
      'FILE_TOO_LARGE',
      `${size.width}×${size.height} pixels is over the ${MAX_EVIDENCE_PIXELS / 1_000_000} megapixel limit`,
    );
  }
  return size;
}
