/**
 * Secrets Manager's `GetSecretValue`, which ./channel-secret.ts and ./webhook-secret.ts read through: called with the
 * SDK's signer and HTTP handler (../aws/aws-call.ts), not the Secrets Manager client, 24 KiB of every function that
 * reads a secret (issue 18, item 4); test/unit/adapters/aws-call.test.ts holds the request and the errors to the
 * client's. The endpoint is read at each call, so a process that hosts several local runtimes one after another (the
 * bench) calls the stand-in of the one running (`AWS_ENDPOINT_URL_SECRETS_MANAGER`); locally the call is checked
 * against the function's IAM policy first, as the client's was.
 */
import { callAwsJson, SECRETS_MANAGER } from '../aws/aws-call.ts';

export interface SecretValueRequest {
  SecretId: string;
  VersionStage?: string;
}

export interface SecretValue {
  ARN?: string;
  SecretString?: string;
  VersionId?: string;
}

/** The operation itself, replaceable in tests. */
export const secretsManager = {
  getSecretValue: (input: SecretValueRequest): Promise<SecretValue> =>
    callAwsJson<SecretValue>(SECRETS_MANAGER, '1.1', 'secretsmanager.GetSecretValue', { ...input }),
};
