/**
 * Where merchants' return addresses are kept: one per merchant, replaced whole by each PUT. The DynamoDB adapter
 * keeps it as a `RETURN_ADDRESS` item in the merchant's partition of the main table.
 */
import type { MerchantReturnAddress, ReturnAddress } from '../domain/return-address.ts';
import type { IsoTime } from '../domain/vocabulary.ts';

export interface ReturnAddressStore {
  /** The merchant's return address, or undefined when it has set none. */
  get(merchantId: string): Promise<MerchantReturnAddress | undefined>;
  /** Sets (or replaces) the merchant's return address; returns what is stored. */
  put(merchantId: string, address: ReturnAddress, at: IsoTime): Promise<MerchantReturnAddress>;
}
