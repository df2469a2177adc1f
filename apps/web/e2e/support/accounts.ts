import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { generateTown } from '../../../server/src/demo/town.generator';
import { totpAt, totpStep } from '../../../server/src/platform/auth/totp';
import { e2e, type GuardedPage, openPage, type PageOptions } from './browser';

export const DEMO_PASSWORD = 'Qingxi-Demo-2026';

let secrets: Map<string, string> | null = null;

/** The demo accounts' TOTP secrets, derived from the town's fixed seed like the server's. */
function secretOf(username: string): string {
  secrets ??= new Map(
    generateTown().accounts.flatMap((a) => (a.totpSecret ? [[a.username, a.totpSecret] as const] : [])),
  );
  const s = secrets.get(username);
  if (!s) throw new Error(`demo account ${username} has no TOTP secret`);
  return s;
}

/**
 * A TOTP code the server will accept: it refuses a step at or before the
 * last one used, so successive sign-ins of one account (across test files,
 * hence the shared file) take the next step, waiting for the clock when the
 * server's one-step tolerance is used up.
 */
export async function nextTotpCode(username: string): Promise<string> {
  const file = path.join(e2e.stateDir, `totp-${username}.json`);
  const last = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { step: number }).step : -1;
  let now = totpStep(new Date());
  // The server accepts now-1 … now+1; the next unused step must be ≤ now+1.
  while (last + 1 > now + 1) {
    await new Promise((r) => setTimeout(r, 1000));
    now = totpStep(new Date());
  }
  const step = Math.max(now, last + 1);
  fs.writeFileSync(file, JSON.stringify({ step }));
  return totpAt(secretOf(username), step);
}

/** Fills the password step of the login page and submits it. */
export async function submitPassword(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/^(密码|Password)$/).fill(password);
  await page.getByTestId('login-submit').click();
}

/** Types a code into the six TOTP boxes (the form submits itself on the sixth digit). */
export async function typeTotp(page: Page, code: string): Promise<void> {
  const first = page.getByTestId('totp-input').locator('input').first();
  await first.click();
  await page.keyboard.type(code);
}

/** Signs in through the UI, with the second factor where the account has one; waits for the app shell. */
export async function signIn(page: Page, username: string): Promise<void> {
  await submitPassword(page, username);
  const shellOrCode = page.getByTestId('user-name').or(page.getByTestId('totp-input'));
  await shellOrCode.first().waitFor();
  if (await page.getByTestId('totp-input').isVisible()) {
    await typeTotp(page, await nextTotpCode(username));
  }
  await expect.poll(() => page.getByTestId('user-name').isVisible(), { timeout: 20_000 }).toBe(true);
}

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;
const sessions = new Map<string, StorageState>();

/**
 * A guarded page signed in as `username`. The first call in a test file
 * signs in through the UI; later calls reuse that session's cookie, which
 * saves a TOTP step per test.
 */
export async function signedInPage(
  browser: Browser,
  username: string,
  options: PageOptions = {},
): Promise<GuardedPage> {
  const state = sessions.get(username);
  const guarded = await openPage(browser, { ...options, ...(state ? { storageState: state } : {}) });
  if (state) {
    await guarded.page.goto('/');
    await guarded.page.getByTestId('user-name').waitFor();
  } else {
    await signIn(guarded.page, username);
    sessions.set(username, await guarded.context.storageState());
  }
  return guarded;
}

/** The current code for a secret read off the enrolment screen. */
export function totpNow(secret: string): string {
  return totpAt(secret, totpStep(new Date()));
}

/** The base32 secret shown on the enrolment screen (grouped in fours). */
export async function enrolmentSecret(page: Page): Promise<string> {
  const text = (await page.getByTestId('enrol-secret').textContent()) ?? '';
  const secret = text.replace(/[^A-Z2-7]/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  return secret;
}
