/**
 * ARN builders shared by the template resolver (what a policy names) and the SDK access map (what a call touches),
 * so both sides spell a resource the same way. Formats follow the AWS service authorization reference.
 */
import { createHash } from 'node:crypto';

/** Where the ARNs live. */
export interface ArnContext {
  partition: string;
  region: string;
  account: string;
}

export const isArn = (value: string): boolean => value.startsWith('arn:');

/** arn:…:dynamodb:region:account:table/name, or `nameOrArn` itself when it already is an ARN. */
export function tableArn(ctx: ArnContext, nameOrArn: string): string {
  return isArn(nameOrArn) ? nameOrArn : `arn:${ctx.partition}:dynamodb:${ctx.region}:${ctx.account}:table/${nameOrArn}`;
}

/** S3 ARNs carry neither region nor account: arn:…:s3:::bucket[/key]. */
export function s3Arn(ctx: Pick<ArnContext, 'partition'>, bucket: string, key?: string): string {
  return `arn:${ctx.partition}:s3:::${bucket}${key === undefined ? '' : `/${key}`}`;
}

/** arn:…:service:region:account:rest, the common shape. */
export function regionalArn(ctx: ArnContext, service: string, rest: string): string {
  return `arn:${ctx.partition}:${service}:${ctx.region}:${ctx.account}:${rest}`;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Secrets Manager appends `-` and six random characters to a secret's name in its ARN. Locally the six come from a
 * hash of the name, so the ARN a template Ref resolves to and the ARN a call by name touches agree across restarts.
 */
export function secretSuffix(name: string): string {
  const digest = createHash('sha256').update(name).digest();
  return Array.from(digest.subarray(0, 6), (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

/** Full ARN of the local secret `name`: arn:…:secretsmanager:region:account:secret:name-AbCdEf. */
export function secretArn(ctx: ArnContext, name: string): string {
  return regionalArn(ctx, 'secretsmanager', `secret:${name}-${secretSuffix(name)}`);
}
