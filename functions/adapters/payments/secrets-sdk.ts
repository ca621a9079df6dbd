/**
 * The part of the Secrets Manager SDK ./secrets-client.ts uses (for ./channel-secret.ts and ./webhook-secret.ts),
 * imported dynamically from there: a dynamic import keeps every export of the module it names, so naming the SDK
 * itself would bundle all its commands.
 */
export { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
