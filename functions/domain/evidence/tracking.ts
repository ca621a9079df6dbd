/**
 * Finds tracking numbers in OCR'd label text and says which carrier each belongs to. Pure.
 *
 * OCR misreads look-alike characters (O/0, I/1, S/5, B/8, Z/2) and labels print numbers in groups
 * ('1Z 999 AA1 01 2345 6784', 'SF 1234-5678-9012'), so each line is cut into tokens and every run of adjacent
 * tokens is tried against every format, repairing look-alikes where the format says a digit (or a letter) must be.
 */
import { CARRIER_FORMATS, type Carrier, type CarrierFormat, carriersNamedIn } from './carriers.ts';
import { confidenceOf, type OcrLine } from './types.ts';

/** One reading of a tracking number as one carrier's. A number that fits several carriers yields several. */
export interface TrackingCandidate {
  trackingNumber: string;
  carrier: Carrier;
  /** 0..1: the OCR confidence of the words it came from, lowered for each repaired character. */
  confidence: number;
  /** Characters changed from what OCR read (look-alike repair). */
  repairs: number;
  /** True when the same number also fits another carrier's format. */
  ambiguous: boolean;
  /** True when the label itself names this carrier (e.g. '顺丰速运'). */
  namedOnLabel: boolean;
  /** Index of the line it was read from. */
  line: number;
}

/** Read character → the characters it is commonly mistaken for. */
const AS_DIGIT: Record<string, string> = {
  O: '0',
  D: '0',
  Q: '0',
  I: '1',
  L: '1',
  J: '1',
  S: '5',
  B: '8',
  Z: '2',
  G: '6',
};
const AS_LETTER: Record<string, string> = {
  '0': 'OD',
  '1': 'IJL',
  '2': 'Z',
  '5': 'S',
  '6': 'G',
  '7': 'Z',
  '8': 'B',
  I: 'J',
  J: 'I',
};
const REPAIR_PENALTY = 0.92;
const MAX_WINDOW = 7;

/** Buyer-typed or stored numbers compared with what OCR read: upper case, no spaces or hyphens. */
export function normalizeTrackingNumber(raw: string): string {
  return raw.toUpperCase().replace(/[\s\-–—_.]/g, '');
}

/** Matches `read` against a format, returning the repaired number and how many characters were repaired. */
export function matchFormat(read: string, format: CarrierFormat): { value: string; repairs: number } | undefined {
  const service = format.serviceLetters ? 2 : 0;
  const suffix = format.suffix ?? '';
  const bodyLength = read.length - format.prefix.length - service - suffix.length;
  if (bodyLength < format.body[0] || bodyLength > format.body[1]) return undefined;
  let repairs = 0;
  let value = '';
  const literal = (c: string, want: string): boolean => {
    if (c === want) return true;
    if (!AS_LETTER[c]?.includes(want)) return false;
    repairs++;
    return true;
  };
  for (let i = 0; i < read.length; i++) {
    const c = read[i] ?? '';
    const inPrefix = i < format.prefix.length;
    const inService = !inPrefix && i < format.prefix.length + service;
    const inSuffix = i >= read.length - suffix.length;
    if (inPrefix || inSuffix) {
      const want = inPrefix ? (format.prefix[i] ?? '') : (suffix[i - (read.length - suffix.length)] ?? '');
      if (!literal(c, want)) return undefined;
      value += want;
    } else if (inService) {
      if (/[A-Z]/.test(c)) value += c;
      else if (AS_LETTER[c]) {
        value += AS_LETTER[c]?.[0] ?? c;
        repairs++;
      } else return undefined;
    } else if (/[0-9]/.test(c)) value += c;
    else if (format.bodyKind === 'alnum') value += c;
    else if (AS_DIGIT[c]) {
      value += AS_DIGIT[c];
      repairs++;
    } else return undefined;
  }
  const body = value.slice(format.prefix.length + service, value.length - suffix.length);
  if (format.startsWith && !format.startsWith.some((s) => body.startsWith(s))) return undefined;
  if (format.bodyKind === 'alnum' && (body.replace(/\D/g, '').length < 10 || !/^[A-Z0-9]+$/.test(body)))
    return undefined;
  const digitOnly = format.prefix === '' && !format.suffix;
  // A look-alike at either end of a bare digit run is more likely a neighbouring word glued on than a misread digit.
  if (digitOnly && (!/[0-9]/.test(read[0] ?? '') || !/[0-9]/.test(read.at(-1) ?? ''))) return undefined;
  if (repairs > (digitOnly ? 1 : 2)) return undefined;
  return { value, repairs };
}

/** Noise glued to a number ('UEN579918612CN'): formats with a literal prefix or suffix may shed this many. */
const MAX_TRIM = 2;

function matchTrimmed(read: string, format: CarrierFormat): ReturnType<typeof matchFormat> {
  const exact = matchFormat(read, format);
  if (exact || (format.prefix === '' && !format.suffix)) return exact;
  for (let start = 0; start <= MAX_TRIM; start++) {
    for (let end = 0; end <= MAX_TRIM; end++) {
      if (start + end === 0) continue;
      const m = matchFormat(read.slice(start, read.length - end), format);
      if (m) return m;
    }
  }
  return undefined;
}

interface Window {
  text: string;
  from: number;
  to: number;
  confidence: number;
}

/** Runs of adjacent tokens in one line; tokens are separated by spaces or hyphens, runs by anything else. */
function windows(line: OcrLine): Window[] {
  const out: Window[] = [];
  let index = 0;
  // '|' is a misread I, J or 1, or a stray stroke: try the line both ways.
  const upper = line.text.toUpperCase();
  const variants = upper.includes('|') ? [upper.replaceAll('|', ''), upper.replaceAll('|', 'I')] : [upper];
  for (const segment of variants.flatMap((v) => v.split(/[^A-Z0-9\s\-–—]+/))) {
    const tokens = segment.split(/[\s\-–—]+/).filter(Boolean);
    for (let from = 0; from < tokens.length; from++) {
      for (let to = from; to < Math.min(tokens.length, from + MAX_WINDOW); to++) {
        const text = tokens.slice(from, to + 1).join('');
        out.push({ text, from: index + from, to: index + to, confidence: confidenceOf(line, text) });
      }
    }
    index += tokens.length;
  }
  // Longest first, so a grouped number wins over the groups inside it.
  return out.sort((a, b) => b.to - b.from - (a.to - a.from));
}

/**
 * Every tracking number in the lines, best first: the hinted carrier, then formats with a carrier prefix or suffix
 * (unambiguous), then carriers named on the label, then confidence, then the format's rank.
 * @param options.carrierHint the carrier the caller believes in (order data, buyer input); it only reorders.
 */
export function findTrackingNumbers(lines: OcrLine[], options: { carrierHint?: Carrier } = {}): TrackingCandidate[] {
  const named = new Set(lines.flatMap((l) => carriersNamedIn(l.text)));
  const found: (TrackingCandidate & { specific: boolean; rank: number })[] = [];
  lines.forEach((line, lineIndex) => {
    const taken: Window[] = [];
    for (const w of windows(line)) {
      if (taken.some((t) => w.from >= t.from && w.to <= t.to)) continue;
      let matched = false;
      for (const format of CARRIER_FORMATS) {
        const m = matchTrimmed(w.text, format);
        if (!m) continue;
        matched = true;
        if (found.some((f) => f.trackingNumber === m.value && f.carrier === format.carrier)) continue;
        found.push({
          trackingNumber: m.value,
          carrier: format.carrier,
          confidence: w.confidence * REPAIR_PENALTY ** m.repairs,
          repairs: m.repairs,
          ambiguous: false,
          namedOnLabel: named.has(format.carrier),
          line: lineIndex,
          specific: format.prefix !== '' || format.suffix !== undefined,
          rank: format.rank,
        });
      }
      if (matched) taken.push(w);
    }
  });
  const hint = options.carrierHint;
  const score = (c: (typeof found)[number]): number[] => [
    c.carrier === hint ? 0 : 1,
    c.specific ? 0 : 1,
    c.namedOnLabel ? 0 : 1,
    -c.confidence,
    c.rank,
  ];
  found.sort((a, b) => {
    const sa = score(a);
    const sb = score(b);
    const i = sa.findIndex((v, k) => v !== sb[k]);
    return i < 0 ? 0 : (sa[i] ?? 0) - (sb[i] ?? 0);
  });
  return found.map(({ specific: _s, rank: _r, ...c }) => ({
    ...c,
    ambiguous: found.some((o) => o.trackingNumber === c.trackingNumber && o.carrier !== c.carrier),
  }));
}
