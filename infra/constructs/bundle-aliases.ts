/**
 * Packages every function's bundle takes from a module of ours instead (esbuild `alias`), shared by the stack's
 * bundling (./refund-function.ts), the cold-start bench and the tests (vitest.config.ts), so what is tested is what is
 * deployed. Only alipay-sdk imports `urllib`, so only the Alipay channel's function is affected.
 *
 * The SDK's default credential chain is aliased in deployed bundles only: Lambda gives credentials in the
 * environment, the chain's first link (functions/adapters/aws/environment-credentials.ts). Vitest leaves the SDK
 * untransformed, so tests and `npm start` keep the whole chain; test/infra/bundling.test.ts signs a call from a
 * bundle with the environment's credentials.
 */
import { REPO_ROOT } from './paths.ts';

export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  // urllib with its own undici, mime-db and qs was ~770 KiB of ChannelAlipay's bundle; see the module.
  urllib: `${REPO_ROOT}/functions/adapters/payments/channels/urllib-fetch.ts`,
  // The chain's SSO, ini, process, web-identity and metadata links, with the STS/SSO clients they use: ~100 KiB.
  '@aws-sdk/credential-provider-node': `${REPO_ROOT}/functions/adapters/aws/environment-credentials.ts`,
};
