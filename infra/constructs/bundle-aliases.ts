/**
 * Packages every function's bundle takes from a module of ours instead (esbuild `alias`), shared by the stack's
 * bundling (./refund-function.ts), the cold-start bench and the tests (vitest.config.ts), so what is tested is what is
 * deployed. Only alipay-sdk imports `urllib`, so only the Alipay channel's function is affected.
 */
import { REPO_ROOT } from './paths.ts';

export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  // urllib with its own undici, mime-db and qs was ~770 KiB of ChannelAlipay's bundle; see the module.
  urllib: `${REPO_ROOT}/functions/adapters/payments/channels/urllib-fetch.ts`,
};
