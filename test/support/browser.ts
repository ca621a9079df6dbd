/**
 * A real browser for the console's end-to-end tests: Debian's chromium driven by playwright-core (the download
 * of Playwright's own browsers is impossible offline). Screenshots go to test-results/screenshots/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** The Debian package's binary; CI installs it with `apt-get install -y chromium`. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = resolve('test-results/screenshots');

/** Launches headless chromium with the flags this offline machine needs. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A phone-width page in English that records any request leaving the local runtime, and every error the page logs
 * or throws (`errors`).
 */
export async function openConsole(
  browser: Browser,
  url: string,
  width = 390,
): Promise<{ page: Page; external: string[]; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 844 }, locale: 'en-US' });
  // Every wait in the page is for a condition; this is its ceiling, generous so a busy machine only slows it down.
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  const external: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(url)) external.push(request.url());
  });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(`${url}/`);
  await page.getByRole('button', { name: 'English' }).click();
  return { page, external, errors };
}

/** Signs in through the role switcher, as a person would. */
export async function signIn(page: Page, role: string, sub: string): Promise<void> {
  const roles = page.getByLabel('Role', { exact: true });
  if (!(await roles.isVisible())) await page.getByText('Switch role').click();
  await roles.selectOption(role);
  await page.getByLabel('User id').fill(sub);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`Signed in as`).waitFor();
}

/** Saves a full-page screenshot as test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** A token that reads as an enum code (`NOT_SHIPPED`, `ANSWER_OFFER`, `ORIGINAL`). */
const ENUM_CODE = /\b[A-Z][A-Z_]{3,}\b/g;
/** An internal id: a refund (`rf_…`), an evidence file (`ev_…`), an alert (`KIND#subject`). */
const INTERNAL_ID = /\b(?:rf|ev)_[A-Za-z0-9_-]{6,}|\b[A-Z_]{4,}#\S+/g;

/**
 * Every raw code and internal id a person can see on the page now: its visible text (`innerText`, so hidden
 * elements do not count), plus the visible labels of form controls. Empty on a screen fit for people.
 */
export async function visibleCodes(page: Page): Promise<string[]> {
  // A string, not a function: this project's TypeScript has no DOM types outside web/.
  const text = await page.evaluate<string>(`[
    document.body.innerText,
    ...[...document.querySelectorAll('select, input[type=submit]')]
      .filter((el) => el.checkVisibility())
      .map((el) => (el.tagName === 'SELECT' ? (el.selectedOptions[0]?.text ?? '') : el.value)),
  ].join('\\n')`);
  return [...new Set([...(text.match(ENUM_CODE) ?? []), ...(text.match(INTERNAL_ID) ?? [])])];
}
