/**
 * Reviewer guidance (source document 二.3: 建立内部知识库): short checks for a person deciding a refund, per reason,
 * per category, and for the combinations that need something of their own. Data in the repo, reviewed like code.
 */
import type { Category, Reason } from '../vocabulary.ts';

/** One check in both languages. */
export interface Check {
  'zh-CN': string;
  en: string;
}

const c = (zh: string, en: string): Check => ({ 'zh-CN': zh, en });

export const REASON_CHECKS: Readonly<Record<Reason, readonly Check[]>> = {
  NO_LONGER_NEEDED: [
    c('确认在七天无理由期限内', 'Confirm the 7-day no-reason window has not passed'),
    c('退回商品需完好、不影响二次销售', 'Returned goods must be intact and resellable'),
  ],
  ORDERED_BY_MISTAKE: [c('核对订单规格与买家说明', 'Compare the ordered variant with the buyer’s note')],
  NOT_RECEIVED: [
    c('查看物流轨迹与签收凭证(签收人、照片)', 'Check tracking and proof of delivery (signer, photo)'),
    c('联系承运商核实派送地址', 'Ask the carrier to confirm the delivery address'),
  ],
  LATE_DELIVERY: [c('核对承诺发货/送达时间与实际时间', 'Compare promised and actual ship/delivery times')],
  QUALITY_ISSUE: [
    c('照片需清晰显示问题部位', 'Photos must clearly show the defect'),
    c('判断是否人为损坏', 'Judge whether the damage was caused by use'),
  ],
  NOT_AS_DESCRIBED: [c('对照商品详情页描述与实物照片', 'Compare the listing with the photos of the item')],
  DAMAGED: [
    c('查看外包装照片,判断是否运输破损', 'Check packaging photos for transit damage'),
    c('运输破损可向承运商索赔', 'Transit damage can be claimed from the carrier'),
  ],
  WRONG_ITEM: [c('核对实物SKU/条码与订单', 'Match the item’s SKU or barcode with the order')],
  MISSING_PARTS: [c('核对发货清单与包裹重量', 'Check the packing list and the parcel weight')],
  OTHER: [c('阅读买家说明,必要时联系买家', 'Read the buyer’s note; contact the buyer if unclear')],
};

export const CATEGORY_CHECKS: Readonly<Record<Category, readonly Check[]>> = {
  GENERAL: [
    c('核对退货运单号与退货地址、承运商一致', 'Check the return waybill matches the return address and carrier'),
  ],
  FRESH: [
    c('生鲜仅限签收后48小时内质量问题', 'Fresh goods: quality claims within 48 h of delivery only'),
    c('生鲜退款不退货,无需寄回', 'Fresh goods are refunded without return'),
  ],
  CUSTOM: [c('定制商品不支持无理由退货,仅受理质量问题', 'Custom goods: no no-reason return, quality claims only')],
  VIRTUAL: [c('确认卡券/兑换码未被使用', 'Confirm the code or voucher has not been redeemed')],
};

/** Combinations with advice of their own, keyed `REASON/CATEGORY`. */
export const COMBINATION_CHECKS: Readonly<Partial<Record<`${Reason}/${Category}`, readonly Check[]>>> = {
  'QUALITY_ISSUE/FRESH': [c('对比签收时间与照片拍摄时间', 'Compare the delivery time with when the photos were taken')],
  'DAMAGED/FRESH': [c('冷链商品查看温控记录', 'Cold-chain goods: check the temperature log')],
  'NOT_AS_DESCRIBED/CUSTOM': [c('对照买家确认过的定制稿', 'Compare with the design the buyer approved')],
  'NOT_RECEIVED/VIRTUAL': [c('查看卡券发放记录与短信回执', 'Check the code issue log and SMS receipt')],
};
