/**
 * A local stand-in for Cognito managed login (`npm start -- --auth=oauth`), so the deployed console's sign-in runs
 * on a laptop: `/config.json` names this runtime as the Cognito domain (`<origin>/local`), and these routes answer
 * as Cognito's do, for the authorization-code flow with PKCE only:
 *
 * - `GET /local/oauth2/authorize` checks the request (this console's client, a redirect back to this origin,
 *   `response_type=code`, an S256 `code_challenge`; `plain` and no challenge are refused) and shows a small sign-in
 *   page: pick a demo user instead of typing a password and an MFA code;
 * - `POST /local/oauth2/authorize` (the page's form) issues a single-use code, valid five minutes, bound to the
 *   challenge and redirect URI, and redirects back with it and the state;
 * - `POST /local/oauth2/token` exchanges a code only with the verifier whose SHA-256 is the challenge (a code is
 *   spent by any attempt), and a refresh token for a new ID token; answers carry an ID token with exactly the
 *   claims Cognito puts (local/jwt.ts: `cognito:groups`, `custom:merchant_id`, `email`, …);
 * - `POST /local/oauth2/revoke` forgets a refresh token; `GET /local/logout` returns to the console.
 * Errors are OAuth's: 400 with `{ error: "invalid_request" | "invalid_grant" | … }`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../functions/domain/vocabulary.ts';
import type { LocalRoute, RawRequest } from './gateway.ts';
import { LOCAL_WEB_CLIENT, type LocalTokenRequest, type LocalTokens } from './jwt.ts';

/** The people the stand-in signs in, one per role group; a merchant's staff carry their merchant's id. */
export const DEMO_USERS: readonly (LocalTokenRequest & { role: Exclude<Role, 'system'> })[] = [
  { sub: 'demo-buyer', role: 'buyer' },
  { sub: 'demo-merchant-staff', role: 'merchant', merchantId: 'demo-merchant' },
  { sub: 'demo-reviewer', role: 'reviewer' },
  { sub: 'demo-finance', role: 'finance' },
  { sub: 'demo-inspector', role: 'inspector' },
];

/** How long a code may wait for its exchange (Cognito: five minutes). */
const CODE_TTL_MS = 5 * 60_000;
/** ID token lifetime, as the stack's web client (infra/constructs/api.ts). */
const ID_TOKEN_SECONDS = 3600;

const ROLE_NAMES: Record<string, [string, string]> = {
  buyer: ['买家', 'Buyer'],
  merchant: ['商家', 'Merchant'],
  reviewer: ['审核员', 'Reviewer'],
  finance: ['财务', 'Finance'],
  inspector: ['质检员', 'Inspector'],
};

const base64url = (bytes: Buffer) => bytes.toString('base64url');
const s256 = (verifier: string) => base64url(createHash('sha256').update(verifier).digest());
const randomText = () => base64url(randomBytes(32));

interface Grant {
  user: LocalTokenRequest;
  challenge: string;
  redirectUri: string;
  expires: number;
}

type Answer = Awaited<ReturnType<LocalRoute['handle']>>;

const oauthError = (error: string, description: string): Answer => ({
  statusCode: 400,
  body: { error, error_description: description },
  headers: { 'cache-control': 'no-store' },
});

const html = (statusCode: number, page: string): Answer => ({
  statusCode,
  raw: Buffer.from(page),
  contentType: 'text/html; charset=utf-8',
  headers: { 'cache-control': 'no-store' },
});

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** This runtime's origin as the browser addressed it (the gateway has already refused any non-loopback Host). */
export const originOf = (request: RawRequest) => `http://${request.headers.host ?? 'localhost'}`;

/** The console's config.json for the stand-in: the API on this origin, Cognito at `<origin>/local`. */
export function localOAuthConfig(request: RawRequest) {
  const origin = originOf(request);
  return {
    apiUrl: origin,
    auth: { domain: `${origin}/local`, clientId: LOCAL_WEB_CLIENT, region: 'local', redirectUri: `${origin}/` },
  };
}

function form(request: RawRequest): URLSearchParams {
  return new URLSearchParams(request.body.toString('utf8'));
}

/** Why an authorization request is refused, or undefined when it is one this stand-in serves. */
function refusal(params: URLSearchParams, origin: string): string | undefined {
  if (params.get('client_id') !== LOCAL_WEB_CLIENT) return 'unknown client_id';
  if (params.get('response_type') !== 'code') return 'response_type must be code (no implicit flow)';
  const redirect = params.get('redirect_uri') ?? '';
  if (redirect !== `${origin}/`) return `redirect_uri must be ${origin}/`;
  if (params.get('code_challenge_method') !== 'S256') return 'PKCE is required: code_challenge_method=S256';
  if (!/^[A-Za-z0-9_-]{43}$/.test(params.get('code_challenge') ?? '')) return 'code_challenge must be S256 (43 chars)';
  return undefined;
}

function signInPage(params: URLSearchParams): string {
  const en = params.get('lang') === 'en';
  const say = (zh: string, english: string) => (en ? english : zh);
  const hidden = [...params.entries()]
    .filter(([name]) => name !== 'user')
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  const users = DEMO_USERS.map((user) => {
    const role = ROLE_NAMES[user.role] ?? [user.role, user.role];
    return `<button type="submit" name="user" value="${escapeHtml(user.sub)}"><strong>${escapeHtml(say(...role))}</strong><span>${escapeHtml(user.sub)}</span></button>`;
  }).join('');
  return `<!doctype html>
<html lang="${en ? 'en' : 'zh-CN'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${say('登录 · 退款控制台', 'Sign in · Refund console')}</title><link rel="icon" href="data:,">
<style>
body{margin:0;padding:0 .75rem;font:16px/1.5 system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;background:#f3f4f6;color:#111827}
main{max-width:24rem;margin:10vh auto;padding:1.5rem;background:#fff;border:1px solid #6b7280;border-radius:.75rem}
h1{font-size:1.4rem;margin:0 0 .25rem}p{margin:0 0 1.25rem;color:#374151}
button{display:flex;justify-content:space-between;gap:1rem;width:100%;min-height:2.75rem;margin:.5rem 0;padding:.6rem .9rem;
font:inherit;background:#fff;color:#111827;border:1px solid #4b5563;border-radius:.5rem;cursor:pointer}
button:hover{background:#eef2ff}button:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}button span{color:#374151}
</style></head><body><main>
<h1>${say('登录', 'Sign in')}</h1>
<p>${say('本地模拟的托管登录：选择一个演示用户（部署后这里是 Cognito 的登录页）。', 'Local stand-in for managed login: pick a demo user (deployed, this is Cognito’s sign-in page).')}</p>
<form method="post" action="/local/oauth2/authorize">${hidden}${users}</form>
</main></body></html>`;
}

/** The stand-in's routes; codes and refresh tokens live in memory (a restart signs everyone out). */
export function localOAuthRoutes(tokens: LocalTokens): LocalRoute[] {
  const codes = new Map<string, Grant>();
  const refreshTokens = new Map<string, LocalTokenRequest>();

  const issue = async (user: LocalTokenRequest, withRefresh: boolean) => {
    const body: Record<string, unknown> = {
      id_token: await tokens.sign(user, ID_TOKEN_SECONDS),
      // The console sends the ID token (the API reads its groups and merchant); the access token is opaque here.
      access_token: randomText(),
      token_type: 'Bearer',
      expires_in: ID_TOKEN_SECONDS,
    };
    if (withRefresh) {
      const refresh = randomText();
      refreshTokens.set(refresh, user);
      body.refresh_token = refresh;
    }
    return { statusCode: 200, body, headers: { 'cache-control': 'no-store' } };
  };

  return [
    {
      method: 'GET',
      pattern: /^\/local\/oauth2\/authorize$/,
      async handle(request) {
        const problem = refusal(request.query, originOf(request));
        return problem
          ? html(400, `<!doctype html><title>400</title><p>${escapeHtml(problem)}</p>`)
          : html(200, signInPage(request.query));
      },
    },
    {
      method: 'POST',
      pattern: /^\/local\/oauth2\/authorize$/,
      async handle(request) {
        const params = form(request);
        const problem = refusal(params, originOf(request));
        if (problem) return html(400, `<!doctype html><title>400</title><p>${escapeHtml(problem)}</p>`);
        const user = DEMO_USERS.find((u) => u.sub === params.get('user'));
        if (!user) return html(400, '<!doctype html><title>400</title><p>unknown user</p>');
        const code = randomText();
        const redirectUri = params.get('redirect_uri') ?? '';
        codes.set(code, {
          user,
          challenge: params.get('code_challenge') ?? '',
          redirectUri,
          expires: Date.now() + CODE_TTL_MS,
        });
        const back = new URL(redirectUri);
        back.searchParams.set('code', code);
        const state = params.get('state');
        if (state !== null) back.searchParams.set('state', state);
        return { statusCode: 302, headers: { location: back.toString(), 'cache-control': 'no-store' } };
      },
    },
    {
      method: 'POST',
      pattern: /^\/local\/oauth2\/token$/,
      async handle(request) {
        const params = form(request);
        if (params.get('client_id') !== LOCAL_WEB_CLIENT) return oauthError('invalid_client', 'unknown client_id');
        const grantType = params.get('grant_type');
        if (grantType === 'refresh_token') {
          const user = refreshTokens.get(params.get('refresh_token') ?? '');
          return user ? issue(user, false) : oauthError('invalid_grant', 'unknown or revoked refresh token');
        }
        if (grantType !== 'authorization_code') return oauthError('unsupported_grant_type', 'code or refresh_token');
        const code = params.get('code') ?? '';
        const grant = codes.get(code);
        // Single use: any attempt spends the code, so a stolen code cannot be tried against many verifiers.
        codes.delete(code);
        if (!grant || grant.expires < Date.now()) return oauthError('invalid_grant', 'unknown, used or expired code');
        if (params.get('redirect_uri') !== grant.redirectUri)
          return oauthError('invalid_grant', 'redirect_uri differs');
        const verifier = params.get('code_verifier') ?? '';
        if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || s256(verifier) !== grant.challenge) {
          return oauthError('invalid_grant', 'code_verifier does not match the code_challenge');
        }
        return issue(grant.user, true);
      },
    },
    {
      method: 'POST',
      pattern: /^\/local\/oauth2\/revoke$/,
      async handle(request) {
        refreshTokens.delete(form(request).get('token') ?? '');
        return { statusCode: 200, raw: Buffer.alloc(0), contentType: 'text/plain' };
      },
    },
    {
      method: 'GET',
      pattern: /^\/local\/logout$/,
      async handle(request) {
        const back = request.query.get('logout_uri') ?? '';
        const origin = originOf(request);
        if (request.query.get('client_id') !== LOCAL_WEB_CLIENT || back !== `${origin}/`) {
          return html(400, `<!doctype html><title>400</title><p>logout_uri must be ${escapeHtml(origin)}/</p>`);
        }
        return { statusCode: 302, headers: { location: back } };
      },
    },
  ];
}
