/**
 * The credential provider every deployed function's SDK clients use, in place of `@aws-sdk/credential-provider-node`
 * (esbuild `alias`, infra/constructs/bundle-aliases.ts; only deployed bundles, never `npm start` or the tests' SDK).
 *
 * Lambda hands a function its execution role's credentials in the environment (`AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), and the SDK's default chain takes them from there, its first link.
 * Its other links (SSO, shared ini files, credential processes, web identity tokens, container and instance
 * metadata) never answer in Lambda, yet they and the SSO, STS and sign-in clients they use were about 100 KiB of
 * every bundle Lambda parses at a cold start (issue 18, item 4; docs/benchmarks.md). The environment link is the
 * SDK's own `fromEnv`, memoised and refreshed like the default chain's: credentials with an expiry are read again
 * five minutes before it. A function moved somewhere that serves credentials otherwise (a container credentials
 * endpoint, an instance profile) fails its first call with "Unable to find environment variable credentials.":
 * remove the alias for it.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

type Init = Parameters<typeof fromEnv>[0];
type Provider = ReturnType<typeof fromEnv>;
type AwsCredentialIdentity = Awaited<ReturnType<Provider>>;

/** The default chain's test: credentials expiring within five minutes are read again. */
const expiringSoon = (credentials: AwsCredentialIdentity): boolean =>
  credentials.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;

/** The environment's credentials, read once and again only when they are about to expire. */
export function defaultProvider(init?: Init): Provider {
  const read = fromEnv(init);
  let current: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const held = current && (await current.catch(() => undefined));
    if (held && !expiringSoon(held)) return held;
    current = read();
    return current;
  };
}
