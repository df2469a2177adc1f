import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { e2e } from './browser';

/**
 * Residents in the browser suite: a fresh mobile number per test, signed in
 * through /m/login with the code the server's file sender wrote to
 * DATA_DIR/outbox/sms.jsonl (global-setup sets CITIZEN_OTP_SENDER=file).
 */

let counter = 0;

/** A mobile number no other test uses (the outbox masks the middle four digits). */
export function freshPhone(): string {
  counter += 1;
  const tail = String((Date.now() + counter * 7919) % 100_000_000).padStart(8, '0');
  return `139${tail}`;
}

function masked(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** The latest code texted to `phone`, waiting for it to arrive. */
export async function codeFor(phone: string): Promise<string> {
  const file = path.join(e2e.dataDir, 'outbox', 'sms.jsonl');
  let code: string | null = null;
  await expect
    .poll(
      () => {
        if (!fs.existsSync(file)) return null;
        const lines = fs.readFileSync(file, 'utf8').trim().split('\n').reverse();
        const hit = lines.map((l) => JSON.parse(l) as { to: string; code: string }).find((m) => m.to === masked(phone));
        code = hit?.code ?? null;
        return code;
      },
      { timeout: 10_000 },
    )
    .not.toBeNull();
  return code ?? '';
}

/** Signs a resident in through the mobile sign-in page; lands on `next` (default the catalogue). */
export async function citizenSignIn(page: Page, phone: string, name: string, next = '/m'): Promise<void> {
  await page.goto(`/m/login?next=${encodeURIComponent(next)}`);
  await page.getByTestId('m-phone').fill(phone);
  await page.getByTestId('m-send-code').click();
  await page.getByTestId('m-code').fill(await codeFor(phone));
  await page.getByTestId('m-name').fill(name);
  await page.getByTestId('m-verify').click();
  await page.waitForURL((u) => u.pathname === next);
}

/** A valid 18-digit resident ID number (GB 11643 check digit) for a birth date and sequence. */
export function idNumber(birth: string, seq: number): string {
  const body = `110105${birth}${String(seq).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = body.split('').reduce((s, d, i) => s + Number(d) * (weights[i] ?? 0), 0);
  return body + '10X98765432'[sum % 11];
}
