/**
 * The Secrets Manager client ./channel-secret.ts and ./webhook-secret.ts read through: the SDK evaluated on the first
 * read rather than at import (issue 18, item 4), one client per process, as long as the endpoint it was made for is
 * the endpoint now. In Lambda that never changes; a process that hosts several local runtimes one after another (the
 * bench) points `AWS_ENDPOINT_URL_SECRETS_MANAGER` at each one's stand-in in turn, and a client kept from the first
 * would call a stand-in that has stopped once its cached secret expires.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { traced } from '../../observability/tracer.ts';

let current: { endpoint: string | undefined; client: SecretsManagerClient } | undefined;

export async function secretsManager() {
  const sdk = await import('./secrets-sdk.ts');
  const endpoint = process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
  if (!current || current.endpoint !== endpoint) {
    current = { endpoint, client: traced(new sdk.SecretsManagerClient({})) };
  }
  return { sdk, client: current.client };
}
