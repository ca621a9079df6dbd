/**
 * The deployed-shaped console (`npm start -- --auth=oauth`): config.json names a Cognito domain, so "Sign in" goes
 * through the managed-login stand-in (local/oauth.ts) with the authorization-code flow and PKCE, and the role is the
 * one the token's group grants. A buyer and a merchant sign in and out at desktop and phone sizes, in zh-CN and en:
 * the exchange used S256 PKCE, tokens stay in sessionStorage, no raw code is visible, nothing is logged as an error
 * and no request leaves the machine. The stand-in itself refuses what Cognito refuses (no PKCE, a wrong verifier,
 * a spent code).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_WEB_CLIENT } from '../../local/jwt.ts';
import { launchBrowser, openConsole, screenshot, visibleCodes } from '../support/browser.ts';
import { type Client, startTestRuntime } from '../support/local.ts';

let client: Client;
let browser: Browser;

beforeAll(async () => {
  [client, browser] = await Promise.all([startTestRuntime({ auth: 'oauth' }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await client?.runtime.stop();
});

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** Every authorization request and token exchange the page makes. */
function recordOAuth(page: Page) {
  const authorize: URL[] = [];
  const exchanges: URLSearchParams[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === '/local/oauth2/authorize' && request.method() === 'GET') authorize.push(url);
    if (url.pathname === '/local/oauth2/token') exchanges.push(new URLSearchParams(request.postData() ?? ''));
  });
  return { authorize, exchanges };
}

const WORDS = {
  en: { signIn: 'Sign in', signOut: 'Sign out', signedIn: 'Signed in as', buyer: 'Buyer', merchant: 'Merchant' },
  'zh-CN': { signIn: '登录', signOut: '退出登录', signedIn: '当前身份', buyer: '买家', merchant: '商家' },
} as const;

async function signInAs(page: Page, words: (typeof WORDS)[keyof typeof WORDS], who: 'buyer' | 'merchant') {
  await page.getByRole('button', { name: words.signIn, exact: true }).click();
  await page.waitForURL(/\/local\/oauth2\/authorize\?/);
  return async (shot: string) => {
    expect(await visibleCodes(page)).toEqual([]);
    await screenshot(page, shot);
    await page.getByRole('button', { name: new RegExp(`^${words[who]}`) }).click();
    await page.getByText(words.signedIn).waitFor();
    await page.waitForLoadState('networkidle');
  };
}

describe.each([
  { size: 'desktop', width: 1280, height: 800, lang: 'en' as const },
  { size: 'desktop', width: 1280, height: 800, lang: 'zh-CN' as const },
  { size: 'phone', width: 390, height: 844, lang: 'en' as const },
  { size: 'phone', width: 390, height: 844, lang: 'zh-CN' as const },
])('on a $size in $lang', ({ size, width, height, lang }) => {
  it('a buyer and then a merchant sign in through managed login with code + PKCE, and sign out', async () => {
    const { page, external, errors } = await openConsole(browser, client.runtime.url, width);
    await page.setViewportSize({ width, height });
    if (lang === 'zh-CN') await page.getByRole('button', { name: '中文' }).click();
    const words = WORDS[lang];
    const oauth = recordOAuth(page);
    // The page runs under the policy the stack writes into the deployed index.html (a violation is a console error).
    await expect(
      page.evaluate<string>(`document.querySelector('meta[http-equiv="Content-Security-Policy"]').content`),
    ).resolves.toContain("object-src 'none'");
    // No role switcher: the role comes from the token.
    await expect(page.getByLabel(/^(Role|角色)$/).count()).resolves.toBe(0);
    await screenshot(page, `auth-${size}-${lang}-1-signed-out`);

    await (await signInAs(page, words, 'buyer'))(`auth-${size}-${lang}-2-managed-login`);
    await expect(page.getByText('demo-buyer@example.test').isVisible()).resolves.toBe(true);
    // The code left the address bar; the token is in sessionStorage only.
    expect(new URL(page.url()).search).toBe('');
    await expect(page.evaluate<number>('localStorage.length')).resolves.toBe(0);
    await expect(page.evaluate<string>("sessionStorage.getItem('refund-console') ?? ''")).resolves.toMatch(
      /"token":"ey/,
    );
    expect(await visibleCodes(page)).toEqual([]);
    await screenshot(page, `auth-${size}-${lang}-3-buyer`);

    // PKCE: the authorization request carried an S256 challenge, the exchange the verifier that hashes to it.
    const [request] = oauth.authorize;
    const [exchange] = oauth.exchanges;
    expect(request?.searchParams.get('code_challenge_method')).toBe('S256');
    expect(request?.searchParams.get('response_type')).toBe('code');
    expect(request?.searchParams.get('lang')).toBe(lang);
    expect(exchange?.get('grant_type')).toBe('authorization_code');
    expect(s256(exchange?.get('code_verifier') ?? '')).toBe(request?.searchParams.get('code_challenge'));

    await page.getByRole('button', { name: words.signOut }).click();
    await page.getByRole('button', { name: words.signIn, exact: true }).waitFor();
    await expect(page.evaluate<string>("sessionStorage.getItem('refund-console') ?? ''")).resolves.not.toContain(
      'token',
    );

    await (await signInAs(page, words, 'merchant'))(`auth-${size}-${lang}-4-managed-login-again`);
    await expect(page.getByText('demo-merchant-staff@example.test').isVisible()).resolves.toBe(true);
    // Signed in through managed login, the merchant's queue reads in words like the rest.
    await page.locator('#view .list li').first().waitFor();
    expect(await visibleCodes(page)).toEqual([]);
    await screenshot(page, `auth-${size}-${lang}-5-merchant`);
    expect(oauth.exchanges).toHaveLength(2);
    expect(oauth.exchanges.every((e) => e.has('code_verifier'))).toBe(true);

    expect(errors).toEqual([]);
    expect(external).toEqual([]);
    await page.context().close();
  });
});

describe('the managed-login stand-in', () => {
  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
    redirect: 'manual' as const,
  });
  const authorizeFields = (challenge: string, method = 'S256') => ({
    response_type: 'code',
    client_id: LOCAL_WEB_CLIENT,
    redirect_uri: `${client.runtime.url}/`,
    state: 's1',
    code_challenge: challenge,
    code_challenge_method: method,
  });
  /** A code for the buyer, bound to the verifier's challenge. */
  async function codeFor(verifier: string): Promise<string> {
    const answer = await fetch(
      `${client.runtime.url}/local/oauth2/authorize`,
      form({ ...authorizeFields(s256(verifier)), user: 'demo-buyer' }),
    );
    expect(answer.status).toBe(302);
    const back = new URL(answer.headers.get('location') ?? '');
    expect(back.searchParams.get('state')).toBe('s1');
    return back.searchParams.get('code') ?? '';
  }
  const exchange = (code: string, verifier: string) =>
    fetch(
      `${client.runtime.url}/local/oauth2/token`,
      form({
        grant_type: 'authorization_code',
        client_id: LOCAL_WEB_CLIENT,
        code,
        redirect_uri: `${client.runtime.url}/`,
        code_verifier: verifier,
      }),
    );

  it('refuses an authorization request without S256 PKCE or for another redirect', async () => {
    const verifier = randomBytes(32).toString('base64url');
    for (const fields of [
      authorizeFields(verifier, 'plain'),
      { ...authorizeFields(s256(verifier)), code_challenge_method: '' },
      { ...authorizeFields(s256(verifier)), redirect_uri: 'https://elsewhere.example/' },
      { ...authorizeFields(s256(verifier)), response_type: 'token' },
    ]) {
      const answer = await fetch(`${client.runtime.url}/local/oauth2/authorize?${new URLSearchParams(fields)}`);
      expect(answer.status, JSON.stringify(fields)).toBe(400);
    }
  });

  it('exchanges a code once, and only with the verifier that hashes to its challenge', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const stolen = await codeFor(verifier);
    const wrong = await exchange(stolen, randomBytes(32).toString('base64url'));
    expect(wrong.status).toBe(400);
    await expect(wrong.json()).resolves.toMatchObject({ error: 'invalid_grant' });
    // Spent by the failed attempt.
    expect((await exchange(stolen, verifier)).status).toBe(400);

    const answer = await exchange(await codeFor(verifier), verifier);
    expect(answer.status).toBe(200);
    const tokens = (await answer.json()) as { id_token: string; refresh_token: string };
    const me = await client.call('GET', '/v1/refunds', { token: tokens.id_token });
    expect(me.status).toBe(200);
    const refreshed = await fetch(
      `${client.runtime.url}/local/oauth2/token`,
      form({ grant_type: 'refresh_token', client_id: LOCAL_WEB_CLIENT, refresh_token: tokens.refresh_token }),
    );
    expect(refreshed.status).toBe(200);
    await fetch(
      `${client.runtime.url}/local/oauth2/revoke`,
      form({ client_id: LOCAL_WEB_CLIENT, token: tokens.refresh_token }),
    );
    const revoked = await fetch(
      `${client.runtime.url}/local/oauth2/token`,
      form({ grant_type: 'refresh_token', client_id: LOCAL_WEB_CLIENT, refresh_token: tokens.refresh_token }),
    );
    expect(revoked.status).toBe(400);
  });
});
