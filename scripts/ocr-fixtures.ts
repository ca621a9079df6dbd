/**
 * Generates the OCR fixture images in test/fixtures/ocr and their manifest.json of expected values.
 *
 * Why a script: the images are committed (CI has no font packages and no image tools), but anyone can see how they
 * were made and make more. Output is deterministic (seeded noise), so re-running only changes what the code changes.
 * Needs the dev dependency @napi-rs/canvas and a CJK font (Debian: fonts-wqy-microhei) for the Chinese lines.
 *
 * Run: npx tsx scripts/ocr-fixtures.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';

const OUT = join(import.meta.dirname, '..', 'test', 'fixtures', 'ocr');
GlobalFonts.registerFromPath('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'WQY');
GlobalFonts.registerFromPath('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', 'DejaVu');

/** How a fixture is degraded, to resemble a phone photo of a label. */
type Variant = 'clean' | 'rotated' | 'noisy' | 'lowres' | 'jpeg';

interface WaybillFixture {
  file: string;
  kind: 'WAYBILL';
  variant: Variant;
  carrier: string;
  trackingNumber: string;
}
interface ReceiptFixture {
  file: string;
  kind: 'RECEIPT';
  variant: Variant;
  total: number;
  currency?: string;
  date: string;
}

let seed = 20261126;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
}

function render(file: string, lines: string[], variant: Variant): void {
  const fontSize = variant === 'lowres' ? 15 : 26;
  const lineHeight = Math.round(fontSize * 1.6);
  const font = `${fontSize}px DejaVu, WQY`;
  const measure = createCanvas(1, 1).getContext('2d');
  measure.font = font;
  const width = Math.round(Math.max(...lines.map((l) => measure.measureText(l).width)) + fontSize * 2);
  const height = lineHeight * (lines.length + 1);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = variant === 'noisy' ? '#ececec' : '#ffffff';
  ctx.fillRect(0, 0, width, height);
  if (variant === 'rotated') {
    const degrees = (random() < 0.5 ? -1 : 1) * (1.5 + random() * 2);
    ctx.translate(width / 2, height / 2);
    ctx.rotate((degrees * Math.PI) / 180);
    ctx.translate(-width / 2, -height / 2);
  }
  ctx.fillStyle = '#111111';
  ctx.font = font;
  lines.forEach((line, i) => {
    ctx.fillText(line, fontSize, lineHeight * (i + 1));
  });
  if (variant === 'noisy') {
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    for (let i = 0; i < (width * height) / 60; i++) {
      const shade = Math.floor(random() * 160);
      ctx.fillStyle = `rgb(${shade},${shade},${shade})`;
      ctx.fillRect(Math.floor(random() * width), Math.floor(random() * height), 1, 1);
    }
  }
  const bytes = variant === 'jpeg' ? canvas.toBuffer('image/jpeg', 70) : canvas.toBuffer('image/png');
  writeFileSync(join(OUT, file), bytes);
}

function digits(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(random() * 10).toString();
  return s;
}

const VARIANTS: Variant[] = ['clean', 'rotated', 'noisy', 'lowres', 'jpeg'];

/** [carrier code, header line, tracking number generator, how it is printed]. */
const WAYBILLS: [string, string, () => string, (n: string) => string][] = [
  ['SF', '顺丰速运 SF Express', () => `SF${digits(13)}`, (n) => `运单号 ${n}`],
  ['SF', '顺丰速运 SF Express', () => `SF${digits(12)}`, (n) => `运单号：${n}`],
  ['JD', '京东物流 JD Logistics', () => `JDVA${digits(11)}`, (n) => `运单号 ${n}`],
  ['YTO', '圆通速递 YTO Express', () => `YT${digits(13)}`, (n) => `YTO ${n}`],
  ['ZTO', '中通快递 ZTO Express', () => `7${digits(11)}`, (n) => `运单号 ${n}`],
  ['STO', '申通快递 STO Express', () => `77${digits(11)}`, (n) => `运单号 ${n}`],
  ['YUNDA', '韵达快递 Yunda Express', () => `43${digits(11)}`, (n) => `运单号 ${n}`],
  ['EMS', '中国邮政 EMS', () => `E${String.fromCharCode(65 + Math.floor(random() * 26))}${digits(9)}CN`, (n) => n],
  ['EMS', '中国邮政 EMS 特快专递', () => `1${digits(12)}`, (n) => `邮件号 ${n}`],
  ['JT', '极兔速递 J&T Express', () => `JT${digits(13)}`, (n) => `运单号 ${n}`],
  ['DEPPON', '德邦快递 Deppon', () => `DPK${digits(12)}`, (n) => `运单号 ${n}`],
  ['UPS', 'UPS Ground', () => `1Z${digits(3)}AA1${digits(10)}`, (n) => `TRACKING #: ${n}`],
  [
    'UPS',
    'UPS 2nd Day Air',
    () => `1Z${digits(3)}X4E${digits(10)}`,
    (n) => `TRACKING #: ${n.match(/.{1,4}/g)?.join(' ')}`,
  ],
  ['FEDEX', 'FedEx Express', () => `7${digits(11)}`, (n) => `TRK# ${n}`],
  ['FEDEX', 'FedEx Ground', () => `96${digits(20)}`, (n) => `Tracking: ${n}`],
  ['DHL', 'DHL Express Waybill', () => digits(10), (n) => `WAYBILL ${n}`],
  ['USPS', 'USPS Priority Mail', () => `9400${digits(18)}`, (n) => `USPS TRACKING # ${n}`],
  ['USPS', 'USPS Priority Mail Express', () => `EA${digits(9)}US`, (n) => `Label: ${n}`],
];

const fixtures: (WaybillFixture | ReceiptFixture)[] = [];
let index = 0;
for (let round = 0; round < 2; round++) {
  WAYBILLS.forEach(([carrier, header, make, print], i) => {
    const variant = VARIANTS[(i + round * 2) % VARIANTS.length] ?? 'clean';
    const trackingNumber = make();
    const file = `waybill-${String(++index).padStart(2, '0')}-${carrier.toLowerCase()}-${variant}.${variant === 'jpeg' ? 'jpg' : 'png'}`;
    render(file, [header, print(trackingNumber), '收件人 张三 138****5678', '寄件日期 2026-11-26'], variant);
    fixtures.push({ file, kind: 'WAYBILL', variant, carrier, trackingNumber });
  });
}

const RECEIPTS: [string[], number, string | undefined, string][] = [
  [
    ['Corner Coffee Co.', 'Receipt No 004512', 'Date: Nov 26, 2026', 'Latte 2 x 4.50', 'Subtotal 9.00', 'TOTAL $12.90'],
    1290,
    undefined,
    '2026-11-26',
  ],
  [
    ['BOOKS & MORE LTD', 'Invoice # A-7781', '26/11/2026', 'Novel 1 x 1,100.00', 'Tax 134.50', 'Total: 1,234.50'],
    123450,
    undefined,
    '2026-11-26',
  ],
  [
    ['Fresh Market', 'Date 2026-11-20', 'Apples 3.20', 'Milk 2.10', 'Subtotal 5.30', 'Amount Paid USD 5.30'],
    530,
    'USD',
    '2026-11-20',
  ],
  [['ACME Hardware', 'November 3, 2026', 'Hammer 19.99', 'TOTAL 19.99'], 1999, undefined, '2026-11-03'],
  [['星巴克咖啡', '日期：2026年11月26日', '拿铁 大杯 ¥39.00', '合计 ¥129.00'], 12900, 'CNY', '2026-11-26'],
  [
    [
      '某某旗舰店 电子小票',
      '订单号 20261126001',
      '下单时间 2026-11-25 10:32',
      '商品金额 139.00',
      '优惠 -10.00',
      '实付款：129.00元',
    ],
    12900,
    'CNY',
    '2026-11-25',
  ],
  [['便利店 收银小票', '2026/11/24 08:15', '矿泉水 2.00', '面包 6.50', '总计 ￥8.50'], 850, 'CNY', '2026-11-24'],
  [['家电商城 销售单', '日期 2026年11月2日', '电饭煲 1 台', '合计 ¥1,299.00'], 129900, 'CNY', '2026-11-02'],
];
RECEIPTS.forEach(([lines, total, currency, date], i) => {
  const variant = VARIANTS[i % VARIANTS.length] ?? 'clean';
  const file = `receipt-${String(i + 1).padStart(2, '0')}-${variant}.${variant === 'jpeg' ? 'jpg' : 'png'}`;
  render(file, lines, variant);
  fixtures.push({ file, kind: 'RECEIPT', variant, total, ...(currency ? { currency } : {}), date });
});

writeFileSync(join(OUT, 'manifest.json'), `${JSON.stringify(fixtures, null, 2)}\n`);
console.log(`wrote ${fixtures.length} fixtures to ${OUT}`);
