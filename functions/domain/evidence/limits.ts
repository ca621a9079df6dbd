/**
 * What evidence files the OCR step accepts. Checked before any engine runs, so a bad upload fails once with a
 * clear code (a domain error, caught by name in the workflow) instead of being retried as if it were transient.
 */

/** Content types both engines read: Textract takes JPEG, PNG, PDF (and TIFF, which buyers' phones do not make). */
export const EVIDENCE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type EvidenceContentType = (typeof EVIDENCE_CONTENT_TYPES)[number];

/** Textract's synchronous APIs take at most 10 MB; a photo of a label or receipt is far below that. */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
/** A waybill or receipt is one page; a few allow for a receipt scanned front and back. */
export const MAX_EVIDENCE_PAGES = 3;

/** BAD_DOCUMENT: the engine could not open the file (corrupt, encrypted PDF); retrying will not help either. */
export const EVIDENCE_FILE_ERRORS = [
  'UNSUPPORTED_CONTENT_TYPE',
  'FILE_TOO_LARGE',
  'EMPTY_FILE',
  'TOO_MANY_PAGES',
  'BAD_DOCUMENT',
] as const;
export type EvidenceFileErrorCode = (typeof EVIDENCE_FILE_ERRORS)[number];

/** Facts about an uploaded file; `pages` only when known (PDF). */
export interface EvidenceFileFacts {
  contentType: string;
  size: number;
  pages?: number;
}

export type EvidenceFileCheck =
  | { ok: true; contentType: EvidenceContentType }
  | { ok: false; code: EvidenceFileErrorCode; message: string };

/** Rejected evidence file. Not transient: the workflow must not retry it (match on the name). */
export class EvidenceFileRejected extends Error {
  override readonly name = 'EvidenceFileRejected';
  constructor(
    readonly code: EvidenceFileErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function isEvidenceContentType(value: string): value is EvidenceContentType {
  return (EVIDENCE_CONTENT_TYPES as readonly string[]).includes(value);
}

/**
 * Checks an upload against the limits. Content type parameters ('image/jpeg; charset=…') and case are ignored;
 * 'image/jpg', a common mislabel, counts as JPEG.
 */
export function checkEvidenceFile(file: EvidenceFileFacts): EvidenceFileCheck {
  const base = file.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const type = base === 'image/jpg' ? 'image/jpeg' : base;
  if (!isEvidenceContentType(type)) {
    return { ok: false, code: 'UNSUPPORTED_CONTENT_TYPE', message: `${file.contentType} is not JPEG, PNG or PDF` };
  }
  if (file.size <= 0) return { ok: false, code: 'EMPTY_FILE', message: 'the file is empty' };
  if (file.size > MAX_EVIDENCE_BYTES) {
    return {
      ok: false,
      code: 'FILE_TOO_LARGE',
      message: `${file.size} bytes is over the ${MAX_EVIDENCE_BYTES} byte limit`,
    };
  }
  if (file.pages !== undefined && file.pages > MAX_EVIDENCE_PAGES) {
    return {
      ok: false,
      code: 'TOO_MANY_PAGES',
      message: `${file.pages} pages is over the ${MAX_EVIDENCE_PAGES} page limit`,
    };
  }
  return { ok: true, contentType: type };
}

/** Like checkEvidenceFile, but throws EvidenceFileRejected: for adapters, where a bad file ends the attempt. */
export function assertEvidenceFile(file: EvidenceFileFacts): EvidenceContentType {
  const check = checkEvidenceFile(file);
  if (!check.ok) throw new EvidenceFileRejected(check.code, check.message);
  return check.contentType;
}

/** The content type of image bytes from their magic numbers, so a mislabelled upload is caught. */
export function sniffContentType(bytes: Uint8Array): EvidenceContentType | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) return 'application/pdf';
  return undefined;
}
