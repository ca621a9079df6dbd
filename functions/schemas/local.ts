/** Local-mode only contracts (`POST /local/token`). */
import * as z from 'zod/mini';
import { ROLES } from '../domain/vocabulary.ts';
import { id } from './common.ts';

export const localTokenSchema = z.strictObject({
  sub: id(),
  role: z.enum(ROLES),
  merchantId: z.optional(id()),
});

const rate = z.number().check(z.minimum(0), z.maximum(1));

/** `PUT /local/payments/faults`: the sandbox provider's fault injection from now on (local mode only). */
export const sandboxFaultsSchema = z.strictObject({
  /** Which channel misbehaves: the sandbox (default), or a channel fake of `--payments=alipay-fake,wechat-fake`. */
  channel: z.optional(z.enum(['sandbox', 'alipay', 'wechat'])),
  /** Share of accepted payouts that the provider later reports FAILED. */
  failureRate: z.optional(rate),
  /** Share of sends answered ProviderTimeout or ProviderUnavailable. */
  transientErrorRate: z.optional(rate),
});
