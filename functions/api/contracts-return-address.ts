/**
 * Contracts of the merchant's return address routes (issue 15). Same shape as ./contracts.ts, which merges them in.
 */
import { errorSchema } from '../schemas/common.ts';
import { merchantReturnAddressSchema, returnAddressBodySchema } from '../schemas/return-address.ts';
import type { Contract } from './contract.ts';

const err = (description: string) => ({ description, schema: errorSchema });
const common = {
  400: err('Bad input (VALIDATION_FAILED, MALFORMED_JSON, MALFORMED_BODY); nothing was written'),
  401: err('Missing or bad bearer token'),
  403: err('The role may not call this route, or a merchant token without merchant_id'),
};

export const RETURN_ADDRESS_CONTRACTS: Record<string, Contract> = {
  PutReturnAddress: {
    summary: "Set the merchant's return address (replaces the previous one; refunds already asked keep theirs)",
    body: returnAddressBodySchema,
    responses: {
      200: { description: 'The stored address', schema: merchantReturnAddressSchema },
      ...common,
      413: err('BODY_TOO_LARGE'),
    },
  },
  GetReturnAddress: {
    summary: "The merchant's return address",
    responses: {
      200: { description: 'The stored address', schema: merchantReturnAddressSchema },
      ...common,
      404: err('NO_RETURN_ADDRESS: none set yet; returns go to the platform default meanwhile'),
    },
  },
};
