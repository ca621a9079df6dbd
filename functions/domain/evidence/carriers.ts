/**
 * Tracking-number formats of the carriers buyers use, and the names they go by.
 *
 * Formats are what the carriers print on labels; several overlap (a 12-digit number can be ZTO, STO or FedEx, a
 * 13-digit one Yunda, EMS or STO, 20/22 digits FedEx or USPS). Those are "digit-only" formats: the parser returns
 * every carrier that fits, ranked by `rank` (mainland first: the market this platform serves), and a carrier hint —
 * from the order, from what the buyer typed, or from a carrier name printed on the label — decides.
 */

export const CARRIERS = [
  'SF',
  'JD',
  'YTO',
  'ZTO',
  'STO',
  'YUNDA',
  'EMS',
  'JT',
  'DEPPON',
  'UPS',
  'FEDEX',
  'DHL',
  'USPS',
] as const;
export type Carrier = (typeof CARRIERS)[number];

/** One tracking-number layout: literal prefix, a body of digits (or letters and digits), literal suffix. */
export interface CarrierFormat {
  carrier: Carrier;
  /** Literal letters before the body, e.g. 'SF'. Empty for digit-only formats. */
  prefix: string;
  /** Allowed body lengths, inclusive. */
  body: [number, number];
  /** 'digits' bodies get OCR letter→digit repair; 'alnum' bodies are taken as read. */
  bodyKind: 'digits' | 'alnum';
  /** Literal letters after the body, e.g. 'CN'. */
  suffix?: string;
  /** Letters allowed before the suffix-less body for UPU S10 numbers (two service letters). */
  serviceLetters?: boolean;
  /** The body must start with one of these (digit-only formats overlap; this narrows them). */
  startsWith?: string[];
  /** Lower ranks first when one number fits several carriers. */
  rank: number;
}

/**
 * Known formats. Sources: carriers' public tracking pages and label samples; where a carrier uses several layouts
 * only the current common ones are listed (e.g. older 10-digit YTO and 12-digit SF numbers are not).
 */
export const CARRIER_FORMATS: readonly CarrierFormat[] = [
  { carrier: 'SF', prefix: 'SF', body: [12, 13], bodyKind: 'digits', rank: 1 },
  // JD Logistics: JD, optional service letters (JDV, JDVA, JDX...), 13–15 characters after JD in all.
  { carrier: 'JD', prefix: 'JD', body: [13, 15], bodyKind: 'alnum', rank: 1 },
  { carrier: 'YTO', prefix: 'YT', body: [13, 13], bodyKind: 'digits', rank: 1 },
  { carrier: 'JT', prefix: 'JT', body: [13, 13], bodyKind: 'digits', rank: 1 },
  { carrier: 'DEPPON', prefix: 'DPK', body: [9, 13], bodyKind: 'digits', rank: 1 },
  // UPU S10 (two service letters, 8 digits + check digit, country): China Post / EMS and USPS international.
  { carrier: 'EMS', prefix: '', serviceLetters: true, body: [9, 9], bodyKind: 'digits', suffix: 'CN', rank: 1 },
  { carrier: 'USPS', prefix: '', serviceLetters: true, body: [9, 9], bodyKind: 'digits', suffix: 'US', rank: 1 },
  { carrier: 'UPS', prefix: '1Z', body: [16, 16], bodyKind: 'alnum', rank: 1 },
  // Digit-only formats, ambiguous by nature.
  { carrier: 'ZTO', prefix: '', body: [12, 14], bodyKind: 'digits', startsWith: ['7', '5'], rank: 2 },
  {
    carrier: 'STO',
    prefix: '',
    body: [12, 13],
    bodyKind: 'digits',
    startsWith: ['77', '268', '368', '468', '568', '668', '768', '868', '968'],
    rank: 3,
  },
  { carrier: 'YUNDA', prefix: '', body: [13, 13], bodyKind: 'digits', startsWith: ['1', '3', '4', '5'], rank: 2 },
  { carrier: 'EMS', prefix: '', body: [13, 13], bodyKind: 'digits', startsWith: ['1'], rank: 3 },
  { carrier: 'FEDEX', prefix: '', body: [12, 12], bodyKind: 'digits', rank: 5 },
  { carrier: 'FEDEX', prefix: '', body: [15, 15], bodyKind: 'digits', rank: 5 },
  { carrier: 'FEDEX', prefix: '', body: [20, 20], bodyKind: 'digits', rank: 5 },
  { carrier: 'FEDEX', prefix: '', body: [22, 22], bodyKind: 'digits', startsWith: ['96'], rank: 4 },
  { carrier: 'USPS', prefix: '', body: [20, 22], bodyKind: 'digits', startsWith: ['9'], rank: 4 },
  { carrier: 'DHL', prefix: '', body: [10, 10], bodyKind: 'digits', rank: 5 },
];

/** Names and abbreviations seen on labels, in orders and typed by buyers (lower case, no spaces). */
const ALIASES: Record<Carrier, string[]> = {
  SF: ['sf', 'sfexpress', '顺丰', '顺丰速运', 'shunfeng'],
  JD: ['jd', 'jdlogistics', 'jdl', '京东', '京东物流', '京东快递'],
  YTO: ['yto', 'ytoexpress', '圆通', '圆通速递', 'yuantong'],
  ZTO: ['zto', 'ztoexpress', '中通', '中通快递', 'zhongtong'],
  STO: ['sto', 'stoexpress', '申通', '申通快递', 'shentong'],
  YUNDA: ['yunda', 'yundaexpress', '韵达', '韵达快递'],
  EMS: ['ems', 'chinapost', '中国邮政', '邮政', 'ems特快专递', '邮政快递'],
  JT: ['jt', 'j&t', 'j&texpress', 'jtexpress', '极兔', '极兔速递'],
  DEPPON: ['deppon', '德邦', '德邦快递', '德邦物流'],
  UPS: ['ups', 'unitedparcelservice'],
  FEDEX: ['fedex', 'fedexexpress', 'fedexground', '联邦快递'],
  DHL: ['dhl', 'dhlexpress', '敦豪'],
  USPS: ['usps', 'unitedstatespostalservice', 'uspostalservice'],
};

/**
 * The carrier a free-text name refers to ('SF Express', '顺丰', 'sf'), or undefined. Order and buyer data hold
 * names, not codes, so verification compares through this.
 */
export function carrierFromName(name: string | undefined): Carrier | undefined {
  if (!name) return undefined;
  const key = name.toLowerCase().replace(/[\s\-_.]/g, '');
  for (const carrier of CARRIERS) {
    if (carrier.toLowerCase() === key || ALIASES[carrier].includes(key)) return carrier;
  }
  return undefined;
}

/**
 * Carriers whose name appears in a line of label text ('顺丰速运 SF Express' → SF). Used as a hint when the
 * number alone is ambiguous; short Latin aliases must stand as whole words so 'sf' is not found in 'transfer'.
 */
export function carriersNamedIn(text: string): Carrier[] {
  const lower = text.toLowerCase();
  const compact = lower.replace(/\s+/g, '');
  const words = new Set(lower.split(/[^a-z&]+/).filter(Boolean));
  return CARRIERS.filter((carrier) =>
    ALIASES[carrier].some((alias) => (/^[a-z&]+$/.test(alias) ? words.has(alias) : compact.includes(alias))),
  );
}
