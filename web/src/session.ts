/**
 * Who is signed in and in which language, kept in sessionStorage (never localStorage: a token must not outlive the
 * tab, nor be readable from another) so a reload keeps the role.
 */

/** The console's roles (the API's `system` role is for the order system, not for people). */
export const ROLES = ['buyer', 'merchant', 'reviewer', 'finance', 'inspector'] as const;
export type Role = (typeof ROLES)[number];
export type Lang = 'zh-CN' | 'en';

/** The signed-in identity and its token: a local one, or (deployed) the Cognito ID token (web/src/auth.ts). */
export interface Session {
  role: Role;
  sub: string;
  merchantId?: string;
  token: string;
  /** What to call the person on screen (their e-mail) instead of the opaque `sub`. */
  name?: string;
  /** When the token expires (ms since the epoch); renewed shortly before. */
  expiresAt?: number;
  /** Cognito's refresh token, kept only as long as the tab (sessionStorage, never localStorage). */
  refreshToken?: string;
}

const KEY = 'refund-console';

interface Stored {
  session?: Session;
  lang: Lang;
}

function load(): Stored {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? '{}');
    if (parsed && typeof parsed === 'object') return { lang: 'zh-CN', ...parsed };
  } catch {
    // a damaged entry is the same as none
  }
  return { lang: 'zh-CN' };
}

const state: Stored = load();
const save = () => sessionStorage.setItem(KEY, JSON.stringify(state));

/** The current session, if signed in. */
export const session = (): Session | undefined => state.session;
/** Signs in (or out, with undefined). */
export function setSession(value: Session | undefined): void {
  state.session = value;
  save();
}
/** The display language, also sent as Accept-Language. */
export const lang = (): Lang => state.lang;
export function setLang(value: Lang): void {
  state.lang = value;
  document.documentElement.lang = value;
  save();
}
