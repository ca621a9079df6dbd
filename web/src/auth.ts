/**
 * Signing in to the deployed console. `/config.json` (written next to index.html by the stack, infra/constructs/
 * console.ts) names the API and a Cognito domain; then "Sign in" goes to Cognito managed login with the
 * authorization-code flow and PKCE (S256): the code verifier and a state value wait in sessionStorage, the callback
 * (`/?code=…&state=…`) checks the state and exchanges the code at /oauth2/token. The ID token (its `cognito:groups`
 * are the roles, `custom:merchant_id` the merchant, as the API's authorizer reads them) is the bearer token, kept in
 * sessionStorage only, refreshed with the refresh token before it expires, or signed in again when that fails.
 * Sign-out revokes the refresh token and ends the managed-login session at /logout.
 *
 * Without an `auth` entry in config.json (a laptop running `npm start`) nothing here applies: the role switcher
 * mints local tokens as before. `npm start -- --auth=oauth` serves a config that points at a local stand-in of
 * managed login (local/oauth.ts), so this flow runs on a laptop too.
 */
import { h } from './dom.ts';
import { t, tr } from './i18n.ts';
import { lang, ROLES, type Session, session, setSession } from './session.ts';

/** Where managed login is and who the console is to it. */
export interface AuthConfig {
  /** Base URL of the Cognito domain (`/oauth2/authorize`, `/oauth2/token`, `/oauth2/revoke`, `/logout`). */
  domain: string;
  clientId: string;
  region: string;
  /** The console's own URL: where managed login returns to and sign-out lands. */
  redirectUri: string;
}

/** The console's `/config.json`. Empty on a laptop: same-origin API, local tokens. */
export interface ConsoleConfig {
  apiUrl?: string;
  auth?: AuthConfig;
}

let config: ConsoleConfig = {};
/** Why the last sign-in did not complete, shown once next to the sign-in button. */
let notice: string | undefined;

const PENDING = 'refund-console-oauth';
/** Tokens are renewed this long before they expire, so a call never leaves with one about to lapse. */
const EARLY_MS = 60_000;

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

function parseConfig(value: unknown): ConsoleConfig {
  if (!value || typeof value !== 'object') return {};
  const { apiUrl, auth } = value as { apiUrl?: unknown; auth?: Record<string, unknown> };
  const parsed: ConsoleConfig = isText(apiUrl) ? { apiUrl: apiUrl.replace(/\/+$/, '') } : {};
  if (auth && isText(auth.domain) && isText(auth.clientId) && isText(auth.redirectUri)) {
    parsed.auth = {
      domain: auth.domain.replace(/\/+$/, ''),
      clientId: auth.clientId,
      region: isText(auth.region) ? auth.region : '',
      redirectUri: auth.redirectUri,
    };
  }
  return parsed;
}

/** The managed-login settings, when this console signs in through Cognito. */
export const oauth = (): AuthConfig | undefined => config.auth;

/** The URL of an API path (`/v1/…`): on the configured API, or this origin when none is configured. */
export const apiUrl = (path: string): string => (path.startsWith('/') && config.apiUrl ? config.apiUrl + path : path);

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const randomText = (bytes: number) => base64url(crypto.getRandomValues(new Uint8Array(bytes)));

/** RFC 7636 S256: BASE64URL(SHA-256(verifier)). */
async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The claims of a JWT, read without checking it: the API checks every token it is sent. */
function claimsOf(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const text = new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)));
  return JSON.parse(text) as Record<string, unknown>;
}

interface TokenAnswer {
  id_token: string;
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
}

async function tokenRequest(auth: AuthConfig, form: Record<string, string>): Promise<TokenAnswer> {
  const response = await fetch(`${auth.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: auth.clientId, ...form }),
  });
  const answer = (await response.json().catch(() => ({}))) as Partial<TokenAnswer> & { error?: string };
  if (!response.ok || !isText(answer.id_token)) throw new Error(answer.error ?? `token endpoint ${response.status}`);
  return answer as TokenAnswer;
}

/** The session an ID token stands for: its one role group is the role. */
function adopt(answer: TokenAnswer, refreshToken?: string): void {
  const claims = claimsOf(answer.id_token);
  const groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'] : [];
  const roles = ROLES.filter((role) => groups.includes(role));
  const sub = String(claims.sub ?? '');
  const name = [claims.email, claims['cognito:username']].find(isText) ?? sub;
  const merchantId = claims['custom:merchant_id'];
  const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : Date.now() + (answer.expires_in ?? 3600) * 1000;
  const keep = answer.refresh_token ?? refreshToken;
  const [role] = roles;
  // The API takes exactly one role group (functions/http/principal.ts): say so rather than fail on every call.
  if (!role || roles.length > 1) {
    setSession(undefined);
    notice = role
      ? tr(
          '此账号同时在多个角色组里，系统只接受一个：请管理员只保留一个组',
          'This account is in several role groups and the system accepts one: ask an administrator to keep only one',
        )
      : tr(
          '此账号还没有角色：请管理员把它加入买家、商家、审核员、财务或质检员组',
          'This account has no role yet: ask an administrator to add it to the buyer, merchant, reviewer, finance or inspector group',
        );
    return;
  }
  const next: Session = { role, sub, name, token: answer.id_token, expiresAt: exp };
  if (isText(merchantId)) next.merchantId = merchantId;
  if (keep) next.refreshToken = keep;
  setSession(next);
}

/** Reads /config.json and, when this page is managed login's redirect back, completes the sign-in. */
export async function startAuth(): Promise<void> {
  try {
    const response = await fetch('/config.json', { cache: 'no-store' });
    config = response.ok ? parseConfig(await response.json()) : {};
  } catch {
    config = {};
  }
  const auth = oauth();
  if (!auth) return;
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code && !params.has('error')) return;
  // The code is single-use and must not stay in the address bar, the history or a bookmark.
  history.replaceState(null, '', location.pathname);
  let pending: { verifier?: string; state?: string } | undefined;
  try {
    pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') ?? undefined;
  } catch {
    pending = undefined;
  }
  sessionStorage.removeItem(PENDING);
  if (!code) {
    notice = tr('登录没有完成，请重试', 'Sign-in did not complete; please try again');
    return;
  }
  if (!pending?.verifier || pending.state !== params.get('state')) {
    notice = tr(
      '这次登录无法与本页对应（可能来自别的标签页），请重新登录',
      'This sign-in does not match this page (perhaps another tab started it); please sign in again',
    );
    return;
  }
  try {
    adopt(
      await tokenRequest(auth, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: auth.redirectUri,
        code_verifier: pending.verifier,
      }),
    );
  } catch {
    notice = tr('登录没有完成，请重试', 'Sign-in did not complete; please try again');
  }
}

/** Goes to managed login (PKCE S256), in the console's language. */
export async function signIn(): Promise<void> {
  const auth = oauth();
  if (!auth) return;
  const verifier = randomText(32);
  const state = randomText(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    scope: 'openid email profile',
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
    lang: lang(),
  });
  location.assign(`${auth.domain}/oauth2/authorize?${query}`);
}

/** Signs out here, revokes the refresh token and ends the managed-login session. */
export async function signOut(): Promise<void> {
  const auth = oauth();
  const refreshToken = session()?.refreshToken;
  setSession(undefined);
  if (!auth) return;
  if (refreshToken) {
    await fetch(`${auth.domain}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: auth.clientId, token: refreshToken }),
    }).catch(() => undefined);
  }
  location.assign(
    `${auth.domain}/logout?${new URLSearchParams({ client_id: auth.clientId, logout_uri: auth.redirectUri })}`,
  );
}

let renewing: Promise<string | undefined> | undefined;

/** A fresh ID token from the refresh token, or (none, or refused) off to managed login again. */
export function renew(): Promise<string | undefined> {
  renewing ??= (async () => {
    const auth = oauth();
    const current = session();
    if (!auth || !current) return undefined;
    if (current.refreshToken) {
      try {
        // Cognito answers a refresh without a new refresh token: the one in hand stays valid.
        const answer = await tokenRequest(auth, { grant_type: 'refresh_token', refresh_token: current.refreshToken });
        adopt(answer, current.refreshToken);
        return session()?.token;
      } catch {
        // refused (revoked, expired): sign in again below
      }
    }
    await signIn();
    return undefined;
  })().finally(() => {
    renewing = undefined;
  });
  return renewing;
}

/** The bearer token to send now: renewed first when it is about to expire. */
export async function bearer(): Promise<string | undefined> {
  const current = session();
  if (!current || !oauth() || current.expiresAt === undefined) return current?.token;
  return current.expiresAt - Date.now() > EARLY_MS ? current.token : renew();
}

/**
 * What replaces the role switcher when the console signs in through Cognito: a sign-in button, or (signed in; the
 * role is the one the token's group grants, shown in the header) a sign-out button.
 */
export function accountPanel(rerender: () => void): HTMLElement {
  if (!session()) {
    const button = h('button', { type: 'button' }, t('signIn'));
    button.addEventListener('click', () => void signIn());
    const shown = notice;
    notice = undefined;
    return h('section', { class: 'account' }, button, shown && h('p', { class: 'error', role: 'alert' }, shown));
  }
  const out = h('button', { type: 'button', class: 'secondary' }, tr('退出登录', 'Sign out'));
  out.addEventListener('click', () => void signOut().then(rerender));
  return h('section', { class: 'account' }, out);
}
