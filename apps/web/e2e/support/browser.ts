import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject, onTestFinished } from 'vitest';
import { CHROMIUM_ARGS } from './browser-args';

/**
 * Chromium through playwright-core, and pages that fail the test on any
 * console error or uncaught page error (the "Frigate guard"): a UI that
 * logs errors is broken even when the assertions pass.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS_DIR = path.resolve(here, '..', 'artifacts');
export const DOCS_SCREENSHOTS_DIR = path.resolve(here, '..', '..', '..', '..', 'docs', 'screenshots');

export { CHROMIUM_ARGS };

export const e2e = inject('e2e');
export const skipBrowser = e2e.skip;

/**
 * The global setup starts the server without waiting for it (it loads the demo town while the other
 * suites run): every test file waits here, once, before its first test.
 */
async function serverReady(): Promise<void> {
  const deadline = Date.now() + e2e.readyTimeoutMs;
  for (;;) {
    if (fs.existsSync(e2e.startFailed)) throw new Error(fs.readFileSync(e2e.startFailed, 'utf8'));
    try {
      if ((await fetch(`${e2e.baseUrl}/api/ready`)).ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the e2e server was not ready within ${e2e.readyTimeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
if (!skipBrowser) await serverReady();

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: e2e.chromiumPath, headless: true, args: CHROMIUM_ARGS });
}

export interface GuardedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors that this test expects (e.g. the 401 of a wrong password); matched text is not a failure. */
  allowConsoleError(pattern: RegExp): void;
  /** Saves a PNG into e2e/artifacts (git-ignored); returns its path. */
  screenshot(name: string): Promise<string>;
}

export interface PageOptions {
  width?: number;
  height?: number;
  /** 'zh-CN' (default) or 'en-US': the stored UI language at first load. */
  language?: 'zh-CN' | 'en-US';
  /** Cookies and storage to start from (a session saved by another test). */
  storageState?: Awaited<ReturnType<BrowserContext['storageState']>>;
}

/**
 * A new context (own cookies and storage) and page at `baseUrl`, closed when
 * the test finishes; the test fails if the page logged an unexpected error.
 */
export async function openPage(browser: Browser, options: PageOptions = {}): Promise<GuardedPage> {
  const context = await browser.newContext({
    baseURL: e2e.baseUrl,
    viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(options.storageState ? { storageState: options.storageState } : {}),
  });
  if (options.language) {
    const lang = options.language;
    await context.addInitScript((l) => window.localStorage.setItem('fq.language', l), lang);
  }
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const problems: string[] = [];
  const allowed: RegExp[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = `${msg.text()} ${msg.location().url ?? ''}`;
    if (allowed.some((re) => re.test(text))) return;
    problems.push(`console.error: ${text}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.stack ?? err.message}`));
  onTestFinished(async () => {
    await context.close();
    if (problems.length > 0) throw new Error(`the page logged errors:\n${problems.join('\n')}`);
  });
  return {
    page,
    context,
    allowConsoleError: (re) => allowed.push(re),
    screenshot: async (name) => {
      fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
      const file = path.join(ARTIFACTS_DIR, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
  };
}
