import type { TownMap } from '@fengqiao/contracts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInPage } from './support/accounts';
import { apiSession } from './support/api';
import { launchBrowser, skipBrowser } from './support/browser';
import { saveToDocs } from './support/docs';

/** A point at fraction f along a polyline's vertices. */
function along(line: [number, number][], f: number): [number, number] {
  const x = f * (line.length - 1);
  const i = Math.min(line.length - 2, Math.floor(x));
  const a = line[i] as [number, number];
  const b = line[i + 1] as [number, number];
  return [a[0] + (b[0] - a[0]) * (x - i), a[1] + (b[1] - a[1]) * (x - i)];
}

/**
 * Fog on the map: road weather stations along the expressway report a
 * thickening fog bank; the nowcast draws the fog layer, a red warning
 * covers the expressway with its speed rule and CAP alert, and the command
 * room has an incident for it.
 */
describe.skipIf(skipBrowser)('fog nowcast on the map', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the fog layer and a red expressway warning', async () => {
    const leader = await apiSession('leader');
    const town = await leader.get<TownMap>('/api/map');
    const road = town.roads.find((r) => r.kind === 'expressway');
    expect(road).toBeTruthy();
    const line = (road?.line ?? []) as [number, number][];
    const stations: { code: string; p: [number, number]; fog: boolean }[] = [];
    for (let i = 0; i < 6; i++) stations.push({ code: `E2E-E${i}`, p: along(line, 0.1 + i * 0.16), fog: i >= 2 });
    for (let i = 0; i < 4; i++) {
      const p = along(line, 0.15 + i * 0.25);
      stations.push({ code: `E2E-N${i}`, p: [p[0], p[1] + 0.06], fog: false });
    }
    for (const s of stations)
      await leader.send('POST', '/api/traffic/fog/stations', {
        code: s.code,
        name: `能见度站 ${s.code}`,
        kind: 'road_weather',
        lng: s.p[0],
        lat: s.p[1],
      });
    const at = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
    const observations = stations.flatMap((s) => [
      { station: s.code, observedAt: at(31), visibilityM: s.fog ? 120 : 6000, windU: 1, windV: 0 },
      { station: s.code, observedAt: at(1), visibilityM: s.fog ? 35 : 5000, windU: 1, windV: 0 },
    ]);
    const ingest = await leader.send<{ rejected: unknown[] }>('POST', '/api/traffic/fog/observations/manual', {
      observations,
    });
    expect(ingest.rejected).toEqual([]);
    const run = await leader.send<{ warnings: number }>('POST', '/api/traffic/fog/nowcast/run', {});
    expect(run.warnings).toBeGreaterThan(0);

    const g = await signedInPage(browser, 'patrol');
    const { page } = g;
    await page.goto('/traffic/fog');
    const map = page.getByTestId('fog-map');
    await page.locator('[data-testid="fog-map"][data-ready="true"]').waitFor({ timeout: 30_000 });
    expect(Number(await map.getAttribute('data-fog-cells'))).toBeGreaterThan(0);
    expect(Number(await map.getAttribute('data-warnings'))).toBeGreaterThan(0);
    expect(await map.locator('canvas.maplibregl-canvas').count()).toBe(1);
    const red = page
      .getByTestId('fog-warning')
      .filter({ hasText: '红色预警' })
      .filter({ hasText: road?.name ?? '' })
      .first();
    await red.waitFor();
    expect(await red.textContent()).toContain('限速 20 km/h');
    expect(await red.textContent()).toContain('已推送指挥中心');
    const cap = await page.request.get((await red.getByText('CAP 预警').getAttribute('href')) ?? '');
    expect(cap.status()).toBe(200);
    expect(await cap.text()).toContain('<polygon>');
    // Let the map finish drawing before the picture.
    await page.waitForTimeout(800);
    saveToDocs(await g.screenshot('traffic-fog'), 'traffic-fog.png');
  });
});
