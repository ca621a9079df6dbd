/**
 * Local stand-in for the Secrets Manager endpoint (`AWS_ENDPOINT_URL_SECRETS_MANAGER`): answers GetSecretValue for
 * the stack's secrets in the AWS JSON protocol, so functions read the webhook secret through the real adapter and its
 * real signed call, checked against their policy for secretsmanager:GetSecretValue first (`callChecks`, ./index.ts).
 */
import type { LocalRoute } from '../gateway.ts';

const JSON_11 = 'application/x-amz-json-1.1';

/** `secrets`: value by secret ARN, as the template's references resolve locally. */
export function localSecretsManager(secrets: () => ReadonlyMap<string, string>): LocalRoute {
  return {
    method: 'POST',
    pattern: /^\/local\/aws\/secretsmanager\/?$/,
    async handle(request) {
      const target = request.headers['x-amz-target'] ?? '';
      const reply = (statusCode: number, body: unknown) => ({
        statusCode,
        raw: Buffer.from(JSON.stringify(body)),
        contentType: JSON_11,
      });
      if (target !== 'secretsmanager.GetSecretValue') {
        return reply(400, { __type: 'InvalidRequestException', message: `${target} is not supported locally` });
      }
      let secretId = '';
      try {
        secretId = String((JSON.parse(request.body.toString('utf8')) as { SecretId?: unknown }).SecretId ?? '');
      } catch {
        return reply(400, { __type: 'SerializationException', message: 'body is not JSON' });
      }
      const found = [...secrets()].find(([arn]) => arn === secretId || arn.split(':secret:')[1]?.startsWith(secretId));
      if (!found) {
        return reply(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the secret" });
      }
      const [arn, value] = found;
      return reply(200, {
        ARN: arn,
        Name: arn.split(':secret:')[1]?.replace(/-[A-Za-z0-9]{6}$/, ''),
        SecretString: value,
        VersionId: 'local',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 0,
      });
    },
  };
}
