/**
 * The platform wallet's Secrets Manager JSON (the stack's `WalletCredentials`, read only by the wallet channel's
 * function): where the wallet listens and the HMAC key it shares with us. While a key is rotated, `previousSecret`
 * keeps signing and verifying too (http-wallet.ts). docs/payouts.md says how to fill it in.
 */
import * as z from 'zod/mini';

export const walletCredentialsSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }),
  keyId: z.string().check(z.minLength(1), z.maxLength(64)),
  secret: z.string().check(z.minLength(32)),
  previousSecret: z.optional(z.string().check(z.minLength(32))),
});
export type WalletCredentials = z.infer<typeof walletCredentialsSchema>;
