/**
 * Who is calling. In AWS the HTTP API's JWT authorizer has verified the token and passes its claims; locally the
 * gateway verifies its own tokens and passes claims the same way. Either way handlers read the same place.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { Unauthorized } from '../domain/errors.ts';
import { ROLES, type Role } from '../domain/vocabulary.ts';

export interface Principal {
  sub: string;
  role: Role;
  merchantId?: string;
}

type Claims = Record<string, string | number | boolean | string[]>;

/** Cognito puts groups in `cognito:groups`, which API Gateway flattens to a string like "[buyer]". */
function roleFrom(claims: Claims): Role | undefined {
  const candidates: string[] = [];
  const direct = claims.role;
  if (typeof direct === 'string') candidates.push(direct);
  const groups = claims['cognito:groups'];
  if (Array.isArray(groups)) candidates.push(...groups);
  else if (typeof groups === 'string') candidates.push(...groups.replace(/^\[|\]$/g, '').split(/[\s,]+/));
  return ROLES.find((role) => candidates.includes(role));
}

export function principalOf(event: Pick<APIGatewayProxyEventV2WithJWTAuthorizer, 'requestContext'>): Principal {
  const claims: Claims | undefined = event.requestContext?.authorizer?.jwt?.claims;
  const sub = claims?.sub;
  const role = claims ? roleFrom(claims) : undefined;
  if (typeof sub !== 'string' || sub === '' || !role) throw new Unauthorized();
  const merchantId = claims?.merchant_id ?? claims?.['custom:merchant_id'];
  return { sub, role, ...(typeof merchantId === 'string' ? { merchantId } : {}) };
}
