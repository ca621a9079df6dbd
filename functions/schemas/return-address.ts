/**
 * `PUT/GET /v1/merchant/return-address` bodies, and the `returnAddress` a refund carries once it waits for the goods.
 * Limits and patterns come from the domain (functions/domain/return-address.ts): a mainland mobile or landline
 * number, a 6-digit postcode, bounded name and address without control characters.
 */
import * as z from 'zod/mini';
import {
  CN_PHONE_PATTERN,
  CN_POSTCODE_PATTERN,
  RETURN_ADDRESS_LIMITS,
  RETURN_ADDRESS_SOURCES,
} from '../domain/return-address.ts';
import { id, isoTime, line } from './common.ts';

/** One line with something in it besides spaces (it is printed on labels and in the buyer's SMS). */
const filled = (max: number) =>
  line(max).check(
    z.minLength(1),
    z.refine((s) => s.trim().length > 0, 'must not be blank'),
  );

export const returnAddressBodySchema = z.strictObject({
  /** The recipient (a person or the merchant's warehouse). */
  name: filled(RETURN_ADDRESS_LIMITS.name),
  /** Mainland mobile (`13812345678`, optional `+86`) or landline (`010-62345678`, optional `-` extension). */
  phone: z.string().check(z.maxLength(RETURN_ADDRESS_LIMITS.phone), z.regex(CN_PHONE_PATTERN)),
  /** The full address: province, city, district, street and number. */
  address: filled(RETURN_ADDRESS_LIMITS.address),
  postcode: z.optional(z.string().check(z.regex(CN_POSTCODE_PATTERN))),
});
export type ReturnAddressBody = z.infer<typeof returnAddressBodySchema>;

const addressFields = {
  name: z.string(),
  phone: z.string(),
  address: z.string(),
  postcode: z.optional(z.string()),
};

/** A merchant's stored return address. */
export const merchantReturnAddressSchema = z.object({
  merchantId: id(),
  ...addressFields,
  updatedAt: isoTime(),
});

/** Where a refund's goods go back, copied when it entered AWAITING_RETURN. */
export const refundReturnAddressSchema = z.object({
  ...addressFields,
  /** MERCHANT: the merchant's own address; PLATFORM_DEFAULT: the platform's, used while the merchant had none. */
  source: z.enum(RETURN_ADDRESS_SOURCES),
  at: isoTime(),
});
