import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DOCS_SCREENSHOTS_DIR } from './browser';

/** Copies a screenshot from e2e/artifacts into docs/screenshots under `name` (committed with the docs). */
export function saveToDocs(artifact: string, name: string): string {
  fs.mkdirSync(DOCS_SCREENSHOTS_DIR, { recursive: true });
  const target = path.join(DOCS_SCREENSHOTS_DIR, name);
  fs.copyFileSync(artifact, target);
  return target;
}

/**
 * A stand-in for a phone photo: a small street scene drawn on a canvas in the
 * page (JPEG), so uploads carry a real image without a fixture file.
 */
export async function samplePhoto(page: Page, caption: string): Promise<Buffer> {
  const dataUrl = await page.evaluate((text) => {
    const c = document.createElement('canvas');
    c.width = 640;
    c.height = 480;
    const g = c.getContext('2d');
    if (!g) return '';
    const sky = g.createLinearGradient(0, 0, 0, 300);
    sky.addColorStop(0, '#1c2b4a');
    sky.addColorStop(1, '#4a5d7e');
    g.fillStyle = sky;
    g.fillRect(0, 0, 640, 480);
    const blocks: [number, number, number][] = [
      [20, 120, 140],
      [170, 80, 120],
      [300, 150, 160],
      [470, 100, 150],
    ];
    for (const [x, top, w] of blocks) {
      g.fillStyle = '#2a3342';
      g.fillRect(x, top, w, 340 - top);
      g.fillStyle = '#f3c969';
      for (let y = top + 16; y < 320; y += 34)
        for (let wx = x + 12; wx < x + w - 16; wx += 30) if ((wx + y) % 3 !== 0) g.fillRect(wx, y, 14, 18);
    }
    g.fillStyle = '#3b3f47';
    g.fillRect(0, 340, 640, 140);
    g.fillStyle = '#e9e9e9';
    for (let x = 10; x < 640; x += 80) g.fillRect(x, 405, 44, 6);
    g.fillStyle = 'rgba(0,0,0,0.55)';
    g.fillRect(0, 440, 640, 40);
    g.fillStyle = '#ffffff';
    g.font = '20px sans-serif';
    g.fillText(text, 16, 467);
    return c.toDataURL('image/jpeg', 0.85);
  }, caption);
  return Buffer.from(dataUrl.split(',')[1] ?? '', 'base64');
}

/** Waits until the page's toasts (Ant Design messages) have gone, for a clean screenshot. */
export async function toastsGone(page: Page): Promise<void> {
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 15_000 });
}
