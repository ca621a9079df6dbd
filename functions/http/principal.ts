/**
 * Who is calling, from the claims the HTTP API's JWT authorizer has verified (locally the gateway verifies its own
 * tokens and hands claims over the same way). Exactly two kinds of Cognito token are accepted:
 *
 * - a person's **ID token** (`token_use` = `id`): the role is their one role group in `cognito:groups`, a merchant's
 *   merchant is `custom:merchant_id` (an attribute only an administrator can set);
 * - the order system's **access token** from the client-credentials grant (`token_use` = `access`, no user): the
 *   `system` role comes from the scope {@link SYSTEM_SCOPE}, the caller is the app client.
 *
 * Anything else (a person's access token, a token without a role group, two role groups, `system` as a group) is
 * refused. The authorizer flattens claims to strings: arrays arrive as "[a b]", numbers as "1700000000".
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { Actor } from '../domain/actor.ts';
import { Unauthorized } from '../domain/errors.ts';
import { ROLES, type Role } from '../domain/vocabulary.ts';

/** The caller, once identified: an {@link Actor} of the domain. */
export type Principal = Actor;

/** The resource server of the API and its one scope, granted only to the order system's app client. */
export const RESOURCE_SERVER = 'refund-api';
export const SYSTEM_SCOPE = `${RESOURCE_SERVER}/system`;

/** Roles people hold through Cognito groups; `system` is never a person. */
export const PERSON_ROLES = ROLES.filter((role): role is Exclude<Role, 'system'> => role !== 'system');

type Claims = Record<string, string | number | boolean | string[]>;

/** A claim the authorizer may hand over as an array or flattened to "[a b]" (or a space-separated scope string). */
function listClaim(value: Claims[string] | undefined): string[] {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

const text = (value: Claims[string] | undefined) => (typeof value === 'string' && value !== '' ? value : undefined);

function person(claims: Claims, sub: string): Principal {
  const roles = PERSON_ROLES.filter((role) => listClaim(claims['cognito:groups']).includes(role));
  const [role] = roles;
  if (!role || roles.length > 1) throw new Unauthorized();
  const merchantId = text(claims['custom:merchant_id']);
  return { sub, role, ...(role === 'merchant' && merchantId ? { merchantId } : {}) };
}

function machine(claims: Claims, sub: string): Principal {
  // A person's access token names a user; only the client-credentials grant has none.
  if (text(claims.username) !== undefined || text(claims['cognito:username']) !== undefined) throw new Unauthorized();
  if (!listClaim(claims.scope).includes(SYSTEM_SCOPE)) throw new Unauthorized();
  if (text(claims.client_id) !== sub) throw new Unauthorized();
  return { sub, role: 'system' };
}

export function principalOf(event: Pick<APIGatewayProxyEventV2WithJWTAuthorizer, 'requestContext'>): Principal {
  const claims: Claims | undefined = event.requestContext?.authorizer?.jwt?.claims;
  const sub = text(claims?.sub);
  if (!claims || !sub) throw new Unauthorized();
  const use = text(claims.token_use);
  if (use === 'id') return person(claims, sub);
  if (use === 'access') return machine(claims, sub);
  throw new Unauthorized();
}
