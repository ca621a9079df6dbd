/**
 * The logger writes no personal data and no credentials (docs/security.md, "Personal data"), whatever a caller hands
 * it: the shared logger's own JSON lines are read back, so the test holds for the configuration Lambda runs.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { logger, REDACTED, redact } from '../../functions/observability/logger.ts';

let lines: string[] = [];
let level: string;

beforeEach(() => {
  lines = [];
  level = logger.getLevelName();
  logger.setLogLevel('DEBUG');
  // Powertools writes through a Console bound to process.stdout/stderr.
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  logger.setLogLevel(level as 'ERROR');
});

const written = () => lines.join('');
const entry = () => JSON.parse(lines.at(-1) ?? '{}');

const NOTE = 'zq-note-7f3a: the courier left it with 王小明 at 13800138000';

const aRefund = () => ({
  refundId: 'rf_1',
  userId: 'user_1',
  reason: 'NOT_RECEIVED',
  note: NOTE,
  timeline: [{ status: 'REJECTED', label: 'Rejected', actor: 'MERCHANT', detail: `checked: ${NOTE}` }],
  dispute: { note: NOTE, at: '2026-11-26T10:00:00.000Z' },
  decisions: [
    { kind: 'MERCHANT', outcome: 'REJECT', inputs: { reason: `free text ${NOTE}`, note: NOTE } },
    { kind: 'REVIEW', outcome: 'APPROVE', inputs: { note: NOTE, kind: 'ARBITRATION' } },
  ],
  evidence: [
    {
      evidenceId: 'ev_1',
      ocr: { fields: { trackingNumber: { value: 'SF1234567890128', confidence: 0.9 } }, reasons: ['MATCH'] },
    },
  ],
  returnShipment: { carrier: 'SF Express', address: '北京市朝阳区建国路 1 号', phone: '13800138000' },
});

describe('the logger', () => {
  it('writes a refund without its notes, dispute, decision inputs, timeline detail, OCR or address', () => {
    logger.warn('something went wrong with a refund', { refund: aRefund() });
    const text = written();
    expect(lines.length).toBe(1);
    expect(text).not.toContain('zq-note-7f3a');
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain('王小明');
    expect(text).not.toContain('建国路');
    expect(text).not.toContain('SF1234567890128');
    const { refund } = entry();
    // What is not personal is still there to debug with.
    expect(refund).toMatchObject({
      refundId: 'rf_1',
      userId: 'user_1',
      reason: 'NOT_RECEIVED',
      note: REDACTED,
      dispute: { note: REDACTED },
      timeline: [{ status: 'REJECTED', detail: REDACTED }],
      decisions: [
        { outcome: 'REJECT', inputs: { reason: REDACTED, note: REDACTED } },
        { outcome: 'APPROVE', inputs: { note: REDACTED, kind: 'ARBITRATION' } },
      ],
      evidence: [{ evidenceId: 'ev_1', ocr: REDACTED }],
      returnShipment: { carrier: 'SF Express', address: REDACTED, phone: REDACTED },
    });
  });

  it('redacts top-level attributes and the properties of a logged error', () => {
    const error = Object.assign(new Error('decision refused'), { note: NOTE, body: JSON.stringify({ note: NOTE }) });
    logger.error('unhandled error', { error, note: NOTE, 'Phone-Number': '13800138000' });
    expect(written()).not.toContain('zq-note-7f3a');
    expect(written()).not.toContain('13800138000');
    expect(entry()).toMatchObject({
      message: 'unhandled error',
      note: REDACTED,
      'Phone-Number': REDACTED,
      error: { name: 'Error', message: 'decision refused', note: REDACTED, body: REDACTED },
    });
  });

  it('keeps machine codes under reason, and redacts a note even when it is a code', () => {
    logger.warn('payment webhook refused', { reason: 'MISMATCH' });
    expect(entry()).toMatchObject({ reason: 'MISMATCH' });
    logger.info('settlement callback changed nothing', { refundId: 'rf_1', note: 'DUPLICATE' });
    expect(entry()).toMatchObject({ refundId: 'rf_1', note: REDACTED });
  });

  it('writes no bearer token, task token or JWT, by key or inside a string', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJidXllci0xIn0.c2lnbmF0dXJlLXZhbHVl';
    logger.warn('refused', {
      headers: { Authorization: `Bearer ${jwt}`, 'x-signature': 't=1,v1=abc' },
      taskToken: 'AQCEAAAAKgAAAAMAAAAAAAAAAZ7dtoken',
      error: `upstream said: Bearer ${jwt} is expired`,
      cause: `token ${jwt}`,
    });
    const text = written();
    expect(text).not.toContain(jwt);
    expect(text).not.toContain('AQCEAAAAKgAAAAMAAAAAAAAAAZ7dtoken');
    expect(text).not.toContain('v1=abc');
    expect(entry()).toMatchObject({
      headers: { Authorization: REDACTED, 'x-signature': REDACTED },
      taskToken: REDACTED,
      error: `upstream said: Bearer ${REDACTED} is expired`,
      cause: `token ${REDACTED}`,
    });
  });

  it('leaves empty values as they are, so a missing note still reads as missing', () => {
    expect(redact('note', undefined)).toBeUndefined();
    expect(redact('note', '')).toBe('');
    expect(redact('reason', null)).toBeNull();
    expect(redact('reasons', ['LOW_CONFIDENCE', 'TRACKING_NUMBER_MATCHES'])).toEqual([
      'LOW_CONFIDENCE',
      'TRACKING_NUMBER_MATCHES',
    ]);
    expect(redact('reasons', ['LOW_CONFIDENCE', 'a person wrote this'])).toBe(REDACTED);
    expect(redact('refundId', 'rf_1')).toBe('rf_1');
  });
});
