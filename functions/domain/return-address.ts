/**
 * Where returned goods go. A merchant keeps one return address (`PUT /v1/merchant/return-address`); until it has
 * one, the platform's default from the policy (`returns.defaultAddress`, per stage) is used, and the merchant is
 * prompted to set its own. When a refund starts waiting for the goods (AWAIT_RETURN) the address in force at that
 * moment is copied onto the refund with its source, so a later change of address never rewrites a refund's history.
 */
import * as z from 'zod/mini';

/**
 * Length limits of the fields (characters). The marketplaces' detailed-address fields take about 120 characters;
 * 128 leaves room for the province, city and district in the same field. A name is a person or a warehouse.
 */
export const RETURN_ADDRESS_LIMITS = { name: 50, address: 128, phone: 20 } as const;

/**
 * A mainland China phone number, digits only (no spaces):
 * - mobile: 11 digits starting 13–19, optionally prefixed `+86` or `86` (`13812345678`, `+8613812345678`);
 * - landline: area code `0` + 2–3 digits, an optional `-`, a 7–8 digit number not starting with 0 or 1, and an
 *   optional extension `-` + 1–6 digits (`010-62345678`, `0571-8765432`, `02162345678-801`).
 */
export const CN_PHONE_PATTERN = /^(?:(?:\+?86)?1[3-9]\d{9}|0\d{2,3}-?[2-9]\d{6,7}(?:-\d{1,6})?)$/;
/** Mainland postcodes are 6 digits. */
export const CN_POSTCODE_PATTERN = /^\d{6}$/;

/** The fields of a return address, without provenance. */
export const returnAddressFields = z.strictObject({
  name: z.string().check(z.minLength(1), z.maxLength(RETURN_ADDRESS_LIMITS.name)),
  phone: z.string().check(z.maxLength(RETURN_ADDRESS_LIMITS.phone), z.regex(CN_PHONE_PATTERN)),
  address: z.string().check(z.minLength(1), z.maxLength(RETURN_ADDRESS_LIMITS.address)),
  postcode: z.optional(z.string().check(z.regex(CN_POSTCODE_PATTERN))),
});
export type ReturnAddress = z.infer<typeof returnAddressFields>;

/** A merchant's stored return address. */
export interface MerchantReturnAddress extends ReturnAddress {
  merchantId: string;
  updatedAt: string;
}

/** Whose address a refund's return goes to. */
export const RETURN_ADDRESS_SOURCES = ['MERCHANT', 'PLATFORM_DEFAULT'] as const;
export type ReturnAddressSource = (typeof RETURN_ADDRESS_SOURCES)[number];

/** The address copied onto a refund when it starts waiting for the goods. */
export interface RefundReturnAddress extends ReturnAddress {
  source: ReturnAddressSource;
  /** When it was copied (the refund entered AWAITING_RETURN). */
  at: string;
}

/** The merchant's address if it has one, else the platform default; either copied, with its source. */
export function returnAddressOf(
  merchant: ReturnAddress | undefined,
  platformDefault: ReturnAddress,
  at: string,
): RefundReturnAddress {
  const { name, phone, address, postcode } = merchant ?? platformDefault;
  return {
    name,
    phone,
    address,
    ...(postcode ? { postcode } : {}),
    source: merchant ? 'MERCHANT' : 'PLATFORM_DEFAULT',
    at,
  };
}

/** One line for a message: recipient, phone, address and postcode. */
export function formatReturnAddress(a: ReturnAddress): string {
  return [a.name, a.phone, a.address, a.postcode].filter(Boolean).join(' ');
}
